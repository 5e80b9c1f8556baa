#!/usr/bin/env python
"""Load test of the studio's real time: participants in one Node process running the page's own protocol code.

bench/loadgen.mjs holds every simulated participant: it signs in over HTTP as a participant does, then runs
static/workshop/connection.js (join, sync, the 20 s resync, the retries, awareness) with a Yjs document, and types 4
characters a second at a random place of a text field. Latency is the time until each teammate's state vector
covers the edit. The same load then goes to a bare Flask-SocketIO relay (bench/relay_app.py: no CRDT, no database)
as the baseline. Servers run in the production shape (gunicorn, one gevent worker per process) pinned to core 1,
the generator to core 0.

    python bench/realtime.py --clients 300
    python bench/realtime.py --clients 300 --processes 2 \
        --database-url postgresql://postgres@127.0.0.1:5432/postgres --redis-url redis://127.0.0.1:6379/0

The last line printed is
    RESULT clients=N processes=P p50_ms=… p99_ms=X baseline_p99_ms=Y ratio=Z cpu_ms_per_edit=C lost=L
See bench/README.md for what each figure means.
"""

import argparse
import json
import os
import queue
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import harness
from harness import ROOT, clock

GENERATOR_CORE, SERVER_CORE = "0", "1"
SATURATED = 0.85  # the generator's share of its core above which its timings are its own queue, not the server's


class Generator:
    """The Node load generator, its stdout read line by line in a thread (so that waiting for a line has a limit)."""

    def __init__(self, config: Path, log: Path, cpus: str, nice: int):
        node = shutil.which("node")
        if not node:
            raise RuntimeError("node (20 or later) is not on PATH: the load generator is bench/loadgen.mjs")
        self.log = log
        with open(log, "w") as output:  # the child keeps its own copy of the file
            self.process = subprocess.Popen(
                harness.pinned([node, str(ROOT / "bench" / "loadgen.mjs"), str(config)], cpus),
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=output,
                text=True,
                preexec_fn=(lambda: os.nice(nice)) if nice else None,
            )
        self.lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.strip())
        self.lines.put("")  # it stopped

    def expect(self, word: str, timeout: float) -> None:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise RuntimeError(
                f"the load generator did not say {word} within {timeout:.0f} s (see {self.log})"
            ) from None
        if line != word:
            raise RuntimeError(
                f"the load generator said {line or 'nothing (it stopped)'!r} instead of {word} (see {self.log})"
            )

    def say(self, line: str) -> None:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def load_line() -> str:
    return "load average " + " ".join(Path("/proc/loadavg").read_text().split()[:3])


def busy_before(seconds: float = 1.0) -> float:
    """Cores' worth of CPU the machine uses before a side starts (other work on a shared machine)."""
    before = harness.machine_cpu()
    threading.Event().wait(seconds)
    after = harness.machine_cpu()
    return (after[0] - before[0]) / max(1, after[1] - before[1]) * os.cpu_count()


def run_side(mode: str, args, teams: list, env: dict, tmp: Path, snapshot: bytes, cleanups: list) -> dict:
    idle = busy_before()
    print(f"  before the run: {idle:.0%} of a core busy; {load_line()}", flush=True)
    if idle > 0.25:
        print("  warning: the machine is already busy: the figures will be noisy", flush=True)
    target = "bench.relay_app:app" if mode == "relay" else args.app_target
    servers = [
        harness.Server(target, env, tmp / f"{mode}-server-{i}.log", args.nice, cpus=SERVER_CORE)
        for i in range(args.processes)
    ]
    cleanups.append(lambda: [server.stop() for server in servers])
    for server in servers:
        server.wait_ready()

    config = tmp / f"{mode}-loadgen.json"
    output = tmp / f"{mode}-loadgen.out.json"
    config.write_text(
        json.dumps(
            {
                "mode": mode,
                "urls": [server.url for server in servers],
                "teams": harness.plan_workers(teams, args.team_size, 1)[0],
                "snapshot": snapshot.hex() if mode == "relay" else "",
                "concurrency": 25,
                "warmup": args.warmup,
                "duration": args.duration,
                "period": 1.0 / args.rate,
                "settle": args.settle,
                "seed": args.seed,
                "output": str(output),
            }
        )
    )
    generator = Generator(config, tmp / f"{mode}-loadgen.log", GENERATOR_CORE, args.nice)
    cleanups.append(generator.stop)
    began = clock()
    generator.expect("READY", 300)
    print(f"  {args.clients} participants signed in, joined and synced in {clock() - began:.1f} s", flush=True)

    server_pids = [pid for server in servers for pid in server.pids()]
    generator.say("GO")
    generator.expect("WINDOW_START", args.warmup + 30)
    started = clock()
    server_before = sum(harness.process_cpu(pid) for pid in server_pids)
    generator_before = harness.process_cpu(generator.process.pid)
    machine_before = harness.machine_cpu()
    spies = []
    if args.py_spy:  # sample the server workers during the measured window (py-spy is not a project dependency)
        for number, server in enumerate(servers):
            out = Path(args.profile_dir or tmp) / f"{mode}-server-{number}.txt"
            spies.append(
                subprocess.Popen(
                    [
                        args.py_spy,
                        "record",
                        "--pid",
                        str(server.worker_pid()),
                        "--format",
                        "raw",
                        "--rate",
                        "250",
                        "--nonblocking",
                        "--idle",
                        "--duration",
                        str(int(args.duration)),
                        "--output",
                        str(out),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            cleanups.append(lambda spy=spies[-1]: spy.poll() is None and spy.kill())
    generator.expect("WINDOW_END", args.duration + 30)
    wall = clock() - started
    server_cpu = sum(harness.process_cpu(pid) for pid in server_pids) - server_before
    generator_cpu = harness.process_cpu(generator.process.pid) - generator_before
    machine_after = harness.machine_cpu()
    machine = (machine_after[0] - machine_before[0]) / max(1, machine_after[1] - machine_before[1])
    generator.expect("DONE", args.settle + 300)
    report = json.loads(output.read_text())
    generator.process.wait(30)
    for spy in spies:
        spy.wait(30)
    for server in servers:
        server.stop()

    report.update(
        idle=idle,
        wall=wall,
        server_share=server_cpu / wall,
        generator_share=generator_cpu / wall,
        machine_share=machine * os.cpu_count(),
        cpu_ms_per_edit=server_cpu * 1000 / report["edits_in_window"] if report["edits_in_window"] else float("nan"),
        expected_edits=int(args.clients * args.duration * args.rate),
        server_log=tmp / f"{mode}-server-0.log",
    )
    report["server_log_errors"] = sum(
        sum(
            1
            for line in (tmp / f"{mode}-server-{i}.log").read_text(errors="replace").splitlines()
            if "Traceback" in line or " ERROR " in line or "WARNING" in line
        )
        for i in range(args.processes)
    )
    return report


def ms(value) -> str:
    """A delay in ms as the generator wrote it: a number, "inf" (never delivered live) or None (no edit)."""
    return "nan" if value is None else f"{float(value):.1f}"


def describe(report: dict, processes: int) -> None:
    title = "bare relay (baseline)" if report["mode"] == "relay" else "badgeathon app"
    latency = report["latency_ms"]
    print(f"\n== {title}: {report['participants']} participants in {report['teams']} teams, {processes} process(es) ==")
    print(
        f"  edits typed {report['edits']}, in the measured window {report['edits_in_window']} (schedule "
        f"{report['expected_edits']}); (edit, teammate) pairs in the window {report['pairs_in_window']}"
    )
    print(
        f"  edit -> covered by a teammate's state vector, ms: p50 {ms(latency['p50'])}  p95 {ms(latency['p95'])}  "
        f"p99 {ms(latency['p99'])}  max {ms(latency['max'])}  (n={latency['n']}; inf: never delivered live)"
    )
    print("  p99 of each second of the window, ms: " + " ".join(ms(v) for v in report["per_second_p99_ms"]))
    print(
        f"  lost deliveries (pairs never covered live by the end of the run): {report['lost']}; "
        + (
            f"quiet {report['settle_seconds']:.1f} s after the last edit"
            if report["quiet"]
            else f"NOT quiet within the settle ({report['not_online']} page(s) not saying 'online')"
        )
    )
    print(
        f"  after the final syncs: converged teams {report['converged']}/{report['teams']}"
        + (" (pages and the state the server hands a fresh page)" if report["mode"] == "app" else " (pages)")
        + f"; (edit, document) pairs missing {report['lacking']}; final sync errors {report['final_errors']}"
    )
    print(
        "  sent by the pages: "
        + ", ".join(f"{k} {v}" for k, v in sorted(report["sent"].items()))
        + "; received: "
        + ", ".join(f"{k} {v}" for k, v in sorted(report["received"].items()))
    )
    print(
        f"  errors: {report['errors']}"
        + (f" e.g. {report['error_samples']}" if report["error_samples"] else "")
        + f"; server log lines with Traceback/ERROR/WARNING: {report['server_log_errors']}"
    )
    print(
        f"  CPU in the window ({report['wall']:.1f} s): server {report['server_share']:.0%} of its core, "
        f"{report['cpu_ms_per_edit']:.2f} ms per edit; generator {report['generator_share']:.0%} of its core "
        f"(event loop delay p99 {report['loop_delay_p99_ms']:.1f} ms, max {report['loop_delay_max_ms']:.1f} ms); "
        f"machine {report['machine_share']:.0%} of {os.cpu_count()} cores, of which "
        f"{report['machine_share'] - report['server_share'] - report['generator_share']:.0%} neither"
    )
    if report["generator_share"] > SATURATED:
        print(
            f"  !!! THE GENERATOR USED {report['generator_share']:.0%} OF ITS CORE (> {SATURATED:.0%}): its own "
            "queue is in these latencies. THIS RUN IS NOT VALID. !!!"
        )
    print(f"  {load_line()}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--clients", type=int, default=300, help="simulated participants (a multiple of the team size; default 300)"
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="server processes (gunicorn, one gevent worker "
        "each); more than one needs --database-url (PostgreSQL) and --redis-url",
    )
    parser.add_argument(
        "--database-url",
        default="",
        help="PostgreSQL server to use (a throwaway database is "
        "created on it and dropped at the end); default: a SQLite file in a temporary folder",
    )
    parser.add_argument("--redis-url", default="", help="Redis message queue shared by the processes")
    parser.add_argument("--duration", type=float, default=30, help="seconds of measured edits (default 30)")
    parser.add_argument("--warmup", type=float, default=5, help="seconds of edits before measuring (default 5)")
    parser.add_argument("--rate", type=float, default=1.0, help="edits per client per second (default 1)")
    parser.add_argument("--team-size", type=int, default=5)
    parser.add_argument("--settle", type=float, default=30, help="most seconds to wait for quiet at the end")
    parser.add_argument("--only", choices=("both", "app", "relay"), default="both")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--py-spy",
        default="",
        help="path of a py-spy binary: profile the server workers during the "
        "measured window (raw collapsed stacks in --profile-dir)",
    )
    parser.add_argument("--profile-dir", default="", help="where the profiles go (default: the temporary folder)")
    parser.add_argument(
        "--app-target",
        default="app:app",
        help="the WSGI app gunicorn serves (default app:app; "
        "another module that wraps it, e.g. with timings, on PYTHONPATH)",
    )
    parser.add_argument(
        "--nice",
        type=int,
        default=0,
        help="niceness of the servers and the generator (e.g. -10, "
        "as root, to shield the figures from other work on a shared machine)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs) and database")
    args = parser.parse_args()
    if args.clients % args.team_size or args.clients <= 0:
        parser.error("--clients must be a positive multiple of --team-size")
    if args.processes > 1 and (not args.database_url.startswith(("postgres://", "postgresql")) or not args.redis_url):
        parser.error(
            "several processes share PostgreSQL and Redis: give --database-url postgresql://... and "
            "--redis-url redis://..."
        )

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C cleans up, even when started in background
    tmp = Path(tempfile.mkdtemp(prefix="badgeathon-bench-"))
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
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": args.redis_url,
            "SECRET_KEY": secrets.token_hex(16),
            "SOCKETIO_ASYNC_MODE": "gevent",
            "JOIN_RATE_LIMIT": "100000 per minute",
        }
        env.pop("CI", None)
        print(
            f"Preparing {args.clients // args.team_size} teams on {database_url.split('@')[-1]} "
            f"(logs in {tmp}); servers on core {SERVER_CORE}, the generator on core {GENERATOR_CORE}",
            flush=True,
        )
        subprocess.run(
            [str(Path(sys.executable).with_name("badgeathon")), "db", "upgrade"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        teams = harness.prepare_event(database_url, args.clients // args.team_size, args.team_size)
        from badgeathon.workshop import document

        snapshot = document.new_document()
        for mode in ("relay", "app"):
            if args.only in (mode, "both"):
                print(f"Running the {'bare relay' if mode == 'relay' else 'app'}...", flush=True)
                reports[mode] = run_side(mode, args, teams, env, tmp, snapshot, cleanups)
                describe(reports[mode], args.processes)
        failed = False
    except KeyboardInterrupt:
        print("interrupted: stopping the servers and the generator", file=sys.stderr)
        return 130
    finally:
        harness.clean_up(cleanups, tmp, failed, args.keep)

    def figure(mode, key):
        value = reports[mode]["latency_ms"][key] if mode in reports else None
        return float("nan") if value is None else float(value)

    app = reports.get("app") or reports["relay"]
    ratio = figure("app", "p99") / figure("relay", "p99") if len(reports) == 2 else float("nan")
    cpu = app["cpu_ms_per_edit"]
    if "relay" in reports:
        relay_cpu = reports["relay"]["cpu_ms_per_edit"]
        print(
            f"\nrelay cpu_ms_per_edit={relay_cpu:.2f}; app CPU per edit / relay's: "
            f"{cpu / relay_cpu if 'app' in reports and relay_cpu else float('nan'):.2f}"
        )
    invalid = [mode for mode, report in reports.items() if report["generator_share"] > SATURATED]
    if invalid:
        print(f"NOT VALID: the generator was saturated during the {' and '.join(invalid)} side(s)")
    if "app" in reports:
        diverged = app["converged"] < app["teams"] or app["lacking"] > 0
        met = (
            figure("app", "p99") <= 50
            and figure("app", "p50") <= 5
            and cpu <= 1.5
            and app["lost"] == 0
            and not diverged
            and not invalid
        )
        print(
            f"targets (p99 <= 50 ms, p50 <= 5 ms, <= 1.5 ms of server CPU per edit, 0 lost, no divergence): "
            f"{'met' if met else 'MISSED'}" + (" (DIVERGED)" if diverged else "")
        )
    print(
        f"RESULT clients={args.clients} processes={args.processes} p50_ms={figure('app', 'p50'):.1f} "
        f"p99_ms={figure('app', 'p99'):.1f} baseline_p99_ms={figure('relay', 'p99'):.1f} ratio={ratio:.2f} "
        f"cpu_ms_per_edit={cpu:.2f} lost={app['lost']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
