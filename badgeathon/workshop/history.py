"""What changed between two versions of a design, field by field and word by word (pure)."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from .view import FIELDS, DesignView

# How a field that is not a text reads in a diff; every other field of the view is its text.
_SHOWN = {
    "alignments": lambda view: "\n".join(
        " · ".join(part for part in (a.targetName, a.targetFramework, a.targetCode, a.targetUrl) if part)
        for a in view.alignments
    ),
    "tags": lambda view: ", ".join(view.tags),
    "image": lambda view: view.image.sha256[:12] if view.image is not None else "",
}


def shown(view: DesignView, field: str) -> str:
    """The field of the view as the history shows it."""
    return _SHOWN[field](view) if field in _SHOWN else view.text(field)


_WORDS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Piece:
    kind: str  # "same" | "removed" | "added"
    text: str


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str
    pieces: tuple[Piece, ...]


def word_diff(before: str, after: str) -> tuple[Piece, ...]:
    a, b = _WORDS.findall(before), _WORDS.findall(after)
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("added", "".join(b[j1:j2])))
    return tuple(pieces)


def compare(before: DesignView, after: DesignView) -> list[FieldChange]:
    """The fields that differ between two views, in the form's order."""
    changes = []
    for field in FIELDS:
        old, new = shown(before, field), shown(after, field)
        if old != new:
            changes.append(FieldChange(field, old, new, word_diff(old, new)))
    return changes
