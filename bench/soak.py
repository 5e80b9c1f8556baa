#!/usr/bin/env python
"""Soak test of the studio: many participants typing for a long time against the real server, then the promise checked.

Simulated participants (bench/simclient.py's client: the real /workshop protocol, the resync the page does on a
"resync" answer) type into their team's design for --minutes, one keystroke a second each at their cursor, as a
browser sends them (each token "[id:n]" typed character by character; --typing tokens sends a whole token at a
random place per edit instead); past --keep-tokens of their own tokens in a field they delete their oldest one,
so designs keep a real form's size (memory then measures the server, not ever-growing documents). The server is the
production shape (gunicorn, one gevent worker) with its default compaction. Measured:
  - acked_missing: edits the server acknowledged that its database does not hold at the end: an insert missing
    (unless its author deleted it since) or a deletion undone (must be 0);
  - log_rows_ignored: rows of the update log at or below their design's snapshot mark, which no read would ever see
    (must be 0);
  - rss_growth_pct: the server worker's memory at the end against the baseline taken after the first minute (the
    same process, the same load: must stay within 10 %);
  - db_bytes_per_edit: the database's size on disk divided by the edits (bounded when compaction folds the log);
  - the log rows left and the largest per design (bounded by the compaction threshold).

    python bench/soak.py                       # 150 participants, 10 minutes, SQLite
    python bench/soak.py --minutes 2 --clients 50
    python bench/soak.py --database-url postgresql://postgres@127.0.0.1:5432/postgres

The last line printed is
    RESULT minutes=M edits=E acked_missing=A rss_growth_pct=G db_bytes_per_edit=B log_rows_ignored=I
"""

import argparse
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

import harness  # bench/harness.py: the server and the event set-up
import simclient  # bench/simclient.py: the participants

ROOT = Path(__file__).resolve().parents[1]
TOKEN = re.compile(r"\[(\d+):(\d+)\]")


def rss_kb(pid: int | None) -> int:
    if pid is None:
        return 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def database_bytes(url: str) -> int:
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    import psycopg

    with psycopg.connect(re.sub(r"\+psycopg", "", url)) as connection:
        return connection.execute("SELECT pg_database_size(current_database())").fetchone()[0]


def inspect(database_url: str, design_ids: list[str]) -> dict:
    """What the database holds: each design's tokens, the log rows left and those no read would see."""
    from badgeathon import create_app
    from badgeathon.config import _sqlalchemy_url
    from badgeathon.extensions import db
    from badgeathon.workshop import document, store
    from badgeathon.workshop.models import Design, DesignUpdate

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": _sqlalchemy_url(database_url),
            "SOCKETIO_ASYNC_MODE": "threading",
            "REDIS_URL": "",
            "RATELIMIT_STORAGE_URI": "memory://",
            "SECRET_KEY": secrets.token_hex(32),
        }
    )
    tokens, rows_left, largest, ignored = Counter(), 0, 0, 0
    with app.app_context():
        for public_id in design_ids:
            design = db.session.execute(db.select(Design).filter_by(public_id=uuid.UUID(public_id))).scalar_one()
            _, snapshot, rows, _ = store.Store(app).read_state(design.id)
            view = document.to_view(document.load(document.merge(snapshot, *rows)))
            for field in simclient.FIELDS:
                tokens.update((int(m[1]), int(m[2])) for m in TOKEN.finditer(view.text(field)))
            count = db.session.execute(
                db.select(db.func.count()).select_from(DesignUpdate).filter_by(design_id=design.id)
            ).scalar_one()
            rows_left += count
            largest = max(largest, count)
            ignored += db.session.execute(
                db.select(db.func.count())
                .select_from(DesignUpdate)
                .where(DesignUpdate.design_id == design.id, DesignUpdate.seq <= design.snapshot_through)
            ).scalar_one()
        db.session.remove()
        db.engine.dispose()
    return {"tokens": tokens, "rows_left": rows_left, "largest_log": largest, "ignored": ignored}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=150, help="simulated participants (default 150)")
    parser.add_argument("--minutes", type=float, default=10, help="minutes of typing (default 10)")
    parser.add_argument("--rate", type=float, default=1.0, help="edits per participant per second (default 1)")
    parser.add_argument("--team-size", type=int, default=5)
    parser.add_argument(
        "--typing",
        choices=("keystrokes", "tokens"),
        default="keystrokes",
        help="one character per edit at the participant's cursor, as a browser sends keystrokes "
        "(default), or a whole token at a random place per edit (the worst case for memory)",
    )
    parser.add_argument(
        "--keep-tokens",
        type=int,
        default=10,
        help="each participant keeps at most this many of its "
        "tokens per field, deleting its oldest as it types, so designs keep a real form's size "
        "(default 10; 0: text only ever grows)",
    )
    parser.add_argument(
        "--database-url",
        default="",
        help="PostgreSQL server to use (a throwaway database is "
        "created and dropped); default: a SQLite file in a temporary folder",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs)")
    args = parser.parse_args()
    if args.clients % args.team_size or args.clients <= 0:
        parser.error("--clients must be a positive multiple of --team-size")

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    tmp = Path(tempfile.mkdtemp(prefix="badgeathon-soak-"))
    cleanups: list = []
    failed = True
    try:
        if args.database_url:
            database_url, drop = harness.create_postgres_database(args.database_url)
            cleanups.append(drop)
        else:
            database_url = f"sqlite:///{tmp / 'soak.db'}"
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": "",
            "SECRET_KEY": secrets.token_hex(16),
            "JOIN_RATE_LIMIT": "100000 per minute",
        }
        env.pop("CI", None)
        subprocess.run(
            [str(Path(sys.executable).with_name("badgeathon")), "db", "upgrade"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        teams = harness.prepare_event(database_url, args.clients // args.team_size, args.team_size)
        design_ids = [design for _, design in teams]
        server = harness.Server("app:app", env, tmp / "server.log")
        cleanups.append(server.stop)
        server.wait_ready()

        duration = args.minutes * 60
        ack_log = tmp / "acks.log"
        plan = harness.plan_workers(teams, args.team_size, max(1, round(args.clients / 150)))
        workers = []
        for number, assigned in enumerate(plan):
            config = tmp / f"worker-{number}.json"
            config.write_text(
                json.dumps(
                    {
                        "mode": "app",
                        "urls": [server.url],
                        "teams": assigned,
                        "snapshot": "",
                        "concurrency": 25,
                        "setup_timeout": 300,
                        "warmup": 0,
                        "duration": duration,
                        "period": 1.0 / args.rate,
                        "settle": 60,
                        "seed": args.seed * 1000 + number,
                        "output": str(tmp / f"worker-{number}.out.json"),
                        "ack_log": str(ack_log),
                        "keep_tokens": args.keep_tokens,
                        "keystrokes": args.typing == "keystrokes",
                    }
                )
            )
            with open(tmp / f"worker-{number}.log", "w") as log:  # the child keeps its own copy of the file
                workers.append(
                    (
                        subprocess.Popen(
                            [sys.executable, str(ROOT / "bench" / "simclient.py"), "--worker", str(config)],
                            cwd=ROOT,
                            stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE,
                            stderr=log,
                            text=True,
                        ),
                        config,
                    )
                )
        cleanups.append(lambda: [p.kill() for p, _ in workers if p.poll() is None])
        print(
            f"Soak: {args.clients} participants in {len(teams)} teams, {args.minutes:g} min on "
            f"{database_url.split('@')[-1]} (logs in {tmp})",
            flush=True,
        )
        for process, config in workers:
            if process.stdout.readline().strip() != "READY":
                raise RuntimeError(f"a client worker did not get ready (see {config.with_suffix('.log')})")
        start = time.monotonic() + 1
        for process, _ in workers:
            process.stdin.write(f"GO {start}\n")
            process.stdin.flush()

        pid = server.worker_pid()
        baseline_at = start + min(60.0, duration / 3)
        baseline = 0
        samples = []
        while time.monotonic() < start + duration:
            time.sleep(min(10.0, max(0.1, start + duration - time.monotonic())))
            now = time.monotonic()
            samples.append((now - start, rss_kb(pid)))
            if not baseline and now >= baseline_at:
                baseline = samples[-1][1]
                print(f"  baseline after {now - start:.0f} s: server worker RSS {baseline / 1024:.1f} MiB", flush=True)
            elif int(now - start) % 60 < 10:
                print(
                    f"  {now - start:.0f} s: RSS {samples[-1][1] / 1024:.1f} MiB, database "
                    f"{database_bytes(database_url) / 1024:.0f} KiB",
                    flush=True,
                )
        end_rss = rss_kb(pid)
        outputs = []
        for process, config in workers:
            if process.stdout.readline().strip() != "DONE":
                raise RuntimeError(f"a client worker failed (see {config.with_suffix('.log')})")
            process.wait(120)
            outputs.append(json.loads(Path(json.loads(config.read_text())["output"]).read_text()))
        server.stop()

        clients = [c for output in outputs for c in output["clients"]]
        edits = sum(c["edits"] for c in clients)
        lines = [line.split() for line in ack_log.read_text().splitlines()]
        acked = {(int(cid), int(seq)) for cid, seq, _, _ in lines}
        acked_deletions = {(int(cid), int(old)) for cid, _, _, old in lines if int(old) >= 0}
        deleted = {(c["id"], old) for c in clients for old in c["deleted"].values()}
        found = inspect(database_url, design_ids)
        present = set(found["tokens"])
        # an acknowledged insert must be there unless its author deleted it since; an acknowledged deletion must hold
        missing = (acked - deleted - present) | (acked_deletions & present)
        duplicated = sum(1 for n in found["tokens"].values() if n > 1)
        sent = {(c["id"], seq) for c in clients for seq, _ in c["sent"]} - deleted
        size = database_bytes(database_url)
        growth = (end_rss - baseline) / baseline * 100 if baseline else float("nan")
        print(
            f"\n  edits {edits} (of which {len(deleted)} also deleted an older token), acknowledged {len(acked)}, "
            f"refused or unanswered "
            f"{sum(1 for c in clients for *_, ok in c['acks'] if not ok)}, client errors "
            f"{sum(c['error_count'] for c in clients)}"
            + (f" e.g. {[e for c in clients for e in c['errors']][:3]}" if any(c["errors"] for c in clients) else "")
        )
        print(
            f"  on disk: {len(present)} tokens, sent and not deleted but absent {len(sent - present)}, "
            f"deleted but present {len(deleted & present)}, duplicated {duplicated}"
        )
        print(
            f"  update log: {found['rows_left']} rows left (largest per design {found['largest_log']}), "
            f"ignored {found['ignored']}; database {size / 1024:.0f} KiB"
        )
        print(
            f"  server worker RSS: baseline {baseline / 1024:.1f} MiB, end {end_rss / 1024:.1f} MiB ({growth:+.1f} %)"
        )
        met = not missing and not found["ignored"] and growth <= 10
        print(
            f"\ntargets (acked_missing = 0, log_rows_ignored = 0, rss_growth_pct <= 10): {'met' if met else 'MISSED'}"
        )
        print(
            f"RESULT minutes={args.minutes:g} edits={edits} acked_missing={len(missing)} "
            f"rss_growth_pct={growth:.1f} db_bytes_per_edit={size / max(1, edits):.1f} "
            f"log_rows_ignored={found['ignored']}"
        )
        failed = False
        return 0
    finally:
        harness.clean_up(cleanups, tmp, failed, args.keep)


if __name__ == "__main__":
    sys.exit(main())
