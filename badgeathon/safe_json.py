"""JSON from outside (request bodies, uploaded files, a backpack given to the CLI, presence states), parsed so that
any unusable document is a ValueError like any other bad JSON: the standard parser raises RecursionError on deep
nesting ("[" * 100000); a document nested a few hundred levels would still break the validators and serialisers
that walk it later; and "\\ud800" (a lone surrogate, valid JSON) is text that neither UTF-8 nor PostgreSQL accepts."""

import json
import re
from typing import Any

from flask.json.provider import DefaultJSONProvider

MAX_DEPTH = 64  # a BadgeClass, a backpack or a score is a few levels deep
_SURROGATE = re.compile("[\ud800-\udfff]")


class Unusable(ValueError):
    """Well-formed JSON this application refuses all the same."""


def _check(value: Any, limit: int) -> None:
    """Raise Unusable if arrays and objects nest deeper than `limit`, or a string is not Unicode text (walked without
    recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise Unusable("JSON string with a lone surrogate (not Unicode text)")
            continue
        if isinstance(item, dict):
            stack.extend((key, depth) for key in item)
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            raise Unusable(f"JSON nested deeper than {limit} levels")
        stack.extend((child, depth + 1) for child in children)


def loads(text: str | bytes, **kwargs: Any) -> Any:
    """json.loads for documents from outside: ValueError for anything unusable, too deep included."""
    try:
        value = json.loads(text, **kwargs)
    except RecursionError:
        raise Unusable(f"JSON nested deeper than {MAX_DEPTH} levels") from None
    _check(value, MAX_DEPTH)
    return value


def load(file: Any, **kwargs: Any) -> Any:
    return loads(file.read(), **kwargs)


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON with `loads` above: request.get_json refuses such a body as bad JSON (400), never a 500."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return loads(s, **kwargs)
