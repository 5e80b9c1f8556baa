"""Numbers as people read them in the page's language: "4,16" and "poids 1,5" in French, "4.16" in English."""
from flask_babel import format_decimal


def decimal(value: float | None, places: int = 2) -> str:
    """A mark or a mean with a fixed number of decimals ("4,16"); a dash for no value."""
    if value is None:
        return "—"
    return format_decimal(value, format="#,##0." + "0" * places if places else "#,##0")


def weight(value: float) -> str:
    """A criterion's weight without trailing zeros: 3 → "3", 1.5 → "1,5"."""
    return format_decimal(value, format="#,##0.##")
