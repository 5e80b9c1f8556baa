"""Open Badges 2.0 JSON-LD documents: the BadgeClass of a badge definition and the profile of its issuer."""

from typing import Any

from .criteria import criteria_markdown
from .model import Alignment, BadgeDefinition, Issuer

CONTEXT = "https://w3id.org/openbadges/v2"


def alignment_fields(alignment: Alignment) -> dict[str, str]:
    """The alignment's schema.org fields, both versions alike (empty optional ones left out)."""
    doc = {"targetName": alignment.target_name, "targetUrl": alignment.target_url}
    optional = {
        "targetFramework": alignment.target_framework,
        "targetCode": alignment.target_code,
        "targetDescription": alignment.target_description,
    }
    doc.update({key: value for key, value in optional.items() if value})
    return doc


def badge_class(defn: BadgeDefinition) -> dict[str, Any]:
    """The hosted BadgeClass: the issuer is referenced by its profile id."""
    return {
        "@context": CONTEXT,
        "id": defn.id,
        "type": "BadgeClass",
        "name": defn.name,
        "description": defn.description,
        "image": defn.image_url,
        "criteria": {"id": defn.criteria_url, "narrative": criteria_markdown(defn)},
        "issuer": defn.issuer.id,
        "alignment": [alignment_fields(alignment) for alignment in defn.alignments],
        "tags": list(defn.tags),
    }


def issuer_profile(issuer: Issuer) -> dict[str, Any]:
    """The hosted Issuer profile."""
    return {
        "@context": CONTEXT,
        "type": "Issuer",
        "id": issuer.id,
        "name": issuer.name,
        "url": issuer.url,
        "email": issuer.email,
        "description": issuer.description,
        "image": issuer.image,
    }
