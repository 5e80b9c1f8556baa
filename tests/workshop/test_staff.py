"""Region staff correct a winning badge after the lock: only a confirmed winner's locked design, through the studio's
own socket and document; each staff edit logged (a version, an audit entry); the team's final version kept."""

import pytest

from badgeathon.events.phases import Phase
from badgeathon.extensions import db
from badgeathon.jury import deliberation
from badgeathon.jury.models import AuditEntry
from badgeathon.workshop import document, staff, studio
from badgeathon.workshop.models import DesignVersion
from badgeathon.workshop.versions import current_view
from tests.jury.conftest import (
    build_jury,
    database,
    move_to,
    organiser,
    organiser_client,
    page,
    participant_client,
    score_everything,
    team,
    the_event,
)
from tests.ruleset.test_export import BIKE, GARDEN, set_design

from .conftest import Peer, drain

GARDEN_NO_CRITERIA = dict(GARDEN, criteria={"level1": "", "level2": ""})
LEVEL1 = GARDEN["criteria"]["level1"]


def write_design(app, jury, team_name, content):
    """The team's design as the studio leaves it: its content in the CRDT document itself (not only the view)."""
    set_design(app, jury, team_name, content)
    with database(app) as session:
        design = team(jury, team_name).design
        doc = document.load(design.snapshot)
        edits = [document.edit_to_match(doc, design.view), document.edit_image(doc, design.view.image.to_json())]
        design.snapshot = document.merge(design.snapshot, *edits)
        design.view = document.to_view(document.load(design.snapshot))
        session.commit()


def two_winners(app, *, confirm=True):
    """Les Voisins (complete) and Les Zélés (no criteria) designed, locked at the end of the design phase, scored;
    both confirmed winners."""
    jury = build_jury(app)
    move_to(app, jury, Phase.DESIGN)
    write_design(app, jury, "Les Voisins", BIKE)
    write_design(app, jury, "Les Zélés", GARDEN_NO_CRITERIA)
    move_to(app, jury, Phase.PITCHES)  # the design phase ends: every design locked, its final version kept
    score_everything(app, jury)
    move_to(app, jury, Phase.DELIBERATION)
    if confirm:
        with database(app):
            deliberation.confirm_winners(
                the_event(jury), organiser(), [jury.teams["Les Voisins"], jury.teams["Les Zélés"]], ""
            )
    return jury


def design_id(app, jury, team_name) -> str:
    with database(app):
        return str(team(jury, team_name).design.public_id)


def staff_peer(app, jury, team_name) -> Peer:
    return Peer(app, organiser_client(app), design_id(app, jury, team_name))


@pytest.fixture
def winners(app):
    return two_winners(app)


def test_staff_write_a_locked_winner_through_the_studio_and_the_team_final_version_stays(app, winners):
    staff_browser = staff_peer(app, winners, "Les Zélés")
    assert staff_browser.join()["readonly"] is False
    staff_browser.sync()
    ack = staff_browser.type("criteria_level1", 0, LEVEL1)
    assert ack["ok"] is True, ack
    drain(app)
    with database(app):
        design = team(winners, "Les Zélés").design
        assert current_view(design.id).criteria.level1 == LEVEL1
        final = staff.team_final_version(design.id)
        assert final is not None and final.label == "Version finale de l'équipe (échéance)"
        assert final.view.criteria.level1 == ""  # the team's own last word, untouched
        assert final.view.name == GARDEN["name"]


def test_each_staff_edit_is_logged_with_who_and_when_in_the_history_and_the_audit_log(app, winners):
    staff_browser = staff_peer(app, winners, "Les Zélés")
    staff_browser.join()
    staff_browser.sync()
    staff_browser.type("criteria_level1", 0, "Semer.")
    drain(app)
    staff_browser.type("criteria_level2", 0, "Planifier.")
    drain(app)
    with database(app) as session:
        design = team(winners, "Les Zélés").design
        corrections = staff.corrections(design.id)
        assert len(corrections) == 1  # one person's edits within a few minutes: one version, kept up to date
        version = corrections[0]
        assert version.label == "Modifié par l'équipe régionale (Orga)" and version.by.name == "Orga"
        assert version.view.to_json()["criteria"] == {"level1": "Semer.", "level2": "Planifier."}
        entries = session.execute(db.select(AuditEntry).filter_by(action="design_corrected")).scalars().all()
        assert [(entry.actor.name, entry.subject) for entry in entries] == [("Orga", "Les Zélés")]
        assert entries[0].at is not None

    client = organiser_client(app)
    history = page(client.get(f"/designs/{design_id(app, winners, 'Les Zélés')}/history"))
    assert "Modifié par l'équipe régionale (Orga)" in history
    assert "Version finale de l'équipe" in history and "Voir la version finale de l'équipe" in history
    assert "Badge corrigé par l'équipe régionale" in page(client.get(f"/jury/events/{winners.event_id}/audit"))


def test_a_new_staff_session_after_the_window_is_a_new_version(app, winners):
    staff_browser = staff_peer(app, winners, "Les Zélés")
    staff_browser.join()
    staff_browser.sync()
    staff_browser.type("criteria_level1", 0, "Semer.")
    drain(app)
    with database(app) as session:
        version = staff.corrections(team(winners, "Les Zélés").design.id)[0]
        version.created_at = version.created_at.replace(year=version.created_at.year - 1)
        session.commit()
    staff_browser.type("criteria_level2", 0, "Planifier.")
    drain(app)
    with database(app):
        corrections = staff.corrections(team(winners, "Les Zélés").design.id)
        assert [c.view.criteria.level2 for c in corrections] == ["Planifier.", ""]


def test_staff_never_write_a_design_that_did_not_win_nor_one_before_the_winners_are_confirmed(app):
    jury = two_winners(app, confirm=False)
    zeles = staff_peer(app, jury, "Les Zélés")
    assert zeles.join()["readonly"] is True  # deliberation, winners not confirmed yet
    with database(app):
        deliberation.confirm_winners(
            the_event(jury), organiser(), [jury.teams["Les Voisins"], jury.teams["Les Zélés"]], ""
        )
    loser = Peer(app, organiser_client(app), design_id(app, jury, "Les Voisins"))
    assert loser.join()["readonly"] is False
    with database(app):
        pionniers = studio.design_for_team(team(jury, "Les Pionniers"))
        assert staff.may_correct(pionniers) is False
    client = organiser_client(app)
    assert client.get(f"/teams/{jury.teams['Les Pionniers']}/correct").status_code == 409
    assert client.get(f"/teams/{jury.teams['Les Zélés']}/correct").status_code == 200


def test_staff_never_write_a_team_draft_during_the_design_phase(app):
    jury = build_jury(app)
    move_to(app, jury, Phase.DESIGN)
    write_design(app, jury, "Les Zélés", GARDEN_NO_CRITERIA)
    browser = staff_peer(app, jury, "Les Zélés")
    assert browser.join()["readonly"] is True
    browser.sync()
    assert browser.type("name", 0, "X")["error"] == "design_locked"
    assert organiser_client(app).get(f"/teams/{jury.teams['Les Zélés']}/correct").status_code == 409


def test_the_team_sees_the_staff_correction_and_cannot_write_itself(app, winners):
    staff_browser = staff_peer(app, winners, "Les Zélés")
    staff_browser.join()
    staff_browser.sync()
    staff_browser.type("criteria_level1", 0, LEVEL1)
    drain(app)
    member = participant_client(app, winners, "Les Zélés", "Zoé Lemaître")
    team_page = page(member.get(f"/teams/{winners.teams['Les Zélés']}"))
    assert LEVEL1 in team_page and "Corriger ce badge" not in team_page
    member_browser = Peer(app, member, design_id(app, winners, "Les Zélés"))
    assert member_browser.join()["readonly"] is True
    assert member.get(f"/teams/{winners.teams['Les Zélés']}/correct").status_code in (302, 403)


def test_the_staff_studio_page_says_what_is_kept_and_links_the_final_version(app, winners):
    client = organiser_client(app)
    pitch_view = page(client.get(f"/teams/{winners.teams['Les Zélés']}"))
    assert "Corriger ce badge pour l'export" in pitch_view
    studio_page = page(client.get(f"/teams/{winners.teams['Les Zélés']}/correct"))
    assert "Corriger le badge de l'équipe « Les Zélés »" in studio_page
    assert 'data-readonly="false"' in studio_page and "data-countdown" not in studio_page
    assert "Voir la version finale de l'équipe" in studio_page
    with database(app):
        final = staff.team_final_version(team(winners, "Les Zélés").design.id)
        version_url = f"/designs/{design_id(app, winners, 'Les Zélés')}/versions/{final.public_id}"
        assert db.session.get(DesignVersion, final.id).kind == "deadline"
    version_page = page(client.get(version_url))
    assert "Le badge dans cette version" in version_page and GARDEN["name"] in version_page
