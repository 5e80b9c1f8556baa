"""A juror's scoring, through the JSON autosave routes and the services: saving, changing and clearing a score,
the scale, when scoring is open, recusals (automatic and the organiser's), the final mark, the audit log and
each juror's progress."""

import random
import re

import pytest
from sqlalchemy import event as sqlalchemy_event

from badgeathon.events.phases import Phase
from badgeathon.extensions import db
from badgeathon.jury import recusal_service, scoring, sheets
from badgeathon.jury.models import AuditEntry, Note, Score
from badgeathon.jury.scoring import Recused, ScoringClosed, ScoringFinal
from badgeathon.workshop import studio

from .conftest import (
    count,
    database,
    juror,
    juror_client,
    move_to,
    note,
    organiser_client,
    page,
    participant_client,
    post_note,
    post_score,
    recuse,
    score,
    team,
    the_event,
)


@pytest.fixture
def open_jury(app, jury):
    """The pitches have started: scoring is open."""
    move_to(app, jury, Phase.PITCHES)
    return jury


@pytest.fixture
def ada(app, open_jury):
    return juror_client(app, open_jury, "ada")


def stored(app, jury, key, team_name) -> dict[int, int]:
    """A juror's stored scores for one badge: criterion position -> value."""
    with database(app):
        positions = {c.id: c.position for c in the_event(jury).criteria}
        rows = db.session.execute(
            db.select(Score.criterion_id, Score.value).filter_by(
                juror_id=juror(jury, key).id, team_id=team(jury, team_name).id
            )
        ).all()
        return {positions[criterion_id]: value for criterion_id, value in rows}


def score_entries(app) -> list[tuple]:
    with database(app):
        return [
            (entry.actor.name, entry.subject, entry.before, entry.after)
            for entry in db.session.execute(
                db.select(AuditEntry).filter_by(action="score").order_by(AuditEntry.id)
            ).scalars()
        ]


def progress_of(app, jury, key) -> sheets.Progress:
    with database(app):
        return sheets.progress_of(juror(jury, key))


# --- saving, changing, clearing -----------------------------------------------------------------------------------


def test_juror_saves_a_score_and_the_server_acknowledges_it(app, open_jury, ada):
    response = post_score(ada, open_jury, "Les Voisins", 0, 4)

    assert response.status_code == 200
    assert response.json == {"saved": True, "progress": {"scored": 0, "to_score": 3}}
    assert stored(app, open_jury, "ada", "Les Voisins") == {0: 4}


def test_organiser_fetches_progress_counts_and_no_score(app, open_jury, ada):
    post_score(ada, open_jury, "Les Voisins", 0, 4)

    answer = organiser_client(app).get(f"/jury/events/{open_jury.event_id}/progress.json")

    assert answer.status_code == 200
    ada_line = next(line for line in answer.json["jurors"] if line["name"] == "Ada Lovelace")
    assert ada_line == {"juror": ada_line["juror"], "name": "Ada Lovelace", "scored": 0, "to_score": 3, "final": False}
    assert ada.get(f"/jury/events/{open_jury.event_id}/progress.json").status_code == 403


def test_juror_changes_then_clears_a_score(app, open_jury, ada):
    post_score(ada, open_jury, "Les Voisins", 2, 4)

    changed = post_score(ada, open_jury, "Les Voisins", 2, 1)
    assert changed.status_code == 200
    assert stored(app, open_jury, "ada", "Les Voisins") == {2: 1}

    cleared = post_score(ada, open_jury, "Les Voisins", 2, None)
    assert cleared.status_code == 200
    assert stored(app, open_jury, "ada", "Les Voisins") == {}


def test_each_score_change_is_audited_with_before_and_after(app, open_jury, ada):
    for value in (4, 1, None):
        post_score(ada, open_jury, "Les Voisins", 5, value)

    subject = "Les Voisins · Qualité du pitch"
    assert score_entries(app) == [
        ("Ada Lovelace", subject, {"value": None}, {"value": 4}),
        ("Ada Lovelace", subject, {"value": 4}, {"value": 1}),
        ("Ada Lovelace", subject, {"value": 1}, {"value": None}),
    ]
    log = page(organiser_client(app).get(f"/jury/events/{open_jury.event_id}/audit"))
    assert log.count(subject) == 3
    assert '"value"' not in log  # the marks stay secret until the lock (tests/security/test_secrecy.py)


def test_resending_the_same_value_is_idempotent(app, open_jury, ada):
    first = post_score(ada, open_jury, "Les Voisins", 0, 3)
    again = post_score(ada, open_jury, "Les Voisins", 0, 3)

    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json["saved"] is True
    assert stored(app, open_jury, "ada", "Les Voisins") == {0: 3}
    assert len(score_entries(app)) == 1

    never_given = post_score(ada, open_jury, "Les Voisins", 1, None)
    assert never_given.status_code == 200
    assert len(score_entries(app)) == 1


def test_the_same_score_written_by_another_tab_meanwhile_is_a_conflict_not_a_server_error(app, open_jury, ada):
    """Another tab's save of the same score lands between this save's read and its write (as two tabs' inserts
    meet on PostgreSQL): the juror is told to reload (409), and nothing of this save is written."""
    with database(app):
        engine = db.engine

    inserted = []

    def other_tab_first(conn, cursor, statement, parameters, context, executemany):
        if not inserted and statement.lstrip().upper().startswith("INSERT INTO SCORE"):
            inserted.append(True)
            cursor.execute(statement, parameters)  # the other tab's row, already there when this insert runs

    sqlalchemy_event.listen(engine, "before_cursor_execute", other_tab_first)
    try:
        answer = post_score(ada, open_jury, "Les Voisins", 0, 4)
    finally:
        sqlalchemy_event.remove(engine, "before_cursor_execute", other_tab_first)

    assert answer.status_code == 409
    assert "autre onglet" in answer.json["message"]
    assert score_entries(app) == []
    assert post_score(ada, open_jury, "Les Voisins", 0, 4).status_code == 200  # after a reload, it saves
    assert stored(app, open_jury, "ada", "Les Voisins") == {0: 4}


def test_a_resend_of_a_stored_value_after_the_lock_is_acknowledged_not_refused(app, open_jury, ada):
    # The outbox resends what it did not see acknowledged: the value is on the server, so say so.
    post_score(ada, open_jury, "Les Voisins", 0, 3)
    move_to(app, open_jury, Phase.DELIBERATION)

    again = post_score(ada, open_jury, "Les Voisins", 0, 3)

    assert again.status_code == 200 and again.json["saved"] is True
    assert len(score_entries(app)) == 1


def test_a_value_off_the_scale_or_not_an_integer_is_refused_and_nothing_written(app, open_jury, ada):
    post_score(ada, open_jury, "Les Voisins", 0, 5)

    for value in (6, -1, 100, "4", 2.5, True):
        response = post_score(ada, open_jury, "Les Voisins", 0, value)
        assert response.status_code == 400, value
        assert response.json["code"] == "refused"
        assert post_score(ada, open_jury, "Les Zélés", 0, value).status_code == 400

    assert stored(app, open_jury, "ada", "Les Voisins") == {0: 5}
    assert stored(app, open_jury, "ada", "Les Zélés") == {}
    assert len(score_entries(app)) == 1


def test_unknown_criterion_or_team_is_not_found(app, open_jury, ada):
    unknown_criterion = ada.post(
        f"/jury/scoring/{open_jury.teams['Les Voisins']}/scores", json={"criterion": "pas-un-uuid", "value": 3}
    )
    unknown_team = ada.post(
        f"/jury/scoring/{open_jury.jurors['ada']}/scores", json={"criterion": str(open_jury.criteria[0]), "value": 3}
    )
    unreadable = ada.post(f"/jury/scoring/{open_jury.teams['Les Voisins']}/scores", json=[1, 2])

    assert (unknown_criterion.status_code, unknown_team.status_code, unreadable.status_code) == (404, 404, 400)
    with database(app):
        assert count(Score) == 0


def test_juror_saves_a_private_comment_and_a_feedback_within_their_limits(app, open_jury, ada):
    too_long = post_note(ada, open_jury, "Les Voisins", "x" * (scoring.NOTE_LIMIT + 1))
    saved = post_note(ada, open_jury, "Les Voisins", "Très solide", "Bravo pour les preuves")

    assert (too_long.status_code, saved.status_code) == (400, 200)
    with database(app):
        note = db.session.execute(db.select(Note)).scalar_one()
        assert (note.comment, note.feedback) == ("Très solide", "Bravo pour les preuves")


# --- when scoring is open -----------------------------------------------------------------------------------------


def test_scoring_is_closed_before_the_pitches(app, jury):
    client = juror_client(app, jury, "ada")
    for phase in (Phase.PREPARATION, Phase.DESIGN):
        move_to(app, jury, phase)

        response = post_score(client, jury, "Les Voisins", 0, 3)

        assert response.status_code == 409
        assert response.json["code"] == "scoring_closed"
        assert post_note(client, jury, "Les Voisins", "Avant l'heure").status_code == 409
    with database(app):
        assert count(Score) == count(Note) == 0
    sheet = page(client.get(f"/jury/scoring/{jury.teams['Les Voisins']}"))
    assert "La notation n'est pas ouverte." in sheet
    assert 'data-editable="false"' in sheet


def test_scoring_is_open_in_the_pitches_and_scoring_phases(app, jury):
    client = juror_client(app, jury, "ada")
    move_to(app, jury, Phase.PITCHES)
    assert post_score(client, jury, "Les Voisins", 0, 3).status_code == 200
    move_to(app, jury, Phase.SCORING)
    assert post_score(client, jury, "Les Voisins", 1, 3).status_code == 200


def test_moving_to_deliberation_locks_scoring(app, open_jury, ada):
    post_score(ada, open_jury, "Les Voisins", 0, 3)
    move_to(app, open_jury, Phase.DELIBERATION)

    changed = post_score(ada, open_jury, "Les Voisins", 0, 5)
    cleared = post_score(ada, open_jury, "Les Voisins", 0, None)

    assert (changed.status_code, cleared.status_code) == (409, 409)
    assert changed.json["code"] == "scoring_closed"
    assert stored(app, open_jury, "ada", "Les Voisins") == {0: 3}
    with database(app):
        locked = db.session.execute(db.select(AuditEntry).filter_by(action="scoring_locked")).scalar_one()
        assert locked.actor.email == "orga@region.example"
        with pytest.raises(ScoringClosed):
            scoring.mark_final(juror(open_jury, "ada"))


# --- recusal ------------------------------------------------------------------------------------------------------


def test_juror_from_a_team_members_structure_is_recused_automatically(app, open_jury, ada):
    with database(app):
        basile, pioneers = juror(open_jury, "basile"), team(open_jury, "Les Pionniers")
        state = recusal_service.recusal_for(basile, pioneers)
        assert (state.recused, state.automatic, state.override) == (True, True, None)
        assert not recusal_service.recusal_for(juror(open_jury, "ada"), pioneers).recused
        assert not recusal_service.recusal_for(basile, team(open_jury, "Les Voisins")).recused
    assert post_score(ada, open_jury, "Les Zélés", 0, 3).status_code == 200

    participant_client(app, open_jury, "Les Zélés", "Camille Retardataire", "CEP Normandie")  # Ada's structure

    assert post_score(ada, open_jury, "Les Zélés", 0, 4).status_code == 403


def test_recused_juror_cannot_score_even_by_a_direct_post(app, open_jury):
    basile = juror_client(app, open_jury, "basile")

    response = post_score(basile, open_jury, "Les Pionniers", 0, 5)

    assert response.status_code == 403
    assert response.json["code"] == "recused"
    assert post_note(basile, open_jury, "Les Pionniers", "Mes collègues !").status_code == 403
    sheet = page(basile.get(f"/jury/scoring/{open_jury.teams['Les Pionniers']}"))
    assert "Vous êtes récusé·e pour ce badge" in sheet
    assert 'data-editable="false"' in sheet
    with database(app):
        assert count(Score) == count(Note) == 0
        with pytest.raises(Recused):
            scoring.save_score(juror(open_jury, "basile"), open_jury.teams["Les Pionniers"], open_jury.criteria[0], 5)


def test_organiser_lifting_an_automatic_recusal_lets_the_juror_score(app, open_jury):
    prefix = f"r-{open_jury.jurors['basile']}-{open_jury.teams['Les Pionniers']}-"
    response = organiser_client(app).post(
        f"/jury/events/{open_jury.event_id}/recusals",
        data={
            "prefix": prefix,
            f"{prefix}juror": str(open_jury.jurors["basile"]),
            f"{prefix}team": str(open_jury.teams["Les Pionniers"]),
            f"{prefix}state": "cleared",
            f"{prefix}reason": "A quitté l'IRFA l'an dernier",
        },
    )
    assert response.status_code == 302

    assert post_score(juror_client(app, open_jury, "basile"), open_jury, "Les Pionniers", 0, 5).status_code == 200
    with database(app):
        entry = db.session.execute(db.select(AuditEntry).filter_by(action="recusal")).scalar_one()
        assert entry.subject == "Basile Martin · Les Pionniers"
        assert (entry.before, entry.after) == (
            {"recused": True},
            {"recused": False, "reason": "A quitté l'IRFA l'an dernier"},
        )


def test_organiser_adding_a_recusal_blocks_the_juror(app, open_jury, ada):
    recuse(app, open_jury, "ada", "Les Zélés", True, "Sa fille est dans l'équipe")

    response = post_score(ada, open_jury, "Les Zélés", 0, 4)

    assert response.status_code == 403
    assert stored(app, open_jury, "ada", "Les Zélés") == {}


def test_going_back_to_the_automatic_rule_recuses_again(app, open_jury):
    recuse(app, open_jury, "basile", "Les Pionniers", False)
    recuse(app, open_jury, "basile", "Les Pionniers", None)

    assert post_score(juror_client(app, open_jury, "basile"), open_jury, "Les Pionniers", 0, 5).status_code == 403


# --- the final mark -----------------------------------------------------------------------------------------------


def test_after_marking_final_nothing_of_the_jurors_changes(app, open_jury, ada):
    post_score(ada, open_jury, "Les Voisins", 0, 4)
    post_note(ada, open_jury, "Les Voisins", "Premier avis")
    unconfirmed = ada.post("/jury/final", data={}, follow_redirects=True)
    assert "Cochez la case" in page(unconfirmed)
    assert post_score(ada, open_jury, "Les Voisins", 0, 3).status_code == 200

    marked = ada.post("/jury/final", data={"confirm": "y"})
    assert marked.status_code == 302

    changed = post_score(ada, open_jury, "Les Voisins", 0, 1)
    cleared = post_score(ada, open_jury, "Les Voisins", 0, None)
    added = post_score(ada, open_jury, "Les Zélés", 0, 3)
    noted = post_note(ada, open_jury, "Les Voisins", "Second avis")
    assert [r.status_code for r in (changed, cleared, added, noted)] == [409] * 4
    assert changed.json["code"] == "scoring_final"
    assert stored(app, open_jury, "ada", "Les Voisins") == {0: 3}
    assert stored(app, open_jury, "ada", "Les Zélés") == {}
    with database(app):
        assert db.session.execute(db.select(Note.comment)).scalar_one() == "Premier avis"
        assert count(AuditEntry, action="scoring_final") == 1
        with pytest.raises(ScoringFinal):
            scoring.save_score(juror(open_jury, "ada"), open_jury.teams["Les Voisins"], open_jury.criteria[0], 2)
    # the others go on
    assert post_score(juror_client(app, open_jury, "chloe"), open_jury, "Les Voisins", 0, 2).status_code == 200


# --- progress -----------------------------------------------------------------------------------------------------


def test_progress_counts_complete_sheets_only_and_leaves_out_recused_badges(app, open_jury):
    score(app, open_jury, "ada", "Les Voisins", 4)
    score(app, open_jury, "ada", "Les Zélés", [3, 3, 3, 3, 3])  # one criterion left
    score(app, open_jury, "basile", "Les Voisins", 2)

    with database(app):
        lines = {line.name: (line.scored, line.to_score, line.final) for line in sheets.progress(the_event(open_jury))}
    assert lines == {"Ada Lovelace": (1, 3, False), "Basile Martin": (1, 2, False), "Chloé Durand": (0, 3, False)}
    basile = progress_of(app, open_jury, "basile")  # the one-juror count sent after each save agrees
    assert (basile.scored, basile.to_score, basile.final) == (1, 2, False)


def test_a_sheet_scored_before_a_recusal_no_longer_counts_in_progress(app, open_jury):
    score(app, open_jury, "ada", "Les Voisins", 4)
    score(app, open_jury, "ada", "Les Zélés", 4)

    recuse(app, open_jury, "ada", "Les Zélés", True, "Conflit déclaré après coup")

    progress = progress_of(app, open_jury, "ada")
    assert (progress.scored, progress.to_score) == (1, 2)  # not "2 / 2": Les Pionniers is still to score
    with database(app):
        assert sheets.progress(the_event(open_jury))[0] == progress


def test_organiser_dashboard_shows_progress_but_no_score(app, open_jury):
    score(app, open_jury, "ada", "Les Voisins", 4)
    note(app, open_jury, "ada", "Les Voisins", "Un commentaire secret d'Ada")

    response = organiser_client(app).get(f"/jury/events/{open_jury.event_id}")

    text = page(response)
    assert response.status_code == 200
    assert "1 / 3" in text
    assert "Un commentaire secret d'Ada" not in text


# --- secrecy before the deliberation ------------------------------------------------------------------------------


def test_a_jurors_scoring_page_shows_only_their_own_scores_and_notes(app, open_jury, ada):
    score(app, open_jury, "basile", "Les Voisins", 5)
    note(app, open_jury, "basile", "Les Voisins", "Basile trouve ce badge épatant", "Retour de Basile")
    post_score(ada, open_jury, "Les Voisins", 1, 2)

    text = page(ada.get(f"/jury/scoring/{open_jury.teams['Les Voisins']}"))

    assert "Basile trouve ce badge épatant" not in text
    assert "Retour de Basile" not in text
    assert re.findall(r'name="c-([0-9a-f-]+)" value="(\d+)" checked', text) == [(str(open_jury.criteria[1]), "2")]


def test_a_jurors_home_and_progress_say_nothing_of_the_others_scores(app, open_jury, ada):
    score(app, open_jury, "basile", "Les Voisins", 5)
    note(app, open_jury, "basile", "Les Voisins", "Basile trouve ce badge épatant")

    home = ada.get("/jury/")
    saved = post_score(ada, open_jury, "Les Zélés", 0, 1)

    assert home.status_code == 200
    assert "Basile" not in page(home)
    assert saved.json == {"saved": True, "progress": {"scored": 0, "to_score": 3}}  # hers only: Basile's is complete


# --- the sheet's way on, and its counter ----------------------------------------------------------------------------


def neighbours(app, jury, key, team_name) -> tuple[str | None, str | None]:
    with database(app):
        sheet = sheets.sheet(juror(jury, key), jury.teams[team_name])
        return tuple(row.name if row is not None else None for row in (sheet.previous, sheet.following))


def test_the_sheet_leads_on_to_the_badges_the_juror_may_score(app, open_jury):
    # the running order: Les Pionniers, Les Voisins, Les Zélés; Basile is recused for Les Pionniers
    assert neighbours(app, open_jury, "ada", "Les Pionniers") == (None, "Les Voisins")
    assert neighbours(app, open_jury, "ada", "Les Voisins") == ("Les Pionniers", "Les Zélés")
    assert neighbours(app, open_jury, "ada", "Les Zélés") == ("Les Voisins", None)
    assert neighbours(app, open_jury, "basile", "Les Voisins") == (None, "Les Zélés")
    assert neighbours(app, open_jury, "basile", "Les Pionniers") == (None, "Les Voisins")
    recuse(app, open_jury, "ada", "Les Voisins", True)
    assert neighbours(app, open_jury, "ada", "Les Pionniers") == (None, "Les Zélés")

    text = page(juror_client(app, open_jury, "basile").get(f"/jury/scoring/{open_jury.teams['Les Voisins']}"))
    assert "Badge suivant : Les Zélés" in text
    assert "Badge précédent :" not in text and 'rel="prev"' not in text  # nothing before it that he may score
    last = page(juror_client(app, open_jury, "ada").get(f"/jury/scoring/{open_jury.teams['Les Zélés']}"))
    assert "Badge suivant" not in last and "Dernier badge : retour à la liste" in last


def test_each_save_answers_the_jurors_progress_for_the_sheets_counter(app, open_jury, ada):
    criteria = len(open_jury.criteria)
    answers = [post_score(ada, open_jury, "Les Voisins", index, 3).json for index in range(criteria)]

    assert [answer["progress"] for answer in answers] == [{"scored": 0, "to_score": 3}] * (criteria - 1) + [
        {"scored": 1, "to_score": 3}
    ]
    assert post_score(ada, open_jury, "Les Voisins", 0, 3).json["progress"]["scored"] == 1  # a resend: still 1
    assert post_score(ada, open_jury, "Les Voisins", 0, None).json["progress"]["scored"] == 0  # cleared: 0
    recuse(app, open_jury, "ada", "Les Zélés", True)
    assert post_score(ada, open_jury, "Les Voisins", 0, 2).json["progress"] == {"scored": 1, "to_score": 2}


def test_the_sheet_shows_the_whole_badge_and_weights_in_french(app, open_jury):
    with database(app):
        studio.design_for_team(team(open_jury, "Les Voisins"))
    text = page(juror_client(app, open_jury, "ada").get(f"/jury/scoring/{open_jury.teams['Les Voisins']}"))

    for term in (
        "Compétence visée",
        "Public visé",
        "Niveau 1 « je pratique »",
        "Niveau 2 « je maîtrise »",
        "Preuves attendues",
        "Comment c'est évalué",
        "Alignements",
    ):
        assert f"<dt>{term}</dt>" in text
    assert "poids 3<" in text and "poids 1,5<" in text and "poids 1.5" not in text and "poids 3.0" not in text
    assert re.search(r"data-progress [^>]*>0 noté\(s\) sur 3<", text)


def test_every_saves_progress_is_the_count_read_afresh_after_it(app, open_jury, ada):
    """A save answers the progress from the facts it read before writing, moved by its own write (no second read):
    over a random walk of gives, changes, clears and resends, with a recusal and its lifting on the way, each
    answer is what progress_of reads afterwards, and so is the scoring page's counter."""
    rng = random.Random(13)
    names, criteria = list(open_jury.teams), len(open_jury.criteria)
    for step in range(120):
        if step == 40:
            recuse(app, open_jury, "ada", "Les Zélés", True)
        if step == 80:
            recuse(app, open_jury, "ada", "Les Zélés", None)
        name = rng.choice([n for n in names if not (40 <= step < 80 and n == "Les Zélés")])
        answer = post_score(ada, open_jury, name, rng.randrange(criteria), rng.choice([None, 0, 3, 5, 5]))
        assert answer.status_code == 200, answer.json
        fresh = progress_of(app, open_jury, "ada")
        assert answer.json["progress"] == {"scored": fresh.scored, "to_score": fresh.to_score}, step
        if step % 20 == 0:
            text = page(ada.get(f"/jury/scoring/{open_jury.teams[name]}"))
            assert f">{fresh.scored} noté(s) sur {fresh.to_score}<" in text, step
    assert fresh.scored > 0


def test_the_scoring_page_reads_in_english_with_the_pages_translations(app, open_jury, ada):
    """Jinja's gettext is bound to the page's translations once per render: the language switch still applies."""
    assert ada.post("/language", data={"lang": "en"}).status_code in (302, 303)
    text = page(ada.get(f"/jury/scoring/{open_jury.teams['Les Voisins']}"))
    assert "Badge 1 of 3" in text or "Badge 2 of 3" in text or "Badge 3 of 3" in text
    assert "Badge 1 sur 3" not in text and "noté(s) sur" not in text
