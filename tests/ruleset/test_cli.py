"""`badgeathon rules`: seed the rule set, export a valid bundle, refuse a broken one, validate a bundle, evaluate a
backpack."""

import json

import pytest

from badgeathon.ruleset import services

PARTNERS = [  # url, competency, level
    ("https://badges.example.org/a/parole", "Communiquer", 1),
    ("https://badges.example.org/b/accueil", "Communiquer", 1),
    ("https://badges.example.org/c/planning", "Organiser", 1),
    ("https://badges.example.org/d/agenda", "Organiser", 1),
    ("https://badges.example.org/e/changement", "S'adapter", 1),
    ("https://badges.example.org/f/outils", "S'adapter", 1),
]


@pytest.fixture
def runner(app):
    with app.app_context():
        for url, competency, level in PARTNERS:
            services.register_partner(None, url=url, competency=competency, level=level)
    return app.test_cli_runner()


def badge(app, slug):
    return f"{app.config['PUBLIC_BASE_URL']}/badges/{slug}"


def test_export_writes_the_rule_set_each_badge_in_ob2_and_ob3_and_a_readme_then_validates(runner, tmp_path):
    out = tmp_path / "bundle"
    result = runner.invoke(args=["rules", "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "ruleset.json").read_text(encoding="utf-8"))
    assert data["version"]["number"] == len(PARTNERS) + 1 and len(data["badges"]) == 9
    assert len(data["partners"]) == len(PARTNERS)
    badge_class = json.loads((out / "communiquer-niveau-1.badgeclass.json").read_text(encoding="utf-8"))
    assert badge_class["type"] == "BadgeClass" and badge_class["image"].endswith("/badges/communiquer-niveau-1.png")
    assert badge_class["criteria"]["id"].endswith("/badges/communiquer-niveau-1")
    achievement = json.loads((out / "badge-general.achievement.json").read_text(encoding="utf-8"))
    assert achievement["type"] == ["Achievement"]
    readme = (out / "README.txt").read_text(encoding="utf-8")
    assert "communiquer-niveau-1.badgeclass.json" in readme and "badge-general.achievement.json" in readme

    checked = runner.invoke(args=["rules", "validate", str(out)])
    assert checked.exit_code == 0, checked.output


def test_validate_reports_a_broken_bundle_and_exits_1(runner, tmp_path):
    out = tmp_path / "bundle"
    runner.invoke(args=["rules", "export", "--out", str(out)])
    data = json.loads((out / "ruleset.json").read_text(encoding="utf-8"))
    data["partners"][0]["level"] = 5
    (out / "ruleset.json").write_text(json.dumps(data), encoding="utf-8")
    badge_class = json.loads((out / "organiser-niveau-1.badgeclass.json").read_text(encoding="utf-8"))
    del badge_class["name"]
    (out / "organiser-niveau-1.badgeclass.json").write_text(json.dumps(badge_class), encoding="utf-8")
    (out / "s-adapter-niveau-2.achievement.json").unlink()

    result = runner.invoke(args=["rules", "validate", str(out)])
    assert result.exit_code == 1
    assert "ruleset.json: $.partners[0].level" in result.output
    assert "organiser-niveau-1.badgeclass.json: name: required" in result.output


def test_export_refuses_and_writes_nothing_when_a_badge_fails_open_badges_validation(runner, app, tmp_path):
    from badgeathon.extensions import db

    with app.app_context():  # an issuer e-mail without a domain
        version = services.current()
        version.document = {**version.document, "issuer": {**version.document["issuer"], "email": "x@normandie"}}
        db.session.commit()
    out = tmp_path / "bundle"
    result = runner.invoke(args=["rules", "export", "--out", str(out)])
    assert result.exit_code != 0 and "Export refused" in result.output
    assert "issuer.json: email: not_email" in result.output
    assert not out.exists()


def write_backpack(tmp_path, entries):
    path = tmp_path / "backpack.json"
    path.write_text(json.dumps(entries), encoding="utf-8")
    return str(path)


def test_two_partner_badges_mapped_to_communiquer_1_make_that_key_badge_due(runner, app, tmp_path):
    backpack = [{"type": "Assertion", "badge": PARTNERS[0][0]}, PARTNERS[1][0]]
    result = runner.invoke(args=["rules", "evaluate", write_backpack(tmp_path, backpack)])
    assert result.exit_code == 0, result.output
    output = json.loads(result.output)
    assert [due["badge"] for due in output["due"]] == [badge(app, "communiquer-niveau-1")]
    assert sorted(output["due"][0]["evidence"]) == sorted([PARTNERS[0][0], PARTNERS[1][0]])
    assert output["due"][0]["reasons"]["satisfied"] is True
    general = next(p for p in output["pending"] if p["badge"] == badge(app, "badge-general"))
    assert general["more"] == 2  # key badges of two more competencies


def test_three_of_four_competencies_make_the_general_badge_due_and_two_do_not(runner, app, tmp_path):
    three = [url for url, _, _ in PARTNERS]  # Communiquer, Organiser, S'adapter at level 1
    output = json.loads(runner.invoke(args=["rules", "evaluate", write_backpack(tmp_path, three)]).output)
    assert badge(app, "badge-general") in [due["badge"] for due in output["due"]]

    two = [PARTNERS[0][0], PARTNERS[1][0], PARTNERS[4][0], PARTNERS[5][0]]
    output = json.loads(runner.invoke(args=["rules", "evaluate", write_backpack(tmp_path, two)]).output)
    assert badge(app, "badge-general") not in [due["badge"] for due in output["due"]]
    general = next(p for p in output["pending"] if p["badge"] == badge(app, "badge-general"))
    assert general["more"] == 1 and general["missing"]


def test_expired_revoked_and_unknown_badges_are_reported_and_do_not_count(runner, app, tmp_path):
    backpack = [
        {"badge": PARTNERS[0][0], "expires": "2020-01-01T00:00:00+00:00"},
        {"badge": {"id": PARTNERS[1][0]}, "revoked": True},
        "https://ailleurs.example/inconnu",
    ]
    output = json.loads(runner.invoke(args=["rules", "evaluate", write_backpack(tmp_path, backpack)]).output)
    assert output["due"] == []
    assert {(item["badge"], item["reason"]) for item in output["ignored"]} == {
        (PARTNERS[0][0], "expired"),
        (PARTNERS[1][0], "revoked"),
        ("https://ailleurs.example/inconnu", "unknown"),
    }


def test_a_backpack_by_learner_gives_a_result_per_learner(runner, app, tmp_path):
    backpacks = {"alice": [PARTNERS[0][0], PARTNERS[1][0]], "bob": []}
    output = json.loads(runner.invoke(args=["rules", "evaluate", write_backpack(tmp_path, backpacks)]).output)
    assert [d["badge"] for d in output["learners"]["alice"]["due"]] == [badge(app, "communiquer-niveau-1")]
    assert output["learners"]["bob"]["due"] == []


def test_versions_and_diff_commands(runner):
    listing = runner.invoke(args=["rules", "versions"]).output.splitlines()
    assert len(listing) == len(PARTNERS) + 1
    diff = runner.invoke(args=["rules", "diff", "1", "2"])
    assert diff.exit_code == 0 and f"added partner {PARTNERS[0][0]}" in diff.output


def test_after_the_demo_export_and_evaluate_work(app, tmp_path):
    from badgeathon.demo import DEMO_PARTNER_BADGES

    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "--password", "demo-password-long"]).exit_code == 0
    out = tmp_path / "bundle"
    assert runner.invoke(args=["rules", "export", "--out", str(out)]).exit_code == 0
    data = json.loads((out / "ruleset.json").read_text(encoding="utf-8"))
    assert len(data["badges"]) == 9 and len(data["partners"]) == len(DEMO_PARTNER_BADGES)
    assert data["version"]["number"] == 1 + len(DEMO_PARTNER_BADGES)
    assert runner.invoke(args=["rules", "validate", str(out)]).exit_code == 0
    communiquer = [
        url for url, _, _, competency, level in DEMO_PARTNER_BADGES if (competency, level) == ("Communiquer", 1)
    ]
    output = json.loads(runner.invoke(args=["rules", "evaluate", write_backpack(tmp_path, communiquer)]).output)
    assert [due["badge"] for due in output["due"]] == [badge(app, "communiquer-niveau-1")]
    assert runner.invoke(args=["demo"]).exit_code == 0  # a second run adds no version
    assert len(runner.invoke(args=["rules", "versions"]).output.splitlines()) == 1 + len(DEMO_PARTNER_BADGES)


def test_seed_publishes_the_first_version_once(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["rules", "seed"])
    again = runner.invoke(args=["rules", "seed"])
    assert first.exit_code == 0 and again.exit_code == 0
    assert first.output.startswith("Rule set version 1: Référentiel initial") and again.output == first.output
    with app.app_context():
        assert [version.number for version in services.versions()] == [1]
