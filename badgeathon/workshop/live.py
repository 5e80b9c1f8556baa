"""A design's live CRDT on this node and what browsers may do to it: every update integrated, its changes checked
against the design's structure (pure: pycrdt only, no Flask app, no database)."""

import time
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from pycrdt import Doc, Map, Text

from ..errors import BadgeathonError
from . import document, yupdate
from .view import ALIGNMENT_FIELDS


class BadStructure(BadgeathonError):
    code = "bad_structure"
    default_message = _l("Modification refusée : elle changerait la structure du badge.")


ALLOWED_IMAGE_KEYS = {"source", "sha256", "mime", "width", "height", "bytes", "spec"}
SCALARS = (str, int, float, bool, type(None))


@dataclass
class LiveDesign:
    """A design's CRDT as this node knows it: the database's state up to log number `through`, plus what this
    node has queued. Used from one OS thread only (pycrdt's rule)."""

    design_id: int
    epoch: object
    doc: Doc = field(default_factory=Doc)
    through: int = 0
    size: int = 0  # bytes loaded and applied: an upper bound of the encoded state
    used_at: float = field(default_factory=time.monotonic)
    events: list = field(default_factory=list)
    _vector: dict | None = None
    _deletions: dict | None = None

    def __post_init__(self):
        self.map = self.doc.get(document.ROOT, type=Map)
        self.subscription = self.map.observe_deep(self.events.extend)

    def integrate(self, update: bytes) -> list:
        """Apply an update; the changes it made to the design (pycrdt events)."""
        self.doc.apply_update(update)
        self.size += len(update)
        self._vector = self._deletions = None
        events, self.events[:] = list(self.events), []
        return events

    def apply_checked(self, update: bytes) -> None:
        """Apply an update from a browser; BadStructure if it changed the document's structure or types (the caller
        then drops this live document: the database never saw the update)."""
        if not all(_allowed(event) for event in self.integrate(update)):
            raise BadStructure()

    def vector(self) -> dict[int, int]:
        if self._vector is None:
            self._vector = yupdate.state_vector(self.doc.get_state())
        return self._vector

    def state_vector(self) -> bytes:
        return self.doc.get_state()

    def deletions(self) -> dict[int, list[tuple[int, int]]]:
        if self._deletions is None:
            self._deletions = yupdate.delete_set(self.doc.get_update(self.doc.get_state()))
        return self._deletions


def _allowed(event) -> bool:
    """What browsers may do to the design: edit texts, add and remove tags (strings) and alignments (maps of the
    alignment's texts), set the theme (a string) and the image's plain fields. Never replace or retype a field."""
    path = list(event.path)
    kind = type(event).__name__
    if kind == "TextEvent":
        return all(isinstance(op.get("insert", ""), str) for op in event.delta)
    if kind == "MapEvent":
        changes = event.keys
        if not path:
            return set(changes) <= {"theme"} and all(
                change.get("action") != "delete" and isinstance(change.get("newValue"), str)
                for change in changes.values()
            )
        if path == ["image"]:
            return set(changes) <= ALLOWED_IMAGE_KEYS and all(
                isinstance(change.get("newValue"), SCALARS) for change in changes.values()
            )
        return False  # an alignment's fields are made with it and never replaced
    if kind == "ArrayEvent":
        inserted = [value for op in event.delta for value in op.get("insert", ())]
        if path == ["tags"]:
            return all(isinstance(value, str) for value in inserted)
        if path == ["alignments"]:
            return all(
                isinstance(value, Map)
                and set(value.keys()) == set(ALIGNMENT_FIELDS)
                and all(isinstance(value[key], Text) for key in ALIGNMENT_FIELDS)
                for value in inserted
            )
    return False
