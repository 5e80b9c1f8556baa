"""The English catalogue covers every text of the interface, and the template is up to date with the code."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "badgeathon" / "translations"


def catalogue(path: Path):
    with open(path, "rb") as handle:
        return read_po(handle)


def test_every_text_of_the_code_is_in_the_catalogue_template(tmp_path):
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [
            str(Path(sys.executable).with_name("pybabel")),
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(fresh),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    in_code = {message.id for message in catalogue(fresh) if message.id}
    in_template = {message.id for message in catalogue(TRANSLATIONS / "messages.pot") if message.id}
    assert in_code - in_template == set(), "run `make extract-messages` and translate the new texts"


def test_every_text_has_an_english_translation_with_the_same_placeholders():
    import re

    untranslated, wrong_placeholders = [], []
    for message in catalogue(TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or message.fuzzy:
            untranslated.append(ids[0])
            continue
        wanted = set(re.findall(r"%\(\w+\)s", ids[-1]))
        if any(set(re.findall(r"%\(\w+\)s", string)) != wanted for string in strings):
            wrong_placeholders.append(ids[0])
    assert untranslated == []
    assert wrong_placeholders == []
