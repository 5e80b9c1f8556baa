"""The foundation journey in Chromium: organiser, roster, phases, participant, juror, projector; axe on every page."""

import re
import time
from datetime import datetime

import pytest
from playwright.sync_api import expect

from .conftest import check_accessibility, screenshot, sign_in_as_organiser

pytestmark = pytest.mark.e2e

ROSTER = (
    "Nom;E-mail;Structure;Équipe\r\n"
    "Léa Duval;lea.duval@exemple.fr;IRFA Normandie;Équipe Verte\r\n"
    "Hugo Marie;hugo.marie@exemple.fr;Ateliers du Bocage;Équipe Verte\r\n"
    "Nadia Benali;pas-un-email;CEP Normandie;Équipe Bleue\r\n"
    ";sans.nom@exemple.fr;CEP Normandie;Équipe Bleue\r\n"
    "Inès Lecoq;ines.lecoq@exemple.fr;CEP Normandie;Équipe Bleue\r\n"
).encode("utf-8-sig")


@pytest.fixture(scope="module")
def demo(server):
    """The sign-in details `badgeathon demo` prints."""
    out = server.cli("demo")
    return {
        "codes": re.findall(r"\(code ([A-Z0-9]{6})\)", out),
        "invitation": re.search(r"(http://\S+/invitation/\S+)", out).group(1),
        "screen": re.search(r"(http://\S+/screen/\S+)", out).group(1),
    }


def test_organiser_creates_an_event_imports_a_roster_and_moves_the_phase(server, new_page):
    page = new_page()
    page.goto(server.url + "/")
    check_accessibility(page, "home")
    page.goto(server.url + "/login")
    check_accessibility(page, "login")
    sign_in_as_organiser(page, server)
    check_accessibility(page, "events")

    page.get_by_role("link", name="Créer un événement").click()
    check_accessibility(page, "event-new")
    page.get_by_label("Nom de l'événement").fill("Badgeathon de Rouen")
    page.get_by_label("Lieu").fill("Hôtel de Région, Rouen")
    page.get_by_label("Début (heure de Paris)").fill("2026-11-26T09:00")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name="Badgeathon de Rouen", level=1)).to_be_visible()
    expect(page.get_by_text("26 novembre 2026, 09:00")).to_be_visible()
    check_accessibility(page, "dashboard-empty")

    page.get_by_role("link", name="Importer une liste (Excel ou CSV)").click()
    page.get_by_label(re.compile("^Fichier Excel ou CSV")).set_input_files(
        files=[{"name": "participants.csv", "mimeType": "text/csv", "buffer": ROSTER}]
    )
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_text("3 lignes importées, 2 refusées.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Nadia Benali.*l'e-mail n'est pas valide"))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("le nom manque"))).to_be_visible()
    check_accessibility(page, "roster-report")

    page.get_by_role("link", name="Badgeathon de Rouen").click()
    teams = page.get_by_role("table", name="Équipes, codes et membres")
    expect(teams.get_by_role("row", name=re.compile("Équipe Verte.*Hugo Marie.*Léa Duval"))).to_be_visible()
    expect(teams.get_by_role("row", name=re.compile("Équipe Bleue.*Inès Lecoq"))).to_be_visible()
    expect(page.get_by_text("Nadia Benali")).to_have_count(0)

    screen_url = page.get_by_role("region", name="Écran de la salle").get_by_role("link").get_attribute("href")
    projector = new_page(viewport={"width": 1920, "height": 1080})
    projector.goto(screen_url)
    expect(projector.locator(".screen__phase-name")).to_have_text("Préparation")

    page.get_by_role("button", name="Passer à « Conception »").click()
    expect(page.get_by_role("heading", name="Phase : Conception")).to_be_visible()
    expect(page.locator("[data-countdown-time]")).to_have_text(re.compile(r"0[56]:\d\d:\d\d"))
    check_accessibility(page, "dashboard-design")

    # The projector hears the move over Socket.IO and shows the new phase and the server's countdown.
    expect(projector.locator(".screen__phase-name")).to_have_text("Conception", timeout=8000)
    expect(projector.locator("[data-countdown-time]")).to_have_text(re.compile(r"0[56]:\d\d:\d\d"))
    check_accessibility(projector, "projector")

    page.get_by_role("button", name="Passer à « Pitchs »").click()
    expect(page.get_by_role("heading", name="Phase : Pitchs")).to_be_visible()


def remaining_seconds(page) -> int:
    text = page.locator("[data-countdown-time]").inner_text()
    hours, minutes, seconds = (int(part) for part in text.split(":"))
    return hours * 3600 + minutes * 60 + seconds


def test_participant_joins_with_a_code_and_sees_the_servers_countdown(server, new_page, demo):
    page = new_page()
    page.goto(server.url + "/join")
    check_accessibility(page, "join-code")
    page.get_by_label("Code d'équipe").fill("zzzzzz")
    page.get_by_role("button", name="Continuer").click()
    expect(page.get_by_text("Ce code d'équipe est inconnu")).to_be_visible()
    expect(page.get_by_label("Code d'équipe")).to_have_value("zzzzzz")  # the same form, ready for another try

    page.get_by_label("Code d'équipe").fill(demo["codes"][0].lower())
    page.get_by_role("button", name="Continuer").click()
    check_accessibility(page, "join-form")
    page.get_by_label("Votre nom (visible par votre équipe)").fill("Alex Nouveau")
    page.get_by_label("Votre structure").fill("Mission locale de Caen")
    page.get_by_role("button", name="Rejoindre l'équipe").click()

    expect(page.get_by_role("heading", name=re.compile("Équipe « "), level=1)).to_be_visible()
    expect(page.get_by_role("region", name=re.compile("Membres")).get_by_text("Alex Nouveau")).to_be_visible()
    expect(page.locator("[data-countdown-time]")).to_have_text(re.compile(r"0[0-5]:\d\d:\d\d"))
    first, first_at = remaining_seconds(page), time.monotonic()
    check_accessibility(page, "team")

    page.reload()
    expect(page.locator("[data-countdown][data-synced]")).to_have_count(1)
    page.wait_for_timeout(1500)
    after_reload, elapsed = remaining_seconds(page), time.monotonic() - first_at
    assert abs((first - after_reload) - elapsed) <= 3, (first, after_reload, elapsed)  # the server's clock, ticking


def test_a_browser_in_another_time_zone_with_a_wrong_clock_shows_the_same_countdown(server, new_page, demo):
    here = new_page()
    here.goto(f"{server.url}/join/{demo['codes'][1]}")
    here.get_by_label("Votre nom (visible par votre équipe)").fill("Ici")
    here.get_by_role("button", name="Rejoindre l'équipe").click()
    expect(here.locator("[data-countdown-time]")).to_have_text(re.compile(r"\d\d:\d\d:\d\d"))

    away = new_page(timezone_id="America/New_York")
    away.clock.install(time=datetime.now().timestamp() + 3 * 3600)
    away.goto(f"{server.url}/join/{demo['codes'][1]}")
    away.get_by_label("Votre nom (visible par votre équipe)").fill("Là-bas")
    away.get_by_role("button", name="Rejoindre l'équipe").click()
    away.clock.run_for(2000)
    expect(away.locator("[data-countdown-time]")).to_have_text(re.compile(r"\d\d:\d\d:\d\d"))
    expect(here.locator("[data-countdown][data-synced]")).to_have_count(1)
    expect(away.locator("[data-countdown][data-synced]")).to_have_count(1)
    here_seconds, away_seconds = remaining_seconds(here), remaining_seconds(away)
    assert abs(here_seconds - away_seconds) <= 5, (here_seconds, away_seconds)
    expect(away.get_by_text(re.compile(r"Fin de la conception : \d\d:\d\d \(heure de Paris\)"))).to_be_visible()


def test_juror_opens_an_invitation_and_lands_on_the_jury_home(server, new_page, demo):
    page = new_page(viewport={"width": 1024, "height": 768})
    page.goto(demo["invitation"])
    expect(page.get_by_role("heading", name="Invitation au jury")).to_be_visible()
    check_accessibility(page, "invitation")
    page.get_by_role("button", name="Rejoindre le jury").click()
    expect(page.get_by_role("heading", name=re.compile("Bienvenue dans le jury"))).to_be_visible()
    check_accessibility(page, "jury-home")

    link = demo["invitation"]
    page.goto(link[:-4] + ("BBBB" if link.endswith("AAAA") else "AAAA"))  # 20 bits of the signature changed
    expect(page.get_by_text("Ce lien d'invitation n'est pas valide")).to_be_visible()
    check_accessibility(page, "invitation-invalid")


def test_a_wrong_password_is_refused_in_french(server, new_page):
    page = new_page()
    page.goto(server.url + "/login")
    page.get_by_label("Adresse e-mail").fill("organisatrice@badgeathon.example")
    page.get_by_label("Mot de passe").fill("pas le bon")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text("Adresse e-mail ou mot de passe incorrect.")).to_be_visible()
    check_accessibility(page, "login-refused")
    screenshot(page, "login-refused")


def test_the_language_switch_shows_the_app_in_english_and_back(server, new_page):
    page = new_page()
    page.goto(server.url + "/")
    page.get_by_label("Langue").select_option("en")
    page.get_by_role("button", name="Changer").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Join my team")).to_be_visible()
    check_accessibility(page, "home-en")
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change").click()
    expect(page.get_by_role("link", name="Rejoindre mon équipe")).to_be_visible()


def test_the_printable_sheets_have_a_qr_code_and_code_per_team(server, new_page):
    page = new_page()
    sign_in_as_organiser(page, server)
    page.get_by_role("link", name="Badgeathon Normandie 2026").click()
    check_accessibility(page, "dashboard-demo")
    page.get_by_role("link", name="Liens et QR codes à imprimer").click()
    sheets = page.locator(".sheet")
    expect(sheets).to_have_count(4)
    first = sheets.first
    expect(first.get_by_role("img", name=re.compile("QR code pour rejoindre"))).to_be_visible()
    assert first.get_by_role("img").evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    check_accessibility(page, "links")

    page.get_by_role("link", name="Structures").click()
    check_accessibility(page, "organisations")


def test_keyboard_users_skip_to_the_content_and_see_where_focus_is(server, new_page):
    page = new_page()
    page.goto(server.url + "/join")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    expect(skip).to_be_focused()
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Code d'équipe")).to_be_focused()


def test_websockets_go_without_per_message_compression(server):
    """Browsers offer permessage-deflate; deflating every few-dozen-byte frame cost the studio's worker CPU for
    nothing, so the server turns it down (the upgrade itself still succeeds)."""
    import base64
    import os
    import socket
    from urllib.parse import urlsplit

    address = urlsplit(server.url)
    key = base64.b64encode(os.urandom(16)).decode()
    with socket.create_connection((address.hostname, address.port), timeout=10) as connection:
        connection.sendall(
            (
                "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                f"Host: {address.netloc}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n"
            ).encode()
        )
        answer = b""
        while b"\r\n\r\n" not in answer:
            answer += connection.recv(4096)
    head = answer.split(b"\r\n\r\n", 1)[0].decode().lower()
    assert head.startswith("http/1.1 101"), head
    assert "permessage-deflate" not in head, head
