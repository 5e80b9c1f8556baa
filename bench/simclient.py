#!/usr/bin/env python
"""A participant's browser in Python (python-socketio and pycrdt) for the studio's chaos test and soak run: it signs in,
joins its design, syncs, types tokens ("[client:seq]") or keystrokes, and rides out a server that goes away as the
page does. bench/realtime.py measures with the page's own code instead (bench/loadgen.mjs).

    python bench/simclient.py --worker CONFIG.json

runs the clients of CONFIG in this process under gevent: READY once they are in, GO <start> on stdin starts the
edits (CLOCK_MONOTONIC), DONE once the results are written (see worker_main)."""

import sys

if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "--worker":
    # gevent first, so that every socket and thread below is cooperative.
    from gevent import monkey

    monkey.patch_all()

import contextlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
from pathlib import Path  # noqa: E402

from harness import clock  # noqa: E402

NS = "/workshop"
TOKEN = re.compile(rb"\[(\d+):(\d+)\]")
FIELDS = ("pitch", "description", "evidence")  # text fields of the design the simulated teams type into
CSRF = re.compile(
    r'<input[^>]*\bname="csrf_token"[^>]*\bvalue="([^"]+)"|<input[^>]*\bvalue="([^"]+)"[^>]*'
    r'\bname="csrf_token"'
)


class SimClient:
    """A participant's browser: signs in, joins its design, syncs, types, and (`resilient`) rides out a server that
    goes away as the page does: it keeps typing into its own document, reconnects, joins and syncs again."""

    def __init__(
        self,
        cid: int,
        team: int,
        code: str,
        design: str,
        url: str,
        mode: str,
        snapshot: bytes | None,
        resilient: bool = False,
        ack_log=None,
    ):
        from pycrdt import Doc

        self.cid, self.team, self.code, self.design, self.url, self.mode = cid, team, code, design, url, mode
        self.resilient, self.ack_log = resilient, ack_log
        self.joined = False
        self.keep_tokens = 0
        self.keystrokes = False
        self.typing: tuple | None = None  # field, token, characters typed, the cursor
        self.tokens_started = 0
        self.edits = 0
        self.mine: dict[str, list[int]] = {}
        self.deleted: dict[int, int] = {}  # edit -> the participant's own older token it deleted
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
        answer = self.http.post(
            f"{self.url}/join/{self.code}",
            timeout=60,
            allow_redirects=False,
            data={"csrf_token": found.group(1) or found.group(2), "name": f"Bench {self.cid}", "organisation": ""},
        )
        if answer.status_code != 302 or "session" not in self.http.cookies:
            raise RuntimeError(f"join: HTTP {answer.status_code}")

    def connect(self) -> None:
        import socketio

        self.sio = socketio.Client(
            reconnection=self.resilient,
            reconnection_delay=0.3,
            reconnection_delay_max=1,
            handle_sigint=False,
            http_session=self.http,
            request_timeout=60,
            websocket_extra_options={"skip_utf8_validation": True},
        )
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
        # for the chaos test: what the server said it holds, and when
        if ok and seq is not None and self.ack_log is not None:
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
        self.sio.emit(
            "update",
            {"design": self.design, "update": update},
            namespace=NS,
            callback=lambda answer, seq=done, sent_at=sent_at: self.on_ack(seq, sent_at, answer),
        )

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
                del text[at : at + len(token)]
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
        return {
            "id": self.cid,
            "team": self.team,
            "edits": self.edits,
            "sent": self.sent,
            "deleted": self.deleted,
            "received": self.received,
            "acks": self.acks,
            "resync_tokens": self.resync_tokens,
            "errors": self.errors[:20],
            "error_count": len(self.errors),
            "disconnected": self.disconnected,
            "texts": self.texts,
            "server_texts": self.server_texts,
            "checklists": self.checklists,
        }


def worker_main(config_path: str) -> None:
    config = json.loads(Path(config_path).read_text())
    with open(config["ack_log"], "a") if config.get("ack_log") else contextlib.nullcontext() as ack_log:
        work(config, ack_log)


def work(config: dict, ack_log) -> None:
    """The worker's whole life; `ack_log` (an open file or None) receives each acknowledged update."""
    import gevent
    import gevent.pool
    from gevent.socket import wait_read

    mode = config["mode"]
    snapshot = bytes.fromhex(config["snapshot"]) if config.get("snapshot") else None
    urls = config["urls"]
    clients = [
        SimClient(
            cid, team, code, design, urls[cid % len(urls)], mode, snapshot, config.get("resilient", False), ack_log
        )
        for team, code, design, members in config["teams"]
        for cid in members
    ]
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
    editors = [
        gevent.spawn(client.run_edits, start, end, config["period"], random.Random(rng.random())) for client in clients
    ]
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
    Path(config["output"]).write_text(
        json.dumps(
            {
                "clients": [client.result() for client in clients],
                "cpu_seconds": (cpu_after.user + cpu_after.system) - (cpu_before.user + cpu_before.system),
                "wall_seconds": cpu_after.elapsed - cpu_before.elapsed,
                "quiet": quiet,
                "unacked": unacked,
            }
        )
    )
    pool.map(lambda client: client.sio.disconnect(), clients)
    print("DONE", flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "--worker":
        sys.exit("usage: simclient.py --worker CONFIG.json")
    worker_main(sys.argv[2])
