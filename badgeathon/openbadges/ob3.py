"""Open Badges 3.0: the Achievement of a badge definition, as the official JSON Schema expects it."""

import re
from typing import Any

from .criteria import criteria_markdown
from .model import Alignment, BadgeDefinition, Issuer
from .ob2 import alignment_fields

CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"  # defines Achievement, Profile, Image…


def target_type(framework: str) -> str | None:
    """The extension value naming the framework (ESCO → "ext:ESCO"); None when nothing usable remains."""
    name = re.sub(r"[^A-Za-z0-9._-]", "", framework)
    return f"ext:{name}" if name else None


def _alignment(alignment: Alignment) -> dict[str, Any]:
    doc: dict[str, Any] = {"type": ["Alignment"], **alignment_fields(alignment)}
    kind = target_type(alignment.target_framework)
    if kind:
        doc["targetType"] = kind
    return doc


def creator(issuer: Issuer) -> dict[str, Any]:
    return {"id": issuer.id, "type": ["Profile"], "name": issuer.name, "url": issuer.url, "email": issuer.email}


def achievement(defn: BadgeDefinition) -> dict[str, Any]:
    """The Achievement, with its creator profile embedded."""
    return {
        "id": defn.id,
        "type": ["Achievement"],
        "achievementType": defn.achievement_type,
        "name": defn.name,
        "description": defn.description,
        "criteria": {"id": defn.criteria_url, "narrative": criteria_markdown(defn)},
        "image": {"id": defn.image_url, "type": "Image"},
        "creator": creator(defn.issuer),
        "alignment": [_alignment(alignment) for alignment in defn.alignments],
        "tag": list(defn.tags),
    }


def hosted_achievement(defn: BadgeDefinition) -> dict[str, Any]:
    """The Achievement served on its own at its id (JSON-LD), so with the OB 3.0 context that names its terms."""
    return {"@context": CONTEXT, **achievement(defn)}
