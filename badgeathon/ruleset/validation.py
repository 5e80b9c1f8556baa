"""Checks a rule set document: its JSON Schema (schemas/ruleset.json), then what a schema cannot say (unique ids,
rules that name known badges, partner badges that are not also regional ones)."""

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError
from jsonschema.exceptions import best_match

from . import rules

SCHEMA_FILE = Path(__file__).resolve().parent / "schemas" / "ruleset.json"


@cache
def schema_validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _path(parts) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _misses_kind(error: ValidationError) -> bool:
    """The error says the value is not of this alternative at all (another type, another `type` field)."""
    return (error.validator == "type" and not error.relative_path) or (
        error.validator == "const" and list(error.relative_path) == ["type"]
    )


def _messages(error: ValidationError) -> list[str]:
    if error.validator == "oneOf" and error.context:
        # say what is wrong with the alternative the value meant to be, not "not valid under any of the schemas"
        groups: dict[Any, list[ValidationError]] = {}
        for inner in error.context:
            groups.setdefault(inner.relative_schema_path[0], []).append(inner)
        meant = [group for group in groups.values() if not any(_misses_kind(inner) for inner in group)]
        if len(meant) == 1:
            return [message for inner in meant[0] for message in _messages(inner)]
        return [f"{_path(error.absolute_path)}: {best_match(error.context).message}"]
    return [f"{_path(error.absolute_path)}: {error.message}"]


def check_document(doc: Any) -> list[str]:
    """Every problem of the document, each prefixed by its JSON path; an empty list when it is valid."""
    problems = [
        message
        for error in sorted(schema_validator().iter_errors(doc), key=lambda e: _path(e.absolute_path))
        for message in _messages(error)
    ]
    if problems:
        return list(dict.fromkeys(problems))
    badges, partners = doc["badges"], doc["partners"]
    seen_ids: dict[str, int] = {}
    seen_slugs: dict[str, int] = {}
    for index, badge in enumerate(badges):
        if badge["id"] in seen_ids:
            problems.append(f"$.badges[{index}].id: {badge['id']} is already badge {seen_ids[badge['id']]}")
        seen_ids.setdefault(badge["id"], index)
        if badge["slug"] in seen_slugs:
            problems.append(f"$.badges[{index}].slug: {badge['slug']} is already badge {seen_slugs[badge['slug']]}")
        seen_slugs.setdefault(badge["slug"], index)
        if not badge["id"].endswith(f"/badges/{badge['slug']}"):
            problems.append(f"$.badges[{index}].id: {badge['id']} does not end with /badges/{badge['slug']}")
    seen_partners: dict[str, int] = {}
    for index, partner in enumerate(partners):
        if partner["url"] in seen_partners:
            problems.append(
                f"$.partners[{index}].url: {partner['url']} is already partner {seen_partners[partner['url']]}"
            )
        seen_partners.setdefault(partner["url"], index)
        if partner["url"] in seen_ids:
            problems.append(f"$.partners[{index}].url: {partner['url']} is a regional badge")
    known = seen_ids.keys() | seen_partners.keys()
    for index, badge in enumerate(badges):
        if badge["rule"] is None:
            continue
        try:
            rule = rules.from_dict(badge["rule"])
        except ValueError as error:
            problems.append(f"$.badges[{index}].rule: {error}")
            continue
        for name in sorted(rules.held_badges(rule) - known):
            problems.append(f"$.badges[{index}].rule: names {name}, neither a regional nor a partner badge")
        if badge["id"] in rules.held_badges(rule):
            problems.append(f"$.badges[{index}].rule: the badge needs itself")
    return problems
