"""The design checklist (pure): what a badge design still lacks for Open Badges 2.0, for the region, and advice; the
one readiness rule — a design is ready to be exported when no required finding fails (`blockers`); and what the export
publishes of its lists (`published_alignments`, `published_tags`), within the badge's limits (`over_limits`)."""

import dataclasses
import unicodedata
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from ..openbadges.art.spec import IMAGE_MAX_BYTES, IMAGE_MIMES
from .view import ALIGNMENT_FIELDS, LEVELS, MAX_ALIGNMENTS, MAX_TAGS, Alignment, DesignView, ImageRef

REQUIRED = "required"  # the export takes no badge without it (Open Badges 2.0, the region's two levels, OBF's limits)
EXPECTED = "expected"  # the region expects it of a key badge
ADVICE = "advice"  # makes a better badge; never blocks anything

NAME_MAX = 128  # the longest name accepted for the export
NAME_SUGGESTED_MAX = 60  # reads whole on a badge wallet card
DESCRIPTION_SUGGESTED_MAX = 280  # a short description, as Open Badges means it
TAGS_MIN = 2
WEB_SCHEMES = ("http", "https")

# Every code check() returns, in the order it returns them: one finding per code, always.
CODES = (
    # required: the export takes no badge without these (see `blockers`)
    "name_written",  # the badge has a name of at most NAME_MAX characters
    "description_written",  # the badge has a description
    "criteria_written",  # the criteria of at least one level are written
    "criteria_both_levels",  # both « je pratique » (level 1) and « je maîtrise » (level 2) are written: the
    # exported badge states both, as the region's key badges do
    "image_present",  # the badge has an image
    "image_format",  # the image is PNG or SVG (Open Badge Factory's limits, these three: the studio
    "image_square",  # the image is square          enforces them when an image comes in)
    "image_size",  # the image weighs at most IMAGE_MAX_BYTES
    "issuer_ready",  # an issuer profile is ready for the export (told by the caller)
    # expected: what the region expects of a key badge
    "criteria_levels_differ",  # level 2 is written and does not repeat level 1
    "evidence_written",  # the evidence a learner shows is stated
    "assessment_written",  # how that evidence is assessed is stated
    "alignment_present",  # at least one alignment (ESCO, ROME, RNCP…) has something written in it
    "alignment_names",  # there are alignments and every one has a targetName (these two are required
    "alignment_urls",  # … an absolute http(s) targetUrl                      when a written one fails)
    "image_alt_written",  # the image has an alternative text
    "theme_chosen",  # a theme (transition) is chosen
    "competency_written",  # the competency the badge recognises is stated
    # advice
    "description_short",  # the description is written and at most DESCRIPTION_SUGGESTED_MAX characters
    "name_short",  # the name is written and at most NAME_SUGGESTED_MAX characters
    "tags_enough",  # at least TAGS_MIN distinct tags
    "pitch_written",  # the pitch notes are written
)


# What only staff can act on: the issuer's profile, and Open Badge Factory's image limits, which the studio already
# enforces when an image comes in (an image beyond them is refused with its reason, never kept). The team's checklist
# leaves them out; the staff's export page shows them.
STAFF_CODES = frozenset({"issuer_ready", "image_format", "image_square", "image_size"})


@dataclasses.dataclass(frozen=True)
class Finding:
    """One check of the checklist, passed or not. `detail` holds JSON-ready numbers and indexes for the message."""

    code: str
    field: str  # the design key it is about ("criteria.level2" for a nested one), for the UI to point at
    level: str  # REQUIRED | EXPECTED | ADVICE
    ok: bool
    detail: dict = dataclasses.field(default_factory=dict, hash=False)  # a dict: keep it out of hash()


def check(design: DesignView | Mapping, *, issuer_ready: bool = True) -> list[Finding]:
    """Every check of CODES on `design` (a view, or its stored JSON: see `DesignView.from_json`), in CODES order.
    Never raises: a missing key, None or a value of the wrong type counts as empty, and whitespace-only text counts as
    unwritten.

    A finding passes only when what it is about is there and right; nothing missing passes. An empty name fails
    `name_written` and `name_short` (detail `length` 0), no image fails the format, shape and size checks too
    (detail `mime`/`width`/`bytes` None), no alignment fails all three alignment checks (detail `count` 0), and an
    unwritten level 2 fails `criteria_levels_differ`. The detail lets a message tell "missing" from "wrong". In
    return, writing more can never turn a tick into a cross: only `issuer_ready` passes on an empty design.

    Alignments: `alignment_names` and `alignment_urls` are one finding each; their detail lists `bad_indexes`, the
    0-based positions in the design's list of the entries at fault (for urls, split into `missing_indexes` and
    `invalid_indexes`). Every entry is judged, a blank row included (the team fills it in or deletes it); an entry
    that is not an object counts as a blank row. `alignment_present` counts entries with something written.
    Alignments are optional for the export, but one with something written is published (up to MAX_ALIGNMENTS of
    them): when such an entry is at fault (listed in `blocking_indexes`), the finding is REQUIRED, else EXPECTED. A
    blank row, or a written one beyond the limit, is left out of the export (`published_alignments`), so it never
    blocks it.
    """
    view = DesignView.from_json(design)
    name = _text(view.name)
    description = _text(view.description)
    levels = {level: _text(getattr(view.criteria, level)) for level in LEVELS}
    written_levels = [level for level in LEVELS if levels[level]]
    both_levels = len(written_levels) == len(LEVELS)
    identical = both_levels and _same_words(levels["level1"], levels["level2"])
    alignments = list(view.alignments)
    written_alignments = len(_written_indexes(alignments))
    tags = _distinct_tags(view.tags)

    return [
        _length("name_written", "name", REQUIRED, name, NAME_MAX),
        _written("description_written", "description", REQUIRED, description),
        _finding("criteria_written", "criteria", REQUIRED, bool(written_levels), written=written_levels),
        _finding(
            "criteria_both_levels",
            "criteria",
            REQUIRED,
            both_levels,
            missing=[level for level in LEVELS if not levels[level]],
        ),
        _finding("image_present", "image", REQUIRED, view.image is not None),
        *_image_limits(view.image),
        _finding("issuer_ready", "issuer", REQUIRED, bool(issuer_ready)),
        _finding(
            "criteria_levels_differ", "criteria.level2", EXPECTED, both_levels and not identical, identical=identical
        ),
        _written("evidence_written", "evidence", EXPECTED, _text(view.evidence)),
        _written("assessment_written", "assessment", EXPECTED, _text(view.assessment)),
        _finding("alignment_present", "alignments", EXPECTED, written_alignments > 0, count=written_alignments),
        _alignment_names(alignments),
        _alignment_urls(alignments),
        _written("image_alt_written", "image_alt", EXPECTED, _text(view.image_alt)),
        _written("theme_chosen", "theme", EXPECTED, _text(view.theme)),
        _written("competency_written", "competency", EXPECTED, _text(view.competency)),
        _length("description_short", "description", ADVICE, description, DESCRIPTION_SUGGESTED_MAX),
        _length("name_short", "name", ADVICE, name, NAME_SUGGESTED_MAX),
        _finding("tags_enough", "tags", ADVICE, len(tags) >= TAGS_MIN, count=len(tags), min=TAGS_MIN),
        _written("pitch_written", "pitch", ADVICE, _text(view.pitch)),
    ]


def for_team(findings: Iterable[Finding]) -> list[Finding]:
    """The findings a team can act on in the studio, in their order."""
    return [finding for finding in findings if finding.code not in STAFF_CODES]


def for_staff(findings: Iterable[Finding]) -> list[Finding]:
    """The findings only staff can act on (issuer, platform limits), in their order."""
    return [finding for finding in findings if finding.code in STAFF_CODES]


def blockers(findings: Iterable[Finding]) -> list[Finding]:
    """The one readiness rule: what keeps a design out of the export — its failed required findings, in their
    order; none, and it is ready. The studio's checklist (what the team sees green), the organiser's board and the
    export all decide with this; the export words each blocker for staff, the studio marks it on the team's list."""
    return [finding for finding in findings if finding.level == REQUIRED and not finding.ok]


def readiness(design: DesignView | Mapping, *, issuer_ready: bool = True) -> list[Finding]:
    """What keeps `design` from being exported (see `blockers`); an empty list when it is ready."""
    return blockers(check(design, issuer_ready=issuer_ready))


ALIGNMENT_ALWAYS = ("targetName", "targetUrl")  # Open Badges requires both: kept even empty


def published_alignments(design: DesignView | Mapping) -> tuple[dict[str, str], ...]:
    """The alignments the export publishes: the first MAX_ALIGNMENTS entries with something written, their texts
    trimmed, their optional empty fields left out; blank rows left out. Only a ready design's are all complete (see
    `check`)."""
    alignments = DesignView.from_json(design).alignments
    published = []
    for index in _written_indexes(alignments)[:MAX_ALIGNMENTS]:
        texts = {key: _text(getattr(alignments[index], key)) for key in ALIGNMENT_FIELDS}
        published.append({key: value for key, value in texts.items() if value or key in ALIGNMENT_ALWAYS})
    return tuple(published)


def published_tags(design: DesignView | Mapping) -> tuple[str, ...]:
    """The tags the export publishes: the first MAX_TAGS written ones, trimmed (as typed: no normalisation, so an
    exported badge compares equal to itself)."""
    return tuple(tag.strip() for tag in DesignView.from_json(design).tags if tag.strip())[:MAX_TAGS]


# Beyond the badge's limits (two browsers adding at once can get there): the team is told; the design keeps it all.
LIMIT_CODES = ("tags_over_limit", "alignments_over_limit")


def over_limits(design: DesignView | Mapping) -> list[Finding]:
    """A failed EXPECTED finding for each list with more written entries than the badge carries, in LIMIT_CODES
    order; none within the limits. Not in `check`: a limit is no step towards a finished badge, and it never blocks
    the export, which publishes the first ones (`published_tags`, `published_alignments`)."""
    view = DesignView.from_json(design)
    counts = {
        "tags_over_limit": ("tags", sum(1 for tag in view.tags if _text(tag)), MAX_TAGS),
        "alignments_over_limit": ("alignments", len(_written_indexes(view.alignments)), MAX_ALIGNMENTS),
    }
    return [
        _finding(code, field_name, EXPECTED, False, count=count, max=maximum)
        for code, (field_name, count, maximum) in counts.items()
        if count > maximum
    ]


def summary(findings: Iterable[Finding]) -> dict:
    """Counts of failed findings per level, and whether the badge can be exported (no blocker: see `blockers`)."""
    findings = list(findings)
    failed = {
        level: sum(1 for f in findings if f.level == level and not f.ok) for level in (REQUIRED, EXPECTED, ADVICE)
    }
    return {
        "required_missing": failed[REQUIRED],
        "expected_missing": failed[EXPECTED],
        "advice_missing": failed[ADVICE],
        "passed": sum(1 for f in findings if f.ok),
        "total": len(findings),
        "ready": not blockers(findings),
    }


# --- reading the design as it comes ------------------------------------------------------------------------------


def _text(value) -> str:
    """Written text, NFC so that « é » counts as one character however it was typed; "" for anything else."""
    if not isinstance(value, str):
        return ""
    return unicodedata.normalize("NFC", value).strip()


def _same_words(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _distinct_tags(tags: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for tag in tags:
        text = _text(tag)
        if text:
            seen.setdefault(" ".join(text.casefold().split()), text)
    return list(seen.values())


def is_web_url(value) -> bool:
    """An absolute http(s) URL with a host: what a targetUrl must be for a displayer to link to it safely."""
    url = _text(value)
    if not url or any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in url):
        return False
    try:
        parts = urlsplit(url)
        return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False


# --- findings -----------------------------------------------------------------------------------------------------


def _finding(code: str, field_name: str, level: str, ok: bool, **detail) -> Finding:
    return Finding(code, field_name, level, bool(ok), detail)


def _written(code: str, field_name: str, level: str, text: str) -> Finding:
    return _finding(code, field_name, level, bool(text), length=len(text))


def _length(code: str, field_name: str, level: str, text: str, maximum: int) -> Finding:
    """Written, and within `maximum` characters."""
    return _finding(code, field_name, level, 0 < len(text) <= maximum, length=len(text), max=maximum)


def _written_indexes(alignments: Iterable[Alignment]) -> list[int]:
    """The positions of the entries with something written: the export publishes the first MAX_ALIGNMENTS of them
    (a blank row it leaves out)."""
    return [
        index for index, entry in enumerate(alignments) if any(_text(getattr(entry, key)) for key in ALIGNMENT_FIELDS)
    ]


def _alignment_finding(code: str, alignments: list[Alignment], bad: list[int], **detail) -> Finding:
    """REQUIRED when an entry the export would publish is at fault (`blocking_indexes`), EXPECTED otherwise."""
    published = set(_written_indexes(alignments)[:MAX_ALIGNMENTS])
    blocking = [index for index in bad if index in published]
    return _finding(
        code,
        "alignments",
        REQUIRED if blocking else EXPECTED,
        bool(alignments) and not bad,
        count=len(alignments),
        bad_indexes=bad,
        blocking_indexes=blocking,
        **detail,
    )


def _alignment_names(alignments: list[Alignment]) -> Finding:
    bad = [index for index, entry in enumerate(alignments) if not _text(entry.targetName)]
    return _alignment_finding("alignment_names", alignments, bad)


def _alignment_urls(alignments: list[Alignment]) -> Finding:
    urls = [_text(entry.targetUrl) for entry in alignments]
    missing = [index for index, url in enumerate(urls) if not url]
    invalid = [index for index, url in enumerate(urls) if url and not is_web_url(url)]
    return _alignment_finding(
        "alignment_urls", alignments, sorted(missing + invalid), missing_indexes=missing, invalid_indexes=invalid
    )


def _image_limits(image: ImageRef | None) -> list[Finding]:
    """Open Badge Factory's limits, required by the export. Without an image each fails with None in its detail
    (image_present says why)."""
    image = image or ImageRef(width=None, height=None, bytes=None)
    mime = _text(image.mime).split(";")[0].strip().lower() or None  # "image/PNG; x=y" is a PNG
    width, height, size = image.width, image.height, image.bytes
    return [
        _finding("image_format", "image", REQUIRED, mime in IMAGE_MIMES, mime=mime, allowed=list(IMAGE_MIMES)),
        _finding(
            "image_square",
            "image",
            REQUIRED,
            width is not None and width > 0 and width == height,
            width=width,
            height=height,
        ),
        _finding(
            "image_size",
            "image",
            REQUIRED,
            size is not None and 0 < size <= IMAGE_MAX_BYTES,
            bytes=size,
            max=IMAGE_MAX_BYTES,
        ),
    ]
