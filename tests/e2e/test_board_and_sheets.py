"""In Chromium: the organiser's live board while two people design in one team and another team stays idle (laptop,
phone), and the print sheets of the teams and of the jury, on screen and on A4 paper."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import check_accessibility, sign_in_as_organiser, start_server

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
SHOTS = Path("/tmp/shots-h4")
STUCK_MINUTES = "0.5"  # a team with no edit for 30 s is flagged: the idle team gets there during the test


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    before = os.environ.get("BOARD_STUCK_MINUTES")
    os.environ["BOARD_STUCK_MINUTES"] = STUCK_MINUTES
    try:
        server = start_server(tmp_path_factory.mktemp("board"))
    finally:
        if before is None:
            os.environ.pop("BOARD_STUCK_MINUTES")
        else:
            os.environ["BOARD_STUCK_MINUTES"] = before
    yield server
    server.stop()


def shot(page, name: str, full_page: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def add_team(page, name: str) -> str:
    page.get_by_label("Nom de l'équipe").fill(name)
    page.get_by_role("button", name="Ajouter l'équipe").click()
    row = page.get_by_role("table", name="Équipes, codes et membres").get_by_role("row", name=re.compile(name))
    return row.locator(".join-code").inner_text()


def join(new_page, server, code: str, name: str):
    page = new_page(viewport=LAPTOP)
    page.goto(f"{server.url}/join/{code}")
    page.get_by_label("Votre nom (visible par votre équipe)").fill(name)
    page.get_by_role("button", name="Rejoindre l'équipe").click()
    expect(page.get_by_label("Nom du badge")).to_be_enabled(timeout=15000)
    return page


def test_the_board_shows_who_designs_and_which_team_needs_help(server, new_page):
    organiser = new_page(viewport=LAPTOP)
    sign_in_as_organiser(organiser, server)
    organiser.get_by_role("link", name="Créer un événement").click()
    organiser.get_by_label("Nom de l'événement").fill("Badgeathon du tableau")
    organiser.get_by_label("Début (heure de Paris)").fill("2026-11-26T09:00")
    organiser.get_by_role("button", name="Enregistrer").click()
    expect(organiser.get_by_role("heading", name="Badgeathon du tableau", level=1)).to_be_visible()
    code = add_team(organiser, "Les Alouettes")
    add_team(organiser, "Les Bruants")
    expect(organiser.get_by_role("heading", name="Les équipes en direct")).to_have_count(0)  # not before the design
    organiser.get_by_role("button", name="Passer à « Conception »").click()

    board = organiser.get_by_role("table", name=re.compile("Équipes en conception"))
    alouettes = board.get_by_role("row", name=re.compile("Les Alouettes"))
    bruants = board.get_by_role("row", name=re.compile("Les Bruants"))
    expect(alouettes).to_contain_text("0 / 0 en ligne")
    expect(bruants).to_contain_text("pas encore de modification")

    # two participants open the studio of Les Alouettes: the board, never reloaded, shows them
    amina = join(new_page, server, code, "Amina")
    bastien = join(new_page, server, code, "Bastien")
    expect(alouettes.locator("[data-online]")).to_contain_text("2 / 2 en ligne", timeout=15000)
    expect(alouettes.locator("[data-online]")).to_contain_text("Amina, Bastien")
    start = alouettes.locator(".board__progress").inner_text()
    passed, total = map(int, start.split(" / "))

    amina.get_by_label("Nom du badge").fill("Éco-gestes au quotidien")
    bastien.get_by_label("Description courte").fill("Trier, réparer, réemployer au poste de travail.")
    expect(alouettes.locator(".board__progress")).to_have_text(f"{passed + 2} / {total}", timeout=20000)
    expect(alouettes.locator("[data-activity]")).to_contain_text("à l'instant")
    expect(alouettes.locator(".board__flag")).to_have_count(0)
    expect(bruants.locator("[data-online]")).to_contain_text("0 / 0 en ligne")
    expect(bruants.locator(".board__progress")).to_have_text(f"{passed} / {total}")
    check_accessibility(organiser, "board-dashboard-laptop")
    shot(organiser, "board-dashboard-1366")

    # one of them closes the studio: the board says so
    bastien.close()
    expect(alouettes.locator("[data-online]")).to_contain_text("1 / 2 en ligne", timeout=15000)
    expect(alouettes.locator("[data-online]")).not_to_contain_text("Bastien")

    # the team nobody opened gets flagged once the design phase is older than the setting (30 s here)
    expect(bruants.locator(".board__flag")).to_have_text("À aller voir", timeout=120000)
    shot(organiser, "board-dashboard-stuck-1366")

    # the board alone, for a second screen or a phone in the organiser's pocket
    organiser.get_by_role("link", name="Ouvrir le tableau seul").click()
    expect(organiser.get_by_role("heading", name="Tableau des équipes", level=1)).to_be_visible()
    check_accessibility(organiser, "board-page-laptop")
    shot(organiser, "board-page-1366")
    phone = organiser.context.new_page()
    phone.set_viewport_size(PHONE)
    phone.goto(organiser.url)
    expect(phone.get_by_role("row", name=re.compile("Les Bruants"))).to_contain_text("À aller voir")
    check_accessibility(phone, "board-page-phone")
    shot(phone, "board-page-390")
    for width, height in ((1024, 768), (768, 1024)):  # a tablet on the organiser's table
        phone.set_viewport_size({"width": width, "height": height})
        expect(phone.get_by_role("row", name=re.compile("Les Alouettes"))).to_contain_text("1 / 2 en ligne")
        shot(phone, f"board-page-{width}x{height}")
    check_accessibility(phone, "board-page-tablet")

    # a participant never sees it
    response = amina.goto(organiser.url)
    assert response.status == 403


def test_the_print_sheets_keep_teams_and_jurors_apart_and_fit_a4(server, new_page):
    organiser = new_page(viewport=LAPTOP)
    sign_in_as_organiser(organiser, server)
    organiser.get_by_role("link", name="Badgeathon Normandie 2026").click()
    organiser.get_by_role("link", name="Liens et QR codes à imprimer").click()
    expect(organiser.get_by_role("heading", name="Fiches des équipes à imprimer", level=1)).to_be_visible()

    cards = organiser.locator(".print-card")
    expect(cards).to_have_count(4)
    for index in range(4):
        card = cards.nth(index)
        expect(card).to_contain_text("Badgeathon Normandie 2026")
        expect(card).to_contain_text("Scannez ou tapez le code")
        expect(card.locator(".print-card__code")).to_have_text(re.compile(r"^[A-Z2-9]{6}$"))
        expect(card.locator(".print-card__url")).to_have_text(re.compile(r"sur 127\.0\.0\.1:\d+/join"))
        assert card.get_by_role("img").evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    expect(organiser.get_by_text(re.compile("/invitation/"))).to_have_count(0)
    check_accessibility(organiser, "sheets-teams-laptop")
    shot(organiser, "sheets-teams-1366")

    organiser.emulate_media(media="print")
    organiser.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    boxes = [(cards.nth(i).bounding_box(), cards.nth(i).locator("img").bounding_box()) for i in range(4)]
    offsets = {(round(img["x"] - card["x"]), round(img["y"] - card["y"])) for card, img in boxes}
    assert len(offsets) == 1, f"the QR codes are not at the same place on every card: {offsets}"
    assert len({round(card["height"]) for card, _ in boxes}) == 1
    shot(organiser, "sheets-teams-print")
    pdf = organiser.pdf(format="A4", print_background=True)
    (SHOTS / "sheets-teams.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1  # four cards, one A4 page, none cut in two
    organiser.emulate_media(media="screen")
    organiser.set_viewport_size(LAPTOP)

    organiser.get_by_role("link", name="Feuille des invitations du jury").click()
    expect(organiser.get_by_role("heading", name="Invitations du jury à imprimer", level=1)).to_be_visible()
    jurors = organiser.locator(".print-card--juror")
    count = jurors.count()
    assert count >= 2
    for index in range(count):
        juror = jurors.nth(index)
        expect(juror.locator(".print-card__link")).to_have_text(re.compile(r"^http://127\.0\.0\.1:\d+/invitation/"))
        assert juror.get_by_role("img").evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    expect(organiser.locator(".join-code")).to_have_count(0)
    check_accessibility(organiser, "sheets-jurors-laptop")
    shot(organiser, "sheets-jurors-1366")
    organiser.emulate_media(media="print")
    organiser.set_viewport_size({"width": 794, "height": 1123})
    shot(organiser, "sheets-jurors-print")
    pdf = organiser.pdf(format="A4", print_background=True)
    (SHOTS / "sheets-jurors.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == -(-count // 4)

    # the first juror's card opens that juror's space, and nobody else's
    link = jurors.first.locator(".print-card__link").inner_text()
    juror_name = jurors.first.locator(".print-card__name").inner_text()
    juror = new_page(viewport={"width": 1024, "height": 768})
    juror.goto(link)
    juror.get_by_role("button", name="Rejoindre le jury").click()
    expect(juror.get_by_text(juror_name).first).to_be_visible()
