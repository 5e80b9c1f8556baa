"""The event's rubric: the default one, editing it until the first score, frozen after it, and the logged reset
that reopens it."""

import pytest

from badgeathon.errors import BadgeathonError
from badgeathon.events.phases import Phase
from badgeathon.extensions import db
from badgeathon.jury import rubric, scoring
from badgeathon.jury.models import AuditEntry, Criterion, FinalSheet, Score
from badgeathon.jury.rubric import CriterionDetails, RubricFrozen

from .conftest import (
    build_jury,
    count,
    database,
    move_to,
    organiser,
    organiser_client,
    page,
    score,
    the_event,
)
from .conftest import juror as juror_of

NEW_CRITERION = {
    "name": "Accessibilité",
    "description": "Lisible par tous",
    "weight": "2",
    "scale_min": "0",
    "scale_max": "3",
    "descriptors": "rien\npeu\nassez\ntout",
}


def details(name="Originalité", weight=1.0, scale=(0, 5)) -> CriterionDetails:
    return CriterionDetails(name, "", weight, scale[0], scale[1], ())


def criterion_count(app, jury) -> int:
    with database(app):
        return count(Criterion, event_id=the_event(jury).id)


# --- the default rubric -----------------------------------------------------------------------------------------


def test_default_rubric_has_six_weighted_criteria_on_a_zero_to_five_scale(app, jury):
    with database(app) as session:
        assert [c.public_id for c in rubric.criteria_of(the_event(jury))] == jury.criteria  # made with the event
        session.commit()
        criteria = the_event(jury).criteria
        assert [c.weight for c in criteria] == [3, 3, 2, 2, 1.5, 1]
        assert [c.position for c in criteria] == list(range(6))
        assert criteria[0].name == "Pertinence pour la reconnaissance des compétences"
        assert criteria[1].name == "Plus-value pour l'insertion professionnelle"
        assert all((c.scale_min, c.scale_max) == (0, 5) for c in criteria)
        assert [value for value, _ in criteria[0].levels] == [0, 1, 2, 3, 4, 5]
        assert criteria[0].levels[5][1].startswith("5 — ")


def test_a_new_event_has_the_default_rubric_before_any_page_opens(app):
    jury = build_jury(app)
    assert criterion_count(app, jury) == 6  # made with the event: the jury's pages only read it

    response = organiser_client(app).get(f"/jury/events/{jury.event_id}/rubric")

    assert response.status_code == 200
    assert "Qualité du pitch" in page(response)
    assert criterion_count(app, jury) == 6


# --- editing before scoring -------------------------------------------------------------------------------------


def test_organiser_adds_a_criterion_before_scoring(app, jury):
    response = organiser_client(app).post(f"/jury/events/{jury.event_id}/rubric", data=NEW_CRITERION)

    assert response.status_code == 302
    with database(app):
        added = the_event(jury).criteria[-1]
        assert (added.name, added.weight, added.scale_min, added.scale_max, added.position) == (
            "Accessibilité",
            2,
            0,
            3,
            6,
        )
        assert added.descriptors == ["rien", "peu", "assez", "tout"]
        assert count(AuditEntry, action="rubric_changed") == 1


def test_organiser_changes_a_criterion_weight_before_scoring(app, jury):
    first = jury.criteria[0]
    response = organiser_client(app).post(
        f"/jury/events/{jury.event_id}/rubric?criterion={first}",
        data={**NEW_CRITERION, "name": "Pertinence", "weight": "4"},
    )

    assert response.status_code == 302
    with database(app):
        criterion = the_event(jury).criteria[0]
        assert (criterion.public_id, criterion.name, criterion.weight) == (first, "Pertinence", 4)
        assert len(the_event(jury).criteria) == 6


def test_organiser_deletes_a_criterion_before_scoring_and_the_others_close_ranks(app, jury):
    response = organiser_client(app).post(f"/jury/events/{jury.event_id}/rubric/{jury.criteria[1]}/delete")

    assert response.status_code == 302
    with database(app):
        criteria = the_event(jury).criteria
        assert [c.public_id for c in criteria] == [jury.criteria[0], *jury.criteria[2:]]
        assert [c.position for c in criteria] == list(range(5))


def test_a_criterion_without_name_weight_or_proper_scale_is_refused(app, jury):
    bad = [details(name="  "), details(weight=0), details(weight=101), details(scale=(3, 3)), details(scale=(0, 21))]
    with database(app):
        for one in bad:
            with pytest.raises(BadgeathonError):
                rubric.save_criterion(the_event(jury), organiser(), None, one)
    assert criterion_count(app, jury) == 6


def test_an_invalid_criterion_form_is_shown_again_with_its_errors(app, jury):
    response = organiser_client(app).post(
        f"/jury/events/{jury.event_id}/rubric", data={**NEW_CRITERION, "name": "", "weight": "0"}
    )

    assert response.status_code == 422
    assert "Ce champ est obligatoire." in page(response)
    assert criterion_count(app, jury) == 6


# --- frozen from the first score --------------------------------------------------------------------------------


@pytest.fixture
def scored(app, jury):
    """Scoring has started: Ada gave one score."""
    move_to(app, jury, Phase.PITCHES)
    score(app, jury, "ada", "Les Voisins", [4])
    return jury


def test_rubric_is_frozen_after_the_first_score(app, jury):
    move_to(app, jury, Phase.SCORING)
    with database(app):
        assert not rubric.is_frozen(the_event(jury))

    score(app, jury, "ada", "Les Voisins", [4])

    with database(app):
        event = the_event(jury)
        assert rubric.is_frozen(event)
        with pytest.raises(RubricFrozen):
            rubric.save_criterion(event, organiser(), None, details())
        with pytest.raises(RubricFrozen):
            rubric.save_criterion(event, organiser(), jury.criteria[0], details(weight=9))
        with pytest.raises(RubricFrozen):
            rubric.delete_criterion(event, organiser(), jury.criteria[0])
    with database(app):
        assert [c.weight for c in the_event(jury).criteria] == [3, 3, 2, 2, 1.5, 1]


def test_frozen_rubric_page_offers_no_edit_and_refuses_changes(app, scored):
    client = organiser_client(app)

    shown = page(client.get(f"/jury/events/{scored.event_id}/rubric"))
    posted = client.post(f"/jury/events/{scored.event_id}/rubric", data=NEW_CRITERION)
    deleted = client.post(f"/jury/events/{scored.event_id}/rubric/{scored.criteria[0]}/delete")

    assert "la grille est figée" in shown
    assert "Enregistrer le critère" not in shown
    assert f"/rubric/{scored.criteria[0]}/delete" not in shown
    assert posted.status_code != 302
    assert str(RubricFrozen.default_message) in page(posted)
    assert deleted.status_code == 409
    assert criterion_count(app, scored) == 6


# --- the reset ------------------------------------------------------------------------------------------------------


def test_reset_needs_a_reason_and_keeps_the_scores_without_one(app, scored):
    with database(app):
        for reason in ("", "   "):
            with pytest.raises(BadgeathonError):
                rubric.reset_scores(the_event(scored), organiser(), reason)
    with database(app):
        assert count(Score) == 1
        assert count(AuditEntry, action="scores_reset") == 0


def test_reset_form_without_reason_or_confirmation_is_refused(app, scored):
    client = organiser_client(app)

    no_reason = client.post(f"/jury/events/{scored.event_id}/reset", data={"reason": "", "confirm": "y"})
    unconfirmed = client.post(f"/jury/events/{scored.event_id}/reset", data={"reason": "Erreur de poids"})

    assert (no_reason.status_code, unconfirmed.status_code) == (422, 422)
    assert "Cochez la case pour confirmer." in page(unconfirmed)
    with database(app):
        assert count(Score) == 1


def test_reset_deletes_scores_and_final_marks_and_is_audited(app, scored):
    score(app, scored, "chloe", "Les Zélés", 3)
    with database(app):
        scoring.mark_final(juror_of(scored, "chloe"))

    response = organiser_client(app).post(
        f"/jury/events/{scored.event_id}/reset", data={"reason": "Le poids du pitch était faux", "confirm": "y"}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == f"/jury/events/{scored.event_id}/rubric"
    with database(app):
        event = the_event(scored)
        assert count(Score, event_id=event.id) == 0
        assert count(FinalSheet, event_id=event.id) == 0
        entry = db_entry("scores_reset")
        assert entry.subject == "Le poids du pitch était faux"
        assert (entry.before, entry.after) == ({"scores": 7}, {"scores": 0})
        assert entry.actor.email == "orga@region.example"


def test_after_a_reset_the_rubric_can_change_again(app, scored):
    with database(app):
        assert rubric.reset_scores(the_event(scored), organiser(), "Nouvelle grille") == 1

    response = organiser_client(app).post(f"/jury/events/{scored.event_id}/rubric", data=NEW_CRITERION)

    assert response.status_code == 302
    assert criterion_count(app, scored) == 7


def db_entry(action: str) -> AuditEntry:
    return db.session.execute(db.select(AuditEntry).filter_by(action=action)).scalar_one()
