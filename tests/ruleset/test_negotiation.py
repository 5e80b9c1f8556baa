"""The representation of a hosted badge a client asks for by its Accept header (pure)."""

import pytest
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from badgeathon.ruleset.negotiation import representation

OB3 = 'application/ld+json; profile="https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"'
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


@pytest.mark.parametrize(
    "accept, expected",
    [
        ("", "html"),
        ("*/*", "html"),
        (BROWSER, "html"),
        ("text/html, application/ld+json", "html"),  # equal preference: people first
        ("application/ld+json", "ob2"),
        ("application/json", "ob2"),
        ("application/json, text/html;q=0.5", "ob2"),
        ('application/ld+json; profile="https://w3id.org/openbadges/v2"', "ob2"),
        (OB3, "ob3"),
        ('application/json; profile="https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"', "ob3"),
        # JSON-LD allows several profiles, space-separated
        (
            'application/ld+json; profile="https://example.org/p https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"',
            "ob3",
        ),
        (f"{OB3}, application/ld+json;q=0.9, text/html;q=0.5", "ob3"),
        (f"application/ld+json, {OB3};q=0.5", "ob2"),  # the version preferred by quality wins
        (f"text/html, {OB3};q=0.9", "html"),
        ("application/ld+json;q=0", "html"),
    ],
)
def test_the_accept_header_picks_the_page_or_a_version_of_the_definition(accept, expected):
    assert representation(parse_accept_header(accept, MIMEAccept)) == expected
