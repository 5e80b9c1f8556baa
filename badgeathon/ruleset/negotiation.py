"""Which representation of a hosted badge a client asks for with its Accept header: the page for people, the
Open Badges 2.0 BadgeClass, or the Open Badges 3.0 Achievement (JSON-LD whose `profile` names an OB 3.0 context)."""

from typing import Literal

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_options_header

Representation = Literal["html", "ob2", "ob3"]
JSON_TYPES = ("application/ld+json", "application/json")
OB3_PROFILE = "https://purl.imsglobal.org/spec/ob/v3p0/"  # the OB 3.0 contexts (context-3.0.3.json …) live here


def _kind(value: str) -> Representation | None:
    """What one Accept entry asks for: a JSON type is OB 2.0 unless one of its profiles is an OB 3.0 context."""
    mimetype, options = parse_options_header(value)
    if mimetype not in JSON_TYPES:
        return None
    profiles = options.get("profile", "").split()  # JSON-LD allows a space-separated list of profile URIs
    return "ob3" if any(profile.startswith(OB3_PROFILE) for profile in profiles) else "ob2"


def representation(accept: MIMEAccept) -> Representation:
    """JSON when the client prefers it to HTML (a browser, or no Accept header, gets the page): the JSON entry of
    the highest quality says which version."""
    if not accept:
        return "html"
    best: Representation = "html"
    best_quality = accept["text/html"]  # counting text/* and */*
    for value, quality in accept:
        kind = _kind(value)
        if kind is not None and quality > best_quality:
            best, best_quality = kind, quality
    return best
