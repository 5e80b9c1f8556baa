#!/usr/bin/env python
"""Load test of the jury's scoring: concurrent jurors load each design's scoring page and save its criteria.

Like a hackathon's judging: every juror (signed in through their invitation link) takes the designs in pitch order,
loads the scoring page (GET /jury/scoring/<team>), then saves its criteria one after the other (POST .../scores,
JSON, X-CSRFToken from the page), as fast as the server answers, until every design is scored. 20 jurors × 60
designs × 6 criteria = 7200 saves, each with its own value, all checked in the database at the end (a lost or wrong
save is an error). The app is served in its production shape (gunicorn, one gevent worker, access log). In the
same run a bare Flask app (pages and saves answered at once, no database, no sign-in) takes the same load in the
same shape: the baseline. Last, the ranking core (badgeathon.jury.ranking.rank) is timed on 200 designs × 30
jurors × 6 criteria of random scores.

    python bench/jury.py
    python bench/jury.py --database-url postgresql://postgres@127.0.0.1:5432/postgres

The last line printed is
    RESULT scores_per_s=X save_p95_ms=Y errors=E ranking_ms=Z
See bench/README.md for what each figure means.
"""

import sys

if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "--worker":
    # The client worker: gevent first, so that requests' sockets are cooperative.
    from gevent import monkey

    monkey.patch_all()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import secrets  # noqa: E402
import signal  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402  (bench/harness.py: server, CPU and database helpers)

ROOT = harness.ROOT
clock = harness.clock
percentile = harness.percentile
DATA_CSRF = re.compile(r'\bdata-csrf="([^"]+)"')
DATA_CRITERION = re.compile(r'\bdata-criterion="([0-9a-f-]{36})"')
TARGET_RATE, TARGET_P95_MS, TARGET_RANKING_MS = 340, 50, 50
RANK_DESIGNS, RANK_JURORS, RANK_RUNS = 200, 30, 9


def expected_value(juror: int, team: int, criterion: int) -> int:
    """The score juror #j gives design #t on criterion #c (0..5): deterministic, so the database can be checked."""
    return (juror * 7 + team * 3 + criterion * 5 + (juror * team * (criterion + 1)) % 4) % 6


# ==================================================================================================================
# The baseline: a bare Flask app, served like the app (gunicorn target "bench.jury:baseline_app()")
# ==================================================================================================================


def baseline_app():
    """Same URLs as the jury's, answered at once: a tiny scoring page naming the criteria, saves answered with JSON
    (the body is parsed, nothing is stored). No sign-in, no session, no database."""
    from flask import Flask, jsonify, redirect, request

    app = Flask("jury-baseline")
    criteria = [c for c in os.environ.get("JURY_BASELINE_CRITERIA", "").split(",") if c]
    page = (
        '<form data-scoring data-csrf="baseline">'
        + "".join(f'<fieldset data-criterion="{c}"></fieldset>' for c in criteria)
        + "</form>"
    )

    @app.get("/")
    def index():
        return "baseline"

    @app.route("/invitation/<token>", methods=["GET", "POST"])
    def invitation(token):
        if request.method == "GET":
            return '<form method="post"><input name="csrf_token" value="baseline"></form>'
        return redirect("/jury/")

    @app.get("/jury/scoring/<uuid:team_id>")
    def scoring_sheet(team_id):
        return page

    @app.post("/jury/scoring/<uuid:team_id>/scores")
    def save_score(team_id):
        body = request.get_json(silent=True) or {}
        return jsonify(saved=True, criterion=body.get("criterion"))

    return app


# ==================================================================================================================
# Client worker (a separate OS process under gevent): the jurors
# ==================================================================================================================


class Juror:
    def __init__(self, index: int, token: str, config: dict):
        self.index, self.token, self.config = index, token, config
        self.url = config["url"]
        self.http = None
        self.pages: list[float] = []
        self.saves: list[float] = []
        self.acked: list[tuple[int, int, int]] = []
        self.errors: Counter = Counter()
        self.samples: list[str] = []
        self.finished = 0.0

    def error(self, kind: str, detail: str) -> None:
        self.errors[kind] += 1
        if len(self.samples) < 5:
            self.samples.append(f"juror {self.index}: {kind}: {detail}"[:300])

    def sign_in(self) -> None:
        import requests

        self.http = requests.Session()
        link = f"{self.url}/invitation/{self.token}"
        form = self.http.get(link, timeout=60)
        csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form.text)
        answer = self.http.post(link, data={"csrf_token": csrf and csrf.group(1)}, timeout=60, allow_redirects=False)
        if answer.status_code != 302 or (self.config["mode"] == "app" and "session" not in self.http.cookies):
            raise RuntimeError(f"invitation: HTTP {answer.status_code}")
        self.load_page(0, record=False)  # warm-up (untimed): templates, connections; the rubric is checked here

    def load_page(self, team: int, record: bool = True) -> str | None:
        """GET the scoring page; its CSRF token, or None (an error) when the page is not what a juror gets."""
        started = clock()
        try:
            answer = self.http.get(
                f"{self.url}/jury/scoring/{self.config['teams'][team]}", timeout=60, allow_redirects=False
            )
        except Exception as error:
            if not record:
                raise
            self.error("page: exception", repr(error))
            return None
        if record:
            self.pages.append(clock() - started)
        if answer.status_code != 200:
            if not record:
                raise RuntimeError(f"scoring page: HTTP {answer.status_code}")
            self.error(f"page: HTTP {answer.status_code}", answer.text[:200])
            return None
        text = answer.text
        csrf = DATA_CSRF.search(text)
        criteria = DATA_CRITERION.findall(text)
        if not csrf or criteria != self.config["criteria"]:
            problem = f"csrf {'found' if csrf else 'missing'}, criteria {criteria} != {self.config['criteria']}"
            if not record:
                raise RuntimeError(f"scoring page: {problem}")
            self.error("page: unexpected content", problem)
            return None
        return csrf.group(1)

    def save(self, team: int, criterion: int, csrf: str) -> None:
        value = expected_value(self.index, team, criterion)
        started = clock()
        try:
            answer = self.http.post(
                f"{self.url}/jury/scoring/{self.config['teams'][team]}/scores",
                timeout=60,
                json={"criterion": self.config["criteria"][criterion], "value": value},
                headers={"X-CSRFToken": csrf},
                allow_redirects=False,
            )
            latency = clock() - started
            body = answer.json() if answer.headers.get("Content-Type", "").startswith("application/json") else None
        except Exception as error:
            self.error("save: exception", repr(error))
            return
        self.saves.append(latency)
        if not 200 <= answer.status_code < 300:
            self.error(f"save: HTTP {answer.status_code}", answer.text[:200])
        elif not isinstance(body, dict) or body.get("saved") is not True:
            self.error("save: not saved", answer.text[:200])
        else:
            self.acked.append((self.index, team, criterion))

    def run(self) -> None:
        last_csrf = "none"
        for team in range(len(self.config["teams"])):
            csrf = self.load_page(team)
            last_csrf = csrf or last_csrf  # a failed page still leads to the saves (counted, likely refused)
            for criterion in range(len(self.config["criteria"])):
                self.save(team, criterion, last_csrf)
        self.finished = clock()

    def result(self) -> dict:
        return {
            "index": self.index,
            "pages": self.pages,
            "saves": self.saves,
            "acked": self.acked,
            "errors": dict(self.errors),
            "samples": self.samples,
            "finished": self.finished,
        }


def worker_main(config_path: str) -> None:
    import gevent
    import gevent.pool
    from gevent.socket import wait_read

    config = json.loads(Path(config_path).read_text())
    jurors = [Juror(index, token, config) for index, token in enumerate(config["tokens"])]
    failures = []

    def set_up(juror):
        try:
            juror.sign_in()
        except Exception as error:
            failures.append(f"juror {juror.index}: {error!r}")

    with gevent.Timeout(300, RuntimeError("signing the jurors in took too long")):
        gevent.pool.Pool(len(jurors)).map(set_up, jurors)
    if failures:
        print("FAILED " + "; ".join(failures[:5]), flush=True)
        sys.exit(1)
    print("READY", flush=True)

    wait_read(sys.stdin.fileno())
    start = float(sys.stdin.readline().split()[1])
    gevent.sleep(max(0.0, start - clock()))
    before = os.times()
    gevent.joinall([gevent.spawn(juror.run) for juror in jurors])
    after = os.times()
    print("END", flush=True)
    Path(config["output"]).write_text(
        json.dumps(
            {
                "jurors": [juror.result() for juror in jurors],
                "start": start,
                "end": max(juror.finished for juror in jurors),
                "cpu_seconds": (after.user + after.system) - (before.user + before.system),
                "wall_seconds": after.elapsed - before.elapsed,
            }
        )
    )
    for juror in jurors:
        juror.http.close()
    print("DONE", flush=True)


# ==================================================================================================================
# Orchestrator
# ==================================================================================================================


def make_app(database_url: str, secret_key: str, **extra):
    from badgeathon import create_app
    from badgeathon.config import _sqlalchemy_url

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": _sqlalchemy_url(database_url),
            "SOCKETIO_ASYNC_MODE": "threading",
            "REDIS_URL": "",
            "RATELIMIT_STORAGE_URI": "memory://",
            "SECRET_KEY": secret_key,
            **extra,
        }
    )


def prepare_event(app, designs: int, jurors: int, members: int) -> dict:
    """An event in its scoring phase: `designs` teams (each with `members` participants of the team's own structure
    and a design), `jurors` jurors of structures no participant has (so nobody is recused), the default rubric."""
    from badgeathon.auth.services import create_organiser, invitation_token
    from badgeathon.db_types import utcnow
    from badgeathon.events import joining, moves, services
    from badgeathon.events.phases import Phase
    from badgeathon.extensions import db
    from badgeathon.jury import recusal_service, sheets

    with app.test_request_context():
        organiser = create_organiser("Bench", f"bench-{secrets.token_hex(4)}@example.org", secrets.token_hex(8))
        event = services.create_event(
            services.EventDetails(f"Jury bench {secrets.token_hex(3)}", "127.0.0.1", utcnow(), 360, 3, ("Bench",))
        )
        for index in range(designs):
            team = services.add_team(event, f"Team {index + 1:03d}", None)
            for member in range(members):
                joining.join_team(team.join_code, f"Member {index + 1}-{member + 1}", f"Team structure {index + 1}")
        moves.move_phase(event, Phase.DESIGN, organiser)  # each team has its design since it was added
        people = [
            services.add_juror(
                event, f"Juror {index + 1:02d}", f"juror{index + 1}@bench.example.org", f"Jury structure {index + 1}"
            )
            for index in range(jurors)
        ]
        db.session.commit()  # the event has had the default rubric since it was created
        moves.move_phase(event, Phase.PITCHES, organiser)
        moves.move_phase(event, Phase.SCORING, organiser)
        states = recusal_service.recusals(event)
        recused = sum(1 for state in states.values() if state.recused)
        if recused:
            raise RuntimeError(f"{recused} juror × team pairs are recused: the structures overlap")
        made = {
            "event_id": event.id,
            "teams": [str(team.public_id) for team in sheets.pitch_order(event)],
            "team_ids": [team.id for team in sheets.pitch_order(event)],
            "criteria": [str(c.public_id) for c in event.criteria],
            "criterion_ids": [c.id for c in event.criteria],
            "tokens": [invitation_token(juror) for juror in people],
            "juror_ids": [juror.id for juror in people],
        }
        db.session.remove()
        db.engine.dispose()
    return made


def check_database(app, setup: dict, acked: set) -> dict:
    """Every acknowledged save is in the database with its value; nothing else is."""
    from badgeathon.extensions import db
    from badgeathon.jury.models import AuditEntry, Score

    jurors = {pk: i for i, pk in enumerate(setup["juror_ids"])}
    teams = {pk: i for i, pk in enumerate(setup["team_ids"])}
    criteria = {pk: i for i, pk in enumerate(setup["criterion_ids"])}
    with app.app_context():
        rows = db.session.execute(
            db.select(Score.juror_id, Score.team_id, Score.criterion_id, Score.value).where(
                Score.event_id == setup["event_id"]
            )
        ).all()
        audit = db.session.execute(
            db.select(db.func.count(AuditEntry.id)).where(
                AuditEntry.event_id == setup["event_id"], AuditEntry.action == "score"
            )
        ).scalar_one()
        from badgeathon.events.models import Event
        from badgeathon.jury import sheets

        event = db.session.get(Event, setup["event_id"])
        progress_wrong = sum(
            1
            for line in sheets.progress(event)  # what the organiser's page shows
            if (line.scored, line.to_score) != (len(teams), len(teams))
        )
        db.session.remove()
        db.engine.dispose()
    stored, unexpected, wrong = {}, 0, 0
    for juror_id, team_id, criterion_id, value in rows:
        key = (jurors.get(juror_id), teams.get(team_id), criteria.get(criterion_id))
        if None in key or key in stored:
            unexpected += 1
            continue
        stored[key] = value
        if value != expected_value(*key):
            wrong += 1
    lost = sum(1 for key in acked if key not in stored)
    unacknowledged = sum(1 for key in stored if key not in acked)  # stored although its request failed (counted)
    return {
        "rows": len(rows),
        "lost": lost,
        "wrong": wrong,
        "unexpected": unexpected,
        "audit": audit,
        "unacknowledged": unacknowledged,
        "progress_wrong": progress_wrong,
    }


def diagnose(app, setup: dict) -> dict:
    """In this process, one juror alone (no concurrency, no network): SQL statements and time per page and per save
    (a real change of an existing score, then back: the database ends as the run left it)."""
    from sqlalchemy import event as sa_event

    from badgeathon.extensions import db

    statements = [0]
    team, criterion = setup["teams"][0], setup["criteria"][0]
    value = expected_value(0, 0, 0)

    def count(*_):
        statements[0] += 1

    with app.app_context():
        engine = db.engine
    # No app context held around the requests: each pushes its own, and its session ends with it, as in the server.
    sa_event.listen(engine, "before_cursor_execute", count)
    client = app.test_client()
    client.post(f"/invitation/{setup['tokens'][0]}")
    pages, saves, page_sql, save_sql = [], [], [], []
    for attempt in range(10):
        statements[0] = 0
        started = time.perf_counter()
        answer = client.get(f"/jury/scoring/{team}")
        pages.append(time.perf_counter() - started)
        page_sql.append(statements[0])
        assert answer.status_code == 200, answer.status_code
        statements[0] = 0
        started = time.perf_counter()
        answer = client.post(
            f"/jury/scoring/{team}/scores",
            json={"criterion": criterion, "value": (value + 1) % 6 if attempt % 2 == 0 else value},
        )
        saves.append(time.perf_counter() - started)
        save_sql.append(statements[0])
        assert answer.status_code == 200 and answer.get_json()["saved"], answer.data[:200]
    sa_event.remove(engine, "before_cursor_execute", count)
    engine.dispose()
    return {
        "page_ms": statistics.median(pages) * 1000,
        "save_ms": statistics.median(saves) * 1000,
        "page_sql": statistics.median(page_sql),
        "save_sql": statistics.median(save_sql),
    }


def time_rank_event(app, setup: dict) -> float:
    """The app's own ranking of this run's scores (database read included), in ms: median of 5."""
    from badgeathon.events.models import Event
    from badgeathon.extensions import db
    from badgeathon.jury import deliberation

    times = []
    with app.app_context():
        for _ in range(5):
            event = db.session.get(Event, setup["event_id"])
            started = time.perf_counter()
            deliberation.rank_event(event)
            times.append(time.perf_counter() - started)
            db.session.remove()
        db.engine.dispose()
    return statistics.median(times) * 1000


def time_ranking(seed: int) -> dict:
    """ranking.rank on RANK_DESIGNS designs × RANK_JURORS jurors × the default rubric's criteria, random scores."""
    from badgeathon.jury import ranking
    from badgeathon.jury.rubric import DEFAULT_RUBRIC

    rng = random.Random(seed)
    criteria = [ranking.Criterion(f"criterion-{i}", weight, 0, 5) for i, (_, weight, _) in enumerate(DEFAULT_RUBRIC)]
    designs = [f"design-{i:03d}" for i in range(RANK_DESIGNS)]
    scores = [
        ranking.Score(f"juror-{j:02d}", design, c.key, rng.randint(0, 5))
        for j in range(RANK_JURORS)
        for design in designs
        for c in criteria
    ]
    times = []
    for _ in range(RANK_RUNS + 1):
        started = time.perf_counter()
        result = ranking.rank(scores, criteria, designs)
        times.append(time.perf_counter() - started)
    cold, warm = times[0], times[1:]
    return {
        "scores": len(scores),
        "criteria": len(criteria),
        "median_ms": statistics.median(warm) * 1000,
        "min_ms": min(warm) * 1000,
        "max_ms": max(warm) * 1000,
        "cold_ms": cold * 1000,
        "normalised": result.normalised,
    }


def summarise_profile(path: Path, top: int = 12) -> list[str]:
    """py-spy's raw collapsed stacks, summed up: own time by package and by function, total time of the app's
    functions. Frames read "function (path)", the path relative to site-packages or the project."""
    if not path.exists():
        return [f"  (no profile written to {path})"]
    own, packages, app_total, total, idle = Counter(), Counter(), Counter(), 0, 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        count = int(count)
        frames = [frame for frame in stack.split(";") if frame.endswith(")") and " (" in frame]
        total += count
        if not frames:
            continue
        leaf = frames[-1]
        if leaf.startswith(("Hub.run (", "run (")) and "gevent/hub.py" in leaf:
            idle += count  # the hub waiting for the next event: the worker is idle
            continue
        own[leaf] += count
        where = leaf.rsplit(" (", 1)[1].rstrip(")")
        packages[where.split("/", 1)[0] if "/" in where else where] += count
        for frame in set(frames):
            if " (badgeathon/" in frame:
                app_total[frame] += count

    busy = max(1, total - idle)
    lines = [f"  samples: {total}; the worker was idle (gevent hub waiting) in {idle / max(1, total):.0%} of them"]
    lines.append(
        "  busy samples by package of the running function: "
        + ", ".join(f"{name} {n / busy:.0%}" for name, n in packages.most_common(10))
    )
    lines.append("  busy samples by running function:")
    lines += [f"    {n / busy:6.1%}  {f}" for f, n in own.most_common(top)]
    lines.append("  busy samples by the app's functions on the stack (total time):")
    lines += [f"    {n / busy:6.1%}  {f}" for f, n in app_total.most_common(top * 2)]
    return lines


def run_phase(mode: str, args, setup: dict, env: dict, tmp: Path, cleanups: list) -> dict:
    before = harness.machine_cpu()
    time.sleep(1.0)
    after = harness.machine_cpu()
    idle_load = (after[0] - before[0]) / max(1, after[1] - before[1]) * os.cpu_count()
    if idle_load > 0.25:
        print(
            f"  warning: the machine is already busy before the run ({idle_load:.0%} of a core used by other "
            "processes): the figures will be noisy",
            flush=True,
        )
    target = "bench.jury:baseline_app()" if mode == "baseline" else args.app_target
    server_env = {**env, "JURY_BASELINE_CRITERIA": ",".join(setup["criteria"])}
    server = harness.Server(target, server_env, tmp / f"{mode}-server.log", args.nice)
    cleanups.append(server.stop)
    server.wait_ready()

    config = tmp / f"{mode}-worker.json"
    config.write_text(
        json.dumps(
            {
                "mode": mode,
                "url": server.url,
                "teams": setup["teams"],
                "criteria": setup["criteria"],
                "tokens": setup["tokens"],
                "output": str(tmp / f"{mode}-worker.out.json"),
            }
        )
    )
    with open(tmp / f"{mode}-worker.log", "w") as log:  # the child keeps its own copy of the file
        worker = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--worker", str(config)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            stderr=log,
            preexec_fn=(lambda: os.nice(args.nice)) if args.nice else None,
        )
    cleanups.append(lambda: worker.poll() is None and worker.kill())
    line = worker.stdout.readline().strip()
    if line != "READY":
        raise RuntimeError(f"{mode} client did not get ready: {line or 'it stopped'} (see {tmp}/{mode}-worker.log)")

    start = clock() + 0.5
    worker.stdin.write(f"GO {start}\n")
    worker.stdin.flush()
    pid = server.worker_pid()
    time.sleep(max(0.0, start - clock()))
    server_before, machine_before, began = harness.process_cpu(pid), harness.machine_cpu(), clock()
    spy = None
    profile = Path(args.profile_dir or tmp) / f"{mode}-server.txt"
    if args.py_spy:
        with open(tmp / f"{mode}-py-spy.log", "w") as log:
            spy = subprocess.Popen(
                [
                    args.py_spy,
                    "record",
                    "--pid",
                    str(pid),
                    "--format",
                    "raw",
                    "--rate",
                    "200",
                    "--nonblocking",
                    "--nolineno",
                    "--idle",
                    "--output",
                    str(profile),
                ],
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        cleanups.append(lambda: spy.poll() is None and spy.kill())
    line = worker.stdout.readline().strip()
    elapsed = clock() - began
    server_cpu = (harness.process_cpu(pid) - server_before) / elapsed
    machine_after = harness.machine_cpu()
    machine = (machine_after[0] - machine_before[0]) / max(1, machine_after[1] - machine_before[1])
    if spy is not None:
        spy.send_signal(signal.SIGINT)  # py-spy writes its file on Ctrl-C
        try:
            spy.wait(30)
        except subprocess.TimeoutExpired:
            spy.kill()
    if line != "END":
        raise RuntimeError(f"{mode} client failed: {line or 'it stopped'} (see {tmp}/{mode}-worker.log)")
    if worker.stdout.readline().strip() != "DONE":
        raise RuntimeError(f"{mode} client failed writing its results (see {tmp}/{mode}-worker.log)")
    worker.wait(60)
    server.stop()
    output = json.loads((tmp / f"{mode}-worker.out.json").read_text())

    jurors = output["jurors"]
    saves = sorted(x * 1000 for j in jurors for x in j["saves"])
    pages = sorted(x * 1000 for j in jurors for x in j["pages"])
    errors = Counter()
    for j in jurors:
        errors.update(j["errors"])
    wall = output["end"] - output["start"]
    acked = {tuple(key) for j in jurors for key in j["acked"]}
    report = {
        "mode": mode,
        "jurors": len(jurors),
        "designs": len(setup["teams"]),
        "criteria": len(setup["criteria"]),
        "saves": saves,
        "pages": pages,
        "acked": acked,
        "wall": wall,
        "request_errors": errors,
        "samples": [s for j in jurors for s in j["samples"]][:5],
        "client_cpu": output["cpu_seconds"] / max(1e-9, output["wall_seconds"]),
        "server_cpu": server_cpu,
        "machine_cpu": machine * os.cpu_count(),
        "idle_load": idle_load,
        "profile": summarise_profile(profile) if args.py_spy else None,
    }
    return report


def describe(report: dict) -> None:
    title = "bare Flask (baseline)" if report["mode"] == "baseline" else "badgeathon app"
    saves, pages = report["saves"], report["pages"]
    expected = report["jurors"] * report["designs"] * report["criteria"]
    print(f"\n== {title}: {report['jurors']} jurors × {report['designs']} designs × {report['criteria']} criteria ==")
    print(
        f"  saves answered {len(saves)} of {expected} in {report['wall']:.1f} s: {len(saves) / report['wall']:.0f} "
        f"saves/s ({len(report['acked']) / report['wall']:.0f} saved/s), with {len(pages)} page loads "
        f"({len(pages) / report['wall']:.1f}/s)"
    )
    for name, values in (("save", saves), ("page load", pages)):
        print(
            f"  {name}, ms: p50 {percentile(values, 50):.1f}  p95 {percentile(values, 95):.1f}  "
            f"p99 {percentile(values, 99):.1f}  max {max(values, default=float('nan')):.1f}  (n={len(values)})"
        )
    errors = ", ".join(f"{kind}: {n}" for kind, n in sorted(report["request_errors"].items())) or "none"
    print(f"  request errors: {errors}" + (f"  e.g. {report['samples']}" if report["samples"] else ""))
    if "database" in report:
        db = report["database"]
        print(
            f"  database: {db['rows']} scores stored (expected {expected}); lost {db['lost']}, wrong value "
            f"{db['wrong']}, unexpected {db['unexpected']}, stored though their request failed "
            f"{db['unacknowledged']}; audit entries for scores {db['audit']}; jurors whose progress (the organiser's "
            f"figures) is not {report['designs']}/{report['designs']}: {db['progress_wrong']}"
        )
    rest = report["machine_cpu"] - report["server_cpu"] - report["client_cpu"]
    print(
        f"  CPU (share of one core during the saving): server worker {report['server_cpu']:.0%}; client "
        f"{report['client_cpu']:.0%}; whole machine {report['machine_cpu']:.0%} of {os.cpu_count()} cores, of which "
        f"{rest:.0%} neither (PostgreSQL, anything else running)"
    )
    requests = len(saves) + len(pages)
    if requests and report["server_cpu"] > 0:
        per_request = report["server_cpu"] * report["wall"] / requests * 1000
        print(
            f"  server CPU per request (saves and page loads alike): {per_request:.2f} ms; with a whole core, "
            f"about {len(saves) / report['wall'] / report['server_cpu']:.0f} saves/s"
        )
    if report["client_cpu"] > 0.75:
        print("  the client used most of a core: this side's rate and latencies are bounded by the load generator")
    if "diagnosis" in report:
        d = report["diagnosis"]
        print(
            f"  one juror alone, in this process (no network, no concurrency): page {d['page_ms']:.1f} ms and "
            f"{d['page_sql']:.0f} SQL statements; save {d['save_ms']:.1f} ms and {d['save_sql']:.0f} SQL statements"
        )
    if "rank_event_ms" in report:
        print(
            f"  deliberation.rank_event on this run's scores (database read included): {report['rank_event_ms']:.1f} ms"
        )
    if report["profile"]:
        print("  py-spy, server worker during the saving:")
        print("\n".join(report["profile"]))


def error_count(report: dict) -> int:
    count = sum(report["request_errors"].values())
    if "database" in report:
        db = report["database"]
        count += db["lost"] + db["wrong"] + db["unexpected"] + db["progress_wrong"]
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jurors", type=int, default=20, help="concurrent jurors (default 20)")
    parser.add_argument("--designs", type=int, default=60, help="designs (teams) each juror scores (default 60)")
    parser.add_argument("--members", type=int, default=4, help="participants per team (default 4)")
    parser.add_argument(
        "--database-url",
        default="",
        help="PostgreSQL server to use (a throwaway database is "
        "created on it and dropped at the end); default: a SQLite file in a temporary folder",
    )
    parser.add_argument("--only", choices=("both", "app", "baseline"), default="both")
    parser.add_argument("--seed", type=int, default=1, help="seed of the ranking's random scores")
    parser.add_argument(
        "--py-spy",
        default="",
        help="path of a py-spy binary: profile the server worker during the "
        "saving and print its top functions (raw collapsed stacks in --profile-dir)",
    )
    parser.add_argument("--profile-dir", default="", help="where the profiles go (default: the temporary folder)")
    parser.add_argument("--app-target", default="app:app", help="the WSGI app gunicorn serves (default app:app)")
    parser.add_argument(
        "--nice",
        type=int,
        default=0,
        help="niceness of the server and the client (e.g. -10, as "
        "root, to shield the figures from other work on a shared machine)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs) and database")
    args = parser.parse_args()
    if args.jurors <= 0 or args.designs <= 0 or args.members < 0:
        parser.error("--jurors and --designs must be positive, --members at least 0")

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C cleans up, even when started in background
    tmp = Path(tempfile.mkdtemp(prefix="badgeathon-jury-bench-"))
    cleanups: list = []
    reports = {}
    failed = True
    try:
        if args.database_url:
            database_url, drop = harness.create_postgres_database(args.database_url)
            if not args.keep:
                cleanups.append(drop)
        else:
            database_url = f"sqlite:///{tmp / 'bench.db'}"
        secret_key = secrets.token_hex(16)
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": "",
            "SECRET_KEY": secret_key,
            "SOCKETIO_ASYNC_MODE": "gevent",
            "RATELIMIT_STORAGE_URI": "memory://",
            "JOIN_RATE_LIMIT": "100000 per minute",
            # `badgeathon run` logs every request to stdout (here the server's log file): production shape
            "GUNICORN_CMD_ARGS": (os.environ.get("GUNICORN_CMD_ARGS", "") + " --access-logfile -").strip(),
        }
        env.pop("CI", None)
        print(
            f"Preparing {args.designs} designs and {args.jurors} jurors on {database_url.split('@')[-1]} "
            f"(logs in {tmp})",
            flush=True,
        )
        subprocess.run(
            [str(Path(sys.executable).with_name("badgeathon")), "db", "upgrade"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        app = make_app(database_url, secret_key)
        setup = prepare_event(app, args.designs, args.jurors, args.members)
        for mode in ("baseline", "app"):
            if args.only in (mode, "both"):
                print(f"Running the {'bare Flask baseline' if mode == 'baseline' else 'app'}...", flush=True)
                report = reports[mode] = run_phase(mode, args, setup, env, tmp, cleanups)
                if mode == "app":
                    report["database"] = check_database(app, setup, report["acked"])
                    diagnostic_app = make_app(database_url, secret_key, WTF_CSRF_ENABLED=False)
                    report["diagnosis"] = diagnose(diagnostic_app, setup)
                    report["rank_event_ms"] = time_rank_event(diagnostic_app, setup)
                describe(report)
        ranked = time_ranking(args.seed)
        print(
            f"\n== ranking.rank: {RANK_DESIGNS} designs × {RANK_JURORS} jurors × {ranked['criteria']} criteria "
            f"({ranked['scores']} random scores, normalised: {ranked['normalised']}) =="
        )
        print(
            f"  median of {RANK_RUNS} {ranked['median_ms']:.1f} ms (min {ranked['min_ms']:.1f}, max "
            f"{ranked['max_ms']:.1f}; a first, cold run before them {ranked['cold_ms']:.1f})"
        )
        failed = False
    except KeyboardInterrupt:
        print("interrupted: stopping the server and client", file=sys.stderr)
        return 130
    finally:
        harness.clean_up(cleanups, tmp, failed, args.keep)

    def rate(report):
        return len(report["acked"]) / report["wall"]

    main_report = reports.get("app") or reports["baseline"]
    if "baseline" in reports:
        base = reports["baseline"]
        print(
            f"\nbaseline (bare Flask, same load and shape): {rate(base):.0f} saves/s, save p95 "
            f"{percentile(base['saves'], 95):.1f} ms, page p95 {percentile(base['pages'], 95):.1f} ms"
        )
    if "app" in reports:
        app_report = reports["app"]
        p95 = percentile(app_report["saves"], 95)
        print(
            f"app: {rate(app_report):.0f} saves/s, save p95 {p95:.1f} ms, page p95 "
            f"{percentile(app_report['pages'], 95):.1f} ms"
            + (
                f" ({rate(app_report) / rate(reports['baseline']):.0%} of the baseline's rate)"
                if "baseline" in reports
                else ""
            )
        )
        verdicts = [
            (f"saved scores per second >= {TARGET_RATE}", rate(app_report) >= TARGET_RATE, f"{rate(app_report):.0f}"),
            (f"save p95 <= {TARGET_P95_MS} ms", p95 <= TARGET_P95_MS, f"{p95:.1f} ms"),
            ("0 errors", error_count(app_report) == 0, str(error_count(app_report))),
        ]
    else:
        verdicts = []
    verdicts.append(
        (
            f"ranking <= {TARGET_RANKING_MS} ms",
            ranked["median_ms"] <= TARGET_RANKING_MS,
            f"{ranked['median_ms']:.1f} ms",
        )
    )
    print()
    for name, met, value in verdicts:
        print(f"target {name}: {'met' if met else 'MISSED'} ({value})")
    print(
        f"RESULT scores_per_s={rate(main_report):.0f} save_p95_ms={percentile(main_report['saves'], 95):.1f} "
        f"errors={error_count(main_report)} ranking_ms={ranked['median_ms']:.1f}"
    )
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker_main(sys.argv[2])
    else:
        sys.exit(main())
