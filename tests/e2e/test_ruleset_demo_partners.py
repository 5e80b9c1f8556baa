"""The organiser's rule set page on the demo: two partner badges for each competency and level, so every key badge
can be earned (issue 12.5), readable on a laptop, a tablet and a phone."""

from pathlib import Path

from playwright.sync_api import expect

from badgeathon.demo import DEMO_PARTNER_BADGES
from badgeathon.ruleset.rules import COMPETENCIES, LEVELS

from .conftest import check_accessibility, sign_in_as_organiser

SHOTS = Path("/tmp/shots-i12-3")
WIDEST = """[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1)
  .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
SIZES = {"laptop": (1366, 768), "tablet": (1024, 768), "tablet-portrait": (768, 1024), "phone": (390, 844)}


def test_the_demo_rule_set_lists_two_partner_badges_for_each_competency_and_level(server, new_page):
    page = new_page(viewport={"width": 1366, "height": 768})
    sign_in_as_organiser(page, server)
    page.goto(server.url + "/ruleset")
    expect(page.get_by_role("heading", name="Référentiel régional", level=1)).to_be_visible()
    partners = page.locator("section[aria-labelledby=partners] tbody tr")
    expect(partners).to_have_count(len(DEMO_PARTNER_BADGES))
    for competency in COMPETENCIES:
        for level in LEVELS:
            rows = partners.filter(has=page.get_by_role("cell", name=competency, exact=True)).filter(
                has=page.get_by_role("cell", name=f"{level} (", exact=False)
            )
            expect(rows).to_have_count(2)
    expect(partners.filter(has_text="Coopérer en atelier")).to_contain_text("Ateliers du Bocage")

    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        # the page itself never scrolls sideways: the wide tables scroll in their own region
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, page.evaluate(WIDEST))
        page.locator("#partners").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"ruleset-partners-{name}.png"))
        page.screenshot(path=str(SHOTS / f"ruleset-{name}-full.png"), full_page=True)
        check_accessibility(page, f"ruleset-demo-partners-{name}")
