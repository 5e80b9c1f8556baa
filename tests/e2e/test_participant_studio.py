"""What participants see in the studio, in Chromium (issue 11.14): on a phone the image designer's preview covers none
of its labels or controls and the time left stays in sight however far the page scrolls; the checklist holds only
what the team can act on; the team's join code and link are there to bring in a late teammate. axe on a phone and a
laptop; screenshots in /tmp/shots-h5."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import check_accessibility

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-h5")
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
TIME = re.compile(r"^\d\d:\d\d:\d\d$")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def join(new_page, server, code, name, viewport, **options):
    page = new_page(viewport=viewport, **options)
    page.goto(f"{server.url}/join/{code}")
    page.get_by_label("Votre nom (visible par votre équipe)").fill(name)
    page.get_by_role("button", name="Rejoindre l'équipe").click()
    expect(page.get_by_label("Nom du badge")).to_be_enabled(timeout=15000)
    return page


def overlaps(a, b) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.fixture(scope="module")
def code(server):
    return re.findall(r"\(code ([A-Z0-9]{6})\)", server.cli("demo"))[2]


def test_on_a_phone_the_preview_covers_no_label_and_the_time_left_stays_in_sight(server, new_page, code):
    page = join(new_page, server, code, "Inès Téléphone", PHONE)
    designer = page.locator("[data-image-designer]")
    designer.scroll_into_view_if_needed()
    expect(designer.locator("[data-preview]")).to_be_visible()
    shot(page, "studio-designer-phone")
    preview = designer.locator(".image-designer__preview").bounding_box()
    controls = designer.locator("label, select, input:not([type=hidden]), button, .field__hint").all()
    assert len(controls) >= 12
    for control in controls:
        box = control.bounding_box()
        assert box is not None and not overlaps(preview, box), control.evaluate("el => el.outerHTML")
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5, control.evaluate("el => el.id")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "horizontal scroll"

    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    clock = page.locator("[data-countdown-mirror]")
    expect(clock).to_be_in_viewport()
    expect(clock).to_have_text(TIME)
    expect(clock).to_have_attribute("data-urgent", "false")  # hours left
    expect(page.locator("[data-countdown-time]")).not_to_be_in_viewport()  # the full countdown went by
    # The twin tells the same time as the countdown it follows (same second, or the next one).
    seconds = page.evaluate("""() => [document.querySelector('[data-countdown-mirror]').textContent,
                                      document.querySelector('[data-countdown-time]').textContent]
        .map(t => t.split(':').reduce((s, n) => s * 60 + Number(n), 0))""")
    assert abs(seconds[0] - seconds[1]) <= 1, seconds
    expect(page.locator("[data-studio-status]")).to_be_in_viewport()
    shot(page, "studio-scrolled-phone")
    check_accessibility(page, "studio-participant-phone")


def test_the_checklist_holds_only_what_the_team_can_act_on(server, new_page, code):
    page = join(new_page, server, code, "Théo Liste", LAPTOP)
    checklist = page.get_by_role("region", name="Vérifications")
    expect(checklist.get_by_role("listitem").first).to_be_visible()
    expect(checklist).to_contain_text("Le badge a une image.")
    expect(checklist).to_contain_text("L'image a un texte alternatif.")
    expect(checklist).not_to_contain_text("émetteur")
    expect(checklist).not_to_contain_text("Open Badge Factory")
    expect(checklist).not_to_contain_text("L'image est carrée.")
    # Typing changes the list live: still nothing of the staff's in it.
    page.get_by_label("Texte alternatif de l'image").fill("Une feuille dorée sur fond bleu")
    expect(checklist.locator(".checklist__item--ok").filter(has_text="L'image a un texte alternatif.")).to_have_count(
        1, timeout=15000
    )
    expect(checklist).not_to_contain_text("émetteur")
    checklist.scroll_into_view_if_needed()
    shot(page, "studio-checklist-laptop")


def test_the_studio_shows_the_join_code_and_a_late_teammate_comes_in_by_its_link(server, new_page, code):
    page = join(new_page, server, code, "Léa Lien", LAPTOP, permissions=["clipboard-read", "clipboard-write"])
    invite = page.get_by_role("region", name="Faire venir un coéquipier")
    expect(invite.locator("[data-invite-code]")).to_have_text(code)
    link = invite.get_by_label("Ou ce lien, à ouvrir sur son appareil")
    expect(link).to_have_value(f"{server.url}/join/{code}")
    invite.get_by_role("button", name="Copier le lien").click()
    expect(invite.get_by_role("status")).to_have_text("Lien copié.")
    assert page.evaluate("navigator.clipboard.readText()") == f"{server.url}/join/{code}"
    invite.scroll_into_view_if_needed()
    shot(page, "studio-invite-laptop")
    check_accessibility(page, "studio-participant-laptop")

    heading = page.get_by_role("heading", level=1).inner_text()
    late = new_page(viewport=PHONE)
    late.goto(link.input_value())
    late.get_by_label("Votre nom (visible par votre équipe)").fill("Noé En Retard")
    late.get_by_role("button", name="Rejoindre l'équipe").click()
    expect(late.get_by_role("heading", level=1)).to_have_text(heading)
    late_invite = late.get_by_role("region", name="Faire venir un coéquipier")
    expect(late_invite.locator("[data-invite-code]")).to_have_text(code)
    late_invite.scroll_into_view_if_needed()
    shot(late, "studio-invite-phone")
