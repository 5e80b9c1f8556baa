"""Each winner is exported on its own: the page says which are ready and what the others lack (with the way to fix
it); the ready ones go now, the others later, one winner's problems never holding back another."""

import pytest

from badgeathon.ruleset import export
from tests.jury.conftest import database, organiser, organiser_client, page, the_event

from .test_export import GARDEN, current, set_design, winners_badges
from .test_export import jury as jury  # noqa: F401  (the fixture: Les Voisins and Les Zélés confirmed)

NO_CRITERIA = dict(GARDEN, criteria={"level1": "", "level2": ""})


@pytest.fixture
def one_broken(app, jury):  # noqa: F811
    set_design(app, jury, "Les Zélés", NO_CRITERIA)
    return jury


def test_the_ready_winner_is_exported_alone_and_the_broken_one_waits_until_fixed(app, one_broken):
    winners = one_broken
    with database(app):
        voisins, zeles = export.preview(the_event(winners))
        assert export.blockers(voisins, {}) == []
        assert export.blockers(zeles, {}) == [
            "Le critère « je pratique » est vide.",
            "Le critère « je maîtrise » est vide.",
        ]
        first = export.export(the_event(winners), organiser(), {}, ready_only=True).number
    assert [badge.provenance["team"] for badge in winners_badges(current(app))] == ["Les Voisins"]

    set_design(app, winners, "Les Zélés", GARDEN)
    with database(app):
        second = export.export(the_event(winners), organiser(), {}, teams={str(winners.teams["Les Zélés"])}).number
    assert second == first + 1
    assert [badge.provenance["team"] for badge in winners_badges(current(app))] == ["Les Voisins", "Les Zélés"]
    with database(app):
        assert all(candidate.already is not None for candidate in export.preview(the_event(winners)))


def test_one_broken_winner_chosen_alone_is_refused_and_names_only_itself(app, one_broken):
    with database(app):
        with pytest.raises(export.ExportRefused) as refused:
            export.export(the_event(one_broken), organiser(), {}, teams={str(one_broken.teams["Les Zélés"])})
        assert refused.value.findings == [
            "Les Zélés : Le critère « je pratique » est vide.",
            "Les Zélés : Le critère « je maîtrise » est vide.",
        ]
        with pytest.raises(export.ExportRefused) as refused:
            export.export(the_event(one_broken), organiser(), {}, teams={str(one_broken.teams["Les Pionniers"])})
        assert str(refused.value.message) == str(export.NOT_A_WINNER)
    assert winners_badges(current(app)) == []


def test_with_nothing_ready_the_export_of_the_ready_ones_says_so(app, one_broken):
    set_design(app, one_broken, "Les Voisins", NO_CRITERIA)
    with database(app), pytest.raises(export.ExportRefused) as refused:
        export.export(the_event(one_broken), organiser(), {}, ready_only=True)
    assert str(refused.value.message) == str(export.NOTHING_READY)
    assert "Les Voisins : Le critère « je pratique » est vide." in refused.value.findings
    assert winners_badges(current(app)) == []


def test_the_page_shows_each_winner_ready_or_what_is_missing_with_the_way_to_fix_it(app, one_broken):
    client = organiser_client(app)
    zeles = one_broken.teams["Les Zélés"]
    text = page(client.get(f"/events/{one_broken.event_id}/export"))
    assert "Prêt à exporter" in text and "À corriger avant l'export : 2 points" in text
    assert f'href="/teams/{zeles}/correct"' in text and "Corriger le badge" in text
    assert "1 badge prêt sur 2. Les autres attendent d'être corrigés" in text

    response = client.post(f"/events/{one_broken.event_id}/export", data={"winners": "ready"})
    assert response.status_code == 302
    text = page(client.get(response.headers["Location"]))
    assert "Référentiel version 2 publiée" in text and "Exporté" in text
    assert "À corriger avant l'export : 2 points" in text

    response = client.post(f"/events/{one_broken.event_id}/export", data={"winners": str(zeles)})
    assert response.status_code == 422
    assert "Les Zélés : Le critère « je pratique » est vide." in page(response)

    set_design(app, one_broken, "Les Zélés", GARDEN)
    response = client.post(f"/events/{one_broken.event_id}/export", data={"winners": str(zeles)})
    assert response.status_code == 302
    text = page(client.get(response.headers["Location"]))
    assert "Référentiel version 3 publiée" in text
    assert "Tous les lauréats sont dans le référentiel : rien à exporter." in text
