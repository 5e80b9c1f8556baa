"""Which known structure a participant means by what they typed: the same words, accents, case and punctuation
aside, or the first words of exactly one known name ("Afpa" → "AFPA Normandie"); anything else is the organiser's to
confirm."""

import re
import unicodedata
from collections.abc import Iterable


def words(name: str) -> tuple[str, ...]:
    """The words of a structure's name as people type it: no case, no accents, no punctuation."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return tuple(re.findall(r"[^\W_]+", "".join(ch for ch in decomposed if not unicodedata.combining(ch))))


def known_structure(typed: str, known: Iterable[str]) -> str | None:
    """The known name `typed` stands for, or None when it stands for none of them or for several.

    Only the start of a name counts: "Afpa" is "AFPA Normandie", but "Normandie" is not (nor is "Caen" "Transdev
    Caen"): a wrong guess would recuse a juror, or free one, on a mere likeness."""
    typed_words = words(typed)
    if not typed_words:
        return None
    names = {name: words(name) for name in known}
    same = [name for name, its_words in names.items() if its_words == typed_words]
    if same:
        return same[0] if len(same) == 1 else None
    starting = [name for name, its_words in names.items() if its_words[: len(typed_words)] == typed_words]
    return starting[0] if len(starting) == 1 else None
