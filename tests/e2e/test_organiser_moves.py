"""In Chromium: a mistyped join code stays in its form for another try (phone); cutting the design time and stepping
back a phase ask first, say what they do and can be cancelled, while adding time and stepping forward stay one click
(laptop)."""

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from .conftest import check_accessibility, screenshot, sign_in_as_organiser

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def new_event_with_a_team(page, server) -> str:
    """An event of its own (the demo's stays as the other tests expect it) with one team; its join code."""
    sign_in_as_organiser(page, server)
    page.get_by_role("link", name="Créer un événement").click()
    page.get_by_label("Nom de l'événement").fill("Badgeathon des retours en arrière")
    page.get_by_label("Début (heure de Paris)").fill("2026-11-26T09:00")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name="Badgeathon des retours en arrière", level=1)).to_be_visible()
    page.get_by_label("Nom de l'équipe").fill("Les Prudents")
    page.get_by_role("button", name="Ajouter l'équipe").click()
    teams = page.get_by_role("table", name="Équipes, codes et membres")
    row = teams.get_by_role("row", name=re.compile("Les Prudents"))
    return row.locator(".join-code").inner_text()


def deadline_shown(page) -> str:
    text = page.locator(".countdown__deadline").inner_text()
    return re.search(r"(\d\d:\d\d)", text).group(1)


def minus(hh_mm: str, minutes: int) -> str:
    return (datetime.strptime(hh_mm, "%H:%M") - timedelta(minutes=minutes)).strftime("%H:%M")


def test_a_wrong_code_can_be_retyped_and_destructive_moves_are_confirmed(server, new_page):
    organiser = new_page(viewport=LAPTOP)
    code = new_event_with_a_team(organiser, server)
    dashboard = organiser.url

    # --- a participant mistypes the code on a phone: the form comes back with the error and what was typed
    phone = new_page(viewport=PHONE)
    phone.goto(server.url + "/join")
    phone.get_by_label("Code d'équipe").fill("zzz-zzz")
    with phone.expect_response(lambda r: r.url.endswith("/join") and r.request.method == "POST") as answer:
        phone.get_by_role("button", name="Continuer").click()
    assert answer.value.status == 404  # still counted by the join limit
    field = phone.get_by_label("Code d'équipe")
    expect(phone.get_by_text("Ce code d'équipe est inconnu. Vérifiez les 6 caractères")).to_be_visible()
    expect(phone.get_by_text("Impossible de poursuivre")).to_have_count(0)
    expect(field).to_have_value("zzz-zzz")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_be_focused()
    check_accessibility(phone, "moves-join-code-unknown-phone")

    field.fill(f"{code[:3].lower()}-{code[3:].lower()}")
    phone.get_by_role("button", name="Continuer").click()
    expect(phone.get_by_role("heading", name="Rejoindre l'équipe « Les Prudents »")).to_be_visible()

    # a link with a wrong code lands on the same form, the code from the link in it
    phone.goto(f"{server.url}/join/{code[::-1]}X")
    expect(phone.get_by_label("Code d'équipe")).to_have_value(f"{code[::-1]}X")
    expect(phone.get_by_text("Ce code d'équipe est inconnu")).to_be_visible()
    screenshot(phone, "moves-join-link-unknown-phone")

    # --- stepping forward is one click
    organiser.goto(dashboard)
    organiser.get_by_role("button", name="Passer à « Conception »").click()
    expect(organiser.get_by_role("heading", name="Phase : Conception")).to_be_visible()
    end = deadline_shown(organiser)

    # --- cutting the design time asks first, says the new end, and can be cancelled
    organiser.get_by_label("Minutes à ajouter (négatif pour retirer)").fill("-64")
    organiser.get_by_role("button", name="Déplacer l'échéance").click()
    expect(organiser.get_by_role("heading", name="Raccourcir la conception de 64 minutes ?", level=1)).to_be_visible()
    expect(organiser.get_by_text(f"La conception se terminera à {minus(end, 64)} au lieu de {end}")).to_be_visible()
    check_accessibility(organiser, "moves-confirm-deadline-cut")
    organiser.get_by_role("link", name="Annuler").click()
    expect(organiser.get_by_role("heading", name="Phase : Conception")).to_be_visible()
    assert deadline_shown(organiser) == end

    organiser.get_by_label("Minutes à ajouter (négatif pour retirer)").fill("-64")
    organiser.get_by_role("button", name="Déplacer l'échéance").click()
    expect(organiser.get_by_role("heading", name="Raccourcir la conception de 64 minutes ?", level=1)).to_be_visible()
    organiser.get_by_role("button", name=f"Raccourcir : fin à {minus(end, 64)}").click()
    expect(organiser.locator(".flashes")).to_contain_text(f"Nouvelle fin de la conception : {minus(end, 64)}")
    assert deadline_shown(organiser) == minus(end, 64)

    # --- adding time stays one click
    organiser.get_by_label("Minutes à ajouter (négatif pour retirer)").fill("15")
    organiser.get_by_role("button", name="Déplacer l'échéance").click()
    expect(organiser.locator(".flashes")).to_contain_text(f"Nouvelle fin de la conception : {minus(end, 49)}")
    check_accessibility(organiser, "moves-dashboard-design")

    # --- stepping back asks first, says what it does, and can be cancelled
    organiser.get_by_role("button", name="Revenir à « Préparation »").click()
    expect(organiser.get_by_role("heading", name="Revenir à « Préparation » ?", level=1)).to_be_visible()
    expect(organiser.get_by_text("Les équipes ne peuvent plus modifier leur badge")).to_be_visible()
    expect(organiser.get_by_text(f"la fin reste fixée à {minus(end, 49)}")).to_be_visible()
    check_accessibility(organiser, "moves-confirm-step-back")
    organiser.get_by_role("link", name="Annuler").click()
    expect(organiser.get_by_role("heading", name="Phase : Conception")).to_be_visible()

    organiser.get_by_role("button", name="Revenir à « Préparation »").click()
    expect(organiser.get_by_role("heading", name="Revenir à « Préparation » ?", level=1)).to_be_visible()
    organiser.get_by_role("button", name="Revenir à « Préparation »").click()  # the confirmation's own button
    expect(organiser.get_by_role("heading", name="Phase : Préparation")).to_be_visible()
    expect(organiser.locator(".flashes")).to_contain_text("Phase : Préparation.")
