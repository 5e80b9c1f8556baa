"""The badge definition as plain frozen data: the issuer, the alignments, the badge with its levels and award rule."""

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Issuer:
    id: str
    name: str
    url: str
    email: str
    description: str
    image: str


@dataclass(frozen=True)
class Alignment:
    target_name: str
    target_url: str
    target_framework: str = ""
    target_code: str = ""
    target_description: str = ""


@dataclass(frozen=True)
class BadgeDefinition:
    id: str  # stable https URL of the badge
    name: str
    description: str
    level1: str  # criteria « je pratique »
    level2: str  # criteria « je maîtrise »
    criteria_url: str
    image_url: str
    tags: tuple[str, ...]
    alignments: tuple[Alignment, ...]
    issuer: Issuer
    achievement_type: Literal["Badge", "Competency"] = "Badge"
    image_png: bytes | None = None
    level: int | None = None  # 1 or 2: the BadgeClass certifies that level only (a regional key badge)
    levelled: bool = True  # False: a badge without levels (the general badge), its criteria have no level headings
    award: str = ""  # how the badge is awarded (Markdown), stated with its criteria
