"""The baseline of bench/realtime.py: a bare Flask-SocketIO relay speaking the /workshop protocol's shape.

No CRDT, no database, no sign-in: `join` puts the socket in the design's room, `update` is re-emitted to the rest of
the room at once and acknowledged. Served like the app (gunicorn, one gevent worker):

    python -m gunicorn --worker-class gevent --workers 1 --bind 127.0.0.1:5001 bench.relay_app:app

With REDIS_URL set, several relay processes share a Redis message queue (on a channel of their own, so they never
hear the app's messages), as the app's nodes do.
"""
import os

from flask import Flask, request
from flask_socketio import SocketIO, join_room

NAMESPACE = "/workshop"

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "bench-relay")
socketio = SocketIO(app, async_mode=os.environ.get("SOCKETIO_ASYNC_MODE", "gevent"),
                    message_queue=os.environ.get("REDIS_URL") or None, channel="badgeathon-bench-relay")


def room_of(design) -> str:
    return f"design:{design}"


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


@socketio.on("update", namespace=NAMESPACE)
def on_update(message):
    design = str(message.get("design", ""))
    update = message.get("update")
    if not isinstance(update, (bytes, bytearray)) or not update:
        return {"error": "bad_update"}
    socketio.emit("update", {"design": design, "update": bytes(update)}, to=room_of(design), skip_sid=request.sid,
                  namespace=NAMESPACE)
    return {"ok": True}
