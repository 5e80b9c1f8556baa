"""Validation of Open Badges documents: JSON Schemas plus the spec's prose rules, giving findings with a field path."""

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft201909Validator, Draft202012Validator, ValidationError
from referencing import Registry, Resource

SCHEMAS = Path(__file__).resolve().parent / "schemas"
OB3_FILE = SCHEMAS / "ob_v3p0" / "achievementcredential.json"
EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


@dataclass(frozen=True)
class Finding:
    path: str  # JSON path of the field, e.g. "alignment[0].targetUrl"; "" for the whole document
    code: str  # required, empty, wrong_type, wrong_kind, schema, not_iri, not_url, not_email, ...
    params: dict[str, Any] = field(default_factory=dict, compare=False)


# Paths and URIs


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def json_path(parts: Iterable[str | int]) -> str:
    path = ""
    for part in parts:
        path = join(path, part)
    return path


def is_url(value: Any) -> bool:
    """An absolute http or https URL with a host."""
    if not isinstance(value, str) or any(char.isspace() for char in value):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def is_iri(value: Any) -> bool:
    """An http(s) URL or a URN (urn:uuid:…), the identifiers the spec says platforms handle."""
    if isinstance(value, str) and re.fullmatch(r"urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\S+", value, re.IGNORECASE):
        return True
    return is_url(value)


# JSON Schema findings


def _expected_kind(schema: Any) -> str:
    """The value a `type` property must hold, found in the failing schema (const, enum or contains)."""
    if isinstance(schema, dict):
        if "const" in schema:
            return str(schema["const"])
        if "enum" in schema:
            return " / ".join(map(str, schema["enum"]))
        return _expected_kind(schema.get("contains"))
    if isinstance(schema, list):
        kinds = [_expected_kind(item) for item in schema]
        return next((kind for kind in kinds if kind), "")
    return ""


def _schema_findings(error: ValidationError) -> list[Finding]:
    path = json_path(error.absolute_path)
    name = str(error.absolute_path[-1]) if error.absolute_path else ""
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [key for key in error.validator_value if key not in error.instance]
        return [Finding(join(path, key), "required", {"field": key}) for key in missing]
    if error.validator == "minLength" and error.instance == "":
        return [Finding(path, "empty", {"field": name})]
    if error.validator == "type":
        return [Finding(path, "wrong_type", {"field": name, "expected": error.validator_value})]
    if name == "type":
        return [Finding(path, "wrong_kind", {"field": name, "expected": _expected_kind(error.validator_value)})]
    return [Finding(path, "schema", {"field": name, "detail": error.message})]


def _by_schema(validator: Any, doc: Any) -> list[Finding]:
    return [finding for error in validator.iter_errors(doc) for finding in _schema_findings(error)]


@cache
def _ob2_validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@cache
def _ob3_validator() -> Draft201909Validator:
    """The official schema, used as shipped: its Achievement definition, every inner $ref resolved in the file."""
    contents = json.loads(OB3_FILE.read_text(encoding="utf-8"))
    registry = Registry().with_resource(contents["$id"], Resource.from_contents(contents))
    return Draft201909Validator({"$ref": contents["$id"] + "#/$defs/Achievement"}, registry=registry)


# The spec's prose rules


def _image_findings(value: Any, path: str) -> list[Finding]:
    if isinstance(value, dict):
        value, path = value.get("id"), join(path, "id")
    if not isinstance(value, str):
        return []  # the schema has reported it
    if value.startswith("data:"):
        if value.startswith(("data:image/png", "data:image/svg+xml")):
            return []
        return [Finding(path, "image_not_png_or_svg", {"field": path.rsplit(".", 1)[-1]})]
    # An image URL's format is only known once fetched: checking its content is the caller's job.
    return [] if is_iri(value) else [Finding(path, "not_iri", {"field": path.rsplit(".", 1)[-1]})]


def _rule(ok: bool, path: str, code: str) -> list[Finding]:
    return [] if ok else [Finding(path, code, {"field": path.rsplit(".", 1)[-1]})]


def _str(doc: dict[str, Any], key: str) -> bool:
    return isinstance(doc.get(key), str) and doc[key] != ""


def _issuer_rules(doc: dict[str, Any], prefix: str = "") -> list[Finding]:
    findings: list[Finding] = []
    if _str(doc, "id"):
        findings += _rule(is_iri(doc["id"]), join(prefix, "id"), "not_iri")
    if _str(doc, "url"):
        findings += _rule(is_url(doc["url"]), join(prefix, "url"), "not_url")
    if _str(doc, "email"):
        findings += _rule(bool(EMAIL.match(doc["email"])), join(prefix, "email"), "not_email")
    if "image" in doc:
        findings += _image_findings(doc["image"], join(prefix, "image"))
    return findings


def _criteria_rules(value: Any) -> list[Finding]:
    if isinstance(value, str) and value:
        return _rule(is_iri(value), "criteria", "not_iri")
    if not isinstance(value, dict):
        return []
    if not (_str(value, "id") or _str(value, "narrative")):
        return [Finding("criteria", "criteria_empty", {"field": "criteria"})]
    return _rule(is_iri(value["id"]), "criteria.id", "not_iri") if _str(value, "id") else []


def _badge_class_rules(doc: dict[str, Any]) -> list[Finding]:
    findings: list[Finding] = []
    if _str(doc, "id"):
        findings += _rule(is_iri(doc["id"]), "id", "not_iri")
    if "image" in doc:
        findings += _image_findings(doc["image"], "image")
    findings += _criteria_rules(doc.get("criteria"))
    issuer = doc.get("issuer")
    if isinstance(issuer, str) and issuer:
        findings += _rule(is_iri(issuer), "issuer", "not_iri")
    elif isinstance(issuer, dict):
        findings += _issuer_rules(issuer, "issuer")
    alignments = doc.get("alignment")
    for index, item in enumerate(alignments if isinstance(alignments, list) else []):
        if isinstance(item, dict) and _str(item, "targetUrl"):
            findings += _rule(is_url(item["targetUrl"]), f"alignment[{index}].targetUrl", "not_url")
    return findings


# Public checks


def _unique(findings: list[Finding]) -> list[Finding]:
    return list(dict.fromkeys(findings))


def check_ob2_badge_class(doc: Any) -> list[Finding]:
    """Everything wrong with an OB 2.0 BadgeClass; an empty list when it is valid."""
    findings = _by_schema(_ob2_validator("ob2_badgeclass.json"), doc)
    if isinstance(doc, dict):
        findings += _badge_class_rules(doc)
    return _unique(findings)


def check_ob2_issuer(doc: Any) -> list[Finding]:
    """Everything wrong with an OB 2.0 Issuer profile; an empty list when it is valid."""
    findings = _by_schema(_ob2_validator("ob2_issuer.json"), doc)
    if isinstance(doc, dict):
        findings += _issuer_rules(doc)
    return _unique(findings)


def check_ob3_achievement(doc: Any) -> list[Finding]:
    """Everything the official OB 3.0 schema refuses in an Achievement; an empty list when it is valid."""
    return _unique(_by_schema(_ob3_validator(), doc))
