"""The export dead end, undone (issue 11.2), in Chromium at a laptop's 1366×768: two winners, one with an empty
criterion; region staff export the ready one, open the other in the studio after the lock, fill its criterion,
export it in turn; the team's final version is still there to read; axe on every page."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import check_accessibility
from .test_export import with_confirmed_winners
from .test_jury import as_organiser

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-h1")
LAPTOP = {"width": 1366, "height": 768}
READY, WAITING = "Les Éco-gestes", "Cap Numérique"  # Cap Numérique's design, as the demo left it: no level 2
LEVEL2_LABEL = "Niveau 2 « je maîtrise »"
LEVEL2 = "J'accompagne mes collègues vers des usages numériques sobres et j'en mesure les effets."
NO_LEVEL2 = "Le critère « je maîtrise » est vide."
REASON_LABEL = re.compile("pourquoi l'ajouter quand même")
REASON = "Un badge propre au Badgeathon, pour d'autres publics."


@pytest.fixture(scope="module")
def deliberated(tmp_path_factory):
    """The demo's main event taken through the end of the design (every design locked, its final version kept),
    the pitches, the scoring, to the deliberation; its two winners confirmed."""
    server, facts = with_confirmed_winners(tmp_path_factory.mktemp("dead-end"), [READY, WAITING])
    yield server, facts
    server.stop()


def shot(page, name: str, full_page=True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def winner(page, place: int, team: str):
    return page.locator("section", has=page.get_by_role("heading", name=f"{place}. {team}", level=2))


def give_reasons(page) -> None:
    """A winner that looks like a badge of the rule set needs a written reason (the demo's do)."""
    for reason in page.get_by_label(REASON_LABEL).all():
        reason.fill(REASON)


def test_staff_export_the_ready_winner_then_fix_the_other_after_the_lock_and_export_it(deliberated, new_page):
    server, facts = deliberated
    page = as_organiser(new_page, server, viewport=LAPTOP)
    export_url = f"{server.url}/events/{facts['event']}/export"

    # each winner says whether it is ready; the incomplete one says what is missing and where to fix it
    page.goto(export_url)
    ready, waiting = winner(page, 1, READY), winner(page, 2, WAITING)
    expect(waiting.locator(".export-status")).to_contain_text("À corriger avant l'export")
    expect(waiting.locator(".export-status")).to_contain_text(NO_LEVEL2)
    expect(waiting.get_by_role("link", name=re.compile("^Corriger le badge"))).to_be_visible()
    check_accessibility(page, "dead-end-export-before")
    shot(page, "export-before-1366")

    # the ready one goes now, alone
    give_reasons(page)
    page.get_by_role("button", name="Exporter dans le référentiel les badges prêts").click()
    expect(page.get_by_text(re.compile(r"Référentiel version \d+ publiée"))).to_be_visible()
    expect(ready.locator(".export-status")).to_have_text("Exporté")
    expect(waiting.locator(".export-status")).to_contain_text(NO_LEVEL2)
    expect(page.get_by_text("Aucun badge n'est prêt pour l'instant")).to_be_visible()
    expect(page.get_by_role("button", name="Exporter dans le référentiel les badges prêts")).to_have_count(0)
    check_accessibility(page, "dead-end-export-one-done")
    shot(page, "export-one-done-1366")

    # staff open the locked winner in the studio and fill its criterion
    waiting.get_by_role("link", name=re.compile("^Corriger le badge")).click()
    expect(page.get_by_role("heading", name=f"Corriger le badge de l'équipe « {WAITING} »", level=1)).to_be_visible()
    expect(page.get_by_text("Chaque modification est enregistrée à votre nom")).to_be_visible()
    level2 = page.get_by_label(LEVEL2_LABEL)
    expect(level2).to_be_enabled(timeout=15000)
    level2.click()
    page.keyboard.type(LEVEL2)
    expect(page.locator("[data-studio-status]")).to_have_text(re.compile("tout est enregistré"), timeout=15000)
    check_accessibility(page, "dead-end-staff-studio")
    shot(page, "staff-studio-1366")
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "staff-studio-top-1366", full_page=False)  # what staff see on arriving

    # the team's final version is kept as the team left it
    page.get_by_role("link", name="Voir la version finale de l'équipe").click()
    expect(page.get_by_role("heading", name=re.compile("Version finale de l'équipe"), level=1)).to_be_visible()
    whole = page.locator("section", has=page.get_by_role("heading", name="Le badge dans cette version"))
    expect(whole.locator("dd").nth(1)).to_have_text("—")  # its level 2 was empty at the lock
    expect(page.locator(".diff ins")).to_contain_text(LEVEL2)  # and staff's words since are shown as added
    check_accessibility(page, "dead-end-final-version")
    shot(page, "final-version-1366")

    # back on the export page the fixed winner is ready, and goes on its own
    page.goto(export_url)
    expect(waiting.locator(".export-status")).to_contain_text("Prêt à exporter")
    give_reasons(page)
    waiting.get_by_role("button", name=re.compile("^Exporter ce badge seulement")).click()
    expect(page.get_by_text(re.compile(r"Référentiel version \d+ publiée"))).to_be_visible()
    expect(waiting.locator(".export-status")).to_have_text("Exporté")
    expect(page.get_by_text("Tous les lauréats sont dans le référentiel : rien à exporter.")).to_be_visible()
    check_accessibility(page, "dead-end-export-all-done")
    shot(page, "export-all-done-1366")

    # the design's history names the staff edit beside the team's final version
    page.goto(f"{server.url}/teams/{facts['teams'][WAITING]}")
    page.get_by_role("link", name="Historique et versions").click()
    rows = page.get_by_role("row")
    expect(rows.filter(has_text="Modifié par l'équipe régionale (Organisatrice de la Région)")).to_have_count(1)
    expect(rows.filter(has_text="Version finale de l'équipe (échéance)")).to_have_count(1)
    check_accessibility(page, "dead-end-history")
    shot(page, "history-1366")


def test_re_confirming_with_one_winner_twice_says_why_above_the_form(deliberated, new_page):
    server, facts = deliberated
    page = as_organiser(new_page, server, viewport=LAPTOP)
    page.goto(f"{server.url}/jury/events/{facts['event']}/deliberation")
    page.get_by_label("Lauréat n° 1").select_option(label=READY)
    page.get_by_label("Lauréat n° 2").select_option(label=READY)
    page.get_by_role("button", name="Confirmer les lauréats").click()
    alert = page.get_by_role("alert")
    expect(alert).to_have_text(re.compile(r"Lauréats non confirmés\.\s+Choisissez 2 badges différents\."))
    expect(alert).to_be_in_viewport()  # the page opens on the form and its message, not at the top
    check_accessibility(page, "dead-end-confirm-refused")
    shot(page, "confirm-refused-1366", full_page=False)
    page.goto(f"{server.url}/events/{facts['event']}/export")  # nothing changed: the same two winners
    expect(winner(page, 2, WAITING)).to_be_visible()
