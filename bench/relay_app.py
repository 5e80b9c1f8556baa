"""The baseline of bench/realtime.py: a bare Flask-SocketIO relay answering the /workshop protocol the page speaks.

No CRDT, no database, no sign-in: `join` puts the socket in the design's room; `sync` is answered at once with an
empty update and the asker's own state vector, every clock raised out of reach and marked saved, so the page has
nothing to send back (not even what teammates' relays brought it while the answer was on its way) and counts
everything as on disk; `update` is re-emitted to the rest of the room at once and acknowledged (no state vector:
the relay keeps none, so the page's next retry sync, a second later, is what tells it "saved"); `awareness` is
re-emitted to the rest of the room. Served like the app (gunicorn, one gevent worker):

    python -m gunicorn --worker-class gevent --workers 1 --bind 127.0.0.1:5001 bench.relay_app:app

With REDIS_URL set, several relay processes share a Redis message queue (on a channel of their own, so they never
hear the app's messages), as the app's nodes do.
"""

import os

from flask import Flask, request
from flask_socketio import SocketIO, join_room

from badgeathon.workshop.yupdate import Malformed, state_vector

NAMESPACE = "/workshop"
EMPTY_UPDATE = b"\x00\x00"  # a Yjs update with no structs and no deletions
OUT_OF_REACH = 1 << 40  # a clock no run reaches: "I have all of this client's structs, and more"

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "bench-relay")
socketio = SocketIO(
    app,
    async_mode=os.environ.get("SOCKETIO_ASYNC_MODE", "gevent"),
    message_queue=os.environ.get("REDIS_URL") or None,
    channel="badgeathon-bench-relay",
)


def room_of(design) -> str:
    return f"design:{design}"


def _varuint(value: int) -> bytes:
    out = bytearray()
    while value > 0x7F:
        out.append(0x80 | (value & 0x7F))
        value >>= 7
    out.append(value)
    return bytes(out)


def beyond(encoded: bytes) -> bytes:
    """The asker's state vector with every client's clock out of reach (lib0 varints, as Yjs encodes it)."""
    clients = state_vector(encoded)
    return _varuint(len(clients)) + b"".join(_varuint(client) + _varuint(OUT_OF_REACH) for client in clients)


@app.get("/")
def index():
    return "relay"


@socketio.on("connect", namespace=NAMESPACE)
def on_connect(auth=None):
    return True


@socketio.on("join", namespace=NAMESPACE)
def on_join(message):
    design = str(message.get("design", ""))
    join_room(room_of(design))
    return {"design": design, "epoch": "", "readonly": False}


def _relay(event: str, message) -> dict:
    """Re-emit the message's bytes to the rest of the design's room, at once."""
    design = str(message.get("design", ""))
    update = message.get("update")
    if not isinstance(update, (bytes, bytearray)) or not update:
        return {"error": "bad_update"}
    socketio.emit(
        event,
        {"design": design, "update": bytes(update)},
        to=room_of(design),
        skip_sid=request.sid,
        namespace=NAMESPACE,
    )
    return {"ok": True}


@socketio.on("update", namespace=NAMESPACE)
def on_update(message):
    return _relay("update", message)


@socketio.on("sync", namespace=NAMESPACE)
def on_sync(message):
    try:
        answer = beyond(bytes(message.get("sv")))
    except (TypeError, Malformed):
        return {"error": "bad_update"}
    return {"update": EMPTY_UPDATE, "sv": answer, "saved": True, "readonly": False}


@socketio.on("awareness", namespace=NAMESPACE)
def on_awareness(message):
    return _relay("awareness", message)
