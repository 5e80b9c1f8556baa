"""Payloads creating the badge on Open Badge Factory (POST /v1/badge/{client_id}) and on Badgr
(POST /v2/issuers/{entityId}/badgeclasses)."""

from base64 import b64encode
from typing import Any

from .baking import require_png
from .criteria import criteria_html, criteria_markdown
from .model import BadgeDefinition


def png_data_url(png: bytes) -> str:
    require_png(png)
    return "data:image/png;base64," + b64encode(png).decode("ascii")


def obf_payload(defn: BadgeDefinition, image_png: bytes) -> dict[str, Any]:
    """A draft badge for Open Badge Factory's `POST /v1/badge/{client_id}`, with only fields OBF's own clients send
    there. Alignments are left out: no OBF source documents a v1 field for them (docs/OPEN_BADGE_PLATFORMS.md); they
    stay in the BadgeClass and the Achievement."""
    return {
        "name": defn.name,
        "description": defn.description,
        "image": png_data_url(image_png),
        "criteria_html": criteria_html(defn),
        "tags": list(defn.tags),
        "draft": True,
    }


def badgr_payload(defn: BadgeDefinition, image_png: bytes) -> dict[str, Any]:
    """A BadgeClass for Badgr's v2 API: `POST /v2/issuers/{entityId}/badgeclasses`, entityId being the issuer's id on
    Badgr."""
    return {
        "name": defn.name,
        "description": defn.description,
        "image": png_data_url(image_png),
        "criteriaNarrative": criteria_markdown(defn),
        "criteriaUrl": defn.criteria_url,
        "alignments": [
            {
                "targetName": item.target_name,
                "targetUrl": item.target_url,
                "targetDescription": item.target_description,
                "targetFramework": item.target_framework,
                "targetCode": item.target_code,
            }
            for item in defn.alignments
        ],
        "tags": list(defn.tags),
    }
