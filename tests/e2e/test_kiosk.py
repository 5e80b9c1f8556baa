"""The projector as a kiosk on the room's wall, in Chromium at 1920×1080 and 1280×720: no site header, footer or
language switch; the design phase, a pitch and a three-card ceremony each fit the screen without scrolling; the
countdown stays inside its box; the wall gives the join address (never a team's code), says who pitches next, and
shows each winner's badge image, name and team."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import check_accessibility, start_server
from .test_jury import in_app

pytestmark = pytest.mark.e2e

WALLS = {"1080p": {"width": 1920, "height": 1080}, "720p": {"width": 1280, "height": 720}}

FITS = """(selectors) => {
  const html = document.documentElement;
  const outside = selectors.flatMap((selector) => [...document.querySelectorAll(selector)].map((el) => [selector, el]))
    .filter(([, el]) => { const box = el.getBoundingClientRect();
                          return box.bottom > innerHeight || box.right > innerWidth || box.top < 0 || box.left < 0; })
    .map(([selector]) => selector);
  return {scrollHeight: html.scrollHeight, scrollWidth: html.scrollWidth, innerHeight, innerWidth, outside};
}"""

# The countdown's digits, as drawn, against the inside of its dark box.
DIGITS_INSIDE = """() => {
  const time = document.querySelector("[data-countdown-time]");
  const box = time.closest("[data-countdown]");
  const range = document.createRange();
  range.selectNodeContents(time);
  const text = range.getBoundingClientRect(), outer = box.getBoundingClientRect(), style = getComputedStyle(box);
  return {text: [text.left, text.right], inside: [outer.left + parseFloat(style.paddingLeft),
                                                  outer.right - parseFloat(style.paddingRight)]};
}"""


@pytest.fixture(scope="module")
def wall(tmp_path_factory):
    server = start_server(tmp_path_factory.mktemp("kiosk"))
    facts = in_app(
        server,
        """
        result = {"screen": event.screen_token, "order": [t.name for t in event.teams],
                  "codes": [t.join_code for t in event.teams]}
    """,
    )
    yield server, facts
    server.stop()


def expect_kiosk(page, name, *cards):
    """No site chrome; the page and every card in it inside the screen; axe and a screenshot."""
    for chrome in (".site-header", ".site-footer", ".language-switch"):
        expect(page.locator(chrome)).to_have_count(0)
    for card in cards:
        expect(page.locator(card).first).to_be_visible()
    fit = page.evaluate(FITS, list(cards))
    assert fit["scrollHeight"] <= fit["innerHeight"] and fit["scrollWidth"] <= fit["innerWidth"], (name, fit)
    assert fit["outside"] == [], (name, fit)
    check_accessibility(page, name)


def test_the_wall_is_a_kiosk_that_fits_1080p_and_720p_in_every_phase(wall, new_page):
    server, facts = wall
    screen = f"{server.url}/screen/{facts['screen']}"
    walls = {size: new_page(viewport=viewport) for size, viewport in WALLS.items()}

    # The design phase: the countdown, inside its box; the join address, but no team's secret code.
    for size, page in walls.items():
        page.goto(screen)
        expect(page.locator("[data-countdown-time]")).to_have_text(re.compile(r"0\d:\d\d:\d\d"))
        join = page.locator(".kiosk__join")
        expect(join).to_contain_text(f"{server.url}/join")
        expect(join).to_contain_text("votre code est sur la fiche de votre équipe")
        text = page.locator("main").inner_text()
        assert not any(code in text for code in facts["codes"])
        digits = page.evaluate(DIGITS_INSIDE)
        assert digits["inside"][0] < digits["text"][0] and digits["text"][1] < digits["inside"][1], (size, digits)
        expect_kiosk(page, f"kiosk-design-{size}", "[data-countdown]", ".kiosk__join")

    # A pitch: the badge (image, criteria) beside the running order, and who comes next; no design countdown left.
    pitched, following = facts["order"][1], facts["order"][2]
    in_app(
        server,
        """
        moves.move_phase(event, Phase.PITCHES, organiser)
        moves.show_pitch(event, next(t for t in event.teams if t.name == ARGS["team"]).public_id)
    """,
        team=pitched,
    )
    for size, page in walls.items():
        page.reload()
        expect(page.locator(".screen__pitch")).to_contain_text(f"Pitch de l'équipe « {pitched} »")
        expect(page.locator(".kiosk__next")).to_have_text(f"À suivre : {following}")
        expect(page.get_by_text("Temps restant pour la conception")).to_have_count(0)
        expect(page.locator(".badge-card img")).to_be_visible()
        expect_kiosk(
            page, f"kiosk-pitch-{size}", ".badge-card", ".badge-card__image img", ".kiosk__next", ".running-order"
        )

    # The ceremony, every step revealed: three cards side by side, each with its badge's image, name and team.
    in_app(
        server,
        """
        event.audience_vote = True
        db.session.commit()
        for phase in (Phase.SCORING, Phase.DELIBERATION):
            moves.move_phase(event, phase, organiser)
        teams = {t.name: t for t in event.teams}
        voter = next(p for p in event.participants if p.team_id != teams["Économie circulaire"].id)
        db.session.add(AudienceVote(voter_id=voter.id, event_id=event.id, team_id=teams["Économie circulaire"].id))
        db.session.commit()
        from badgeathon.jury import deliberation
        deliberation.confirm_winners(event, organiser, [teams["Les Éco-gestes"].public_id,
                                                        teams["Cap Numérique"].public_id], "Le choix du jury.")
        moves.move_phase(event, Phase.RESULTS, organiser)
        for _ in deliberation.ceremony_steps(event):
            deliberation.reveal(event, organiser, +1)
    """,
    )
    for size, page in walls.items():
        page.goto(screen)
        expect(page).to_have_url(re.compile(r"/jury/screen/"))
        reveals = page.locator(".reveal")
        expect(reveals).to_have_count(3)
        expect(page.get_by_text("Temps restant pour la conception")).to_have_count(0)
        for place, badge, team in (
            ("Lauréat n° 1", "Éco-gestes au travail", "Les Éco-gestes"),
            ("Lauréat n° 2", "Sobriété numérique", "Cap Numérique"),
        ):
            card = reveals.filter(has_text=place)
            expect(card.locator(".reveal__team")).to_have_text(badge)
            expect(card.locator(".reveal__by")).to_have_text(f"par l'équipe « {team} »")
            image = card.locator("img")
            expect(image).to_be_visible()
            assert image.evaluate("img => img.complete && img.naturalWidth > 0"), (size, badge)
        expect(reveals.filter(has_text="Prix du public").locator(".reveal__by")).to_have_text(
            "par l'équipe « Économie circulaire »"
        )
        expect_kiosk(page, f"kiosk-ceremony-{size}", ".reveal", ".reveal__image")
