"""The pitches in Chromium, the organiser's page and the projector side by side: the running order is drawn and a
team moved up, the pitch length set, then Start, Pause, Reprendre and the clicker's keys (PageDown, PageUp, B, ".")
drive the pitches; the wall follows each press live, never reloading — who pitches, the timer running or paused,
"à suivre", the end of time — and a long badge fits the wall at 1920×1080 and 1280×720; a second organiser's desk
and the page of the team that comes next (on a phone) follow too. axe finds nothing on any of these pages."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import DEMO_PASSWORD, check_accessibility, start_server
from .test_jury import in_app
from .test_kiosk import FITS

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-h2")
LAPTOP = {"width": 1366, "height": 768}
TABLET = {"width": 1024, "height": 768}
PHONE = {"width": 390, "height": 844}
WALLS = {"1080p": {"width": 1920, "height": 1080}, "720p": {"width": 1280, "height": 720}}
SAME_DOCUMENT = "window.__neverReloaded === true"
LONG = (
    "Reconnaît la capacité à repérer, mesurer et réduire les déchets et les consommations d'énergie de son poste "
    "de travail, à partager les bons gestes avec l'équipe et à proposer des améliorations chiffrées. "
) * 4


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """The demo at the design phase; one badge with very long texts, as a team in a hurry writes them."""
    server = start_server(tmp_path_factory.mktemp("pitch-desk"))
    facts = in_app(
        server,
        """
        from badgeathon.workshop import document, studio
        from badgeathon.workshop.access import Access
        from badgeathon.workshop.versions import current_view, server_edit
        from badgeathon.workshop.view import DesignView
        team = next(t for t in event.teams if t.name == "Les Éco-gestes")
        design = studio.design_for_team(team)
        access = Access(design.id, design.public_id, design.epoch, person_id=None, readonly=False)
        view = DesignView.from_json({**current_view(design.id).to_json(), "description": ARGS["long"],
                                     "criteria": {"level1": ARGS["long"], "level2": ARGS["long"]},
                                     "evidence": ARGS["long"]})
        server_edit(access, lambda doc: document.edit_to_match(doc, view))
        result = {"event": str(event.public_id), "screen": event.screen_token,
                  "order": [t.name for t in event.teams]}
    """,
        long=LONG,
    )
    yield server, facts
    server.stop()


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def signed_in_organiser(new_page, server, url):
    page = new_page(viewport=LAPTOP)
    page.goto(server.url + "/login")
    page.get_by_label("Adresse e-mail").fill("organisatrice@badgeathon.example")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Événements", level=1)).to_be_visible()
    page.goto(url)
    return page


def order_on(page, selector) -> list[str]:
    return [re.sub(r" — à l'écran$", "", text.strip()) for text in page.locator(selector).all_inner_texts()]


def press(page, key):
    """A clicker key, once the page listens for it (a key pressed while the page loads is the browser's)."""
    expect(page.locator("body[data-clicker='ready']")).to_have_count(1)
    page.keyboard.press(key)


def expect_on_the_wall(wall, team, state, following):
    expect(wall.locator(".screen__pitch")).to_have_text(f"Pitch de l'équipe « {team} »")
    expect(wall.locator(".pitch-clock__state")).to_have_text(state)
    expect(wall.locator(".kiosk__next")).to_have_text(f"À suivre : {following}" if following else "Dernier pitch")


def test_the_organiser_drives_the_pitches_and_the_wall_follows_live(room, new_page):
    server, facts = room
    dashboard = f"{server.url}/events/{facts['event']}"
    organiser = signed_in_organiser(new_page, server, dashboard)
    wall = new_page(viewport=WALLS["1080p"])
    wall.goto(f"{server.url}/screen/{facts['screen']}")
    wall.evaluate("window.__neverReloaded = true")
    expect(wall.locator("body[data-projector='live']")).to_have_count(1)  # its socket is in the event's room

    # Before the pitches: draw the running order, then move the last team up one place, with plain forms.
    desk = organiser.locator("[data-pitch-desk]")
    expect(desk.get_by_role("heading", name="Pitchs : ordre de passage et chrono")).to_be_visible()
    desk.get_by_role("button", name="Tirer l'ordre au sort").click()
    expect(organiser.get_by_text("Nouvel ordre de passage tiré au sort.")).to_be_visible()
    drawn = order_on(organiser, ".pitch-list__name")
    assert sorted(drawn) == sorted(facts["order"])
    last = drawn[-1]
    organiser.get_by_role("button", name=f"Monter — {last}", exact=True).click()
    expected = drawn[:-2] + [last, drawn[-2]]
    expect(organiser.locator(".pitch-list__name")).to_have_text(expected)
    length = organiser.get_by_label("Durée d'un pitch (minutes)")
    length.fill("4")
    organiser.get_by_role("button", name="Enregistrer la durée").click()
    expect(organiser.get_by_text("Chaque pitch dure désormais 4 min.")).to_be_visible()
    check_accessibility(organiser, "pitch-desk-design")

    # The pitches open on the first team of that order, its full time waiting; the wall says who follows.
    organiser.get_by_role("button", name="Passer à « Pitchs »").click()
    expect(organiser.get_by_role("heading", name="Phase : Pitchs")).to_be_visible()
    first, second, third = expected[:3]
    expect_on_the_wall(wall, first, "Prêt à démarrer", second)
    expect(wall.locator(".pitch-timer")).to_have_text("04:00")
    expect(wall.locator(".running-order li")).to_have_text(expected)
    expect(wall.locator(".running-order [aria-current]")).to_have_text(first)

    # A second organiser's desk, open beside: it follows without reloading.
    colleague = signed_in_organiser(new_page, server, dashboard)
    colleague.evaluate("window.__neverReloaded = true")
    # A member of the team that comes next, on a phone: its page says so, and follows.
    code = in_app(server, "result = next(t.join_code for t in event.teams if t.name == ARGS['team'])", team=second)
    member = new_page(viewport=PHONE)
    member.goto(f"{server.url}/join/{code}")
    member.get_by_label("Votre nom (visible par votre équipe)").fill("Camille Prête")
    member.get_by_role("button", name="Rejoindre l'équipe").click()
    turn = member.locator(".pitch-turn")
    expect(turn).to_contain_text(f"Vous passez en n° 2 sur {len(expected)}. À l'écran : {first}.")
    expect(turn.locator(".pitch-turn__next")).to_have_text("Vous êtes les prochains : préparez-vous.")
    member.evaluate("window.__neverReloaded = true")

    # Start: the wall's timer runs.
    organiser.get_by_role("button", name="Lancer le chrono", exact=True).click()
    expect_on_the_wall(wall, first, "En cours", second)
    expect(wall.locator("[data-pitch-timer]")).to_have_text(re.compile(r"03:5\d"))
    expect(organiser.locator("[data-pitch-desk] [data-pitch-timer]")).to_have_text(re.compile(r"03:5\d"))

    # Pause: the wall says so and its timer stands still.
    organiser.get_by_role("button", name="Pause", exact=True).click()
    expect_on_the_wall(wall, first, "En pause", second)
    expect(wall.locator(".pitch-clock--paused")).to_be_visible()
    expect(wall.locator("[data-pitch-timer]")).to_have_count(0)  # nothing ticks any more
    paused_at = wall.locator(".pitch-timer").inner_text()
    wall.wait_for_timeout(2200)  # long enough for a running timer to move
    assert wall.locator(".pitch-timer").inner_text() == paused_at
    for page, name in ((organiser, "pitch-desk-paused-1366"), (wall, "pitch-wall-paused-1080p")):
        check_accessibility(page, name)
        shoot(page, name)
    expect(colleague.locator("[data-pitch-desk] .pitch-clock__state")).to_have_text("En pause")
    expect(colleague.locator("[data-pitch-desk]").get_by_role("button", name="Reprendre")).to_be_visible()

    # Reprendre: on from where it stopped.
    organiser.get_by_role("button", name="Reprendre").click()
    expect_on_the_wall(wall, first, "En cours", second)
    expect(wall.locator("[data-pitch-timer]")).not_to_have_text(paused_at)
    left = wall.locator("[data-pitch-timer]").inner_text()
    assert left < paused_at, (left, paused_at)

    # The clicker, on the organiser's page: PageDown brings the next team, its time waiting; B starts it, "."
    # pauses it; PageUp goes back; ArrowRight moves on again.
    press(organiser, "PageDown")
    expect_on_the_wall(wall, second, "Prêt à démarrer", third)
    expect(wall.locator(".pitch-timer")).to_have_text("04:00")
    expect(turn.locator(".pitch-turn__now")).to_have_text("C'est votre pitch : à vous !")
    expect(turn.locator(".pitch-clock__state")).to_have_text("Prêt à démarrer")
    expect(colleague.locator(".pitch-desk__team")).to_have_text(f"À l'écran : {second}")
    expect(organiser.get_by_role("button", name="Lancer le chrono", exact=True)).to_be_visible()
    press(organiser, "b")
    expect_on_the_wall(wall, second, "En cours", third)
    expect(turn.locator("[data-pitch-timer]")).to_have_text(re.compile(r"0[34]:\d\d"))
    check_accessibility(member, "pitch-turn-phone")
    shoot(member, "pitch-turn-phone")
    assert member.evaluate(SAME_DOCUMENT)
    expect(organiser.get_by_role("button", name="Pause", exact=True)).to_be_visible()
    press(organiser, ".")
    expect_on_the_wall(wall, second, "En pause", third)
    expect(organiser.get_by_role("button", name="Reprendre")).to_be_visible()
    press(organiser, "PageUp")
    expect_on_the_wall(wall, first, "Prêt à démarrer", second)
    expect(organiser.locator(".pitch-desk__team")).to_have_text(f"À l'écran : {first}")
    press(organiser, "ArrowRight")
    expect_on_the_wall(wall, second, "Prêt à démarrer", third)
    expect(organiser.locator(".pitch-desk__team")).to_have_text(f"À l'écran : {second}")
    # typing in a field is typing, not a clicker
    organiser.get_by_label("Durée d'un pitch (minutes)").press("ArrowRight")
    organiser.get_by_label("Durée d'un pitch (minutes)").press("PageDown")
    expect(organiser.locator(".pitch-desk__team")).to_have_text(f"À l'écran : {second}")

    # The end of time, said clearly: two seconds left, resumed, and the wall turns to "Temps écoulé".
    organiser.get_by_role("button", name="Lancer le chrono", exact=True).click()
    organiser.get_by_role("button", name="Pause", exact=True).click()
    expect(organiser.get_by_role("button", name="Reprendre")).to_be_visible()
    in_app(
        server,
        """
        event.pitch_elapsed_seconds = event.pitch_minutes * 60 - 2
        db.session.commit()
    """,
    )
    organiser.reload()
    organiser.get_by_role("button", name="Reprendre").click()
    expect(wall.locator(".pitch-clock__state")).to_have_text("Temps écoulé", timeout=15000)
    expect(wall.locator(".pitch-timer")).to_have_text("00:00")
    expect(organiser.locator("[data-pitch-desk] .pitch-clock__state")).to_have_text("Temps écoulé", timeout=15000)
    check_accessibility(wall, "pitch-wall-over-1080p")
    shoot(wall, "pitch-wall-over-1080p")
    assert wall.evaluate(SAME_DOCUMENT) and colleague.evaluate(SAME_DOCUMENT)

    # The long badge on the wall, at both wall sizes: everything inside the screen, nothing scrolls.
    long_team = "Les Éco-gestes"
    organiser.get_by_role("button", name=f"Projeter et lancer le chrono — {long_team}").click()
    expect(wall.locator(".screen__pitch")).to_have_text(f"Pitch de l'équipe « {long_team} »")
    for size, viewport in WALLS.items():
        wall.set_viewport_size(viewport)
        fit = wall.evaluate(FITS, [".badge-card", ".pitch-clock", ".kiosk__next", ".running-order", ".screen__pitch"])
        assert fit["scrollHeight"] <= fit["innerHeight"] and fit["scrollWidth"] <= fit["innerWidth"], (size, fit)
        assert fit["outside"] == [], (size, fit)
        check_accessibility(wall, f"pitch-wall-long-{size}")
        shoot(wall, f"pitch-wall-long-{size}")
    assert wall.evaluate(SAME_DOCUMENT)
    for name, viewport in (("1366", LAPTOP), ("1024", TABLET)):
        organiser.set_viewport_size(viewport)
        organiser.locator("#pitches").scroll_into_view_if_needed()
        check_accessibility(organiser, f"pitch-desk-running-{name}")
        shoot(organiser, f"pitch-desk-running-{name}")
