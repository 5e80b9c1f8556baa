"""What is malformed in a backpack given to `badgeathon rules evaluate`, each problem with where it is (a JSON path)."""
import json
import re
from typing import Any

from .engine import describe, malformation

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
