"""Two staff on two app nodes publishing the regional rule set at the same instant: no write lost, no duplicate,
no 500 — partner badges, the first seeding and the export of the winners."""

import pytest

from badgeathon.auth import services as auth
from badgeathon.events.phases import Phase
from badgeathon.extensions import db
from badgeathon.jury import deliberation
from badgeathon.ruleset import services
from badgeathon.ruleset.models import RuleSetVersion
from tests.jury.conftest import (
    ORGANISER_EMAIL,
    PASSWORD,
    build_jury,
    database,
    move_to,
    organiser,
    score_everything,
    the_event,
)
from tests.nodes import another_node, at_once, close_node, post_at_once, status
from tests.ruleset.test_export import BIKE, GARDEN, WINNERS, set_design

ROUNDS = 5


@pytest.fixture
def nodes(app, database_url):
    """Two app nodes on the same database, each with an organiser's browser signed in; the organiser exists."""
    other = another_node(database_url)
    with database(app):
        auth.create_organiser("Orga", ORGANISER_EMAIL, PASSWORD)
    yield app, other
    close_node(other)


def signed_in(node):
    client = node.test_client()
    assert client.post("/login", data={"email": ORGANISER_EMAIL, "password": PASSWORD}).status_code == 302
    return client


def latest(app):
    with database(app):
        version = services.current()
        return (version.number, services.current_document()) if version else (0, None)


def version_count(app) -> int:
    with database(app) as session:
        return session.execute(db.select(db.func.count()).select_from(RuleSetVersion)).scalar_one()


def partner_form(url: str, name: str) -> dict:
    return {"url": url, "name": name, "structure": "CEP Normandie", "competency": "Communiquer", "level": "1"}


def test_two_partner_badges_registered_at_once_are_both_kept(nodes):
    clients = [signed_in(node) for node in nodes]
    with database(nodes[0]):
        services.ensure_seeded()
    for round_ in range(1, ROUNDS + 1):
        urls = [f"https://partenaire-{side}.example/badges/{round_}" for side in ("a", "b")]
        responses = post_at_once(
            *(
                (client, "/ruleset/partners", partner_form(url, f"Écoute {round_}"))
                for client, url in zip(clients, urls, strict=True)
            )
        )
        assert [status(r) for r in responses] == [302, 302], f"round {round_}"
        number, document = latest(nodes[1])
        registered = [partner.url for partner in document.partners]
        assert set(urls) <= set(registered), f"round {round_}: {registered}"
        assert len(registered) == len(set(registered)) == 2 * round_
        assert number == 1 + 2 * round_ == version_count(nodes[0])  # one version per registration


def test_the_same_partner_badge_registered_twice_at_once_is_kept_once_and_the_second_refused(nodes):
    clients = [signed_in(node) for node in nodes]
    with database(nodes[0]):
        services.ensure_seeded()
    for round_ in range(1, ROUNDS + 1):
        url = f"https://partenaire.example/badges/{round_}"
        responses = post_at_once(*((client, "/ruleset/partners", partner_form(url, "Écoute")) for client in clients))
        assert sorted((status(r) for r in responses), key=str) == [302, 409], f"round {round_}"
        refused = next(r for r in responses if r.status_code == 409)
        assert "Ce badge partenaire est déjà enregistré dans le référentiel." in refused.get_data(as_text=True)
        number, document = latest(nodes[1])
        assert [partner.url for partner in document.partners].count(url) == 1
        assert number == 1 + round_


def test_two_staff_opening_the_unseeded_rule_set_at_once_see_the_seed_and_write_nothing(nodes):
    clients = [signed_in(node) for node in nodes]
    responses = at_once(*((lambda start, client=client: (start(), client.get("/ruleset"))[1]) for client in clients))
    assert [status(r) for r in responses] == [200, 200]
    assert all("Version en vigueur : 1" in r.get_data(as_text=True) for r in responses)
    assert version_count(nodes[0]) == 0


def test_two_nodes_seeding_the_rule_set_at_once_seed_it_once(nodes):
    def seed_on(node):
        def action(start):
            with database(node):
                start()
                return services.ensure_seeded().number

        return action

    for round_ in range(2 * ROUNDS):
        with database(nodes[0]) as session:
            session.execute(db.delete(RuleSetVersion))
            session.commit()
        assert at_once(*(seed_on(node) for node in nodes)) == [1, 1], f"round {round_}"
        assert version_count(nodes[0]) == 1


@pytest.fixture
def winners(nodes):
    """The jury's event with scoring locked, Les Voisins and Les Zélés confirmed, their designs complete."""
    app = nodes[0]
    jury = build_jury(app, organiser=False)
    move_to(app, jury, Phase.PITCHES)
    score_everything(app, jury)
    move_to(app, jury, Phase.DELIBERATION)
    with database(app):
        deliberation.confirm_winners(the_event(jury), organiser(), [jury.teams[name] for name in WINNERS], "")
    return jury


def test_two_staff_exporting_the_winners_at_once_publish_them_once(nodes, winners):
    app = nodes[0]
    clients = [signed_in(node) for node in nodes]
    with database(app):
        services.ensure_seeded()
    path = f"/events/{winners.event_id}/export"
    for round_ in range(1, ROUNDS + 1):
        fixed = f" Version {round_}."  # each round the teams fix their designs: two new badges to export
        set_design(app, winners, "Les Voisins", dict(BIKE, description=BIKE["description"] + fixed))
        set_design(app, winners, "Les Zélés", dict(GARDEN, description=GARDEN["description"] + fixed))
        responses = post_at_once(*((client, path, {}) for client in clients))
        assert [status(r) for r in responses] == [302, 302], f"round {round_}"
        number, document = latest(nodes[1])
        assert number == 1 + round_ == version_count(app), f"round {round_}: one version per export"
        exported = [badge for badge in document.badges if badge.kind == "badgeathon"]
        assert len(exported) == 2 * round_, [badge.slug for badge in exported]
        assert len({badge.slug for badge in exported}) == len({badge.description for badge in exported}) == 2 * round_
