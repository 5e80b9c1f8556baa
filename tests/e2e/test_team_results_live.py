"""The team page hears the ceremony, in Chromium: open before the last winner is revealed, it shows the team's results
the moment the organiser reveals it — no reload, a notice says so — and hides them again if the organiser steps
back. axe; screenshots at 390×844 and 1366×768 in /tmp/shots-h5."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import check_accessibility, start_server
from .test_jury import as_organiser, in_app
from .test_team_results import FEEDBACK, LAPTOP, PHONE, WINNERS, join

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots-h5")
WAITING = "les vôtres s'afficheront ici d'eux-mêmes"


@pytest.fixture(scope="module")
def last_step(tmp_path_factory):
    """The demo's main event at the results, its two winners confirmed, the ceremony one step from its end."""
    server = start_server(tmp_path_factory.mktemp("team-results-live"))
    facts = in_app(
        server,
        """
        from badgeathon.jury import deliberation
        from badgeathon.jury.models import Note
        teams = {t.name: t for t in event.teams}
        winner = teams[ARGS["winners"][0]]
        db.session.add(Note(event_id=event.id, juror_id=event.jurors[0].id, team_id=winner.id, comment="",
                            feedback=ARGS["feedback"]))
        db.session.commit()
        for phase in (Phase.PITCHES, Phase.SCORING, Phase.DELIBERATION):
            moves.move_phase(event, phase, organiser)
        deliberation.confirm_winners(event, organiser, [teams[n].public_id for n in ARGS["winners"]], "Démonstration")
        moves.move_phase(event, Phase.RESULTS, organiser)
        total = len(deliberation.ceremony_steps(event))
        for _ in range(total - 1):
            deliberation.reveal(event, organiser, +1)
        other = next(name for name in teams if name not in ARGS["winners"])
        result = {"event": str(event.public_id), "total": total, "other": other,
                  "codes": {name: team.join_code for name, team in teams.items()}}
    """,
        winners=WINNERS,
        feedback=FEEDBACK[WINNERS[0]],
    )
    yield server, facts
    server.stop()


def waiting(page):
    expect(page.get_by_text(WAITING)).to_be_visible()
    expect(page.get_by_role("region", name="Vos résultats")).to_have_count(0)
    expect(page.locator("html[data-following-ceremony]")).to_have_count(1)  # its /live socket is in the room
    page.evaluate("window.stillTheSamePage = true")  # gone if the page reloads


def test_the_open_team_pages_show_their_results_when_the_last_winner_is_revealed(last_step, new_page):
    server, facts = last_step
    winner = join(new_page, server, facts["codes"][WINNERS[0]], "Lina Lauréate", PHONE)
    other = join(new_page, server, facts["codes"][facts["other"]], "Oscar Autre", LAPTOP)
    for page in (winner, other):
        waiting(page)
    winner.screenshot(path=str(SHOTS / "results-waiting-phone.png"))

    organiser = as_organiser(new_page, server)
    organiser.goto(f"{server.url}/jury/events/{facts['event']}/ceremony")
    expect(organiser.get_by_text(f"Étape {facts['total'] - 1} sur {facts['total']}")).to_be_visible()
    organiser.get_by_role("button", name="Révéler la suite").click()
    expect(organiser.get_by_text(f"Étape {facts['total']} sur {facts['total']}")).to_be_visible()

    panel = winner.get_by_role("region", name="Vos résultats")
    expect(panel).to_contain_text("Votre badge est lauréat", timeout=10000)
    expect(panel.get_by_role("listitem")).to_have_text([FEEDBACK[WINNERS[0]]])
    expect(other.get_by_role("region", name="Vos résultats")).to_contain_text(
        "Votre badge n'a pas été retenu cette fois", timeout=10000
    )
    for page, device in ((winner, "phone"), (other, "laptop")):
        assert page.evaluate("window.stillTheSamePage === true"), f"the {device} page reloaded"
        expect(page.get_by_text(WAITING)).to_have_count(0)
        expect(page.get_by_role("status").filter(has_text="vos résultats sont arrivés")).to_be_visible()
        check_accessibility(page, f"team-results-live-{device}")
        page.screenshot(path=str(SHOTS / f"results-arrived-{device}.png"), full_page=True)

    organiser.get_by_role("button", name="Revenir").click()  # a step back: the results are no longer told
    for page in (winner, other):
        expect(page.get_by_text(WAITING)).to_be_visible(timeout=10000)
        expect(page.get_by_role("region", name="Vos résultats")).to_have_count(0)
        assert page.evaluate("window.stillTheSamePage === true")
    assert re.search(r"/teams/", winner.url)
