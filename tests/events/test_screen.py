"""What the projector's page and the pages with a countdown give their scripts: one swappable block on the wall in
every phase, the pitch timer, the deadline's time in a tag the script rewrites, the words of the live notice."""

import html
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from badgeathon.events.models import Event
from badgeathon.extensions import db


@pytest.fixture
def organiser(as_role):
    return as_role("organiser")


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def move(organiser, world, phase):
    assert organiser.post(f"/events/{world.event_id}/phase", data={"phase": phase}).status_code == 302


def projector(client, world) -> str:
    response = client.get(f"/screen/{world.screen_token}", follow_redirects=True)
    assert response.status_code == 200
    return page(response)


def test_the_projector_is_one_live_block_in_every_phase(organiser, client, world):
    for phase in ("preparation", "design", "pitches", "scoring", "deliberation", "results"):
        if phase != "preparation":
            move(organiser, world, phase)
        shown = projector(client, world)
        assert f'data-projector data-screen-token="{world.screen_token}"' in shown, phase
        assert f'data-phase="{phase}"' in shown, phase
        # the block always names the screen's own address (which sends the ceremony's page at the results) and the
        # page always loads the bundle that follows the event: no phase leaves the wall without a live connection
        assert f'data-screen-url="/screen/{world.screen_token}"' in shown, phase
        assert "vendor/events.js" in shown and "vendor/jury.js" not in shown, phase


def test_the_first_pitch_waits_with_a_full_timer_and_the_next_one_runs(organiser, client, world):
    move(organiser, world, "design")
    move(organiser, world, "pitches")

    waiting = projector(client, world)
    assert "Pitch de l'équipe « Les Pionniers »" in waiting
    assert re.search(r'class="pitch-timer pitch-timer--ready">05:00<', waiting)
    assert "data-pitch-timer" not in waiting

    organiser.post(f"/events/{world.event_id}/pitch", data={"team": str(world.other_team_id)})
    running = projector(client, world)
    assert "Pitch de l'équipe « Les Voisins »" in running
    remaining = int(re.search(r'data-pitch-timer data-started="[^"]+" data-remaining="(\d+)"', running).group(1))
    assert 295 <= remaining <= 300


def test_the_wall_says_what_the_jury_does_after_the_pitches(organiser, client, world):
    move(organiser, world, "design")
    move(organiser, world, "pitches")
    move(organiser, world, "scoring")
    assert "Le jury note les badges présentés." in projector(client, world)
    assert "data-countdown" not in projector(client, world)  # no stale design countdown on the wall
    move(organiser, world, "deliberation")
    assert "Le jury délibère" in projector(client, world)


def test_the_deadline_time_is_marked_for_the_script_in_paris_time(app, organiser, client, world):
    move(organiser, world, "design")
    with app.app_context():
        deadline = db.session.execute(db.select(Event).filter_by(public_id=world.event_id)).scalar_one().design_deadline
    paris = deadline.astimezone(ZoneInfo("Europe/Paris")).strftime("%H:%M")
    for shown in (projector(client, world), page(organiser.get(f"/events/{world.event_id}"))):
        tag = re.search(
            r'Fin de la conception : <time data-countdown-deadline datetime="([^"]+)">(\d\d:\d\d)</time> '
            r"\(heure de Paris\)",
            shown,
        )
        assert tag, shown
        assert datetime.fromisoformat(tag.group(1)) == deadline.astimezone(UTC)
        assert tag.group(2) == paris


def test_every_page_of_the_event_carries_the_notice_and_its_words(organiser, as_role, world):
    move(organiser, world, "design")
    participant = as_role("participant")
    pages = {
        "dashboard": page(organiser.get(f"/events/{world.event_id}")),
        "studio": page(participant.get(f"/teams/{world.team_id}")),
        "jury": page(as_role("juror").get("/jury/")),
    }
    for name, shown in pages.items():
        assert 'role="status" data-live-notice-text' in shown, name
        assert 'data-phase-moved="Nouvelle phase : « Conception »."' in shown, name
        assert 'data-deadline-moved="Nouvelle fin de la conception : {when} (heure de Paris)."' in shown, name
