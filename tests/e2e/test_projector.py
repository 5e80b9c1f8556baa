"""The room's projector and the open pages in Chromium, through a whole day: the wall follows every phase, pitch,
timer and deadline move live without ever reloading; the studio and a second organiser's dashboard are told at once
(a visible, polite notice) and show the new end of the design time in Paris time, even from another time zone."""

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from .conftest import DEMO_PASSWORD, check_accessibility, screenshot

pytestmark = pytest.mark.e2e

EVENT = "Badgeathon du Havre"
ROSTER = (
    "Nom;E-mail;Structure;Équipe\r\n"
    "Léa Duval;lea.duval@havre.example;IRFA Normandie;Équipe Verte\r\n"
    "Inès Lecoq;ines.lecoq@havre.example;CEP Normandie;Équipe Bleue\r\n"
).encode()
PROJECTOR = {"width": 1920, "height": 1080}
SAME_DOCUMENT = "window.__neverReloaded === true"


def as_organiser(new_page, server):
    page = new_page()
    page.goto(server.url + "/login")
    page.get_by_label("Adresse e-mail").fill("organisatrice@badgeathon.example")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Événements", level=1)).to_be_visible()
    return page


def move_to(page, phase):
    page.get_by_role("button", name=f"Passer à « {phase} »").click()
    expect(page.get_by_role("heading", name=f"Phase : {phase}")).to_be_visible()


def notice(page):
    return page.locator("[data-live-notice]").get_by_role("status")


def phase_on_the_wall(projector, phase):
    expect(projector.locator(".screen__phase-name")).to_have_text(phase)


def test_the_projector_and_every_open_page_follow_the_day_live(server, new_page):
    organiser = as_organiser(new_page, server)
    organiser.get_by_role("link", name="Créer un événement").click()
    organiser.get_by_label("Nom de l'événement").fill(EVENT)
    organiser.get_by_label("Début (heure de Paris)").fill("2026-11-26T09:00")
    organiser.get_by_role("button", name="Enregistrer").click()
    dashboard = organiser.url
    organiser.get_by_role("link", name="Importer une liste (Excel ou CSV)").click()
    organiser.get_by_label(re.compile("^Fichier Excel ou CSV")).set_input_files(
        files=[{"name": "havre.csv", "mimeType": "text/csv", "buffer": ROSTER}]
    )
    organiser.get_by_role("button", name="Importer").click()
    expect(organiser.get_by_text("2 lignes importées")).to_be_visible()
    organiser.goto(dashboard)
    teams = organiser.get_by_role("table", name="Équipes, codes et membres")
    code = teams.get_by_role("row", name=re.compile("Équipe Verte")).locator("code").inner_text()
    screen_url = organiser.get_by_role("region", name="Écran de la salle").get_by_role("link").get_attribute("href")

    projector = new_page(viewport=PROJECTOR)
    projector.goto(screen_url)
    phase_on_the_wall(projector, "Préparation")
    projector.evaluate("window.__neverReloaded = true")
    # A member of the green team, on a laptop still set to New York time; a second organiser with the dashboard open.
    studio = new_page(timezone_id="America/New_York")
    studio.goto(f"{server.url}/join/{code}")
    studio.get_by_label("Votre nom (visible par votre équipe)").fill("Léa Duval")
    studio.get_by_role("button", name="Rejoindre l'équipe").click()
    expect(studio.get_by_role("heading", name="Équipe « Équipe Verte »", level=1)).to_be_visible()
    colleague = as_organiser(new_page, server)
    colleague.goto(dashboard)

    # Design starts: the wall swaps in the countdown; the open pages come back in the new phase and say so.
    move_to(organiser, "Conception")
    phase_on_the_wall(projector, "Conception")
    expect(projector.locator("[data-countdown-time]")).to_have_text(re.compile(r"0[56]:\d\d:\d\d"))
    expect(notice(projector)).to_have_text("Nouvelle phase : « Conception ».")
    for page in (studio, colleague):
        expect(notice(page)).to_have_text("Nouvelle phase : « Conception ».")
        expect(page.locator("[data-countdown-time]")).to_have_text(re.compile(r"0[56]:\d\d:\d\d"))
    ends = organiser.locator("[data-countdown-deadline]").inner_text()
    later = (datetime.strptime(ends, "%H:%M") + timedelta(minutes=15)).strftime("%H:%M")
    studio.evaluate("window.__neverReloaded = true")
    colleague.evaluate("window.__neverReloaded = true")

    # Fifteen more minutes: every displayed end time and countdown follows at once, with a notice; nothing reloads.
    organiser.get_by_label("Minutes à ajouter (négatif pour retirer)").fill("15")
    organiser.get_by_role("button", name="Déplacer l'échéance").click()
    moved = f"Nouvelle fin de la conception : {later} (heure de Paris)."
    for page in (projector, studio, colleague):
        expect(notice(page)).to_have_text(moved)
        expect(page.get_by_text(f"Fin de la conception : {later} (heure de Paris)", exact=True)).to_be_visible()
        expect(page.locator("[data-countdown-time]")).to_have_text(re.compile(r"06:1\d:\d\d"))
        assert page.evaluate(SAME_DOCUMENT)
    check_accessibility(projector, "projector-live-deadline-moved")
    check_accessibility(studio, "projector-live-studio")
    studio.get_by_role("button", name="Fermer le message").click()
    expect(notice(studio)).to_have_text("")
    screenshot(colleague, "projector-live-dashboard")

    # The pitches: the first team waits on the wall with its full timer; each click shows and starts a team's pitch,
    # the first team's included when its turn comes back.
    move_to(organiser, "Pitchs")
    phase_on_the_wall(projector, "Pitchs")
    expect(projector.locator(".screen__pitch")).to_have_text("Pitch de l'équipe « Équipe Bleue »")
    expect(projector.locator(".pitch-timer")).to_have_text("05:00")
    expect(projector.locator(".pitch-clock__state")).to_have_text("Prêt à démarrer")
    expect(notice(studio)).to_have_text("Nouvelle phase : « Pitchs ».")  # the studio is now the pitch view
    expect(studio.get_by_text("le badge est verrouillé")).to_be_visible()
    for team in ("Équipe Verte", "Équipe Bleue"):
        organiser.get_by_role("button", name=f"Projeter et lancer le chrono — {team}").click()
        expect(projector.locator(".screen__pitch")).to_contain_text(f"Pitch de l'équipe « {team} »")
        expect(projector.locator("[data-pitch-timer]")).to_have_text(re.compile(r"04:5\d|05:00"))
        expect(projector.locator(".running-order [aria-current]")).to_have_text(team)
    expect(projector.locator("[data-pitch-timer]")).to_have_text(re.compile(r"04:5\d"))  # it runs
    check_accessibility(projector, "projector-live-pitch")

    # Scoring, deliberation, results: the wall follows to the ceremony's page, still the same document.
    move_to(organiser, "Évaluation")
    phase_on_the_wall(projector, "Évaluation")
    expect(projector.get_by_text("Le jury note les badges présentés.")).to_be_visible()
    screenshot(projector, "projector-live-scoring")
    move_to(organiser, "Délibération")
    phase_on_the_wall(projector, "Délibération")
    move_to(organiser, "Résultats")
    expect(projector.get_by_text("Et les lauréats sont…")).to_be_visible()
    expect(projector).to_have_url(re.compile(r"/jury/screen/"))
    check_accessibility(projector, "projector-live-results")
    assert projector.evaluate(SAME_DOCUMENT)
