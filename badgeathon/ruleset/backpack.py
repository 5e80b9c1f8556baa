"""A learner's backpack: each entry (a badge URL or an Open Badges 2.0 assertion) read for the badge class it names
and whether it counts (expired, revoked, malformed); what is malformed in it, and where (a JSON path, for
`badgeathon rules evaluate`)."""

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Literal

Reason = Literal["unknown", "expired", "revoked", "malformed"]

MAX_REPORTED = 20  # problems listed before "… and N more"
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def key_path(key: str) -> str:
    """One learner's place in the JSON path: `.alice`, or `["Jean Dupont"]` when the name is not a plain word."""
    return f".{key}" if _PLAIN_KEY.fullmatch(key) else f"[{json.dumps(key, ensure_ascii=False)}]"


def entry_problems(entries: list[Any], path: str) -> list[str]:
    problems = []
    for index, entry in enumerate(entries):
        found = malformation(entry)
        if found is not None:
            field, what = found
            problems.append(f"{path}[{index}]{'.' + field if field else ''}: {what}")
    return problems


def problems(data: Any) -> list[str]:
    """Every malformed part of a backpack: a list of entries, or an object of such lists by learner. Unknown,
    expired and revoked badges are not malformed: the evaluation reports them."""
    if isinstance(data, list):
        return entry_problems(data, "$")
    if not isinstance(data, dict):
        return ["$: must be a list of badges, or an object of lists by learner"]
    found: list[str] = []
    for learner, entries in data.items():
        path = "$" + key_path(learner)
        if isinstance(entries, list):
            found += entry_problems(entries, path)
        else:
            found.append(f"{path}: must be the learner's list of badges, not {describe(entries)}")
    return found


def report(name: str, found: list[str]) -> str:
    """The message of a refused backpack: its first problems, then how many more."""
    shown = found[:MAX_REPORTED]
    more = len(found) - len(shown)
    lines = [f"{name}: malformed backpack, nothing evaluated ({len(found)} problem{'s' if len(found) > 1 else ''}):"]
    lines += [f"  {line}" for line in shown]
    if more:
        lines.append(f"  … and {more} more")
    return "\n".join(lines)


def malformation(entry: Any) -> tuple[str, str] | None:
    """What is malformed in one backpack entry, as (the field, what is wrong with it); None when it is well formed.
    The field is "" for the entry itself, else a path inside it ("badge.id", "revoked")."""
    if isinstance(entry, str):
        return None if entry else ("", "empty badge URL")
    if not isinstance(entry, Mapping):
        return "", f"neither a badge URL nor an assertion: {describe(entry)}"
    badge, where = entry.get("badge"), "badge"
    if isinstance(badge, Mapping):
        badge, where = badge.get("id"), "badge.id"
    if not isinstance(badge, str):
        return where, "missing" if badge is None else f"not a badge URL: {describe(badge)}"
    if not badge:
        return where, "empty badge URL"
    revoked = entry.get("revoked")  # null is taken as absent, like a field left out
    if revoked is not None and not isinstance(revoked, bool):
        return "revoked", f"must be true or false, not {describe(revoked)}"
    expires = entry.get("expires")
    if expires is not None:
        if not isinstance(expires, str):
            return "expires", f"not a date: {describe(expires)}"
        try:
            datetime.fromisoformat(expires)
        except ValueError:
            return "expires", f"not an ISO 8601 date: {json.dumps(expires, ensure_ascii=False)}"
    return None


def describe(value: Any) -> str:
    """A value as a reader would name it: `the string "true"`, `a number (42)`, `null`…"""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the string {json.dumps(value, ensure_ascii=False)}"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


def entry_badge(assertion: Any, now: datetime) -> tuple[str | None, Reason | None]:
    """The badge class URL of a backpack entry (an Open Badges 2.0 assertion, or a badge URL), and why it does not
    count (None if it does). Malformed exactly when `malformation` says so, written for speed (a test holds them
    equal)."""
    if not isinstance(assertion, Mapping):
        return (str(assertion), None) if isinstance(assertion, str) and assertion else (None, "malformed")
    badge = assertion.get("badge")
    if isinstance(badge, Mapping):
        badge = badge.get("id")
    if not isinstance(badge, str) or not badge:
        return None, "malformed"
    revoked = assertion.get("revoked")
    if revoked is not None and not isinstance(revoked, bool):
        return badge, "malformed"
    expires = assertion.get("expires")
    if expires is not None:
        try:
            moment = datetime.fromisoformat(expires)
        except (TypeError, ValueError):
            return badge, "malformed"
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        if moment <= now and not revoked:
            return badge, "expired"
    if revoked:
        return badge, "revoked"
    return badge, None
