"""The rule set document: the seeded rule set, its JSON round trip, its engine input and the diff of two."""

from dataclasses import replace
from datetime import UTC, datetime

from badgeathon.ruleset import document as rs
from badgeathon.ruleset.engine import Engine
from badgeathon.ruleset.rules import COMPETENCIES, Held, Junction, Mapped

BASE = "https://badges.normandie.example"
ISSUER = rs.Issuer(
    f"{BASE}/issuer",
    "Région Normandie",
    "https://www.normandie.fr",
    "badges@normandie.fr",
    "La Région.",
    f"{BASE}/issuer.png",
)
NOW = datetime(2026, 11, 24, tzinfo=UTC)


def seeded() -> rs.RuleSet:
    return rs.seed_document(ISSUER, BASE)


def test_the_seed_has_eight_key_badges_and_the_general_badge_with_stable_urls():
    document = seeded()
    kinds = [badge.kind for badge in document.badges]
    assert kinds.count("key") == 8 and kinds.count("general") == 1
    assert {(b.competency, b.level) for b in document.badges if b.kind == "key"} == {
        (c, level) for c in COMPETENCIES for level in (1, 2)
    }
    assert all(badge.id == f"{BASE}/badges/{badge.slug}" for badge in document.badges)
    communiquer = document.badge("communiquer-niveau-1")
    assert communiquer.level1.startswith("Interagir avec autrui")
    assert communiquer.level2.startswith("Transmettre des informations pertinentes")
    assert "apprendre à apprendre" in document.badge("s-adapter-niveau-2").level2
    assert communiquer.rule == Mapped("Communiquer", 1, 2)


def test_the_general_badge_needs_three_of_four_competencies_at_any_level_and_the_level_is_a_parameter():
    general = seeded().badge(rs.GENERAL_SLUG)
    assert isinstance(general.rule, Junction) and general.rule.required == 3
    assert all(len(child.children) == 2 for child in general.rule.children)
    stricter = rs.seed_document(ISSUER, BASE, general_min_level=2).badge(rs.GENERAL_SLUG)
    assert all(
        child.children == (Held(f"{BASE}/badges/{rs.key_slug(c, 2)}"),)
        for child, c in zip(stricter.rule.children, COMPETENCIES, strict=True)
    )


def test_the_document_goes_to_json_and_back_unchanged():
    document = seeded().with_partner(rs.Partner("https://p.example/b", "Organiser", 2, "Planifier", "IRFA"))
    document = replace(
        document,
        badges=document.badges
        + (
            rs.Badge(
                f"{BASE}/badges/eco-gestes",
                "eco-gestes",
                "badgeathon",
                "Éco-gestes",
                "Des gestes.",
                "Je trie.",
                "J'analyse.",
                tags=("écologie",),
                alignments=({"targetName": "ESCO", "targetUrl": "https://esco.ec.europa.eu"},),
                available_to_structures=True,
                provenance={"event": "Badgeathon 2026", "team": "Les Éco-gestes"},
            ),
        ),
    )
    assert rs.from_dict(rs.to_dict(document)) == document


def test_to_engine_gives_rules_by_badge_and_partners_by_url():
    document = seeded().with_partner(rs.Partner("https://p.example/a", "Communiquer", 1))
    document = document.with_partner(rs.Partner("https://p.example/b", "Communiquer", 1))
    rules, partners = rs.to_engine(document)
    assert len(rules) == 9 and set(partners) == {"https://p.example/a", "https://p.example/b"}
    result = Engine(rules, partners).evaluate(["https://p.example/a", "https://p.example/b"], now=NOW)
    assert result.due == (f"{BASE}/badges/communiquer-niveau-1",)


def test_diff_names_added_removed_and_changed_things_with_their_fields():
    old = seeded().with_partner(rs.Partner("https://p.example/a", "Communiquer", 1))
    badges = list(old.badges)
    badges[0] = replace(badges[0], name="Communiquer (N1)", rule=Mapped("Communiquer", 1, 3))
    new = replace(
        old,
        issuer=replace(old.issuer, email="autre@normandie.fr"),
        badges=tuple(badges[:-1]),
        partners=(
            rs.Partner("https://p.example/a", "Communiquer", 2),
            rs.Partner("https://p.example/c", "Organiser", 1),
        ),
    )
    changes = rs.diff(old, new)
    key = badges[0].id
    assert rs.Change("changed", "issuer", "", ("email",)) in changes
    assert rs.Change("changed", "badge", key, ("name",)) in changes
    assert rs.Change("changed", "rule", key) in changes
    assert rs.Change("removed", "badge", f"{BASE}/badges/badge-general") in changes
    assert rs.Change("changed", "partner", "https://p.example/a", ("level",)) in changes
    assert rs.Change("added", "partner", "https://p.example/c") in changes
    assert rs.diff(old, old) == []
