"""The design's plain view (pure): one frozen `DesignView`, the one place that lists a design's fields and their order,
read from and written to the JSON kept in `Design.view` and `DesignVersion.view` and sent to browsers."""

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

# Every field of a design, in the studio form's order: the history compares them, the labels name them in this order.
FIELDS = (
    "name",
    "description",
    "theme",
    "competency",
    "audience",
    "criteria_level1",
    "criteria_level2",
    "evidence",
    "assessment",
    "alignments",
    "tags",
    "earning_path",
    "image",
    "image_alt",
    "pitch",
)
SCALAR_FIELDS = ("theme",)  # plain strings in the document (chosen, never co-typed)
LIST_FIELDS = ("alignments", "tags")
IMAGE_FIELDS = ("image",)  # a map the server writes (after rendering or checking the image)
TEXT_FIELDS = tuple(name for name in FIELDS if name not in (*SCALAR_FIELDS, *LIST_FIELDS, *IMAGE_FIELDS))
LEVELS = ("level1", "level2")  # « je pratique », « je maîtrise »: TEXT_FIELDS holds them as criteria_<level>
ALIGNMENT_FIELDS = ("targetName", "targetUrl", "targetFramework", "targetCode", "targetDescription")

# What a badge carries at most: the studio's buttons stop there, the checklist tells a team that went beyond (two
# browsers adding at once can), and the export publishes no more. The design itself keeps everything its team wrote.
MAX_TAGS = 20
MAX_ALIGNMENTS = 12


def _text(value) -> str:
    """A text as stored; anything that is not a string (an older or hand-made view) reads as empty."""
    return value if isinstance(value, str) else ""


def _number(value) -> int | None:
    """A whole number, accepting 512.0 (pycrdt's to_py() turns integers into floats); None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return None


def _mapping(value) -> Mapping:
    return value if isinstance(value, Mapping) else {}


def _items(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) else []


@dataclass(frozen=True)
class Criteria:
    """What a learner does at each level: « je pratique » (level 1) and « je maîtrise » (level 2)."""

    level1: str = ""
    level2: str = ""

    def to_json(self) -> dict:
        return {"level1": self.level1, "level2": self.level2}

    @classmethod
    def from_json(cls, data) -> "Criteria":
        data = _mapping(data)
        return cls(*(_text(data.get(level)) for level in LEVELS))


@dataclass(frozen=True)
class Alignment:
    """One alignment of the badge (ESCO, ROME, RNCP…), as Open Badges names its fields."""

    targetName: str = ""  # noqa: N815 (Open Badges' own names, as the browser and the JSON spell them)
    targetUrl: str = ""  # noqa: N815
    targetFramework: str = ""  # noqa: N815
    targetCode: str = ""  # noqa: N815
    targetDescription: str = ""  # noqa: N815

    def to_json(self) -> dict:
        return {name: getattr(self, name) for name in ALIGNMENT_FIELDS}

    @classmethod
    def from_json(cls, data) -> "Alignment":
        """An entry; anything that is not an object reads as a blank row (kept: the team fills it in or removes it)."""
        data = _mapping(data)
        return cls(*(_text(data.get(name)) for name in ALIGNMENT_FIELDS))


@dataclass(frozen=True)
class ImageRef:
    """The badge's image as the design names it: its kept bytes (`sha256`) and what the server found in them.
    A number the view does not hold (an older or hand-made view) is None."""

    source: str = ""  # "designer" | "upload"
    sha256: str = ""
    mime: str = ""
    width: int | None = 0
    height: int | None = 0
    bytes: int | None = 0
    spec: str = ""  # the designer's settings (JSON text), "" for an upload

    def to_json(self) -> dict:
        return {
            "source": self.source,
            "sha256": self.sha256,
            "mime": self.mime,
            "width": self.width,
            "height": self.height,
            "bytes": self.bytes,
            "spec": self.spec,
        }

    @classmethod
    def from_json(cls, data) -> "ImageRef | None":
        """The image, or None when there is none (None, or an empty or non-object value)."""
        if not isinstance(data, Mapping) or not data:
            return None
        return cls(
            source=_text(data.get("source")),
            sha256=_text(data.get("sha256")),
            mime=_text(data.get("mime")),
            width=_number(data.get("width")),
            height=_number(data.get("height")),
            bytes=_number(data.get("bytes")),
            spec=_text(data.get("spec")),
        )


@dataclass(frozen=True)
class DesignView:
    """What the jury, the checklist, the export, the history and the pages read of a design (never the CRDT)."""

    name: str = ""
    description: str = ""
    criteria: Criteria = field(default_factory=Criteria)
    theme: str = ""
    competency: str = ""
    audience: str = ""
    evidence: str = ""
    assessment: str = ""
    alignments: tuple[Alignment, ...] = ()
    tags: tuple[str, ...] = ()
    earning_path: str = ""
    image: ImageRef | None = None
    image_alt: str = ""
    pitch: str = ""

    def text(self, name: str) -> str:
        """A text or scalar field by its name in FIELDS (`criteria_level1` is `criteria.level1`)."""
        if name.startswith("criteria_"):
            return getattr(self.criteria, name.removeprefix("criteria_"))
        if name not in TEXT_FIELDS and name not in SCALAR_FIELDS:
            raise KeyError(name)
        return getattr(self, name)

    def with_texts(self, **texts: str) -> "DesignView":
        """The view with some text or scalar fields replaced, by their names in FIELDS."""
        levels = {
            name.removeprefix("criteria_"): texts.pop(name) for name in list(texts) if name.startswith("criteria_")
        }
        criteria = replace(self.criteria, **levels) if levels else self.criteria
        return replace(self, criteria=criteria, **texts)

    def to_json(self) -> dict:
        """The plain JSON stored and sent to browsers (its shape never changes: pages' scripts read it)."""
        return {
            "name": self.name,
            "description": self.description,
            "criteria": self.criteria.to_json(),
            "theme": self.theme,
            "competency": self.competency,
            "audience": self.audience,
            "evidence": self.evidence,
            "assessment": self.assessment,
            "alignments": [alignment.to_json() for alignment in self.alignments],
            "tags": list(self.tags),
            "earning_path": self.earning_path,
            "image": self.image.to_json() if self.image is not None else None,
            "image_alt": self.image_alt,
            "pitch": self.pitch,
        }

    @classmethod
    def from_json(cls, data) -> "DesignView":
        """Any view ever stored: a missing key, None or a value of the wrong type reads as empty; nothing written is
        dropped (every tag that is text and every alignment, a blank row included, whatever their number)."""
        if isinstance(data, DesignView):
            return data
        data = _mapping(data)
        plain = {
            name: _text(data.get(name)) for name in (*TEXT_FIELDS, *SCALAR_FIELDS) if not name.startswith("criteria_")
        }
        return cls(
            **plain,
            criteria=Criteria.from_json(data.get("criteria")),
            alignments=tuple(Alignment.from_json(entry) for entry in _items(data.get("alignments"))),
            tags=tuple(tag for tag in _items(data.get("tags")) if isinstance(tag, str)),
            image=ImageRef.from_json(data.get("image")),
        )
