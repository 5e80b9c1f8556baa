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

`join` runs in a Flask request context: it reads the person's sign-in and decides what this socket may do with the
design. The frequent events (sync, update, awareness: one per keystroke) then run in an app context only, on what
`join` granted this socket (kept per socket on this node, rechecked every WORKSHOP_ACCESS_SECONDS), so a keystroke
does not decode and verify the session cookie again.
"""

import functools
import time
import uuid
from dataclasses import dataclass, field

from flask import current_app, request
from flask_login import current_user
from flask_socketio import join_room
from sqlalchemy.exc import SQLAlchemyError

from ..errors import BadgeathonError, NotFound
from ..extensions import db, socketio
from ..realtime import WORKSHOP, design_room
from . import online, presence, store, studio
from .access import Access


@dataclass
class Member:
    """What `join` granted one socket on this node: its accesses by design, the person's name (awareness shows
    it) and whether they are a team member at work (the organisers' board counts them)."""

    name: str
    participant: bool
    accesses: dict[str, Access] = field(default_factory=dict)
    seen_at: float = 0.0  # when this node last told the board the socket is alive


_members: dict[str, Member] = {}  # socket id -> Member, for the sockets of this node


def _error(error: BadgeathonError) -> dict:
    return {"ok": False, "error": error.code, "message": str(error.message)}


def _answering(call):
    """Every event gets an answer: a domain error as {error}, a database that does not answer, or any unforeseen
    failure (logged), as `not_saved` (the browser keeps its edit and tries again); the session's connection goes
    back to the pool either way."""
    try:
        return call()
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


def _message(args: tuple) -> dict:
    """An event's one argument, an object (anything else: `bad_update`)."""
    if len(args) != 1 or not isinstance(args[0], dict):
        raise store.BadUpdate()
    return args[0]


def answered(handler):
    """A Flask-SocketIO handler of one object, always answered (see `_answering`)."""

    @functools.wraps(handler)
    def wrapper(*args):
        return _answering(lambda: handler(_message(args)))

    return wrapper


_frequent: dict = {}  # event -> handler(sid, message), registered on each new Socket.IO server


def frequent(event: str):
    """A frequent event, registered straight on the Socket.IO server, past Flask-SocketIO's request context: the
    handler gets (sid, message) in the app context of the app serving the socket, always answered."""

    def register(handler):
        def run(sid, *args):
            app = (socketio.server.get_environ(sid, namespace=WORKSHOP) or {}).get("flask.app")
            if app is None:  # a socket this server no longer knows
                return _error(NotFound())
            with app.app_context():
                return _answering(lambda: handler(sid, _message(args)))

        _frequent[event] = run
        return handler

    return register


def register_frequent(server) -> None:
    """Give a newly made Socket.IO server the frequent events (called right after `socketio.init_app`)."""
    for event, run in _frequent.items():
        server.on(event, run, namespace=WORKSHOP)


def _access(sid: str, message: dict) -> tuple[Member, Access]:
    """What `join` granted this socket for this design, refreshed: the deadline and phase may have moved, the person
    may have signed out."""
    member = _members.get(sid)
    access = member.accesses.get(str(message.get("design", ""))) if member else None
    if access is None:
        raise NotFound()
    fresh = studio.refresh_access(access)
    if fresh is not access:
        member.accesses[str(access.public_id)] = fresh
    return member, fresh


def _on_the_board(note, sid: str, access: Access) -> None:
    """Tell the organisers' board this member is here. Never at the cost of the studio: with the database away, the
    design still syncs from this node's memory and the board catches up on the next sync."""
    try:
        note(sid, access.design_id, access.person_id)
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.warning("workshop: the board did not hear of a member", exc_info=True)


@socketio.on("connect", namespace=WORKSHOP)
def on_connect(auth=None):
    return bool(current_user.is_authenticated)


@socketio.on("join", namespace=WORKSHOP)
@answered
def on_join(message):
    try:
        public_id = uuid.UUID(str(message.get("design", "")))
    except ValueError:
        raise NotFound() from None
    access = studio.join(current_user, public_id)
    member = _members.setdefault(request.sid, Member(current_user.name, current_user.is_participant))
    member.accesses[str(access.public_id)] = access
    join_room(design_room(access.public_id))
    if member.participant:  # a member at work (organisers and jurors only look): the organisers' board
        member.seen_at = time.monotonic()
        _on_the_board(online.arrived, request.sid, access)
    return access.as_dict()


@frequent("sync")
def on_sync(sid: str, message: dict):
    member, access = _access(sid, message)
    their_state_vector = message.get("sv") or b"\x00"
    if not isinstance(their_state_vector, (bytes, bytearray)):
        raise store.BadUpdate()
    missing, state_vector, saved = studio.sync(access, their_state_vector)
    if (
        member.participant
        and time.monotonic() - member.seen_at >= current_app.config["WORKSHOP_PRESENCE_TOUCH_SECONDS"]
    ):
        member.seen_at = time.monotonic()
        _on_the_board(online.still_here, sid, access)
    return {"update": missing, "sv": state_vector, "saved": saved, "readonly": access.readonly}


@frequent("update")
def on_update(sid: str, message: dict):
    _, access = _access(sid, message)
    receipt = studio.receive_update(access, message.get("update"))
    db.session.remove()  # never hold a pooled connection while waiting: the group commit needs one
    if receipt.relay:  # teammates get it at once; the sender's "saved" waits for the group commit
        socketio.emit(
            "update",
            {"design": str(access.public_id), "update": bytes(message["update"])},
            to=design_room(access.public_id),
            skip_sid=sid,
            namespace=WORKSHOP,
        )
    if not receipt.written.wait(timeout=current_app.config["WORKSHOP_ACK_SECONDS"]):
        raise store.NotSaved()
    return {"ok": True, "sv": receipt.vector}


@frequent("awareness")
def on_awareness(sid: str, message: dict):
    member, access = _access(sid, message)
    update = presence.accept(sid, access.public_id, message.get("update"), member.name)
    if update is not None:
        socketio.emit(
            "awareness",
            {"design": str(access.public_id), "update": update},
            to=design_room(access.public_id),
            skip_sid=sid,
            namespace=WORKSHOP,
        )
    return {"ok": True}


@socketio.on("disconnect", namespace=WORKSHOP)
def on_disconnect(reason=None):
    _members.pop(request.sid, None)
    for public_id, update in presence.disconnected(request.sid):
        socketio.emit(
            "awareness", {"design": str(public_id), "update": update}, to=design_room(public_id), namespace=WORKSHOP
        )
    try:
        online.left(request.sid)
    except SQLAlchemyError:  # the row expires by itself (WORKSHOP_PRESENCE_SECONDS)
        db.session.rollback()
        current_app.logger.warning("workshop: a closed socket stays on the board until it expires", exc_info=True)
    finally:
        db.session.remove()
