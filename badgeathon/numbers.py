"""Numbers as people read them in the page's language: "4,16" and "poids 1,5" in French, "4.16" in English."""

from functools import lru_cache

from babel import numbers
from flask_babel import get_locale


def decimal(value: float | None, places: int = 2) -> str:
    """A mark or a mean with a fixed number of decimals ("4,16"); a dash for no value."""
    if value is None:
        return "—"
    return _formatted(value, "#,##0." + "0" * places if places else "#,##0", get_locale())


def weight(value: float) -> str:
    """A criterion's weight without trailing zeros: 3 → "3", 1.5 → "1,5"."""
    return _formatted(value, "#,##0.##", get_locale())


@lru_cache(maxsize=4096)
def _formatted(value: float, pattern: str, locale) -> str:
    """Babel's formatting (as Flask-Babel's format_decimal does it), remembered: a scoring page shows the same six
    weights to every juror, and parsing the pattern costs more than the page's other numbers."""
    return numbers.format_decimal(value, format=pattern, locale=locale)
