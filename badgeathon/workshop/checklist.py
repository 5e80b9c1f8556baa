"""The design checklist (pure): what a badge design still lacks for Open Badges 2.0, for the region, and advice; and
the one readiness rule — a design is ready to be exported when no required finding fails (`blockers`)."""
import dataclasses
import math
import unicodedata
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from ..openbadges.art.spec import IMAGE_MAX_BYTES, IMAGE_MIMES

REQUIRED = "required"   # the export takes no badge without it (Open Badges 2.0, the region's two levels, OBF's limits)
EXPECTED = "expected"   # the region expects it of a key badge
ADVICE = "advice"       # makes a better badge; never blocks anything

NAME_MAX = 128                       # the longest name accepted for the export
NAME_SUGGESTED_MAX = 60              # reads whole on a badge wallet card
DESCRIPTION_SUGGESTED_MAX = 280      # a short description, as Open Badges means it
TAGS_MIN = 2
LEVELS = ("level1", "level2")        # « je pratique », « je maîtrise »
WEB_SCHEMES = ("http", "https")

# Every code check() returns, in the order it returns them: one finding per code, always.
CODES = (
    # required: the export takes no badge without these (see `blockers`)
    "name_written",            # the badge has a name of at most NAME_MAX characters
    "description_written",     # the badge has a description
    "criteria_written",        # the criteria of at least one level are written
    "criteria_both_levels",    # both « je pratique » (level 1) and « je maîtrise » (level 2) are written: the
                               # exported badge states both, as the region's key badges do
    "image_present",           # the badge has an image
    "image_format",            # the image is PNG or SVG (Open Badge Factory's limits, these three: the studio
    "image_square",            # the image is square          enforces them when an image comes in)
    "image_size",              # the image weighs at most IMAGE_MAX_BYTES
    "issuer_ready",            # an issuer profile is ready for the export (told by the caller)
    # expected: what the region expects of a key badge
    "criteria_levels_differ",  # level 2 is written and does not repeat level 1
    "evidence_written",        # the evidence a learner shows is stated
    "assessment_written",      # how that evidence is assessed is stated
    "alignment_present",       # at least one alignment (ESCO, ROME, RNCP…) has something written in it
    "alignment_names",         # there are alignments and every one has a targetName (these two are required
    "alignment_urls",          # … an absolute http(s) targetUrl                      when a written one fails)
    "image_alt_written",       # the image has an alternative text
    "theme_chosen",            # a theme (transition) is chosen
    "competency_written",      # the competency the badge recognises is stated
    # advice
    "description_short",       # the description is written and at most DESCRIPTION_SUGGESTED_MAX characters
    "name_short",              # the name is written and at most NAME_SUGGESTED_MAX characters
    "tags_enough",             # at least TAGS_MIN distinct tags
    "pitch_written",           # the pitch notes are written
)


# What only staff can act on: the issuer's profile, and Open Badge Factory's image limits, which the studio already
# enforces when an image comes in (an image beyond them is refused with its reason, never kept). The team's checklist
# leaves them out; the staff's export page shows them.
STAFF_CODES = frozenset({"issuer_ready", "image_format", "image_square", "image_size"})


@dataclasses.dataclass(frozen=True)
class Finding:
    """One check of the checklist, passed or not. `detail` holds JSON-ready numbers and indexes for the message."""

    code: str
    field: str          # the design key it is about ("criteria.level2" for a nested one), for the UI to point at
    level: str          # REQUIRED | EXPECTED | ADVICE
    ok: bool
    detail: dict = dataclasses.field(default_factory=dict, hash=False)   # a dict: keep it out of hash()


def check(design: Mapping, *, issuer_ready: bool = True) -> list[Finding]:
    """Every check of CODES on `design`, in CODES order. Never raises: a missing key, None or a value of the wrong
    type counts as empty, and whitespace-only text counts as unwritten.

    A finding passes only when what it is about is there and right; nothing missing passes. An empty name fails
    `name_written` and `name_short` (detail `length` 0), no image fails the format, shape and size checks too
    (detail `mime`/`width`/`bytes` None), no alignment fails all three alignment checks (detail `count` 0), and an
    unwritten level 2 fails `criteria_levels_differ`. The detail lets a message tell "missing" from "wrong". In
    return, writing more can never turn a tick into a cross: only `issuer_ready` passes on an empty design.

    Alignments: `alignment_names` and `alignment_urls` are one finding each; their detail lists `bad_indexes`, the
    0-based positions in the design's list of the entries at fault (for urls, split into `missing_indexes` and
    `invalid_indexes`). Every entry is judged, a blank row included (the team fills it in or deletes it); an entry
    that is not an object counts as a blank row. `alignment_present` counts entries with something written.
    Alignments are optional for the export, but one with something written is published: when such an entry is at
    fault (listed in `blocking_indexes`), the finding is REQUIRED, else EXPECTED. A blank row is left out of the
    export (`published_alignments`), so it never blocks it.
    """
    design = design if isinstance(design, Mapping) else {}
    name = _text(design.get("name"))
    description = _text(design.get("description"))
    criteria = _mapping(design.get("criteria"))
    levels = {level: _text(criteria.get(level)) for level in LEVELS}
    written_levels = [level for level in LEVELS if levels[level]]
    both_levels = len(written_levels) == len(LEVELS)
    identical = both_levels and _same_words(levels["level1"], levels["level2"])
    image = _mapping(design.get("image"))
    alignments = [_mapping(entry) for entry in _items(design.get("alignments"))]
    written_alignments = sum(1 for entry in alignments if _written_alignment(entry))
    tags = _distinct_tags(design.get("tags"))

    return [
        _length("name_written", "name", REQUIRED, name, NAME_MAX),
        _written("description_written", "description", REQUIRED, description),
        _finding("criteria_written", "criteria", REQUIRED, bool(written_levels), written=written_levels),
        _finding("criteria_both_levels", "criteria", REQUIRED, both_levels,
                 missing=[level for level in LEVELS if not levels[level]]),
        _finding("image_present", "image", REQUIRED, bool(image)),
        *_image_limits(image),
        _finding("issuer_ready", "issuer", REQUIRED, bool(issuer_ready)),

        _finding("criteria_levels_differ", "criteria.level2", EXPECTED, both_levels and not identical,
                 identical=identical),
        _written("evidence_written", "evidence", EXPECTED, _text(design.get("evidence"))),
        _written("assessment_written", "assessment", EXPECTED, _text(design.get("assessment"))),
        _finding("alignment_present", "alignments", EXPECTED, written_alignments > 0, count=written_alignments),
        _alignment_names(alignments),
        _alignment_urls(alignments),
        _written("image_alt_written", "image_alt", EXPECTED, _text(design.get("image_alt"))),
        _written("theme_chosen", "theme", EXPECTED, _text(design.get("theme"))),
        _written("competency_written", "competency", EXPECTED, _text(design.get("competency"))),

        _length("description_short", "description", ADVICE, description, DESCRIPTION_SUGGESTED_MAX),
        _length("name_short", "name", ADVICE, name, NAME_SUGGESTED_MAX),
        _finding("tags_enough", "tags", ADVICE, len(tags) >= TAGS_MIN, count=len(tags), min=TAGS_MIN),
        _written("pitch_written", "pitch", ADVICE, _text(design.get("pitch"))),
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


def readiness(design: Mapping, *, issuer_ready: bool = True) -> list[Finding]:
    """What keeps `design` from being exported (see `blockers`); an empty list when it is ready."""
    return blockers(check(design, issuer_ready=issuer_ready))


ALIGNMENT_KEYS = ("targetName", "targetUrl", "targetFramework", "targetCode", "targetDescription")
ALIGNMENT_ALWAYS = ("targetName", "targetUrl")  # Open Badges requires both: kept even empty


def published_alignments(design: Mapping) -> tuple[dict[str, str], ...]:
    """The alignments the export publishes: every entry with something written, its texts trimmed, its optional
    empty fields left out; blank rows left out. Only a ready design's are all complete (see `check`)."""
    design = design if isinstance(design, Mapping) else {}
    published = []
    for entry in (_mapping(item) for item in _items(design.get("alignments"))):
        if not _written_alignment(entry):
            continue
        fields = {key: _text(entry.get(key)) for key in ALIGNMENT_KEYS}
        published.append({key: value for key, value in fields.items() if value or key in ALIGNMENT_ALWAYS})
    return tuple(published)


def summary(findings: Iterable[Finding]) -> dict:
    """Counts of failed findings per level, and whether the badge can be exported (no blocker: see `blockers`)."""
    findings = list(findings)
    failed = {level: sum(1 for f in findings if f.level == level and not f.ok)
              for level in (REQUIRED, EXPECTED, ADVICE)}
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


def _mapping(value) -> Mapping:
    return value if isinstance(value, Mapping) else {}


def _items(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) else []


def _number(value) -> int | None:
    """A whole number, accepting 512.0 (pycrdt's to_py() turns integers into floats); None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return None


def _same_words(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _distinct_tags(value) -> list[str]:
    seen: dict[str, str] = {}
    for tag in _items(value):
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
    except ValueError:   # e.g. an unclosed IPv6 bracket
        return False


# --- findings -----------------------------------------------------------------------------------------------------

def _finding(code: str, field_name: str, level: str, ok: bool, **detail) -> Finding:
    return Finding(code, field_name, level, bool(ok), detail)


def _written(code: str, field_name: str, level: str, text: str) -> Finding:
    return _finding(code, field_name, level, bool(text), length=len(text))


def _length(code: str, field_name: str, level: str, text: str, maximum: int) -> Finding:
    """Written, and within `maximum` characters."""
    return _finding(code, field_name, level, 0 < len(text) <= maximum, length=len(text), max=maximum)


def _written_alignment(entry: Mapping) -> bool:
    """Something is written in the entry: the export publishes it (a blank row it leaves out)."""
    return any(_text(value) for value in entry.values())


def _alignment_finding(code: str, alignments: list[Mapping], bad: list[int], **detail) -> Finding:
    """REQUIRED when an entry the export would publish is at fault (`blocking_indexes`), EXPECTED otherwise."""
    blocking = [index for index in bad if _written_alignment(alignments[index])]
    return _finding(code, "alignments", REQUIRED if blocking else EXPECTED, bool(alignments) and not bad,
                    count=len(alignments), bad_indexes=bad, blocking_indexes=blocking, **detail)


def _alignment_names(alignments: list[Mapping]) -> Finding:
    bad = [index for index, entry in enumerate(alignments) if not _text(entry.get("targetName"))]
    return _alignment_finding("alignment_names", alignments, bad)


def _alignment_urls(alignments: list[Mapping]) -> Finding:
    urls = [_text(entry.get("targetUrl")) for entry in alignments]
    missing = [index for index, url in enumerate(urls) if not url]
    invalid = [index for index, url in enumerate(urls) if url and not is_web_url(url)]
    return _alignment_finding("alignment_urls", alignments, sorted(missing + invalid),
                              missing_indexes=missing, invalid_indexes=invalid)


def _image_limits(image: Mapping) -> list[Finding]:
    """Open Badge Factory's limits, required by the export. Without an image each fails with None in its detail
    (image_present says why)."""
    mime = _text(image.get("mime")).split(";")[0].strip().lower() or None   # "image/PNG; x=y" is a PNG
    width, height, size = _number(image.get("width")), _number(image.get("height")), _number(image.get("bytes"))
    return [
        _finding("image_format", "image", REQUIRED, mime in IMAGE_MIMES, mime=mime, allowed=list(IMAGE_MIMES)),
        _finding("image_square", "image", REQUIRED, width is not None and width > 0 and width == height,
                 width=width, height=height),
        _finding("image_size", "image", REQUIRED, size is not None and 0 < size <= IMAGE_MAX_BYTES,
                 bytes=size, max=IMAGE_MAX_BYTES),
    ]
