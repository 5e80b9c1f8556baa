"""Payloads creating the badge on Open Badge Factory (POST /v1/badge/{client_id}) and on Badgr (v2 BadgeClass)."""
from base64 import b64encode
from typing import Any

from .baking import require_png
from .criteria import criteria_html, criteria_markdown
from .model import BadgeDefinition


def png_data_url(png: bytes) -> str:
    require_png(png)
    return "data:image/png;base64," + b64encode(png).decode("ascii")


def obf_payload(defn: BadgeDefinition, image_png: bytes) -> dict[str, Any]:
    """A draft badge for Open Badge Factory."""
    alignment = []
    for item in defn.alignments:
        entry = {"name": item.target_name, "url": item.target_url}
        if item.target_description:
            entry["description"] = item.target_description
        alignment.append(entry)
    return {
        "name": defn.name,
        "description": defn.description,
        "image": png_data_url(image_png),
        "criteria_html": criteria_html(defn),
        "tags": list(defn.tags),
        "alignment": alignment,
        "draft": True,
    }


def badgr_payload(defn: BadgeDefinition, image_png: bytes) -> dict[str, Any]:
    """A BadgeClass for Badgr's v2 API."""
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
