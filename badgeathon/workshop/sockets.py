"""Socket.IO handlers of the /workshop namespace: each checks who is asking, then hands over to the studio service.

Protocol (bytes travel as Socket.IO binary attachments); every event with an ack gets an answer, `{error, message}`
when it failed:
  join {design}                  -> ack {design, epoch, readonly}
  sync {design, sv}              -> ack {update, sv, saved, readonly}: what the browser lacks, our state vector, and
                                    whether all of it is on disk
  update {design, update}        -> ack {ok: true, sv} once written (sv: what the server now holds for sure), or
                                    {ok: false, error}: `resync` (sync at once: the update builds on something the
                                    server lacks), `not_saved` (keep it, try again), or a refusal; new content is
                                    relayed to the rest of the room as `update`
  awareness {design, update}     -> relayed to the rest of the room as `awareness` when its clock moves forward
Server to browsers: `saved {design, sv}` after group commits, `resync {}` when relays may have been missed,
`checklist`, `epoch`.
"""
import functools
import uuid

from flask import current_app, request, session
from flask_login import current_user
from flask_socketio import join_room
from sqlalchemy.exc import SQLAlchemyError

from ..errors import BadgeathonError
from ..extensions import db, socketio
from . import online, presence, store, studio
from .studio import NAMESPACE, room_of


def _error(error: BadgeathonError) -> dict:
    return {"ok": False, "error": error.code, "message": str(error.message)}


def answered(handler):
    """Every event gets an answer: anything but one object as argument as `bad_update`, a domain error as {error},
    a database that does not answer, or any unforeseen failure (logged), as `not_saved` (the browser keeps its edit
    and tries again); the session's connection goes back to the pool either way."""

    @functools.wraps(handler)
    def wrapper(*args):
        try:
            if len(args) != 1 or not isinstance(args[0], dict):
                raise studio.BadUpdate()
            return handler(args[0])
        except BadgeathonError as error:
            return _error(error)
        except SQLAlchemyError:
            db.session.rollback()
            current_app.logger.warning("workshop: the database did not answer an event", exc_info=True)
            return _error(store.NotSaved())
        except Exception:
            db.session.rollback()
            current_app.logger.exception("workshop: an event failed")
            return _error(store.NotSaved())
        finally:
            db.session.remove()

    return wrapper


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


def _on_the_board(note, access: studio.Access) -> None:
    """Tell the organisers' board this member is here. Never at the cost of the studio: with the database away, the
    design still syncs from this node's memory and the board catches up on the next sync."""
    try:
        note(request.sid, access.design_id, access.person_id)
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.warning("workshop: the board did not hear of a member", exc_info=True)


@socketio.on("connect", namespace=NAMESPACE)
def on_connect(auth=None):
    return bool(current_user.is_authenticated)


@socketio.on("join", namespace=NAMESPACE)
@answered
def on_join(message=None):
    try:
        public_id = uuid.UUID(str(message.get("design") if isinstance(message, dict) else ""))
    except ValueError:
        raise studio.NotFound()
    access = studio.access_for(current_user, public_id)
    accesses = session.get("workshop", {})
    accesses[str(access.public_id)] = access
    session["workshop"] = accesses
    join_room(room_of(access.public_id))
    if current_user.is_participant:  # a member at work (organisers and jurors only look): the organisers' board
        _on_the_board(online.arrived, access)
    return access.as_dict()


@socketio.on("sync", namespace=NAMESPACE)
@answered
def on_sync(message=None):
    access = _access(message)
    their_state_vector = message.get("sv") or b"\x00"
    if not isinstance(their_state_vector, (bytes, bytearray)):
        raise studio.BadUpdate()
    missing, state_vector, saved = studio.sync(access, their_state_vector)
    if current_user.is_participant:
        _on_the_board(online.still_here, access)
    return {"update": missing, "sv": state_vector, "saved": saved, "readonly": access.readonly}


@socketio.on("update", namespace=NAMESPACE)
@answered
def on_update(message=None):
    access = _access(message)
    receipt = studio.receive_update(access, message.get("update"))
    db.session.remove()  # never hold a pooled connection while waiting: the group commit needs one
    if receipt.relay:  # teammates get it at once; the sender's "saved" waits for the group commit
        socketio.emit("update", {"design": str(access.public_id), "update": bytes(message["update"])},
                      to=room_of(access.public_id), skip_sid=request.sid, namespace=NAMESPACE)
    if not receipt.written.wait(timeout=current_app.config["WORKSHOP_ACK_SECONDS"]):
        raise store.NotSaved()
    return {"ok": True, "sv": receipt.vector}


@socketio.on("awareness", namespace=NAMESPACE)
@answered
def on_awareness(message=None):
    access = _access(message)
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
    try:
        online.left(request.sid)
    except SQLAlchemyError:  # the row expires by itself (WORKSHOP_PRESENCE_SECONDS)
        db.session.rollback()
        current_app.logger.warning("workshop: a closed socket stays on the board until it expires", exc_info=True)
    finally:
        db.session.remove()
