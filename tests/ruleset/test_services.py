"""Rule set versions: seeding, publishing only changes, partner registration (nothing fetched), diffs."""

from dataclasses import replace

import pytest

from badgeathon.auth.services import create_organiser
from badgeathon.errors import NotFound
from badgeathon.ruleset import document as rs
from badgeathon.ruleset import services
from tests.commits import counting_commits

PARTNER = "https://badges.example.org/irfa/prise-de-parole"


@pytest.fixture
def organiser(ctx):
    return create_organiser("Orga", "orga@region.example", "un-mot-de-passe-solide")


def test_seeding_makes_version_one_from_the_configured_issuer_once(organiser, app):
    first = services.ensure_seeded(organiser)
    assert first.number == 1 and first.author is organiser and first.changelog
    document = rs.from_dict(first.document)
    assert document.issuer.name == "Région Normandie" and document.issuer.url == "https://www.normandie.fr"
    assert len(document.badges) == 9
    assert document.badges[0].id.startswith(app.config["PUBLIC_BASE_URL"] + "/badges/")
    assert services.ensure_seeded() is first and len(services.versions()) == 1


def test_publishing_the_same_document_makes_no_version_and_a_change_makes_one(organiser):
    first = services.ensure_seeded(organiser)
    document = services.current_document()
    assert services.publish(document, organiser, "rien") is first
    changed = replace(document, issuer=replace(document.issuer, email="autre@normandie.fr"))
    second = services.publish(changed, None, "Nouvelle adresse")
    assert second.number == 2 and second.author is None and second.created_at.tzinfo is not None
    assert [str(change) for change in services.diff_versions(1, 2)] == ["changed issuer (email)"]


def test_an_invalid_document_is_refused_with_its_findings_and_nothing_written(organiser):
    services.ensure_seeded(organiser)
    document = services.current_document()
    broken = replace(document, partners=(rs.Partner("pas-une-url", "Communiquer", 1),))
    with pytest.raises(services.InvalidRuleSet) as refused:
        services.publish(broken, organiser, "cassé")
    assert any("$.partners[0].url" in finding for finding in refused.value.findings)
    assert len(services.versions()) == 1


def test_registering_a_partner_by_url_keeps_the_callers_words_and_makes_a_version(organiser, monkeypatch):
    import urllib.request

    monkeypatch.setattr(urllib.request, "urlopen", lambda *a, **k: pytest.fail("nothing may be fetched"))
    version = services.register_partner(
        organiser, url=PARTNER, competency="Communiquer", level=1, name="Prise de parole", structure="IRFA Normandie"
    )
    assert version.number == 2  # the seed, then the registration
    assert version.document["partners"] == [
        {
            "url": PARTNER,
            "name": "Prise de parole",
            "structure": "IRFA Normandie",
            "competency": "Communiquer",
            "level": 1,
        }
    ]
    assert "Prise de parole" in version.changelog
    assert [str(c) for c in services.diff_versions(1, 2)] == [f"added partner {PARTNER}"]


def test_registering_from_the_badge_class_json_takes_its_id_and_name(organiser):
    badge_class = {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "BadgeClass",
        "id": PARTNER,
        "name": "Prise de parole en réunion",
        "issuer": {"name": "IRFA Normandie"},
    }
    version = services.register_partner(
        organiser, url="", competency="Organiser", level=2, badge_class_json=badge_class
    )
    assert version.document["partners"][0] == {
        "url": PARTNER,
        "name": "Prise de parole en réunion",
        "structure": "IRFA Normandie",
        "competency": "Organiser",
        "level": 2,
    }


@pytest.mark.parametrize(
    "kwargs",
    [
        {"url": PARTNER, "competency": "Nager", "level": 1},
        {"url": PARTNER, "competency": "Communiquer", "level": 3},
        {"url": "ftp://badges.example.org/x", "competency": "Communiquer", "level": 1},
        {
            "url": "https://ailleurs.example/x",
            "competency": "Communiquer",
            "level": 1,
            "badge_class_json": {"id": PARTNER, "name": "Autre"},
        },
        {"url": "", "competency": "Communiquer", "level": 1, "badge_class_json": {"name": "Sans id"}},
    ],
)
def test_bad_registrations_are_refused_in_french_and_write_nothing(organiser, kwargs):
    services.ensure_seeded(organiser)
    with pytest.raises(services.PartnerRefused) as refused:
        services.register_partner(organiser, **kwargs)
    assert str(refused.value.message)
    assert len(services.versions()) == 1


def test_a_partner_badge_registered_twice_or_a_regional_badge_url_is_refused(organiser):
    services.register_partner(organiser, url=PARTNER, competency="Communiquer", level=1)
    with pytest.raises(services.PartnerExists):
        services.register_partner(organiser, url=PARTNER, competency="Organiser", level=1)
    regional = services.current_document().badges[0].id
    with pytest.raises(services.PartnerExists):
        services.register_partner(organiser, url=regional, competency="Organiser", level=1)
    assert len(services.versions()) == 2


def test_the_first_registration_publishes_the_seed_and_the_partner_in_one_commit(organiser):
    with counting_commits() as commits:
        version = services.register_partner(organiser, url=PARTNER, competency="Communiquer", level=1)
    assert commits.count == 1 and version.number == 2
    assert [v.changelog == services.SEED_CHANGELOG for v in services.versions()] == [True, False]


def test_a_refused_first_registration_writes_nothing_not_even_the_seed(organiser):
    with counting_commits() as commits, pytest.raises(services.PartnerExists):
        services.register_partner(
            organiser, url=services.current_or_seed().document["badges"][0]["id"], competency="Organiser", level=1
        )
    assert commits.count == 0 and services.versions() == []


def test_seeding_alone_is_one_commit(organiser):
    with counting_commits() as commits:
        services.ensure_seeded(organiser)
        services.ensure_seeded(organiser)
    assert commits.count == 1


def test_versions_are_numbered_in_order_with_their_author(organiser):
    services.register_partner(organiser, url=PARTNER, competency="Communiquer", level=1)
    assert [(v.number, v.author_id) for v in services.versions()] == [(1, organiser.id), (2, organiser.id)]
    assert services.current().number == 2
    with pytest.raises(NotFound):
        services.diff_versions(1, 7)
