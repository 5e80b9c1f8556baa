"""Socket.IO handlers of the /live namespace: pages of one event hear its phase changes at once."""

import uuid

from flask import request
from flask_login import current_user
from flask_socketio import join_room

from ..errors import NotFound
from ..extensions import socketio
from ..realtime import LIVE, event_room, organisers_room
from . import services


@socketio.on("connect", namespace=LIVE)
def on_connect(auth=None):
    """A projector proves itself with its screen token; a signed-in person may follow only their own event."""
    auth = auth if isinstance(auth, dict) else {}
    try:
        if auth.get("screen"):
            event = services.event_for_screen(str(auth["screen"]))
        elif current_user.is_authenticated and current_user.is_organiser and auth.get("event"):
            event = services.event_by_public_id(uuid.UUID(str(auth["event"])))
        elif current_user.is_authenticated and current_user.event is not None:
            event = current_user.event
        else:
            return False
    except (NotFound, ValueError):
        return False
    join_room(event_room(event), sid=request.sid, namespace=LIVE)
    if current_user.is_authenticated and current_user.is_organiser:  # the jury's progress, live
        join_room(organisers_room(event.id), sid=request.sid, namespace=LIVE)
    return True
