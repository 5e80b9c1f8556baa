"""The pitch use cases against both databases: the running order (draw, moves), the pitch length, and the timer the
organiser drives — start, pause, resume, next and previous team — with double clicks that skip nobody, what the
projector hears, and who may press the buttons."""

import html
import random
import re
from datetime import timedelta

import pytest

from badgeathon.auth.models import Person, Role
from badgeathon.db_types import utcnow
from badgeathon.errors import BadgeathonError
from badgeathon.events import moves, pitching, services
from badgeathon.events.models import Event, Team
from badgeathon.events.phases import Phase
from badgeathon.events.pitches import TimerState
from badgeathon.extensions import db, socketio
from badgeathon.jury import sheets

LIVE = "/live"


def reread(world) -> Event:
    """The event as a fresh request would see it."""
    db.session.expire_all()
    return services.event_by_public_id(world.event_id)


def organiser() -> Person:
    return db.session.execute(db.select(Person).filter_by(role=Role.ORGANISER)).scalars().first()


def names(teams) -> list[str]:
    return [team.name for team in teams]


@pytest.fixture
def day(app, world):
    """Three teams; the event at the design phase. `pitches()` moves it on to the pitches."""
    with app.test_request_context():
        event = services.event_by_public_id(world.event_id)
        services.add_team(event, "Les Curieux", None)
        moves.move_phase(event, Phase.DESIGN, organiser())

        def pitches():
            moves.move_phase(reread(world), Phase.PITCHES, organiser())
            return reread(world)

        yield pitches
        db.session.remove()


def test_the_running_order_is_by_name_until_drawn_and_the_draw_is_kept(world, day):
    event = reread(world)
    assert names(pitching.desk(event).order) == ["Les Curieux", "Les Pionniers", "Les Voisins"]
    drawn = names(pitching.shuffle_running_order(event, random.Random(3)))
    assert sorted(drawn) == ["Les Curieux", "Les Pionniers", "Les Voisins"]
    event = reread(world)
    assert names(pitching.desk(event).order) == drawn
    assert sorted(team.pitch_position for team in event.teams) == [0, 1, 2]
    assert names(sheets.pitch_order(event)) == drawn  # the jury scores in the same order
    # the pitches open on the first team of the order, its timer waiting
    event = day()
    desk = pitching.desk(event)
    assert desk.team.name == drawn[0] and desk.state is TimerState.READY and desk.remaining == 5 * 60
    assert desk.following.name == drawn[1] and desk.previous is None


def test_a_team_moves_up_or_down_one_place(world, day):
    event = reread(world)
    voisins = next(team for team in event.teams if team.name == "Les Voisins")
    pitching.move_in_running_order(event, voisins.public_id, -1)
    assert names(pitching.desk(reread(world)).order) == ["Les Curieux", "Les Voisins", "Les Pionniers"]
    pitching.move_in_running_order(reread(world), voisins.public_id, -1)
    pitching.move_in_running_order(reread(world), voisins.public_id, -1)  # already first: stays first
    assert names(pitching.desk(reread(world)).order) == ["Les Voisins", "Les Curieux", "Les Pionniers"]
    # a team added later comes after the ordered ones
    services.add_team(reread(world), "Les Autres", None)
    assert names(pitching.desk(reread(world)).order)[-1] == "Les Autres"


def test_start_pause_resume_keep_the_time_spoken(world, day):
    event = day()
    seen = event.pitch_team.public_id
    t0 = utcnow()
    assert pitching.start_pitch(event, seen, now=t0)
    event = reread(world)
    assert pitching.desk(event, t0 + timedelta(seconds=30)).state is TimerState.RUNNING
    assert pitching.pause_pitch(event, seen, now=t0 + timedelta(seconds=75))
    assert not pitching.pause_pitch(reread(world), seen, now=t0 + timedelta(seconds=80))  # a second click
    event = reread(world)
    assert event.pitch_started_at is None and event.pitch_elapsed_seconds == 75
    later = t0 + timedelta(minutes=20)
    desk = pitching.desk(event, later)
    assert desk.state is TimerState.PAUSED and desk.remaining == 300 - 75  # the timer stood still
    assert pitching.start_pitch(event, seen, now=later)  # "Reprendre"
    assert not pitching.start_pitch(reread(world), seen, now=later)  # a second click
    assert pitching.desk(reread(world), later + timedelta(seconds=25)).remaining == 300 - 100
    assert pitching.desk(reread(world), later + timedelta(minutes=10)).state is TimerState.OVER


def test_next_shows_the_following_team_ready_and_a_double_click_skips_nobody(world, day):
    event = day()
    first = event.pitch_team.public_id
    pitching.start_pitch(event, first)
    assert pitching.next_pitch(reread(world), first)
    event = reread(world)
    assert event.pitch_team.name == "Les Pionniers"
    assert event.pitch_started_at is None and event.pitch_elapsed_seconds == 0  # the new team's full time waits
    assert not pitching.next_pitch(event, first)  # the second click of a double click: saw the first team
    assert reread(world).pitch_team.name == "Les Pionniers"
    assert pitching.next_pitch(reread(world), reread(world).pitch_team.public_id)
    event = reread(world)
    assert event.pitch_team.name == "Les Voisins" and pitching.desk(event).following is None
    assert not pitching.next_pitch(event, event.pitch_team.public_id)  # the last team: nobody after
    assert pitching.previous_pitch(reread(world), reread(world).pitch_team.public_id)
    assert reread(world).pitch_team.name == "Les Pionniers"


def test_the_timer_is_driven_only_during_the_pitches(world, day):
    event = reread(world)
    with pytest.raises(pitching.NotPitching):
        pitching.start_pitch(event, None)
    with pytest.raises(pitching.NotPitching):
        pitching.next_pitch(event, None)


def test_the_pitch_length_is_kept_within_bounds_and_a_pitch_keeps_its_spoken_time(world, day):
    event = day()
    seen = event.pitch_team.public_id
    t0 = utcnow()
    pitching.start_pitch(event, seen, now=t0)
    pitching.pause_pitch(reread(world), seen, now=t0 + timedelta(seconds=60))
    pitching.set_pitch_minutes(reread(world), 3)
    assert pitching.desk(reread(world)).remaining == 120
    for wrong in (0, 31):
        with pytest.raises(BadgeathonError):
            pitching.set_pitch_minutes(reread(world), wrong)
    assert reread(world).pitch_minutes == 3


def test_the_projector_hears_every_move_of_the_pitches(app, world, day):
    event = day()
    listener = socketio.test_client(app, namespace=LIVE, auth={"screen": world.screen_token})
    try:
        listener.get_received(LIVE)
        seen = event.pitch_team.public_id
        pitching.start_pitch(event, seen)
        pitching.pause_pitch(reread(world), seen)
        pitching.next_pitch(reread(world), seen)
        heard = [m["args"][0] for m in listener.get_received(LIVE) if m["name"] == "phase"]
        assert [m["timer"] for m in heard] == ["running", "paused", "ready"]
        assert heard[-1]["pitch"] == str(reread(world).pitch_team.public_id)
    finally:
        listener.disconnect(namespace=LIVE)


# --- through the web: the organiser's buttons, the wall, and who may press -----------------------------------


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_the_organiser_drives_the_pitches_and_the_wall_follows(as_role, client, world, day):
    day()
    organiser_client = as_role("organiser")
    dashboard = page(organiser_client.get(f"/events/{world.event_id}"))
    assert "Lancer le chrono" in dashboard and "Télécommande de présentation" in dashboard
    assert re.search(r'<input [^>]*name="pitch-length-minutes"[^>]*value="5"', dashboard)
    seen = re.search(r'name="seen" value="([^"]+)"', dashboard).group(1)

    answer = organiser_client.post(f"/events/{world.event_id}/pitch/start", data={"seen": seen})
    assert answer.status_code == 302 and answer.location.endswith("#pitches")
    wall = page(client.get(f"/screen/{world.screen_token}"))
    assert "pitch-clock--running" in wall and "En cours" in wall and "À suivre : Les Pionniers" in wall

    organiser_client.post(f"/events/{world.event_id}/pitch/pause", data={"seen": seen})
    wall = page(client.get(f"/screen/{world.screen_token}"))
    assert "pitch-clock--paused" in wall and "En pause" in wall and "data-pitch-timer" not in wall
    desk = page(organiser_client.get(f"/events/{world.event_id}/pitch-desk"))
    assert "Reprendre" in desk and "<html" not in desk

    organiser_client.post(f"/events/{world.event_id}/pitch/next", data={"seen": seen})
    again = organiser_client.post(f"/events/{world.event_id}/pitch/next", data={"seen": seen}, follow_redirects=True)
    assert "Les pitchs venaient de bouger" in page(again)
    wall = page(client.get(f"/screen/{world.screen_token}"))
    assert "Pitch de l'équipe « Les Pionniers »" in wall and "À suivre : Les Voisins" in wall

    organiser_client.post(f"/events/{world.event_id}/pitch-length", data={"pitch-length-minutes": "7"})
    assert reread(world).pitch_minutes == 7
    wrong = organiser_client.post(
        f"/events/{world.event_id}/pitch-length", data={"pitch-length-minutes": "90"}, follow_redirects=True
    )
    assert "Entre 1 et 30 minutes." in page(wrong) and reread(world).pitch_minutes == 7


def test_the_running_order_is_drawn_and_moved_with_plain_forms(as_role, world, day):
    organiser_client = as_role("organiser")
    curieux = db.session.execute(db.select(Team).filter_by(name="Les Curieux")).scalar_one()
    organiser_client.post(
        f"/events/{world.event_id}/running-order", data={"team": str(curieux.public_id), "step": "down"}
    )
    assert names(pitching.desk(reread(world)).order) == ["Les Pionniers", "Les Curieux", "Les Voisins"]
    assert (
        organiser_client.post(
            f"/events/{world.event_id}/running-order", data={"team": str(curieux.public_id), "step": "sideways"}
        ).status_code
        == 404
    )
    organiser_client.post(f"/events/{world.event_id}/running-order/shuffle")
    assert sorted(team.pitch_position for team in reread(world).teams) == [0, 1, 2]


@pytest.mark.parametrize("role", ["participant", "juror", "anonymous"])
def test_only_organisers_drive_the_pitches(as_role, world, day, role):
    day()
    someone = as_role(role)
    seen = str(reread(world).pitch_team.public_id)
    for url, data in (
        (f"/events/{world.event_id}/pitch/start", {"seen": seen}),
        (f"/events/{world.event_id}/pitch/next", {"seen": seen}),
        (f"/events/{world.event_id}/running-order/shuffle", {}),
        (f"/events/{world.event_id}/pitch-length", {"pitch-length-minutes": "1"}),
    ):
        assert someone.post(url, data=data).status_code in (302, 403), url
    assert someone.get(f"/events/{world.event_id}/pitch-desk").status_code in (302, 403)
    event = reread(world)
    assert event.pitch_started_at is None and event.pitch_team.name == "Les Curieux" and event.pitch_minutes == 5
    assert all(team.pitch_position is None for team in event.teams)


def test_a_team_page_says_its_turn_and_the_jury_scores_in_the_running_order(as_role, world, day):
    event = day()  # Les Curieux on screen, Les Pionniers next
    member = as_role("participant")  # a member of Les Pionniers
    turn = page(member.get(f"/teams/{world.team_id}"))
    assert "Vous passez en n° 2 sur 3." in turn and "À l'écran : Les Curieux." in turn
    assert "Vous êtes les prochains" in turn
    pitching.next_pitch(event, event.pitch_team.public_id)
    turn = page(member.get(f"/teams/{world.team_id}"))
    assert "C'est votre pitch : à vous !" in turn and "Prêt à démarrer" in turn
    voisins = next(team for team in reread(world).teams if team.name == "Les Voisins")
    pitching.move_in_running_order(reread(world), voisins.public_id, -1)
    pitching.move_in_running_order(reread(world), voisins.public_id, -1)
    juror = next(person for person in reread(world).people if person.is_juror)
    sheet = sheets.sheet(juror, voisins.public_id)
    assert [row.name for row in sheet.teams] == ["Les Voisins", "Les Curieux", "Les Pionniers"]
    assert sheet.position == 0
