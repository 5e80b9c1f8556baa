#!/usr/bin/env python
"""Load test of the studio's real time: simulated participants speak the real /workshop protocol.

Each simulated participant is a python-socketio client with its own pycrdt document. Teams of 5 join their design,
sync, then each member types one short unique token per second ("[client:seq]") into the design and sends the real
Yjs update. Every client timestamps each relayed update when it has applied it; an edit's latency is the time from
its sending to the last teammate applying it. At the end every client re-syncs, and the run checks that teammates'
documents (and the state the server hands a fresh client) are equal and hold every token exactly once.

In the same run, a bare Flask-SocketIO relay (bench/relay_app.py: no CRDT, no database) takes the same load, same
update bytes, same shape (gunicorn, one gevent worker per process), as the baseline.

    python bench/realtime.py --clients 300
    python bench/realtime.py --clients 600 --processes 2 \
        --database-url postgresql://postgres@127.0.0.1:5432/postgres --redis-url redis://127.0.0.1:6379/0

The last line printed is
    RESULT clients=N processes=P p99_ms=X baseline_p99_ms=Y ratio=Z lost=L
See bench/README.md for what each figure means.
"""
import sys

if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "--worker":
    # A client worker: gevent first, so that every socket and thread below is cooperative.
    from gevent import monkey

    monkey.patch_all()

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import Counter, defaultdict  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NS = "/workshop"
TOKEN = re.compile(rb"\[(\d+):(\d+)\]")
FIELDS = ("pitch", "description", "evidence")  # text fields of the design the simulated teams type into
CSRF = re.compile(r'<input[^>]*\bname="csrf_token"[^>]*\bvalue="([^"]+)"|<input[^>]*\bvalue="([^"]+)"[^>]*'
                  r'\bname="csrf_token"')


def clock() -> float:
    """CLOCK_MONOTONIC: one clock for every process of this machine, so timestamps from workers compare."""
    return time.monotonic()


# ==================================================================================================================
# Client worker (a separate OS process under gevent): many simulated participants
# ==================================================================================================================

class SimClient:
    """A participant's browser: signs in, joins its design, syncs, types, and (`resilient`) rides out a server that
    goes away as the page does: it keeps typing into its own document, reconnects, joins and syncs again."""

    def __init__(self, cid: int, team: int, code: str, design: str, url: str, mode: str, snapshot: bytes | None,
                 resilient: bool = False, ack_log=None):
        from pycrdt import Doc

        self.cid, self.team, self.code, self.design, self.url, self.mode = cid, team, code, design, url, mode
        self.resilient, self.ack_log = resilient, ack_log
        self.joined = False
        self.keep_tokens = 0
        self.keystrokes = False
        self.typing: tuple | None = None   # field, token, characters typed, the cursor
        self.tokens_started = 0
        self.edits = 0
        self.mine: dict[str, list[int]] = {}
        self.deleted: dict[int, int] = {}   # edit -> the participant's own older token it deleted
        self.snapshot = snapshot
        self.doc = Doc()
        self.http = None
        self.sio = None
        self.sent: list[tuple[int, float]] = []
        self.received: list[tuple[int, int, float]] = []
        self.acks: list[tuple[int, float, bool]] = []
        self.resync_tokens: list[tuple[int, int]] = []
        self.errors: list[str] = []
        self.disconnected = 0
        self.last_rx = 0.0
        self.pending_acks = 0
        self.texts: dict[str, str] = {}
        self.server_texts: dict[str, str] | None = None
        self.checklists = 0
        self.recording = True

    @property
    def map(self):
        from pycrdt import Map

        return self.doc.get("design", type=Map)

    # --- setting up --------------------------------------------------------------------------------------------

    def sign_in(self) -> None:
        """Join the team by its code, as a participant does: GET the form (CSRF token), POST a name."""
        import requests

        self.http = requests.Session()
        page = self.http.get(f"{self.url}/join/{self.code}", timeout=60)
        found = CSRF.search(page.text)
        if page.status_code != 200 or not found:
            raise RuntimeError(f"join page: HTTP {page.status_code}")
        answer = self.http.post(f"{self.url}/join/{self.code}", timeout=60, allow_redirects=False,
                                data={"csrf_token": found.group(1) or found.group(2), "name": f"Bench {self.cid}",
                                      "organisation": ""})
        if answer.status_code != 302 or "session" not in self.http.cookies:
            raise RuntimeError(f"join: HTTP {answer.status_code}")

    def connect(self) -> None:
        import socketio

        self.sio = socketio.Client(reconnection=self.resilient, reconnection_delay=0.3, reconnection_delay_max=1,
                                   handle_sigint=False, http_session=self.http, request_timeout=60,
                                   websocket_extra_options={"skip_utf8_validation": True})
        self.sio.on("update", self.on_update, namespace=NS)
        self.sio.on("connect", self.on_connect, namespace=NS)
        self.sio.on("checklist", self.on_checklist, namespace=NS)
        self.sio.on("resync", lambda message=None: self.resync_soon(), namespace=NS)
        self.sio.on("disconnect", self.on_disconnect, namespace=NS)
        self.sio.connect(self.url, namespaces=[NS], transports=["websocket"], wait_timeout=60)
        ack = self.sio.call("join", {"design": self.design}, namespace=NS, timeout=60)
        if not isinstance(ack, dict) or "error" in ack:
            raise RuntimeError(f"join refused: {ack!r}")
        if self.mode == "app":
            self.sync()
        else:
            self.doc.apply_update(self.snapshot)  # the relay keeps no state: everyone starts from the same bytes
        self.joined = True

    def on_connect(self):
        """Connected again after the server went away: join and sync, as the page does."""
        if not self.joined:
            return
        import gevent

        def rejoin():
            try:
                ack = self.sio.call("join", {"design": self.design}, namespace=NS, timeout=30)
                if not isinstance(ack, dict) or "error" in ack:
                    raise RuntimeError(f"join refused: {ack!r}")
                self.resync_tokens += self.sync()
            except Exception as error:
                self.errors.append(f"rejoin: {error!r}")

        gevent.spawn(rejoin)

    def sync(self) -> list[tuple[int, int]]:
        """Sync step 2 from the server, then send what the server lacks. Returns the tokens that came this way."""
        ack = self.sio.call("sync", {"design": self.design, "sv": self.doc.get_state()}, namespace=NS, timeout=60)
        if not isinstance(ack, dict) or "error" in ack:
            raise RuntimeError(f"sync refused: {ack!r}")
        update = bytes(ack.get("update") or b"")
        tokens = [(int(m[1]), int(m[2])) for m in TOKEN.finditer(update)]
        if update:
            self.doc.apply_update(update)
        mine = self.doc.get_update(bytes(ack["sv"]))
        if len(mine) > 2:
            answer = self.sio.call("update", {"design": self.design, "update": mine}, namespace=NS, timeout=60)
            if not (isinstance(answer, dict) and answer.get("ok")):
                self.errors.append(f"sync send: {answer!r}")
        return tokens

    def server_state(self) -> dict[str, str]:
        """What the server hands a brand-new client (state vector of an empty document)."""
        from pycrdt import Doc, Map

        ack = self.sio.call("sync", {"design": self.design, "sv": b"\x00"}, namespace=NS, timeout=60)
        doc = Doc()
        doc.apply_update(bytes(ack["update"]))
        design = doc.get("design", type=Map)
        return {field: str(design[field]) for field in FIELDS}

    # --- events ------------------------------------------------------------------------------------------------

    def on_update(self, message):
        data = message.get("update") if isinstance(message, dict) else None
        if not data:
            return
        self.doc.apply_update(data)
        now = clock()
        self.last_rx = now
        if not self.recording:
            return
        for found in TOKEN.finditer(data):
            self.received.append((int(found[1]), int(found[2]), now))

    def on_checklist(self, message):
        self.checklists += 1

    def on_disconnect(self, reason=None):
        self.disconnected += 1
        if self.resilient:
            self.pending_acks = 0  # those answers will never come: the sync after reconnecting sends the edits

    def on_ack(self, seq, sent_at, answer):
        self.pending_acks -= 1
        ok = isinstance(answer, dict) and bool(answer.get("ok"))
        self.acks.append((seq, clock() - sent_at, ok))
        if ok and seq is not None and self.ack_log is not None:  # for the chaos test: what the server said it holds, and when
            self.ack_log.write(f"{self.cid} {seq} {clock()} {self.deleted.get(seq, -1)}\n")
            self.ack_log.flush()
        if isinstance(answer, dict) and answer.get("error") == "resync":
            self.resync_soon()  # as the page does: the server lacks what this builds on, the sync sends it
        elif not ok:
            self.errors.append(f"update {seq}: {answer!r}")

    def resync_soon(self) -> None:
        import gevent

        def run():
            try:
                self.resync_tokens += self.sync()
            except Exception as error:
                self.errors.append(f"resync: {error!r}")

        gevent.spawn(run)

    # --- editing -----------------------------------------------------------------------------------------------

    def edit(self, seq: int, rng: random.Random) -> None:
        """One edit sent as one update: a whole token (`seq`), or with `keystrokes` one character of the token the
        participant is typing at its cursor, as a browser sends keystrokes. A token counts once its last character
        is sent. With `keep_tokens`, finishing a token also deletes the participant's own oldest one in that field
        once it has more than that many there: someone rewriting a sentence, so the design keeps a form's size."""
        before = self.doc.get_state()
        with self.doc.transaction():
            done = self._keystroke(rng) if self.keystrokes else self._token(seq, rng)
        update = self.doc.get_update(before)
        sent_at = clock()
        self.edits += 1
        if done is not None:
            self.sent.append((done, sent_at))
        if self.resilient and not self.sio.connected:
            return  # typed with the server away: kept in the document, the sync after reconnecting sends it
        self.pending_acks += 1
        self.sio.emit("update", {"design": self.design, "update": update}, namespace=NS,
                      callback=lambda answer, seq=done, sent_at=sent_at: self.on_ack(seq, sent_at, answer))

    def _token(self, seq: int, rng: random.Random) -> int:
        """A unique token at a token boundary of a random field (never inside someone else's token)."""
        field = rng.choice(FIELDS)
        text = self.map[field]
        bounds = [0] + [i + 1 for i, ch in enumerate(str(text)) if ch == "]"]
        text.insert(rng.choice(bounds), f"[{self.cid}:{seq}]")
        self._finished(field, seq)
        return seq

    def _keystroke(self, rng: random.Random) -> int | None:
        """The next character of the token being typed, right after the last one (a new token starts at a token
        boundary of a random field). Its number once the token is complete, else None."""
        from pycrdt import Assoc, StickyIndex

        if self.typing is None:
            self.tokens_started += 1
            field = rng.choice(FIELDS)
            bounds = [0] + [i + 1 for i, ch in enumerate(str(self.map[field])) if ch == "]"]
            self.typing = (field, f"[{self.cid}:{self.tokens_started}]", 0, rng.choice(bounds))
        field, token, typed, cursor = self.typing
        text = self.map[field]
        at = cursor.get_index() if typed else cursor  # the cursor moves with teammates' edits, as in the browser
        text.insert(at, token[typed])  # tokens are ASCII: characters and UTF-8 offsets agree
        self.typing = (field, token, typed + 1, StickyIndex.new(text, at + 1, Assoc.BEFORE))
        if typed + 1 < len(token):
            return None
        self.typing = None
        self._finished(field, self.tokens_started)
        return self.tokens_started

    def _finished(self, field: str, seq: int) -> None:
        mine = self.mine.setdefault(field, [])
        mine.append(seq)
        if self.keep_tokens and len(mine) > self.keep_tokens:
            oldest = mine.pop(0)
            token = f"[{self.cid}:{oldest}]"
            text = self.map[field]
            at = str(text).find(token)
            if at >= 0:
                del text[at:at + len(token)]
                self.deleted[seq] = oldest

    def run_edits(self, start: float, end: float, period: float, rng: random.Random) -> None:
        import gevent

        due = start + rng.uniform(0, period)
        seq = 0
        while due < end:
            wait = due - clock()
            if wait > 0:
                gevent.sleep(wait)
            seq += 1
            try:
                self.edit(seq, rng)
            except Exception as error:  # a closed socket: recorded, the edit counts as sent and will be missed
                self.errors.append(f"edit {seq}: {error!r}")
            due += period

    def result(self) -> dict:
        return {"id": self.cid, "team": self.team, "edits": self.edits, "sent": self.sent, "deleted": self.deleted,
                "received": self.received, "acks": self.acks,
                "resync_tokens": self.resync_tokens, "errors": self.errors[:20], "error_count": len(self.errors),
                "disconnected": self.disconnected, "texts": self.texts, "server_texts": self.server_texts,
                "checklists": self.checklists}


def worker_main(config_path: str) -> None:
    import gevent
    import gevent.pool
    from gevent.socket import wait_read

    config = json.loads(Path(config_path).read_text())
    mode = config["mode"]
    snapshot = bytes.fromhex(config["snapshot"]) if config.get("snapshot") else None
    urls = config["urls"]
    ack_log = open(config["ack_log"], "a") if config.get("ack_log") else None
    clients = [SimClient(cid, team, code, design, urls[cid % len(urls)], mode, snapshot,
                         config.get("resilient", False), ack_log)
               for team, code, design, members in config["teams"] for cid in members]
    for client in clients:
        client.keep_tokens = config.get("keep_tokens", 0)
        client.keystrokes = config.get("keystrokes", False)
    pool = gevent.pool.Pool(config["concurrency"])
    failures = []

    def set_up(client):
        try:
            if mode == "app":
                client.sign_in()
            client.connect()
        except Exception as error:
            failures.append(f"client {client.cid}: {error!r}")

    with gevent.Timeout(config["setup_timeout"], RuntimeError("setting up the clients took too long")):
        pool.map(set_up, clients)
    if failures:
        print("FAILED " + "; ".join(failures[:5]), flush=True)
        sys.exit(1)
    print("READY", flush=True)

    wait_read(sys.stdin.fileno())  # cooperative: the sockets keep answering pings meanwhile
    start = float(sys.stdin.readline().split()[1])
    end = start + config["warmup"] + config["duration"]
    rng = random.Random(config["seed"])
    times = {}

    def mark(name, at):  # CPU used by this worker during the measured window
        gevent.sleep(max(0.0, at - clock()))
        times[name] = os.times()

    markers = [gevent.spawn(mark, "before", start + config["warmup"]), gevent.spawn(mark, "after", end)]
    editors = [gevent.spawn(client.run_edits, start, end, config["period"], random.Random(rng.random()))
               for client in clients]
    gevent.joinall(editors + markers)
    cpu_before, cpu_after = times["before"], times["after"]

    def wait_for_quiet() -> bool:
        """Every ack in, and nothing relayed for a second (bounded by --settle)."""
        give_up = clock() + config["settle"]
        while clock() < give_up:
            quiet = clock() - max(client.last_rx for client in clients) >= 1.0
            if quiet and all(client.pending_acks <= 0 for client in clients):
                return True
            gevent.sleep(0.1)
        return False

    quiet = wait_for_quiet()
    unacked = sum(max(0, client.pending_acks) for client in clients)
    for client in clients:
        client.recording = False  # what the final syncs bring is no live relay

    def resync(client):  # pull what is missing, push what the server lacks
        try:
            if mode == "app":
                client.resync_tokens += client.sync()
        except Exception as error:
            client.errors.append(f"final sync: {error!r}")

    def finish(client):  # pull again (teammates' pushes), then read the server's whole state
        try:
            if mode == "app":
                client.resync_tokens += client.sync()
                client.server_texts = client.server_state()
        except Exception as error:
            client.errors.append(f"final sync: {error!r}")
        client.texts = {field: str(client.map[field]) for field in FIELDS}

    with gevent.Timeout(config["setup_timeout"], RuntimeError("the final sync took too long")):
        pool.map(resync, clients)
        if mode == "app":
            wait_for_quiet()
        pool.map(finish, clients)
    Path(config["output"]).write_text(json.dumps({
        "clients": [client.result() for client in clients],
        "cpu_seconds": (cpu_after.user + cpu_after.system) - (cpu_before.user + cpu_before.system),
        "wall_seconds": cpu_after.elapsed - cpu_before.elapsed,
        "quiet": quiet, "unacked": unacked,
    }))
    pool.map(lambda client: client.sio.disconnect(), clients)
    print("DONE", flush=True)


# ==================================================================================================================
# Orchestrator
# ==================================================================================================================

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One gunicorn process, one gevent worker: the production shape (`badgeathon run`)."""

    def __init__(self, target: str, env: dict, log: Path, nice: int = 0):
        from badgeathon.gunicorn_conf import command  # the one definition of how the app is served

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process = subprocess.Popen(
            command(f"127.0.0.1:{self.port}", target),
            env={**env, "PUBLIC_BASE_URL": self.url}, cwd=ROOT, stdout=open(log, "w"), stderr=subprocess.STDOUT,
            preexec_fn=(lambda: os.nice(nice)) if nice else None)

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
    from badgeathon.events import services
    from badgeathon.events.phases import Phase
    from badgeathon.extensions import db
    from badgeathon.workshop import studio

    app = create_app({"SQLALCHEMY_DATABASE_URI": _sqlalchemy_url(database_url), "SOCKETIO_ASYNC_MODE": "threading",
                      "REDIS_URL": "", "RATELIMIT_STORAGE_URI": "memory://", "SECRET_KEY": secrets.token_hex(32)})
    made = []
    with app.test_request_context():
        organiser = create_organiser("Bench", f"bench-{secrets.token_hex(4)}@example.org", secrets.token_hex(8))
        event = services.create_event(services.EventDetails(
            f"Bench {secrets.token_hex(3)}", "127.0.0.1", utcnow(), 360, 1, ("Bench",)))
        for index in range(teams):
            services.add_team(event, f"Bench team {index + 1}", None)
        services.move_phase(event, Phase.DESIGN, organiser)
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


def analyse(mode: str, outputs: list[dict], window: tuple[float, float]) -> dict:
    clients = {c["id"]: c for output in outputs for c in output["clients"]}
    teams = defaultdict(list)
    for c in clients.values():
        teams[c["team"]].append(c["id"])
    first_seen = {}
    live_duplicates = 0
    for cid, c in clients.items():
        seen = {}
        for sender, seq, at in c["received"]:
            if (sender, seq) in seen:
                live_duplicates += 1
            else:
                seen[(sender, seq)] = at
        first_seen[cid] = seen

    latencies, undelivered, sent = [], 0, 0
    for cid, c in clients.items():
        mates = [m for m in teams[c["team"]] if m != cid]
        for seq, at in c["sent"]:
            sent += 1
            times = [first_seen[m].get((cid, seq)) for m in mates]
            missed = any(t is None for t in times)
            undelivered += missed
            if window[0] <= at < window[1]:  # an edit some teammate never got live counts as infinitely late
                latencies.append(float("inf") if missed else max(times) - at)
    latencies.sort()

    lost, converged = set(), 0
    for team, members in teams.items():
        expected = {(cid, seq) for cid in members for seq, _ in clients[cid]["sent"]}
        documents = [clients[cid]["texts"] for cid in members]
        if mode == "app":
            documents += [clients[cid]["server_texts"] or {} for cid in members]
        for texts in documents:
            found = Counter((int(m[1]), int(m[2])) for text in texts.values() for m in TOKEN.finditer(text.encode()))
            lost |= expected - set(found)
            lost |= {token for token, n in found.items() if n > 1}
        if all(texts == documents[0] for texts in documents):
            converged += 1

    acks = sorted(latency for c in clients.values() for _, latency, _ in c["acks"])
    return {
        "mode": mode, "clients": len(clients), "teams": len(teams), "sent": sent,
        "measured": len(latencies), "latencies": latencies, "undelivered": undelivered,
        "live_duplicates": live_duplicates, "lost": len(lost), "converged": converged,
        "ack_failures": sum(1 for c in clients.values() for *_, ok in c["acks"] if not ok),
        "acks": acks, "errors": sum(c["error_count"] for c in clients.values()),
        "error_samples": [e for c in clients.values() for e in c["errors"]][:5],
        "disconnected": sum(c["disconnected"] for c in clients.values()),
        "resynced_tokens": sum(len(c["resync_tokens"]) for c in clients.values()),
        "client_cpu": [o["cpu_seconds"] / o["wall_seconds"] for o in outputs],
        "quiet": all(o["quiet"] for o in outputs), "unacked": sum(o["unacked"] for o in outputs),
    }


def run_phase(mode: str, args, teams: list[tuple[str, str]], env: dict, tmp: Path, snapshot: bytes,
              cleanups: list) -> dict:
    before = machine_cpu()
    time.sleep(1.0)
    after = machine_cpu()
    idle_load = (after[0] - before[0]) / max(1, after[1] - before[1]) * os.cpu_count()
    if idle_load > 0.25:
        print(f"  warning: the machine is already busy before the run ({idle_load:.0%} of a core used by other "
              "processes): the figures will be noisy", flush=True)
    target = "bench.relay_app:app" if mode == "relay" else args.app_target
    servers = [Server(target, env, tmp / f"{mode}-server-{i}.log", args.nice) for i in range(args.processes)]
    cleanups.append(lambda: [server.stop() for server in servers])
    for server in servers:
        server.wait_ready()

    plan = plan_workers(teams, args.team_size, min(args.client_procs, len(teams)))
    workers = []
    for number, assigned in enumerate(plan):
        config = tmp / f"{mode}-worker-{number}.json"
        config.write_text(json.dumps({
            "mode": mode, "urls": [server.url for server in servers], "teams": assigned,
            "snapshot": snapshot.hex() if mode == "relay" else "", "concurrency": 25, "setup_timeout": 300,
            "warmup": args.warmup, "duration": args.duration, "period": 1.0 / args.rate, "settle": args.settle,
            "seed": args.seed * 1000 + number, "output": str(tmp / f"{mode}-worker-{number}.out.json"),
        }))
        process = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--worker", str(config)],
                                   cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=open(tmp / f"{mode}-worker-{number}.log", "w"), text=True,
                                   preexec_fn=(lambda: os.nice(args.nice)) if args.nice else None)
        workers.append((process, config))
    cleanups.append(lambda: [p.kill() for p, _ in workers if p.poll() is None])

    began = clock()
    for process, config in workers:
        line = process.stdout.readline().strip()
        if line != "READY":
            raise RuntimeError(f"{mode} worker did not get ready: {line or 'it stopped'} "
                               f"(see {config.with_suffix('.log')})")
    print(f"  {args.clients} clients connected and synced in {clock() - began:.1f} s", flush=True)

    start = clock() + 1.0
    for process, _ in workers:
        process.stdin.write(f"GO {start}\n")
        process.stdin.flush()
    pids = [server.worker_pid() for server in servers]
    window_start, window_end = start + args.warmup, start + args.warmup + args.duration
    time.sleep(max(0.0, window_start - clock()))
    server_cpu_before = [process_cpu(pid) for pid in pids]
    machine_before = machine_cpu()
    spies = []
    if args.py_spy:  # sample the server workers during the measured window (py-spy is not a project dependency)
        for number, pid in enumerate(pids):
            out = Path(args.profile_dir or tmp) / f"{mode}-server-{number}.txt"
            spies.append(subprocess.Popen(
                [args.py_spy, "record", "--pid", str(pid), "--format", "raw", "--rate", "250", "--nonblocking",
                 "--idle", "--duration", str(int(args.duration)), "--output", str(out)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            cleanups.append(lambda spy=spies[-1]: spy.poll() is None and spy.kill())
    time.sleep(max(0.0, window_end - clock()))
    server_cpu = [(process_cpu(pid) - before) / args.duration for pid, before in zip(pids, server_cpu_before)]
    machine_after = machine_cpu()
    machine = (machine_after[0] - machine_before[0]) / max(1, machine_after[1] - machine_before[1])

    outputs = []
    for process, config in workers:
        try:
            line = process.stdout.readline().strip()
            process.wait(120)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"{mode} worker did not finish (see {config.with_suffix('.log')})")
        if line != "DONE":
            raise RuntimeError(f"{mode} worker failed (see {config.with_suffix('.log')})")
        outputs.append(json.loads(Path(json.loads(config.read_text())["output"]).read_text()))
    for spy in spies:
        spy.wait(30)
    for server in servers:
        server.stop()

    report = analyse(mode, outputs, (window_start, window_end))
    report.update(settle=args.settle, idle_load=idle_load, server_cpu=server_cpu, machine_cpu=machine * os.cpu_count(),
                  expected_sends=int(args.clients * (args.warmup + args.duration) * args.rate))
    return report


def describe(report: dict, processes: int) -> None:
    title = "bare relay (baseline)" if report["mode"] == "relay" else "badgeathon app"
    lat = [x * 1000 for x in report["latencies"]]
    acks = [x * 1000 for x in report["acks"]]
    print(f"\n== {title}: {report['clients']} clients in {report['teams']} teams, {processes} process(es) ==")
    print(f"  edits sent {report['sent']} (schedule: {report['expected_sends']}), measured after warm-up "
          f"{report['measured']}")
    print(f"  edit -> applied by every teammate, ms: p50 {percentile(lat, 50):.1f}  p95 {percentile(lat, 95):.1f}  "
          f"p99 {percentile(lat, 99):.1f}  max {max(lat, default=float('nan')):.1f}  (n={len(lat)})")
    print(f"  sender's ack, ms ({'after the group commit' if report['mode'] == 'app' else 'immediate'}): "
          f"p50 {percentile(acks, 50):.1f}  p99 {percentile(acks, 99):.1f}  (n={len(acks)}, "
          f"refused {report['ack_failures']})")
    print(f"  not relayed live to every teammate: {report['undelivered']}; relayed twice: {report['live_duplicates']}"
          + (f"; tokens only got by the final re-sync: {report['resynced_tokens']}" if report["mode"] == "app"
             else ""))
    if not report["quiet"]:
        print(f"  not quiet {report['settle']:.0f} s after the last edit: {report['unacked']} edit(s) never "
              "acknowledged")
    print(f"  lost edits: {report['lost']}; converged teams: {report['converged']}/{report['teams']}"
          + ("" if report["mode"] == "relay" else " (clients and the server's state)"))
    print(f"  errors: {report['errors']}; unexpected disconnects: {report['disconnected']}"
          + (f"  e.g. {report['error_samples']}" if report["error_samples"] else ""))
    print("  CPU (share of one core during the edits): server "
          + " + ".join(f"{x:.0%}" for x in report["server_cpu"]) + "; client workers "
          + " + ".join(f"{x:.0%}" for x in report["client_cpu"])
          + f"; whole machine {report['machine_cpu']:.0%} of {os.cpu_count()} cores, of which "
          f"{report['machine_cpu'] - sum(report['server_cpu']) - sum(report['client_cpu']):.0%} neither "
          "(Redis, PostgreSQL, anything else running)")


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=300, help="simulated participants (a multiple of the team "
                        "size; default 300)")
    parser.add_argument("--processes", type=int, default=1, help="server processes (gunicorn, one gevent worker "
                        "each); more than one needs --database-url (PostgreSQL) and --redis-url")
    parser.add_argument("--database-url", default="", help="PostgreSQL server to use (a throwaway database is "
                        "created on it and dropped at the end); default: a SQLite file in a temporary folder")
    parser.add_argument("--redis-url", default="", help="Redis message queue shared by the processes")
    parser.add_argument("--duration", type=float, default=30, help="seconds of measured edits (default 30)")
    parser.add_argument("--warmup", type=float, default=5, help="seconds of edits before measuring (default 5)")
    parser.add_argument("--rate", type=float, default=1.0, help="edits per client per second (default 1)")
    parser.add_argument("--team-size", type=int, default=5)
    parser.add_argument("--client-procs", type=int, default=0, help="OS processes running the clients "
                        "(default: one per 150 clients, at least 1)")
    parser.add_argument("--settle", type=float, default=30, help="most seconds to wait for quiet at the end")
    parser.add_argument("--only", choices=("both", "app", "relay"), default="both")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--py-spy", default="", help="path of a py-spy binary: profile the server workers during the "
                        "measured window (raw collapsed stacks in --profile-dir)")
    parser.add_argument("--profile-dir", default="", help="where the profiles go (default: the temporary folder)")
    parser.add_argument("--app-target", default="app:app", help="the WSGI app gunicorn serves (default app:app; "
                        "another module that wraps it, e.g. with timings, on PYTHONPATH)")
    parser.add_argument("--nice", type=int, default=0, help="niceness of the servers and client workers (e.g. -10, as "
                        "root, to shield the figures from other work on a shared machine)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs) and database")
    args = parser.parse_args()
    if args.clients % args.team_size or args.clients <= 0:
        parser.error("--clients must be a positive multiple of --team-size")
    if args.processes > 1 and (not args.database_url.startswith(("postgres://", "postgresql")) or not args.redis_url):
        parser.error("several processes share PostgreSQL and Redis: give --database-url postgresql://... and "
                     "--redis-url redis://...")
    args.client_procs = args.client_procs or max(1, round(args.clients / 150))

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C cleans up, even when started in background
    tmp = Path(tempfile.mkdtemp(prefix="badgeathon-bench-"))
    cleanups: list = []
    reports = {}
    failed = True
    try:
        if args.database_url:
            database_url, drop = create_postgres_database(args.database_url)
            if not args.keep:
                cleanups.append(drop)
        else:
            database_url = f"sqlite:///{tmp / 'bench.db'}"
        env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": args.redis_url,
               "SECRET_KEY": secrets.token_hex(16), "SOCKETIO_ASYNC_MODE": "gevent",
               "JOIN_RATE_LIMIT": "100000 per minute"}
        env.pop("CI", None)
        print(f"Preparing {args.clients // args.team_size} teams on {database_url.split('@')[-1]} "
              f"(logs in {tmp})", flush=True)
        subprocess.run([str(Path(sys.executable).with_name("badgeathon")), "db", "upgrade"], env=env, cwd=ROOT,
                       check=True, capture_output=True)
        teams = prepare_event(database_url, args.clients // args.team_size, args.team_size)
        from badgeathon.workshop import document

        snapshot = document.new_document()
        for mode in ("relay", "app"):
            if args.only in (mode, "both"):
                print(f"Running the {'bare relay' if mode == 'relay' else 'app'}...", flush=True)
                reports[mode] = run_phase(mode, args, teams, env, tmp, snapshot, cleanups)
                describe(reports[mode], args.processes)
        failed = False
    except KeyboardInterrupt:
        print("interrupted: stopping the servers and clients", file=sys.stderr)
        return 130
    finally:
        clean_up(cleanups, tmp, failed, args.keep)

    def p99(mode):
        return percentile(reports[mode]["latencies"], 99) * 1000 if mode in reports else float("nan")

    ratio = p99("app") / p99("relay") if reports.get("relay") and reports.get("app") else float("nan")
    lost = reports["app"]["lost"] if "app" in reports else reports["relay"]["lost"]
    if "app" in reports:
        bound = 50 if args.processes == 1 else 100
        met = p99("app") <= bound and lost == 0 and (args.processes > 1 or ratio <= 1.5)
        print(f"\ntargets ({'p99 <= 50 ms and <= 1.5x the relay' if args.processes == 1 else 'p99 <= 100 ms'}, "
              f"0 lost): {'met' if met else 'MISSED'}")
    print(f"RESULT clients={args.clients} processes={args.processes} p99_ms={p99('app'):.1f} "
          f"baseline_p99_ms={p99('relay'):.1f} ratio={ratio:.2f} lost={lost}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker_main(sys.argv[2])
    else:
        sys.exit(main())
