"""The deliberation once scoring is locked: the ranking, the confirmed winners and the reason to depart from the
ranking; who may see it; the ceremony's reveals and the projector; the audience vote, apart from the jury."""

import pytest

from badgeathon.auth.models import Person
from badgeathon.errors import BadgeathonError, Conflict
from badgeathon.events.phases import Phase
from badgeathon.extensions import db
from badgeathon.jury import deliberation
from badgeathon.jury.deliberation import VoteRefused
from badgeathon.jury.models import AudienceVote, AuditEntry, Decision

from .conftest import (
    CLEAR_RANKING,
    build_jury,
    count,
    database,
    deliberation_table,
    juror_client,
    move_to,
    note,
    organiser,
    organiser_client,
    page,
    participant_client,
    recuse,
    score,
    score_everything,
    team,
    the_event,
)


def member(name: str) -> Person:
    return db.session.execute(db.select(Person).filter_by(name=name)).scalar_one()


def ranked(app, jury) -> list[str]:
    with database(app):
        return [line.team.name for line in deliberation.standings(the_event(jury))[1]]


def confirm(client, jury, *teams: str, reason: str = ""):
    data = {f"place_{place}": str(jury.teams[name]) for place, name in enumerate(teams, start=1)}
    return client.post(f"/jury/events/{jury.event_id}/deliberation", data={**data, "reason": reason})


def decided(app, jury) -> tuple[list[str], str, int] | None:
    with database(app):
        decision = deliberation.decision_of(the_event(jury))
        if decision is None:
            return None
        return [t.name for t in deliberation.winners(the_event(jury))], decision.reason, decision.revealed


def confirmed_entries(app) -> list[dict]:
    with database(app):
        return [
            entry.after
            for entry in db.session.execute(
                db.select(AuditEntry).filter_by(action="winners_confirmed").order_by(AuditEntry.id)
            ).scalars()
        ]


# --- the ranking ----------------------------------------------------------------------------------------------------


def test_after_the_lock_jury_and_organiser_see_the_ranking_and_every_comment(app, jury):
    move_to(app, jury, Phase.PITCHES)
    score_everything(app, jury)
    note(app, jury, "chloe", "Les Voisins", "Chloé a adoré les preuves")
    move_to(app, jury, Phase.DELIBERATION)

    as_juror = juror_client(app, jury, "ada").get(f"/jury/events/{jury.event_id}/deliberation")
    as_organiser = organiser_client(app).get(f"/jury/events/{jury.event_id}/deliberation")

    assert (as_juror.status_code, as_organiser.status_code) == (200, 200)
    expected = [("1", "Les Voisins"), ("2", "Les Zélés"), ("3", "Les Pionniers")]
    assert deliberation_table(as_juror) == deliberation_table(as_organiser) == expected
    assert "Chloé a adoré les preuves" in page(as_juror)
    assert "Confirmer les lauréats" not in page(as_juror)
    assert "Confirmer les lauréats" in page(as_organiser)
    with database(app):
        lines = deliberation.standings(the_event(jury))[1]
        assert [(line.team.name, line.entry.jurors) for line in lines] == [
            ("Les Voisins", 3),
            ("Les Zélés", 3),
            ("Les Pionniers", 2),
        ]


def test_the_ranking_leaves_out_the_scores_of_a_juror_recused_afterwards(app, locked):
    def voisins():
        with database(app):
            entry = next(
                e
                for e in deliberation.rank_event(the_event(locked)).raw
                if e.design == str(locked.teams["Les Voisins"])
            )
            return entry.jurors, entry.raw_score

    assert voisins() == (3, pytest.approx(13 / 3))

    recuse(app, locked, "ada", "Les Voisins", True, "Conflit découvert à la délibération")

    assert voisins() == (2, pytest.approx(4.0))  # Basile's 4 and Chloé's 4, no longer Ada's 5


def test_a_departing_choice_is_judged_against_the_ranking_without_the_recused_scores(app, jury):
    move_to(app, jury, Phase.PITCHES)
    score_everything(app, jury)
    # Chloé alone puts Les Zélés first; Ada and Basile are recused for both leaders afterwards.
    score(app, jury, "chloe", "Les Zélés", 5)
    for key in ("ada", "basile"):
        recuse(app, jury, key, "Les Zélés", True)
        recuse(app, jury, key, "Les Voisins", True)
    move_to(app, jury, Phase.DELIBERATION)

    assert ranked(app, jury)[0] == "Les Zélés"
    assert confirm(organiser_client(app), jury, "Les Zélés", "Les Voisins").status_code == 302
    assert confirmed_entries(app)[0]["departs"] is False


# --- confirming the winners -------------------------------------------------------------------------------------


def test_confirming_winners_in_ranking_order_needs_no_reason(app, locked):
    client = organiser_client(app)

    response = confirm(client, locked, "Les Voisins", "Les Zélés")

    assert response.status_code == 302
    assert decided(app, locked) == (["Les Voisins", "Les Zélés"], "", 0)
    assert confirmed_entries(app) == [{"winners": ["Les Voisins", "Les Zélés"], "departs": False, "reason": ""}]
    assert "Lauréats confirmés" in page(client.get(response.headers["Location"]))


def test_departing_from_the_ranking_without_a_reason_is_refused(app, locked):
    client = organiser_client(app)

    swapped = confirm(client, locked, "Les Zélés", "Les Voisins")
    skipped = confirm(client, locked, "Les Voisins", "Les Pionniers", reason="   ")

    assert (swapped.status_code, skipped.status_code) == (422, 422)
    assert str(deliberation.ReasonNeeded.default_message) in page(swapped)
    assert decided(app, locked) is None
    assert confirmed_entries(app) == []


def test_departing_from_the_ranking_with_a_reason_is_stored_and_audited(app, locked):
    reason = "Les Pionniers visent un public que personne d'autre ne vise"

    response = confirm(organiser_client(app), locked, "Les Voisins", "Les Pionniers", reason=reason)

    assert response.status_code == 302
    assert decided(app, locked) == (["Les Voisins", "Les Pionniers"], reason, 0)
    assert confirmed_entries(app) == [{"winners": ["Les Voisins", "Les Pionniers"], "departs": True, "reason": reason}]


def test_the_wrong_number_of_winners_is_refused(app, locked):
    with database(app):
        event, by = the_event(locked), organiser()
        for chosen in (["Les Voisins"], ["Les Voisins", "Les Zélés", "Les Pionniers"], ["Les Voisins", "Les Voisins"]):
            with pytest.raises(BadgeathonError, match="Choisissez 2 badges différents"):
                deliberation.confirm_winners(event, by, [locked.teams[name] for name in chosen], "Parce que")

    twice = confirm(organiser_client(app), locked, "Les Voisins", "Les Voisins", reason="Parce que")

    assert twice.status_code == 422
    assert "Choisissez 2 badges différents" in page(twice)
    with database(app):
        assert count(Decision) == 0


def test_winners_cannot_change_once_the_ceremony_has_started(app, locked):
    client = organiser_client(app)
    confirm(client, locked, "Les Voisins", "Les Zélés")
    move_to(app, locked, Phase.RESULTS)
    with database(app):
        deliberation.reveal(the_event(locked), organiser(), 1)

    response = confirm(client, locked, "Les Voisins", "Les Pionniers", reason="Changement d'avis")

    assert response.status_code == 422
    assert "La cérémonie a commencé" in page(response)
    assert decided(app, locked) == (["Les Voisins", "Les Zélés"], "", 1)
    with database(app), pytest.raises(Conflict):
        deliberation.confirm_winners(
            the_event(locked), organiser(), [locked.teams["Les Zélés"], locked.teams["Les Voisins"]], "Autre avis"
        )


def test_winners_may_be_corrected_before_the_ceremony_and_the_change_is_audited(app, locked):
    client = organiser_client(app)
    confirm(client, locked, "Les Voisins", "Les Zélés")

    response = confirm(client, locked, "Les Voisins", "Les Pionniers", reason="Coup de cœur du jury")

    assert response.status_code == 302
    assert decided(app, locked)[0] == ["Les Voisins", "Les Pionniers"]
    with database(app):
        last = db.session.execute(
            db.select(AuditEntry).filter_by(action="winners_confirmed").order_by(AuditEntry.id.desc()).limit(1)
        ).scalar_one()
        assert last.before == {"winners": ["Les Voisins", "Les Zélés"], "reason": ""}


def test_a_juror_cannot_confirm_the_winners(app, locked):
    response = confirm(juror_client(app, locked, "ada"), locked, "Les Voisins", "Les Zélés")

    assert response.status_code == 403
    assert decided(app, locked) is None


# --- who may see it -----------------------------------------------------------------------------------------------


def test_the_deliberation_stays_closed_until_scoring_is_locked(app, jury):
    move_to(app, jury, Phase.SCORING)
    url = f"/jury/events/{jury.event_id}/deliberation"

    as_juror = juror_client(app, jury, "ada").get(url)
    as_organiser = organiser_client(app).get(url)

    assert (as_juror.status_code, as_organiser.status_code) == (409, 409)
    assert "La délibération s'ouvre quand la notation est verrouillée." in page(as_juror)
    with database(app), pytest.raises(deliberation.NotDeliberating):
        deliberation.standings(the_event(jury))


def test_a_participant_is_refused_every_jury_route(app, jury):
    client = participant_client(app, jury, "Les Voisins", "Paul Participant")
    values = {
        "event_id": jury.event_id,
        "team_id": jury.teams["Les Voisins"],
        "criterion_id": jury.criteria[0],
        "kind": "scores",
        "fmt": "csv",
    }
    checked = []
    for rule in app.url_map.iter_rules():
        roles = getattr(app.view_functions[rule.endpoint], "allowed_roles", None)
        if not rule.endpoint.startswith("jury.") or roles == "public" or "participant" in roles:
            continue
        url = rule.build({name: values[name] for name in rule.arguments})[1]
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = client.open(url, method=method, json={} if rule.endpoint.startswith("jury.save_") else None)
            assert response.status_code == 403, (method, url)
            checked.append(rule.endpoint)
    assert {"jury.home", "jury.save_score", "jury.deliberation_page", "jury.export", "jury.reveal"} <= set(checked)


def test_a_juror_of_another_event_gets_not_found_on_this_events_deliberation(app, locked):
    other = build_jury(
        app,
        name="Badgeathon Rouen",
        organiser=False,
        teams={"Les Rouennais": ("Rémi", "")},
        jurors={"olga": ("Olga Autre", "olga@region.example", "")},
    )
    move_to(app, other, Phase.DELIBERATION)
    client = juror_client(app, other, "olga")

    assert client.get(f"/jury/events/{locked.event_id}/deliberation").status_code == 404
    assert client.get(f"/jury/events/{other.event_id}/deliberation").status_code == 200
    assert client.get(f"/jury/scoring/{locked.teams['Les Voisins']}").status_code == 404


# --- the ceremony -------------------------------------------------------------------------------------------------


@pytest.fixture
def confirmed(app, locked):
    """Winners confirmed in ranking order: Les Voisins first, Les Zélés second."""
    confirm(organiser_client(app), locked, "Les Voisins", "Les Zélés")
    return locked


def reveal(app, jury, step: int) -> int:
    with database(app):
        return deliberation.reveal(the_event(jury), organiser(), step)


def test_reveal_steps_forward_and_back_within_bounds_only_at_the_results(app, confirmed):
    with database(app), pytest.raises(Conflict):
        deliberation.reveal(the_event(confirmed), organiser(), 1)
    move_to(app, confirmed, Phase.RESULTS)

    assert [reveal(app, confirmed, 1) for _ in range(3)] == [1, 2, 2]
    assert [reveal(app, confirmed, -1) for _ in range(3)] == [1, 0, 0]
    with database(app):
        assert count(AuditEntry, action="ceremony") == 4
        steps = deliberation.ceremony_steps(the_event(confirmed))
        assert [(s.kind, s.place, s.team.name) for s in steps] == [
            ("winner", 2, "Les Zélés"),
            ("winner", 1, "Les Voisins"),
        ]


def test_reveal_needs_confirmed_winners(app, locked):
    move_to(app, locked, Phase.RESULTS)

    response = organiser_client(app).post(f"/jury/events/{locked.event_id}/ceremony", data={"step": "1"})

    assert response.status_code == 409
    assert "Confirmez d'abord les lauréats." in page(response)


def test_organiser_reveals_from_the_ceremony_page(app, confirmed):
    move_to(app, confirmed, Phase.RESULTS)
    client = organiser_client(app)
    url = f"/jury/events/{confirmed.event_id}/ceremony"

    forward = client.post(url, data={"step": "1"})
    as_json = client.post(url, data={"step": "1"}, headers={"Accept": "application/json"})
    back = client.post(url, data={"step": "-1"}, headers={"Accept": "application/json"})

    assert (forward.status_code, forward.headers["Location"]) == (302, url)
    assert (as_json.json, back.json) == ({"revealed": 2}, {"revealed": 1})
    assert "Étape 1 sur 2" in page(client.get(url))


def test_the_projector_shows_only_the_revealed_steps(app, confirmed):
    move_to(app, confirmed, Phase.RESULTS)
    client = app.test_client()
    url = f"/jury/screen/{confirmed.screen_token}"

    before = page(client.get(url))
    reveal(app, confirmed, 1)
    second_place = page(client.get(url))
    reveal(app, confirmed, 1)
    both = page(client.get(url))

    assert "Les Zélés" not in before and "Les Voisins" not in before
    assert "Lauréat n° 2" in second_place and "Les Zélés" in second_place
    assert "Les Voisins" not in second_place
    assert "Lauréat n° 1" in both and "Les Voisins" in both


def test_the_screen_links_follow_the_results_phase(app, confirmed):
    client = app.test_client()
    token = confirmed.screen_token

    outside = client.get(f"/jury/screen/{token}")
    assert (outside.status_code, outside.headers["Location"]) == (302, f"/screen/{token}")
    assert client.get(f"/screen/{token}").status_code == 200

    move_to(app, confirmed, Phase.RESULTS)
    inside = client.get(f"/screen/{token}")
    assert (inside.status_code, inside.headers["Location"]) == (302, f"/jury/screen/{token}")
    assert client.get(f"/jury/screen/{token}").status_code == 200
    assert client.get("/jury/screen/pas-un-jeton").status_code == 404


# --- the audience vote --------------------------------------------------------------------------------------------


@pytest.fixture
def voting(app):
    """An event with the audience prize, at the pitches."""
    jury = build_jury(app, audience_vote=True)
    move_to(app, jury, Phase.PITCHES)
    return jury


def vote(app, jury, voter: str, team_name: str) -> None:
    with database(app):
        deliberation.cast_vote(member(voter), jury.teams[team_name])


def test_audience_vote_is_open_only_with_the_audience_prize_at_the_pitches_and_scoring(app, jury):
    move_to(app, jury, Phase.PITCHES)
    with database(app):
        with pytest.raises(VoteRefused):
            deliberation.cast_vote(member("Alice Martin"), jury.teams["Les Voisins"])  # no audience prize
        event = the_event(jury)
        event.audience_vote = True
        db.session.commit()
    for phase, open_ in (
        (Phase.DESIGN, False),
        (Phase.PITCHES, True),
        (Phase.SCORING, True),
        (Phase.DELIBERATION, False),
    ):
        move_to(app, jury, phase)
        with database(app):
            assert deliberation.vote_open(the_event(jury)) is open_, phase
    with database(app):
        with pytest.raises(VoteRefused):
            deliberation.cast_vote(member("Alice Martin"), jury.teams["Les Voisins"])
        assert count(AudienceVote) == 0

    client = participant_client(app, jury, "Les Zélés", "Paul Participant")
    assert "Le vote du public n'est pas ouvert." in page(client.get("/jury/vote"))
    refused = client.post("/jury/vote", data={"team": str(jury.teams["Les Voisins"])})
    assert refused.status_code == 409


def test_a_participant_cannot_vote_for_their_own_team(app, voting):
    with database(app), pytest.raises(VoteRefused):
        deliberation.cast_vote(member("Alice Martin"), voting.teams["Les Pionniers"])
    client = participant_client(app, voting, "Les Pionniers", "Paul Participant")

    form = page(client.get("/jury/vote"))
    own = client.post("/jury/vote", data={"team": str(voting.teams["Les Pionniers"])})

    assert str(voting.teams["Les Voisins"]) in form
    assert str(voting.teams["Les Pionniers"]) not in form
    assert own.status_code == 422
    with database(app):
        assert count(AudienceVote) == 0


def test_a_participant_votes_once_only(app, voting):
    client = participant_client(app, voting, "Les Pionniers", "Paul Participant")

    first = client.post("/jury/vote", data={"team": str(voting.teams["Les Voisins"])})
    second = client.post("/jury/vote", data={"team": str(voting.teams["Les Zélés"])})

    assert (first.status_code, second.status_code) == (302, 409)
    assert "Votre vote est enregistré." in page(client.get("/jury/vote"))
    with database(app):
        assert [v.team_id for v in db.session.execute(db.select(AudienceVote)).scalars()] == [
            team(voting, "Les Voisins").id
        ]


def test_audience_votes_are_counted_and_never_mixed_into_the_jury_ranking(app, voting):
    score_everything(app, voting)
    with database(app):
        before = deliberation.rank_event(the_event(voting))
    vote(app, voting, "Victor Hugo", "Les Pionniers")
    vote(app, voting, "Zoé Lemaître", "Les Pionniers")
    vote(app, voting, "Alice Martin", "Les Zélés")
    move_to(app, voting, Phase.DELIBERATION)

    with database(app):
        event = the_event(voting)
        assert [(t.name, votes) for t, votes in deliberation.audience_results(event)] == [
            ("Les Pionniers", 2),
            ("Les Zélés", 1),
            ("Les Voisins", 0),
        ]
        assert deliberation.rank_event(event) == before
    response = organiser_client(app).get(f"/jury/events/{voting.event_id}/deliberation")
    assert [name for _, name in deliberation_table(response)] == CLEAR_RANKING
    assert "Les Pionniers — 2 votes" in page(response)


def test_the_audience_prize_is_revealed_before_the_winners(app, voting):
    with database(app):
        assert deliberation.ceremony_steps(the_event(voting)) == []  # no votes, no winners yet
    score_everything(app, voting)
    vote(app, voting, "Victor Hugo", "Les Pionniers")
    move_to(app, voting, Phase.DELIBERATION)
    confirm(organiser_client(app), voting, "Les Voisins", "Les Zélés")
    move_to(app, voting, Phase.RESULTS)

    with database(app):
        steps = deliberation.ceremony_steps(the_event(voting))
        assert [(s.kind, s.place, s.team.name, s.votes) for s in steps] == [
            ("audience", 0, "Les Pionniers", 1),
            ("winner", 2, "Les Zélés", 0),
            ("winner", 1, "Les Voisins", 0),
        ]
    reveal(app, voting, 1)
    screen = page(app.test_client().get(f"/jury/screen/{voting.screen_token}"))
    assert "Prix du public" in screen and "Les Pionniers" in screen
    assert "Les Zélés" not in screen


def test_the_ranking_links_each_badge_to_its_page_and_writes_french_decimals(app, locked):
    with database(app):
        lines = deliberation.standings(the_event(locked))[1]
        raw = {line.team.name: line.raw.raw_score for line in lines}
    as_juror = page(juror_client(app, locked, "ada").get(f"/jury/events/{locked.event_id}/deliberation"))
    as_organiser = page(organiser_client(app).get(f"/jury/events/{locked.event_id}/deliberation"))

    for name, public_id in locked.teams.items():
        assert f'href="/jury/scoring/{public_id}"' in as_juror  # the juror: the badge's sheet
        assert f'href="/teams/{public_id}"' in as_organiser  # the organiser: the badge as it was pitched
        assert f"({raw[name]:.2f})".replace(".", ",") in as_organiser  # "(4,33)", not "(4.33)"
    assert "4,33" in as_organiser and "4.33" not in as_organiser
    assert "(poids 3)" in as_organiser and "(poids 1,5)" in as_organiser  # the criteria's key


def test_the_ranking_writes_english_decimals_in_english(app, locked):
    client = organiser_client(app)
    client.post("/language", data={"lang": "en", "next": ""})
    english = page(client.get(f"/jury/events/{locked.event_id}/deliberation"))

    assert "Deliberation" in english
    assert "4.33" in english and "4,33" not in english
    assert "(weight 1.5)" in english
