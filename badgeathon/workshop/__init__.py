"""The co-design studio: design documents (CRDT), socket handlers, checklist, image designer."""

from flask import Blueprint

bp = Blueprint("workshop", __name__)

from . import removal, routes  # noqa: E402,F401
