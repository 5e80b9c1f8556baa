"""Attack replay: with a public or missing SECRET_KEY anyone could mint an organiser's cookie or a juror's
invitation. Outside debug and tests the app refuses to start without a real key; `make run` makes one."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from badgeathon import create_app

ROOT = Path(__file__).resolve().parents[2]


def production_app(tmp_path, **settings):
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'app.db'}",
            "TESTING": False,
            "SECRET_KEY_FILE": str(tmp_path / "secret_key"),
            **settings,
        }
    )


@pytest.mark.parametrize("key", ["", "dev-only-change-me", "court"])
def test_the_app_refuses_to_start_with_a_missing_public_or_short_key(tmp_path, key):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        production_app(tmp_path, SECRET_KEY=key)


def test_the_key_may_come_from_the_key_file(tmp_path):
    (tmp_path / "secret_key").write_text("f" * 64 + "\n")

    assert production_app(tmp_path, SECRET_KEY="").config["SECRET_KEY"] == "f" * 64


def test_the_environment_key_wins_over_the_file(tmp_path):
    (tmp_path / "secret_key").write_text("f" * 64)

    assert production_app(tmp_path, SECRET_KEY="e" * 40).config["SECRET_KEY"] == "e" * 40


def test_debug_runs_without_a_key(tmp_path):
    assert production_app(tmp_path, SECRET_KEY="", DEBUG=True).config["SECRET_KEY"]


def test_the_real_server_process_refuses_to_start_and_says_why(tmp_path):
    env = {
        **os.environ,
        "SECRET_KEY": "",
        "SECRET_KEY_FILE": str(tmp_path / "absent"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}",
        "FLASK_DEBUG": "0",
    }
    started = subprocess.run(
        [sys.executable, "-c", "import app"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )

    assert started.returncode != 0
    assert "No usable SECRET_KEY" in started.stderr


def test_make_run_writes_a_random_key_once_readable_by_its_owner_alone(tmp_path):
    def make():
        subprocess.run(
            ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-C", str(tmp_path), "instance/secret_key"],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return (tmp_path / "instance" / "secret_key").read_text().strip()

    first = make()
    assert len(first) == 64 and int(first, 16)
    assert (tmp_path / "instance" / "secret_key").stat().st_mode & 0o077 == 0
    assert make() == first  # kept: changing it would sign everyone out
