"""What the benches share: the server in its production shape (pinned to a core if asked), CPU counters from /proc,
a throwaway PostgreSQL database, an event set up for the studio, percentiles and the clean-up of a run."""

import math
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]


def clock() -> float:
    """CLOCK_MONOTONIC: one clock for every process of this machine, so timestamps from workers compare."""
    return time.monotonic()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pinned(command: list[str], cpus: str) -> list[str]:
    """The command run on the cores `cpus` only ("0", "1", "0-1"), or as it is without."""
    return ["taskset", "-c", cpus, *command] if cpus else command


class Server:
    """One gunicorn process, one gevent worker: the production shape (`badgeathon run`); with `cpus` (e.g. "1"),
    pinned to those cores (taskset), master and worker."""

    def __init__(self, target: str, env: dict, log: Path, nice: int = 0, cpus: str = ""):
        from badgeathon.gunicorn_conf import command  # the one definition of how the app is served

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        with open(log, "w") as output:  # the child writes to its own copy of the file; ours closes here
            self.process = subprocess.Popen(
                pinned(command(f"127.0.0.1:{self.port}", target), cpus),
                env={**env, "PUBLIC_BASE_URL": self.url},
                cwd=ROOT,
                stdout=output,
                stderr=subprocess.STDOUT,
                preexec_fn=(lambda: os.nice(nice)) if nice else None,
            )

    def wait_ready(self, timeout: float = 60) -> None:
        import urllib.error
        import urllib.request

        deadline = clock() + timeout
        while clock() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.url} stopped (code {self.process.returncode}), see {self.log}")
            try:
                urllib.request.urlopen(self.url + "/", timeout=5).close()
                return
            except urllib.error.HTTPError:
                return  # an answer, whatever it is: the worker has loaded the app
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{self.url} did not answer in {timeout} s")

    def worker_pid(self) -> int | None:
        """The gunicorn worker (the master's child) that does the work."""
        from badgeathon.gunicorn_conf import workers_of

        return next(iter(workers_of(self.process.pid)), None)

    def pids(self) -> list[int]:
        """The master and its workers: the server's processes, whose CPU time counts."""
        from badgeathon.gunicorn_conf import workers_of

        return [self.process.pid, *sorted(workers_of(self.process.pid))]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def process_cpu(pid: int | None) -> float:
    """CPU seconds (user + system) a process has used so far."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_cpu() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def create_postgres_database(url: str) -> tuple[str, callable]:
    """A throwaway database on the server the URL names (the named database only serves to connect)."""
    import psycopg

    base = re.sub(r"^postgres(ql)?(\+psycopg)?://", "postgresql://", url)
    name = f"bench_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(base, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(base, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlsplit(base)._replace(path="/" + name).geturl(), drop


def prepare_event(database_url: str, teams: int, team_size: int) -> list[tuple[str, str]]:
    """An event in its design phase with `teams` teams, each with its design: [(join code, design id)]."""
    from badgeathon import create_app
    from badgeathon.auth.services import create_organiser
    from badgeathon.config import _sqlalchemy_url
    from badgeathon.db_types import utcnow
    from badgeathon.events import moves, services
    from badgeathon.events.phases import Phase
    from badgeathon.extensions import db
    from badgeathon.workshop import studio

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": _sqlalchemy_url(database_url),
            "SOCKETIO_ASYNC_MODE": "threading",
            "REDIS_URL": "",
            "RATELIMIT_STORAGE_URI": "memory://",
            "SECRET_KEY": secrets.token_hex(32),
        }
    )
    made = []
    with app.test_request_context():
        organiser = create_organiser("Bench", f"bench-{secrets.token_hex(4)}@example.org", secrets.token_hex(8))
        event = services.create_event(
            services.EventDetails(f"Bench {secrets.token_hex(3)}", "127.0.0.1", utcnow(), 360, 1, ("Bench",))
        )
        for index in range(teams):
            services.add_team(event, f"Bench team {index + 1}", None)
        moves.move_phase(event, Phase.DESIGN, organiser)
        for team in event.teams:
            design = studio.design_for_team(team)
            made.append((team.join_code, str(design.public_id)))
        db.session.remove()
        db.engine.dispose()
    return made


def plan_workers(teams: list[tuple[str, str]], team_size: int, count: int) -> list[list]:
    """Teams spread over `count` client processes: [(team index, join code, design, member ids)] for each."""
    plan = [[] for _ in range(count)]
    for index, (code, design) in enumerate(teams):
        plan[index % count].append((index, code, design, list(range(index * team_size, (index + 1) * team_size))))
    return plan


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[max(0, math.ceil(p / 100 * len(sorted_values)) - 1)]


def clean_up(cleanups: list, tmp: Path, failed: bool, keep: bool) -> None:
    """Undo what a run started, last first, whatever fails; keep the logs of a failed run (or with --keep)."""
    for cleanup in reversed(cleanups):
        try:
            cleanup()
        except Exception as error:  # keep cleaning up
            print(f"cleanup: {error!r}", file=sys.stderr)
    if failed:
        print(f"logs kept in {tmp}", file=sys.stderr)
    elif not keep:
        shutil.rmtree(tmp, ignore_errors=True)
