"""In Chromium: a 13-line roster with no team column becomes three mixed teams (laptop); the organiser renames a team,
moves and removes a member, deletes a team and the event after pages that say what goes, copies a juror's
invitation (never on the print sheet) and closes joining, after which a participant's code is refused in the form
(phone)."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import check_accessibility
from .test_organiser_moves import sign_in_as_organiser

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1366, "height": 768}
TABLET = {"width": 1024, "height": 768}
PHONE = {"width": 390, "height": 844}
SHOTS = Path("/tmp/shots-h3")
STRUCTURES = ("IRFA Normandie", "Ateliers du Bocage", "CEP Normandie", "Transdev Caen")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def checked(page, name: str) -> None:
    """axe finds nothing on the page, and a screenshot of it to look at."""
    shot(page, name)
    check_accessibility(page, f"people-{name}")


def roster_csv(count: int) -> bytes:
    lines = ["Nom;E-mail;Structure"] + [
        f"Personne {n};personne{n}@exemple.fr;{STRUCTURES[n % len(STRUCTURES)]}" for n in range(1, count + 1)
    ]
    return "\n".join(lines).encode("utf-8")


def new_event(page, server, name: str) -> str:
    """An event of its own (the demo's stays as other tests expect it); the dashboard's address."""
    sign_in_as_organiser(page, server)
    page.get_by_role("link", name="Créer un événement").click()
    page.get_by_label("Nom de l'événement").fill(name)
    page.get_by_label("Début (heure de Paris)").fill("2026-11-26T09:00")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
    return page.url


def import_roster(page, lines: int) -> None:
    page.get_by_role("link", name="Importer une liste (Excel ou CSV)").click()
    mixing = page.get_by_label("Former des équipes pour les lignes sans équipe, en mélangeant les structures")
    expect(mixing).to_be_checked()
    page.get_by_label(re.compile("^Fichier Excel ou CSV")).set_input_files(
        files=[{"name": "liste.csv", "mimeType": "text/csv", "buffer": roster_csv(lines)}]
    )
    page.get_by_role("button", name="Importer").click()


def team_card(page, name: str):
    return page.locator(".manage-team").filter(has=page.get_by_role("heading", name=name, exact=True))


def member(card, name: str):
    return card.locator(".members__name").get_by_text(name, exact=True)


def test_a_roster_without_teams_is_formed_into_mixed_teams(server, new_page):
    page = new_page(viewport=LAPTOP)
    new_event(page, server, "Badgeathon de la liste")

    import_roster(page, 13)

    summary = page.locator(".report-summary")
    expect(summary).to_contain_text("13 lignes importées, aucune refusée.")
    expect(summary).to_contain_text("Les personnes sans équipe forment 3 nouvelles équipes")
    expect(page.get_by_text("refusée :")).to_have_count(0)
    expect(page.locator("tr.row-ok")).to_have_count(13)
    expect(page.locator("tr.row-ok td:nth-child(5)").first).to_have_text(re.compile(r"Équipe \d"))
    checked(page, "roster-formed-laptop")

    page.get_by_role("link", name="Badgeathon de la liste").click()
    table = page.get_by_role("table", name="Équipes, codes et membres")
    expect(table.get_by_role("row")).to_have_count(4)  # a header and three teams of 5, 4 and 4
    sizes = sorted(team_card(page, f"Équipe {n}").locator(".manage-member").count() for n in (1, 2, 3))
    assert sizes == [4, 4, 5]


def test_the_organiser_manages_people_and_closes_joining(server, new_page):
    page = new_page(viewport=LAPTOP, permissions=["clipboard-read", "clipboard-write"])
    dashboard = new_event(page, server, "Badgeathon des équipes")
    import_roster(page, 8)
    page.goto(dashboard)
    page.get_by_label("Nom de l'équipe").fill("Les Audacieux")
    page.get_by_role("button", name="Ajouter l'équipe").click()
    expect(page.get_by_text("Équipe « Les Audacieux » créée")).to_be_visible()
    checked(page, "dashboard-people-laptop")

    # rename a team
    card = team_card(page, "Équipe 1")
    card.get_by_label("Nouveau nom").fill("Les Renommés")
    card.get_by_role("button", name="Renommer").click()
    expect(page.get_by_text("« Équipe 1 » s'appelle maintenant « Les Renommés ».")).to_be_visible()
    expect(team_card(page, "Les Renommés")).to_have_count(1)

    # move a member into another team
    moved = team_card(page, "Équipe 2").locator(".manage-member").first
    name = moved.locator(".members__name").inner_text()
    moved.get_by_label(f"Équipe de {name}").select_option(label="Les Audacieux")
    moved.get_by_role("button", name=f"Déplacer {name}").click()
    expect(page.get_by_text(f"{name} fait maintenant partie de « Les Audacieux ».")).to_be_visible()
    expect(member(team_card(page, "Les Audacieux"), name)).to_be_visible()

    # remove a member: the page says what goes; cancelling keeps them, confirming removes them
    leaving = team_card(page, "Les Renommés").locator(".manage-member").first
    leaver = leaving.locator(".members__name").inner_text()
    leaving.get_by_role("link", name=f"Retirer… {leaver}").click()
    expect(page.get_by_role("heading", name=f"Retirer {leaver} de l'événement ?", level=1)).to_be_visible()
    expect(page.locator("[data-removal-consequences]")).to_contain_text("Son nom disparaît de son équipe.")
    checked(page, "confirm-remove-member-laptop")
    page.get_by_role("link", name="Annuler").click()
    expect(member(team_card(page, "Les Renommés"), leaver)).to_be_visible()
    team_card(page, "Les Renommés").get_by_role("link", name=f"Retirer… {leaver}").click()
    page.get_by_role("button", name="Retirer de l'événement").click()
    expect(page.get_by_text(f"{leaver} ne fait plus partie de l'événement.")).to_be_visible()
    expect(page.locator(".manage-member", has_text=leaver)).to_have_count(0)

    # delete a team: its member stays in the event, without a team
    team_card(page, "Les Audacieux").get_by_role("link", name="Supprimer l'équipe… Les Audacieux").click()
    expect(page.get_by_role("heading", name="Supprimer l'équipe « Les Audacieux » ?", level=1)).to_be_visible()
    consequences = page.locator("[data-removal-consequences]")
    expect(consequences).to_contain_text("Aucun badge n'a encore été commencé")
    expect(consequences).to_contain_text("Son membre reste inscrit à l'événement, sans équipe")
    checked(page, "confirm-delete-team-laptop")
    page.get_by_role("button", name="Supprimer l'équipe").click()
    expect(page.get_by_text("L'équipe « Les Audacieux » est supprimée.")).to_be_visible()
    expect(member(team_card(page, "Sans équipe (1)"), name)).to_be_visible()

    # a juror's invitation: copied in one click (keyboard here), never on the teams' print sheet
    page.get_by_label("Nom du juré").fill("Jeanne Juré")
    page.get_by_label("E-mail du juré").fill("jeanne@region.example")
    page.get_by_role("button", name="Ajouter au jury").click()
    invitation = page.get_by_label("Lien d'invitation de Jeanne Juré").input_value()
    copy = page.get_by_role("button", name="Copier le lien de Jeanne Juré")
    copy.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Copié")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == invitation
    shot(page, "invitation-copied-laptop")
    page.get_by_role("link", name="Liens et QR codes à imprimer").click()
    expect(page.get_by_role("heading", name="Fiches des équipes à imprimer", level=1)).to_be_visible()
    assert invitation not in page.content()
    expect(page.get_by_text("Jeanne Juré")).to_have_count(0)
    expect(page.locator(".print-card__qr").first).to_be_visible()
    for _ in range(50):  # the QR code's image loaded, for the screenshot
        if page.evaluate("[...document.images].every((image) => image.complete && image.naturalWidth > 0)"):
            break
        page.wait_for_timeout(100)
    checked(page, "print-sheet-laptop")

    # close joining: a participant's code is then refused in the form, on a phone
    page.goto(dashboard)
    code = (
        page.get_by_role("table", name="Équipes, codes et membres")
        .get_by_role("row", name=re.compile("Les Renommés"))
        .locator(".join-code")
        .inner_text()
    )
    page.get_by_role("button", name="Clore les inscriptions").click()
    expect(page.get_by_text("Les inscriptions sont closes : plus personne ne peut rejoindre")).to_be_visible()
    expect(page.get_by_role("button", name="Rouvrir les inscriptions")).to_be_visible()

    phone = new_page(viewport=PHONE)
    phone.goto(server.url + "/join")
    phone.get_by_label("Code d'équipe").fill(code)
    with phone.expect_response(lambda r: r.url.endswith("/join") and r.request.method == "POST") as answer:
        phone.get_by_role("button", name="Continuer").click()
    assert answer.value.status == 403
    expect(phone.get_by_text("Les inscriptions aux équipes sont closes pour cet événement.")).to_be_visible()
    expect(phone.get_by_label("Code d'équipe")).to_have_attribute("aria-invalid", "true")
    checked(phone, "join-refused-phone")
    phone.goto(f"{server.url}/join/{code}")
    expect(phone.get_by_text("Les inscriptions aux équipes sont closes pour cet événement.")).to_be_visible()
    expect(phone.get_by_role("button", name="Rejoindre l'équipe")).to_have_count(0)

    # the event, not started: deleted only with its name typed
    page.set_viewport_size(TABLET)
    page.get_by_role("link", name="Supprimer l'événement…").click()
    expect(page.locator("[data-removal-consequences]")).to_contain_text("Rien de cela ne pourra être récupéré.")
    page.get_by_label("Nom de l'événement, pour confirmer").fill("Badgeathon")
    page.get_by_role("button", name="Supprimer définitivement l'événement").click()
    expect(page.get_by_text("Ce n'est pas le nom de l'événement")).to_be_visible()
    checked(page, "confirm-delete-event-tablet")
    page.get_by_label("Nom de l'événement, pour confirmer").fill("Badgeathon des équipes")
    page.get_by_role("button", name="Supprimer définitivement l'événement").click()
    expect(page.get_by_text("L'événement « Badgeathon des équipes » est supprimé.")).to_be_visible()
    expect(page.get_by_role("link", name="Badgeathon des équipes")).to_have_count(0)
