"""`badgeathon rules evaluate` as a user runs it, a real process: malformed backpacks refused with where each problem
is; the demo's partner badges earn every regional badge; the README's example output is the command's own."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from badgeathon.demo import DEMO_PARTNER_BADGES
from badgeathon.extensions import db
from badgeathon.ruleset import services

ROOT = Path(__file__).resolve().parents[2]
BASE = "http://127.0.0.1:5000"  # the default PUBLIC_BASE_URL, as in the README
PARTNER = "https://badges.example.org/irfa/prise-de-parole"


def badgeathon(database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PUBLIC_BASE_URL": BASE,
        "REDIS_URL": "",
        "SECRET_KEY": "cli-test-" + "0123456789abcdef" * 2,
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(
        [str(Path(sys.executable).with_name("badgeathon")), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def evaluate(app, database_url, tmp_path):
    """Runs `badgeathon rules evaluate` on a backpack written to a file, the regional rule set seeded."""
    with app.app_context():
        services.ensure_seeded()
        services.register_partner(None, url=PARTNER, competency="Communiquer", level=1)
        db.session.remove()

    def run(backpack) -> subprocess.CompletedProcess:
        path = tmp_path / "sac.json"
        path.write_text(json.dumps(backpack), encoding="utf-8")
        return badgeathon(database_url, "rules", "evaluate", str(path))

    return run


def refused(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: ") and "sac.json: malformed backpack, nothing evaluated" in result.stderr
    return result.stderr


def test_a_learner_whose_entry_is_not_a_list_is_refused_with_the_learner_named(evaluate):
    errors = refused(evaluate({"alice": [PARTNER], "bob": {"badge": PARTNER}, "Jean Dupont": None}))
    assert "$.bob: must be the learner's list of badges, not an object" in errors
    assert '$["Jean Dupont"]: must be the learner\'s list of badges, not null' in errors
    assert "$.alice" not in errors


def test_revoked_as_a_string_and_empty_urls_are_malformed_with_their_index_and_field(evaluate):
    errors = refused(
        evaluate(
            {
                "alice": [
                    PARTNER,
                    {"badge": PARTNER, "revoked": "true"},
                    "",
                    {"badge": {"id": ""}},
                    {"badge": PARTNER, "expires": "hier"},
                    42,
                ]
            }
        )
    )
    assert '$.alice[1].revoked: must be true or false, not the string "true"' in errors
    assert "$.alice[2]: empty badge URL" in errors
    assert "$.alice[3].badge.id: empty badge URL" in errors
    assert '$.alice[4].expires: not an ISO 8601 date: "hier"' in errors
    assert "$.alice[5]: neither a badge URL nor an assertion: a number (42)" in errors
    assert "$.alice[0]" not in errors
    assert "(5 problems)" in errors


def test_a_well_formed_backpack_is_evaluated_revoked_and_unknown_badges_set_aside(evaluate):
    result = evaluate(
        [
            PARTNER,
            {"badge": PARTNER, "revoked": True},
            "https://ailleurs.example/inconnu",
            {"badge": PARTNER, "revoked": None, "expires": None},
        ]
    )
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert {(item["badge"], item["reason"]) for item in output["ignored"]} == {
        (PARTNER, "revoked"),
        ("https://ailleurs.example/inconnu", "unknown"),
    }


def readme_output() -> dict:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "badgeathon rules evaluate examples/backpack.json\n" in readme
    found = re.search(r"<details><summary>Output</summary>\n\n```json\n(.*?)\n```", readme, re.DOTALL)
    assert found, "the README shows the example's output"
    return json.loads(found.group(1))


def test_the_demo_registry_earns_every_regional_badge_and_the_readme_shows_the_example_as_it_runs(
    database_url, tmp_path
):
    assert badgeathon(database_url, "db", "upgrade").returncode == 0
    demo = badgeathon(database_url, "demo", "--password", "demo-password-long")
    assert demo.returncode == 0, demo.stderr

    example = badgeathon(database_url, "rules", "evaluate", "examples/backpack.json")
    assert example.returncode == 0, example.stderr
    output = json.loads(example.stdout)
    assert output == readme_output()
    assert f"{BASE}/badges/badge-general" in [due["badge"] for due in output["due"]]

    everything = tmp_path / "tout.json"
    everything.write_text(json.dumps({"camille": [url for url, *_ in DEMO_PARTNER_BADGES]}), encoding="utf-8")
    result = badgeathon(database_url, "rules", "evaluate", str(everything))
    assert result.returncode == 0, result.stderr
    camille = json.loads(result.stdout)["learners"]["camille"]
    key_badges = [
        f"{BASE}/badges/{stem}-niveau-{level}"
        for stem in ("communiquer", "organiser", "s-adapter", "s-integrer")
        for level in (1, 2)
    ]
    assert [due["badge"] for due in camille["due"]] == [*key_badges, f"{BASE}/badges/badge-general"]
    assert camille["pending"] == [] and camille["ignored"] == []
