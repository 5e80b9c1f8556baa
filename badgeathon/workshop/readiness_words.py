"""What keeps a design out of the export, in French sentences for staff: each blocker of the checklist's one
readiness rule (`checklist.blockers`), with the level, the alignment or the limit it is about."""

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l

from .checklist import LEVELS, Finding

NO_NAME = _l("Le badge n'a pas de nom.")
NAME_TOO_LONG = _l("Le nom du badge dépasse %(max)s caractères.")
NO_DESCRIPTION = _l("Le badge n'a pas de description.")
NO_LEVEL = {"level1": _l("Le critère « je pratique » est vide."), "level2": _l("Le critère « je maîtrise » est vide.")}
NO_IMAGE = _l("Le badge n'a pas d'image : choisissez-en une dans l'atelier.")
IMAGE_FORMAT = _l("L'image du badge doit être au format PNG ou SVG.")
IMAGE_NOT_SQUARE = _l("L'image du badge doit être carrée.")
IMAGE_TOO_LARGE = _l("L'image du badge dépasse 250 ko.")
ISSUER_NOT_READY = _l("Le profil de l'émetteur (Région Normandie) n'est pas prêt pour l'export.")
NO_TARGET_NAME = _l("L'alignement %(number)s n'a pas de nom de référence.")
NO_TARGET_URL = _l("L'alignement %(number)s n'a pas d'adresse web (http ou https).")

SIMPLE = {
    "description_written": NO_DESCRIPTION,
    "image_present": NO_IMAGE,
    "image_format": IMAGE_FORMAT,
    "image_square": IMAGE_NOT_SQUARE,
    "image_size": IMAGE_TOO_LARGE,
    "issuer_ready": ISSUER_NOT_READY,
}
PER_ALIGNMENT = {"alignment_names": NO_TARGET_NAME, "alignment_urls": NO_TARGET_URL}


def sentences(finding: Finding) -> list[str]:
    """The blocker `finding` as one sentence per thing to fix."""
    detail = finding.detail
    if finding.code == "name_written":
        return [str(NAME_TOO_LONG) % {"max": detail["max"]} if detail.get("length") else str(NO_NAME)]
    if finding.code == "criteria_written":
        return [str(NO_LEVEL[level]) for level in LEVELS if level not in detail.get("written", ())]
    if finding.code == "criteria_both_levels":
        return [str(NO_LEVEL[level]) for level in detail.get("missing", ())]
    if finding.code in PER_ALIGNMENT:
        return [
            str(PER_ALIGNMENT[finding.code]) % {"number": index + 1} for index in detail.get("blocking_indexes", ())
        ]
    return [str(SIMPLE[finding.code])]


IMAGE_LIMITS = frozenset({"image_format", "image_square", "image_size"})


def blocker_sentences(blockers: Iterable[Finding]) -> list[str]:
    """Every blocker's sentences, in order, each once; without an image, only that (not its format, shape, size)."""
    blockers = list(blockers)
    if any(finding.code == "image_present" for finding in blockers):
        blockers = [finding for finding in blockers if finding.code not in IMAGE_LIMITS]
    return list(dict.fromkeys(sentence for finding in blockers for sentence in sentences(finding)))
