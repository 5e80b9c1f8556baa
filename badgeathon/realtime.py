"""Where the socket protocol's messages go and when: the namespaces and rooms, named in one place for every package,
and `announce(...)`, which services call to tell pages that something changed, once it is committed.

A message tells pages to look again at what the database holds, so it must never go out for a change that is not
there: `announce` queues the message on the database session (`Session.info`), the session's `after_commit` sends
the queue once the commit has succeeded (never for a savepoint's release), and the end of a transaction that did not
commit (a rollback, even of a savepoint, or the session closed at the end of a request that failed) drops it. So a
service announces inside its use case's transaction, before its one commit, and a use case that raises announces
nothing. With no transaction under way (the studio's background rounds, after their own commits; no app context at
all, as the message queue's listener) the message is about what is already committed and goes at once. A message
queued in a transaction that only reads goes out only if that transaction is committed: end the read with a commit.
The socket handlers' own answers and relays (`workshop/sockets.py`, `events/live.py`) stay theirs.
"""

import logging

from flask import has_app_context
from sqlalchemy import event as sqlalchemy_event

from .extensions import db, socketio

LIVE = "/live"  # an event's live pages: a room for everyone on the event, one for its organisers
WORKSHOP = "/workshop"  # the studio: a room per design

_QUEUE = "announcements"  # the key of a session's queued messages in its `info`
log = logging.getLogger(__name__)


def event_room(event) -> str:
    """Everyone on the event's live pages (phase, pitches, ceremony)."""
    return f"event:{event.public_id}"


def organisers_room(event_id: int) -> str:
    """The event's organisers only (the jury's progress, the board)."""
    return f"event-organisers:{event_id}"


def design_room(public_id) -> str:
    """The room of a design's pages (its team's browsers, staff and jurors reading it)."""
    return f"design:{public_id}"


def announce(name: str, data: dict, *, namespace: str, to: str | None = None) -> None:
    """Send `name` with `data` to the room `to` (everyone in `namespace` when None) once the current transaction
    commits; at once when none is under way."""
    message = (name, data, namespace, to)
    if has_app_context():
        session = db.session()
        if session.in_transaction():
            session.info.setdefault(_QUEUE, []).append(message)
            return
    _send([message])


def _send(messages) -> None:
    for name, data, namespace, to in messages:
        try:
            socketio.emit(name, data, to=to, namespace=namespace)
        except Exception:  # the commit stands: a page that missed a message catches up at its next poll or resync
            log.exception("realtime: %s to %s could not be sent", name, to or namespace)


@sqlalchemy_event.listens_for(db.session, "after_commit")
def _after_commit(session) -> None:
    if not session.in_nested_transaction():  # a savepoint's release commits nothing yet
        _send(session.info.pop(_QUEUE, ()))


@sqlalchemy_event.listens_for(db.session, "after_soft_rollback")
def _after_rollback(session, previous_transaction) -> None:
    session.info.pop(_QUEUE, None)


@sqlalchemy_event.listens_for(db.session, "after_transaction_end")
def _after_transaction_end(session, transaction) -> None:
    if transaction.parent is None:  # the session's transaction ended without a commit (closed): nothing to tell
        session.info.pop(_QUEUE, None)
