"""The badge image's spec: what Open Badge Factory accepts, the shapes and colours a team picks, their validation."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, fields

from .pictograms import PICTOGRAMS, Point

# Open Badge Factory's limits on a badge image (shared by the image core, the studio's checklist and the export)
IMAGE_MIMES = ("image/png", "image/svg+xml")
IMAGE_MAX_BYTES = 250 * 1024  # Open Badge Factory's upload limit, 250 kB
MAX_SIDE = 4096
MIN_SIDE = 90

TITLE_MAX = 40
LEVEL_MAX = 30
DARK_TEXT, LIGHT_TEXT = "#1B1B1B", "#FFFFFF"


class ImageError(ValueError):
    """A refused spec or upload: `reason` is a stable key the web shell turns into a French message."""

    def __init__(self, reason: str, detail: str = "", field: str | None = None):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.field = field


# --- the shapes and colours -----------------------------------------------------------------------------------------


def _shield_core() -> tuple[Point, ...]:
    """The shield without its rounded corners: flat top, straight sides, curved down to a point (convex)."""
    right = [(336.0, 40.0), (336.0, 170.0)]
    for i in range(1, 17):
        t = i / 16  # quadratic Bézier (336,170) → (336,300) → (200,364)
        right.append(
            (
                (1 - t) ** 2 * 336 + 2 * (1 - t) * t * 336 + t * t * 200,
                (1 - t) ** 2 * 170 + 2 * (1 - t) * t * 300 + t * t * 364,
            )
        )
    left = [(400 - x, y) for x, y in reversed(right[:-1])]
    return tuple(right + left)


def _hexagon_core() -> tuple[Point, ...]:
    return tuple(
        (200 + 164 * math.cos(math.radians(a)), 200 + 164 * math.sin(math.radians(a))) for a in range(-90, 270, 60)
    )


# A shape is a convex core polygon grown by a radius: every inset of it keeps an even border and rounded corners.
SHAPES: dict[str, tuple[tuple[Point, ...], float]] = {
    "cercle": (((200.0, 200.0),), 188.0),
    "bouclier": (_shield_core(), 24.0),
    "hexagone": (_hexagon_core(), 24.0),
    "carre": (((84.0, 84.0), (316.0, 84.0), (316.0, 316.0), (84.0, 316.0)), 56.0),
}

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


def _clean_text(value, field: str, limit: int) -> str:
    if not isinstance(value, str):
        raise ImageError("bad_text", f"{field} must be a string", field)
    # runs of white space become one space, except the no-break spaces of French typography ("Je maîtrise !")
    text = re.sub(r"[^\S\u00a0\u202f]+", " ", unicodedata.normalize("NFC", value)).strip()
    for char in text:
        code = ord(char)
        # control characters, lone surrogates and non-characters: none can be drawn, the last two break XML
        if unicodedata.category(char) in ("Cc", "Cs") or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
            raise ImageError("bad_text", f"{field} contains the character U+{code:04X}", field)
    if len(text) > limit:
        raise ImageError(f"{field}_too_long", f"{len(text)} characters, at most {limit}", field)
    return text


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a #RRGGBB colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio between two #RRGGBB colours, from 1 (same) to 21 (black on white)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_on(colour: str) -> str:
    """Near-black or white, whichever reads better on the given colour."""
    return DARK_TEXT if contrast_ratio(DARK_TEXT, colour) >= contrast_ratio(LIGHT_TEXT, colour) else LIGHT_TEXT


@dataclass(frozen=True)
class ImageSpec:
    """What the team chose for its badge image; always valid once built (text is NFC, spaces collapsed)."""

    shape: str = "cercle"
    background: str = "#17365D"
    accent: str = "#F2B52E"
    pictogram: str = "feuille"
    title: str = ""
    level: str = ""

    def __post_init__(self):
        if self.shape not in SHAPES:
            raise ImageError("unknown_shape", f"{self.shape!r} is not one of {', '.join(SHAPES)}", "shape")
        for field in ("background", "accent"):
            colour = getattr(self, field)
            if not isinstance(colour, str) or not _COLOUR.fullmatch(colour):
                raise ImageError("bad_colour", f"{field} must be #RRGGBB, got {colour!r}", field)
            object.__setattr__(self, field, colour.upper())
        if not isinstance(self.pictogram, str) or self.pictogram not in PICTOGRAMS:
            raise ImageError("unknown_pictogram", f"{self.pictogram!r} is not a built-in pictogram", "pictogram")
        object.__setattr__(self, "title", _clean_text(self.title, "title", TITLE_MAX))
        object.__setattr__(self, "level", _clean_text(self.level, "level", LEVEL_MAX))

    @property
    def text_colour(self) -> str:
        """The title's colour: readable on the background."""
        return readable_on(self.background)

    @property
    def ribbon_text_colour(self) -> str:
        """The level's colour: readable on the accent-coloured ribbon."""
        return readable_on(self.accent)

    @classmethod
    def from_dict(cls, data) -> ImageSpec:
        """Build from untrusted JSON-like data; missing fields take the defaults, unknown fields are refused."""
        if not isinstance(data, Mapping):
            raise ImageError("not_a_mapping", f"expected an object, got {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        for key in data:
            if key not in known:
                raise ImageError("unknown_field", f"{key!r} is not a field of the image spec", str(key))
        return cls(**data)

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}
