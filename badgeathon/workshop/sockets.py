"""Socket.IO handlers of the /workshop namespace: each checks who is asking, then hands over to the studio service.

Protocol (bytes travel as Socket.IO binary attachments):
  join {design}                  -> ack {design, epoch, readonly} | {error}
  sync {design, sv}              -> ack {update, sv}: what the browser lacks, and our state vector
  update {design, update}        -> ack {ok} | {error}; relayed to the rest of the room as `update`
  awareness {design, update}     -> relayed to the rest of the room as `awareness` when its clock moves forward
"""
import uuid

from flask import request, session
from flask_login import current_user
from flask_socketio import join_room, leave_room

from ..errors import BadgeathonError
from ..extensions import db, socketio
from . import presence, studio
from .studio import NAMESPACE, room_of


def _error(error: BadgeathonError) -> dict:
    return {"error": error.code, "message": str(error.message)}


def _access(message) -> studio.Access:
    """The access this socket was granted on join, refreshed: the deadline and phase may have moved."""
    if not isinstance(message, dict):
        raise studio.BadUpdate()
    accesses = session.get("workshop", {})
    key = str(message.get("design", ""))
    access = accesses.get(key)
    if access is None:
        raise studio.NotFound()
    fresh = studio.refresh_access(access)
    if fresh is not access:
        accesses[key] = fresh
        session["workshop"] = accesses
    return fresh


@socketio.on("connect", namespace=NAMESPACE)
def on_connect(auth=None):
    return bool(current_user.is_authenticated)


@socketio.on("join", namespace=NAMESPACE)
def on_join(message):
    try:
        public_id = uuid.UUID(str(message.get("design") if isinstance(message, dict) else ""))
        access = studio.access_for(current_user, public_id)
    except (ValueError, BadgeathonError) as error:
        return _error(error if isinstance(error, BadgeathonError) else studio.NotFound())
    accesses = session.get("workshop", {})
    accesses[str(access.public_id)] = access
    session["workshop"] = accesses
    join_room(room_of(access.public_id))
    return access.as_dict()


@socketio.on("leave", namespace=NAMESPACE)
def on_leave(message):
    try:
        access = _access(message)
    except BadgeathonError as error:
        return _error(error)
    leave_room(room_of(access.public_id))
    presence.forget(request.sid, access.public_id)
    return {"ok": True}


@socketio.on("sync", namespace=NAMESPACE)
def on_sync(message):
    try:
        access = _access(message)
        missing, state_vector = studio.sync(access, message.get("sv") or b"\x00")
    except BadgeathonError as error:
        return _error(error)
    return {"update": missing, "sv": state_vector, "readonly": access.readonly}


@socketio.on("update", namespace=NAMESPACE)
def on_update(message):
    try:
        access = _access(message)
        update = message.get("update")
        written = studio.receive_update(access, update)
    except BadgeathonError as error:
        return _error(error)
    finally:
        db.session.remove()  # never hold a pooled connection while waiting: the group commit needs one
    # Teammates get it at once; the sender's "saved" waits for the group commit.
    socketio.emit("update", {"design": str(access.public_id), "update": bytes(update)},
                  to=room_of(access.public_id), skip_sid=request.sid, namespace=NAMESPACE)
    return {"ok": written.wait(timeout=10)}


@socketio.on("awareness", namespace=NAMESPACE)
def on_awareness(message):
    try:
        access = _access(message)
    except BadgeathonError as error:
        return _error(error)
    update = presence.accept(request.sid, access.public_id, message.get("update"), current_user.name)
    if update is not None:
        socketio.emit("awareness", {"design": str(access.public_id), "update": update},
                      to=room_of(access.public_id), skip_sid=request.sid, namespace=NAMESPACE)
    return {"ok": True}


@socketio.on("disconnect", namespace=NAMESPACE)
def on_disconnect(reason=None):
    for public_id, update in presence.disconnected(request.sid):
        socketio.emit("awareness", {"design": str(public_id), "update": update},
                      to=room_of(public_id), namespace=NAMESPACE)
