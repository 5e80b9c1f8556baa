"""Chaos: simulated participants type into the real server (gunicorn, one gevent worker) while it is killed with
`kill -9` three times at random moments, stopped with SIGTERM and reloaded with SIGHUP, each followed by a restart.
After each fault, every update the server acknowledged before it is in the database; at the end every edit is in
every document exactly once and no client diverges. On SQLite and PostgreSQL alike.

The participants are bench/simclient.py's clients (the real /workshop protocol, reconnecting and syncing again as the
page does), run in their own process under gevent."""

import json
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from badgeathon import create_app
from badgeathon.extensions import db
from badgeathon.gunicorn_conf import workers_of
from badgeathon.workshop import document, store
from badgeathon.workshop.models import Design

from ..conftest import POSTGRES_URL, postgres_reachable, require_server, reset_postgres
from .conftest import ROOT, start_server, wait_for_port

pytestmark = pytest.mark.e2e

TOKEN = re.compile(r"\[(\d+):(\d+)\]")
FIELDS = ("pitch", "description", "evidence")
TEAMS, TEAM_SIZE, RATE = 4, 3, 2.0  # 12 participants, 24 edits a second
COMPACT_AFTER = 15  # a compaction every couple of seconds per design


def bench_harness():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import harness
    finally:
        sys.path.pop(0)
    return harness


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request, tmp_path):
    if request.param == "postgresql":
        require_server(postgres_reachable(), f"PostgreSQL at {POSTGRES_URL}")
        reset_postgres()
        return POSTGRES_URL.replace("+psycopg", "")
    return f"sqlite:///{tmp_path / 'chaos.db'}"


def acknowledged(ack_log: Path, before: float) -> set[tuple[int, int]]:
    """The (client, edit) pairs the server acknowledged before `before` (CLOCK_MONOTONIC, shared by processes)."""
    found = set()
    for line in ack_log.read_text().splitlines():
        cid, seq, at, _ = line.split()
        if float(at) < before:
            found.add((int(cid), int(seq)))
    return found


def tokens_on_disk(app, design_ids: list[str]) -> dict[str, Counter]:
    """Each design's tokens as the database holds them (snapshot + log), read with the server down or up."""
    found = {}
    with app.app_context():
        for public_id in design_ids:
            design_id = db.session.execute(db.select(Design.id).filter_by(public_id=uuid.UUID(public_id))).scalar_one()
            _, snapshot, rows, _ = store.Store(app).read_state(design_id)
            view = document.to_view(document.load(document.merge(snapshot, *rows))).to_json()
            found[public_id] = Counter((int(m[1]), int(m[2])) for field in FIELDS for m in TOKEN.finditer(view[field]))
        db.session.remove()
    return found


def worker_pid(server) -> int | None:
    return next(iter(workers_of(server.process.pid)), None)


def test_acknowledged_edits_survive_kill_9_sigterm_and_sighup(database, tmp_path, monkeypatch):
    harness = bench_harness()
    seed = int(os.environ.get("CHAOS_SEED", random.randrange(10**6)))
    rng = random.Random(seed)
    print(f"chaos seed {seed} (CHAOS_SEED={seed} replays it)")
    monkeypatch.setenv("WORKSHOP_COMPACT_AFTER", str(COMPACT_AFTER))
    monkeypatch.setenv("WORKSHOP_VIEW_SECONDS", "0.5")
    monkeypatch.setenv("JOIN_RATE_LIMIT", "1000 per minute")
    server = start_server(tmp_path, database_url=database)
    port = int(server.url.rsplit(":", 1)[1])
    teams = harness.prepare_event(database, TEAMS, TEAM_SIZE)
    design_ids = [design for _, design in teams]
    reader = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": realtime_url(database),
            "SOCKETIO_ASYNC_MODE": "threading",
            "REDIS_URL": "",
            "RATELIMIT_STORAGE_URI": "memory://",
            "SECRET_KEY": secrets.token_hex(32),
        }
    )

    faults = ["kill", "kill", "kill", "term", "hup"]
    rng.shuffle(faults)
    gaps = [rng.uniform(3.0, 7.0) for _ in faults]
    duration = sum(gaps) + 4 * len(faults) + 6
    ack_log = tmp_path / "acks.log"
    ack_log.touch()
    config = tmp_path / "worker.json"
    config.write_text(
        json.dumps(
            {
                "mode": "app",
                "urls": [server.url],
                "snapshot": "",
                "concurrency": 12,
                "setup_timeout": 120,
                "teams": harness.plan_workers(teams, TEAM_SIZE, 1)[0],
                "warmup": 0,
                "duration": duration,
                "period": 1.0 / RATE,
                "settle": 30,
                "seed": seed,
                "output": str(tmp_path / "worker.out.json"),
                "resilient": True,
                "ack_log": str(ack_log),
            }
        )
    )
    with open(tmp_path / "worker.log", "w") as log:  # the worker keeps its own copy of the file
        worker = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "simclient.py"), "--worker", str(config)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
    try:
        assert worker.stdout.readline().strip() == "READY", (tmp_path / "worker.log").read_text()[-3000:]
        start = time.monotonic() + 0.5
        worker.stdin.write(f"GO {start}\n")
        worker.stdin.flush()
        checked = []
        for fault, gap in zip(faults, gaps, strict=True):
            time.sleep(gap)
            at = time.monotonic()
            if fault == "kill":
                for pid in (worker_pid(server), server.process.pid):
                    if pid:
                        os.kill(pid, signal.SIGKILL)
                server.process.wait(10)
            elif fault == "term":
                server.process.send_signal(signal.SIGTERM)
                server.process.wait(15)
            else:
                old_worker = worker_pid(server)
                server.process.send_signal(signal.SIGHUP)
                deadline = time.monotonic() + 15
                while worker_pid(server) in (None, old_worker) and time.monotonic() < deadline:
                    time.sleep(0.1)
                time.sleep(1.0)  # the old worker has written its queue and gone
            acked = acknowledged(ack_log, at)
            on_disk = tokens_on_disk(reader, design_ids)
            everything = Counter()
            for counts in on_disk.values():
                everything.update(counts)
            missing = acked - set(everything)
            assert not missing, f"after {fault} at {at - start:.1f} s: {len(missing)} acknowledged edits missing"
            checked.append((fault, len(acked)))
            if fault != "hup":
                server = start_server(tmp_path, database_url=database, port=port, prepare=False)
            wait_for_port(port, server.process)

        assert worker.stdout.readline().strip() == "DONE", (tmp_path / "worker.log").read_text()[-3000:]
        worker.wait(60)
    finally:
        if worker.poll() is None:
            worker.kill()
        server.stop()

    output = json.loads((tmp_path / "worker.out.json").read_text())
    clients = output["clients"]
    assert all(count > 0 for _, count in checked), checked
    assert all(c["disconnected"] >= 4 for c in clients)  # every client felt the faults
    sent_by_team = defaultdict(set)
    for client in clients:
        sent_by_team[client["team"]] |= {(client["id"], seq) for seq, _ in client["sent"]}
    on_disk = tokens_on_disk(reader, design_ids)
    for index, design in enumerate(design_ids):
        expected = sent_by_team[index]
        assert on_disk[design] == Counter({token: 1 for token in expected}), f"team {index}: database"
        members = [c for c in clients if c["team"] == index]
        for client in members:
            counts = Counter((int(m[1]), int(m[2])) for text in client["texts"].values() for m in TOKEN.finditer(text))
            assert counts == Counter({token: 1 for token in expected}), f"client {client['id']}"
            assert client["texts"] == members[0]["texts"] == client["server_texts"], "a client diverged"
    with reader.app_context():  # the log was folded into the snapshot many times on the way
        folded = (
            db.session.execute(
                db.select(Design.snapshot_through).where(
                    Design.public_id.in_([uuid.UUID(design) for design in design_ids])
                )
            )
            .scalars()
            .all()
        )
    assert all(through >= 5 * COMPACT_AFTER for through in folded), folded


def realtime_url(url: str) -> str:
    from badgeathon.config import _sqlalchemy_url

    return _sqlalchemy_url(url)
