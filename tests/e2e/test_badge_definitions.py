"""A hosted badge's page offers both of its definitions, in Chromium, at the screen sizes of the people who read it
(phone, tablet, laptop): Open Badges 2.0 and 3.0 links side by side; following the 3.0 one gives the Achievement,
which the official OB 3.0 schema accepts; axe on every size."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from badgeathon.openbadges.validation import check_ob2_badge_class, check_ob3_achievement

from .conftest import check_accessibility

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-i12-1")
SLUG = "s-integrer-niveau-2"
SIZES = {"phone": (390, 844), "tablet-landscape": (1024, 768), "tablet-portrait": (768, 1024), "laptop": (1366, 768)}
OB2_LINK, OB3_LINK = "Définition Open Badges 2.0 (JSON)", "Définition Open Badges 3.0 (JSON)"


@pytest.mark.parametrize("size", SIZES)
def test_a_badge_page_offers_its_ob2_and_ob3_definitions(server, new_page, size):
    width, height = SIZES[size]
    page = new_page(viewport={"width": width, "height": height})
    page.goto(f"{server.url}/badges")
    page.get_by_role("link", name="S'intégrer — je maîtrise").first.click()
    expect(page).to_have_url(f"{server.url}/badges/{SLUG}")
    ob2, ob3 = page.get_by_role("link", name=OB2_LINK), page.get_by_role("link", name=OB3_LINK)
    expect(ob2).to_have_attribute("href", f"/badges/{SLUG}.json")
    expect(ob3).to_have_attribute("href", f"/badges/{SLUG}.ob3.json")
    ob3.scroll_into_view_if_needed()
    for link in (ob2, ob3):
        box = link.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (size, box)  # no sideways scrolling
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"badge-definitions-{size}.png"))
    check_accessibility(page, f"badge-definitions-{size}")

    # the 2.0 link as a machine reads it
    badge_class = page.request.get(f"{server.url}/badges/{SLUG}.json").json()
    assert check_ob2_badge_class(badge_class) == [] and badge_class["id"] == f"{server.url}/badges/{SLUG}"

    # following the 3.0 link, as a person curious about it would
    ob3.click()
    expect(page).to_have_url(f"{server.url}/badges/{SLUG}.ob3.json")
    achievement = json.loads(page.locator("body").inner_text())
    assert check_ob3_achievement(achievement) == []
    assert achievement["id"] == f"{server.url}/badges/{SLUG}" and achievement["type"] == ["Achievement"]
    assert achievement["name"] == "S'intégrer — je maîtrise"
