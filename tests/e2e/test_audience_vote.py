"""The audience vote on a phone, in Chromium (issue 11.16): every other team's badge is a card with its image and name
(its team smaller), a radio each; tapping a card chooses it, the vote is recorded. axe; screenshots at 390×844 and
1366×768 in /tmp/shots-h5."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import check_accessibility, start_server
from .test_jury import in_app
from .test_team_results import join

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-h5")
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
LEGEND = "Votre badge préféré (hors celui de votre équipe)"


@pytest.fixture(scope="module")
def pitches(tmp_path_factory):
    """The demo's main event with the audience prize, at the pitches: its teams, their codes and badges."""
    server = start_server(tmp_path_factory.mktemp("audience-vote"))
    facts = in_app(
        server,
        """
        event.audience_vote = True
        db.session.commit()
        moves.move_phase(event, Phase.PITCHES, organiser)
        views = {t.name: (t.design.view.to_json() if t.design is not None else None) or {} for t in event.teams}
        result = [{"team": t.name, "code": t.join_code, "badge": (views[t.name].get("name") or "").strip(),
                   "image": bool((views[t.name].get("image") or {}).get("sha256"))} for t in sheets.pitch_order(event)]
    """,
    )
    yield server, facts
    server.stop()


def test_on_a_phone_each_badge_is_a_card_with_its_image_and_a_tap_votes(pitches, new_page):
    server, teams = pitches
    own, others = teams[0], teams[1:]
    pictured = [team for team in others if team["image"]]
    assert pictured and all(team["badge"] for team in pictured), teams  # the demo's badges have names and images
    page = join(new_page, server, own["code"], "Vera Votante", PHONE)
    page.get_by_role("link", name="Voter pour le prix du public").click()
    ballot = page.get_by_role("group", name=LEGEND)
    expect(ballot.get_by_role("radio")).to_have_count(len(others))
    expect(ballot).not_to_contain_text(f"Équipe « {own['team']} »")
    for team in others:
        card = ballot.locator("label").filter(has_text=f"Équipe « {team['team']} »")
        expect(card).to_contain_text(team["badge"] or "Badge sans nom")
        expect(card.locator("img")).to_have_count(1 if team["image"] else 0)
    images = ballot.locator("img")
    expect(images).to_have_count(len(pictured))
    for index in range(len(pictured)):  # drawn, not a broken link
        images.nth(index).scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=images.nth(index).element_handle())
    page.evaluate("window.scrollTo(0, 0)")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "horizontal scroll"
    for box in ballot.locator("label").evaluate_all(
        "els => els.map(el => { const r = el.getBoundingClientRect(); return [r.x, r.width, r.height]; })"
    ):
        assert box[0] >= 0 and box[0] + box[1] <= PHONE["width"] and box[2] >= 44, box
    check_accessibility(page, "audience-vote-phone")
    page.screenshot(path=str(SHOTS / "vote-phone.png"), full_page=True)

    chosen = pictured[-1]
    ballot.get_by_text(chosen["badge"], exact=True).click()  # a tap on the card, not on the small radio
    radio = ballot.get_by_role("radio", name=re.compile(re.escape(chosen["badge"])))
    expect(radio).to_be_checked()
    expect(ballot.get_by_role("radio").and_(ballot.locator(":checked"))).to_have_count(1)
    page.screenshot(path=str(SHOTS / "vote-phone-chosen.png"))
    page.get_by_role("button", name="Voter").click()
    expect(page.get_by_text("Merci, votre vote est enregistré.")).to_be_visible()
    check_accessibility(page, "audience-vote-phone-done")
    voted = in_app(
        server,
        """
        from badgeathon.events.models import Team
        result = [db.session.get(Team, v.team_id).name for v in db.session.execute(db.select(AudienceVote)).scalars()]
    """,
    )
    assert voted == [chosen["team"]]


def test_on_a_laptop_the_cards_sit_side_by_side_and_pass_axe(pitches, new_page):
    server, teams = pitches
    page = join(new_page, server, teams[-1]["code"], "Luc Portable", LAPTOP)
    page.goto(f"{server.url}/jury/vote")
    cards = page.get_by_role("group", name=LEGEND).locator("label")
    expect(cards).to_have_count(len(teams) - 1)
    first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    assert abs(first["y"] - second["y"]) < 1 and second["x"] >= first["x"] + first["width"]
    check_accessibility(page, "audience-vote-laptop")
    page.screenshot(path=str(SHOTS / "vote-laptop.png"), full_page=True)
