"""What changed between two versions of a design, field by field and word by word (pure)."""
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

FIELDS = (
    ("name", lambda v: v.get("name", "")),
    ("description", lambda v: v.get("description", "")),
    ("theme", lambda v: v.get("theme", "")),
    ("competency", lambda v: v.get("competency", "")),
    ("audience", lambda v: v.get("audience", "")),
    ("criteria_level1", lambda v: (v.get("criteria") or {}).get("level1", "")),
    ("criteria_level2", lambda v: (v.get("criteria") or {}).get("level2", "")),
    ("evidence", lambda v: v.get("evidence", "")),
    ("assessment", lambda v: v.get("assessment", "")),
    ("alignments", lambda v: "\n".join(
        " · ".join(part for part in (a.get("targetName", ""), a.get("targetFramework", ""), a.get("targetCode", ""),
                                     a.get("targetUrl", "")) if part)
        for a in v.get("alignments") or [])),
    ("tags", lambda v: ", ".join(v.get("tags") or [])),
    ("earning_path", lambda v: v.get("earning_path", "")),
    ("image", lambda v: (v.get("image") or {}).get("sha256", "")[:12]),
    ("image_alt", lambda v: v.get("image_alt", "")),
    ("pitch", lambda v: v.get("pitch", "")),
)

_WORDS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Piece:
    kind: str   # "same" | "removed" | "added"
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


def compare(before: dict, after: dict) -> list[FieldChange]:
    """The fields that differ between two views, in the form's order."""
    changes = []
    for field, read in FIELDS:
        old, new = str(read(before or {}) or ""), str(read(after or {}) or "")
        if old != new:
            changes.append(FieldChange(field, old, new, word_diff(old, new)))
    return changes
