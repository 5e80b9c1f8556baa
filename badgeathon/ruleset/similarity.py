"""How close a new badge is to the badges already in the rule set: a fuzzy score (0–100) on their wording,
computed with rapidfuzz's token set ratio, so a near duplicate is noticed before it is published."""

import re
from collections.abc import Iterable

from rapidfuzz import fuzz, process

THRESHOLD = 70  # from this score on, publishing the new badge needs a written reason


def normalise(*parts: str) -> str:
    """The wording compared: the parts joined, lowercased, punctuation turned to spaces (accents kept)."""
    text = " ".join(part for part in parts if part).lower()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def badge_text(name: str, description: str, level1: str = "", level2: str = "") -> str:
    """The text a badge is compared on: its name, description and criteria."""
    return normalise(name, description, level1, level2)


def closest(
    candidate_text: str, badges: Iterable[tuple[str, str, str]], limit: int = 3
) -> list[tuple[str, str, float]]:
    """The `limit` `badges` ((id, name, text) each) whose text is closest to `candidate_text`, as
    (id, name, score 0..100), best first; empty when there is nothing to compare."""
    entries = list(badges)
    query = normalise(candidate_text)
    if not query or not entries or limit <= 0:
        return []
    choices = {index: normalise(text) for index, (_id, _name, text) in enumerate(entries)}
    found = process.extract(query, choices, scorer=fuzz.token_set_ratio, limit=limit, processor=None)
    return [(entries[index][0], entries[index][1], round(float(score), 1)) for _text, score, index in found]


def needs_reason(matches: list[tuple[str, str, float]]) -> bool:
    return bool(matches) and matches[0][2] >= THRESHOLD
