"""Baking round trip with Pillow, and the OBF / Badgr payloads carrying the PNG and both levels of criteria."""

import struct
from base64 import b64decode
from io import BytesIO

import pytest
from PIL import Image

from badgeathon.openbadges.baking import bake, baked_url
from badgeathon.openbadges.criteria import LEVEL1_HEADING, LEVEL2_HEADING
from badgeathon.openbadges.platforms import badgr_payload, obf_payload

URL = "https://badges.normandie.fr/badges/travail-en-equipe.json"


def chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    found, offset = [], 8
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        found.append((png[offset + 4 : offset + 8], png[offset + 8 : offset + 8 + length]))
        offset += 12 + length
    return found


def pixels(png: bytes) -> tuple[str, tuple[int, int], bytes]:
    with Image.open(BytesIO(png)) as image:
        return image.mode, image.size, image.tobytes()


def test_bake_round_trip(png):
    baked = bake(png, URL)
    assert baked_url(baked) == URL
    assert baked_url(png) is None
    assert pixels(baked) == pixels(png)
    with Image.open(BytesIO(baked)) as image:
        assert image.text["openbadges"] == URL


def test_baked_chunk_is_an_uncompressed_itxt(png):
    itxt = [data for kind, data in chunks(bake(png, URL)) if kind == b"iTXt"]
    assert len(itxt) == 1
    keyword, rest = itxt[0].split(b"\0", 1)
    assert keyword == b"openbadges"
    assert rest[0] == 0  # compression flag
    assert rest.endswith(URL.encode())


def test_baking_again_replaces_the_url(png):
    again = bake(bake(png, "https://a.fr/old.json"), URL)
    assert baked_url(again) == URL
    assert sum(kind == b"iTXt" for kind, _ in chunks(again)) == 1


def test_non_png_is_refused():
    with pytest.raises(ValueError):
        bake(b"GIF89a....", URL)
    with pytest.raises(ValueError):
        baked_url(b"<svg/>")


def decoded(data_url: str) -> bytes:
    prefix = "data:image/png;base64,"
    assert data_url.startswith(prefix)
    return b64decode(data_url[len(prefix) :])


def test_obf_payload(defn, png):
    payload = obf_payload(defn, png)
    assert decoded(payload["image"]) == png
    html = payload["criteria_html"]
    assert LEVEL1_HEADING in html and LEVEL2_HEADING in html
    assert "&lt;et&gt;" in html and "&amp;" in html and "<et>" not in html
    assert payload["draft"] is True
    assert payload["tags"] == ["coopération", "savoir-être"]
    # only fields OBF's own client sends to POST /v1/badge/{client_id}: no alignment (docs/OPEN_BADGE_PLATFORMS.md)
    assert set(payload) <= {
        "name",
        "description",
        "image",
        "css",
        "criteria_html",
        "email_subject",
        "email_body",
        "email_link_text",
        "email_footer",
        "expires",
        "tags",
        "draft",
    }
    assert defn.alignments and "alignment" not in payload


def test_badgr_payload(defn, png):
    payload = badgr_payload(defn, png)
    assert decoded(payload["image"]) == png
    assert defn.level1 in payload["criteriaNarrative"] and "Je fais le bilan." in payload["criteriaNarrative"]
    assert payload["criteriaUrl"] == defn.criteria_url
    assert payload["alignments"][0]["targetCode"] == "S1.2"
    assert payload["alignments"][0]["targetFramework"] == "ESCO"


def test_payloads_refuse_a_non_png(defn):
    with pytest.raises(ValueError):
        obf_payload(defn, b"not a png")
