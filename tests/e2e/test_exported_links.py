"""Every link of every exported document resolves on the running app: region staff export the two winners over plain
HTTP, download the bundle, and each URL of ours in it (ruleset.json, issuer.json, each BadgeClass, each OB 3.0
Achievement, the platforms' payloads, the README, the URL baked in each PNG) answers 200 with the content type its
field promises: JSON-LD for ids, issuers and rules, the page for criteria, PNG or SVG for images. The Achievements
fetched at their id pass the official OB 3.0 JSON Schema."""

import io
import json
import re
import zipfile
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import requests

from badgeathon.openbadges import baking
from badgeathon.openbadges.validation import check_ob2_badge_class, check_ob2_issuer, check_ob3_achievement, is_url

from .conftest import DEMO_PASSWORD
from .test_export import WINNERS, complete_cap_numerique, with_confirmed_winners

pytestmark = pytest.mark.e2e

OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
ACCEPT = {
    "json": "application/ld+json, application/json;q=0.9",
    "ob3": f'application/ld+json; profile="{OB3_CONTEXT}"',
    "html": "text/html,application/xhtml+xml,*/*;q=0.8",  # as a browser asks
    "image": "image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5",
}
CONTENT_TYPES = {
    "json": {"application/ld+json", "application/json"},
    "ob3": {"application/ld+json", "application/json"},
    "html": {"text/html"},
    "image": {"image/png", "image/svg+xml"},
}
# what a URL in a field is expected to be (a field `id` inside `image`, `criteria`, `creator`… is its parent's)
FIELDS = {
    "@context": "json",
    "id": "json",
    "issuer": "json",
    "creator": "json",
    "badge": "json",
    "badges": "json",
    "image": "image",
    "criteria": "html",
    "criteriaUrl": "html",
    "targetUrl": "html",
    "url": "html",
}


def organiser_session(base_url: str) -> requests.Session:
    session = requests.Session()
    session.post(
        f"{base_url}/login",
        data={
            "csrf_token": csrf_token(session.get(f"{base_url}/login").text),
            "email": "organisatrice@badgeathon.example",
            "password": DEMO_PASSWORD,
        },
    ).raise_for_status()
    assert "Événements" in session.get(f"{base_url}/events").text
    return session


def csrf_token(html: str) -> str:
    tag = re.search(r'<input[^>]*name="csrf_token"[^>]*>', html)
    assert tag, "no CSRF token in the page"
    return re.search(r'value="([^"]+)"', tag.group(0)).group(1)


def links(doc, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    """Every absolute http(s) URL in a JSON document, with the keys that lead to it (list indexes left out)."""
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from links(value, path + (key,))
    elif isinstance(doc, list):
        for item in doc:
            yield from links(item, path)
    elif is_url(doc):
        yield path, doc


def expected_kind(file: str, path: tuple[str, ...]) -> str:
    """What the URL at `path` of `file` must be; an unknown field fails the test, so a new link gets a rule here."""
    if path == ("id",) and file.endswith(".achievement.json"):
        return "ob3"  # the Achievement's own id: asked for as OB 3.0
    field = path[-1] if path[-1] != "id" or len(path) == 1 else path[-2]
    assert field in FIELDS, f"{file}: a link in an unknown field {'.'.join(path)}"
    return FIELDS[field]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """Both winners exported by region staff over HTTP (reasons given), and the bundle of the version published."""
    server, facts = with_confirmed_winners(tmp_path_factory.mktemp("links"), WINNERS)
    try:
        complete_cap_numerique(server)  # the demo leaves one criterion empty
        session = organiser_session(server.url)
        export_url = f"{server.url}/events/{facts['event']}/export"
        page = session.get(export_url).text
        reasons = {
            name: "Un badge propre au Badgeathon, pour d'autres publics."
            for name in set(re.findall(r'name="(reason-[^"]+)"', page))
        }
        published = session.post(
            export_url, data={"csrf_token": csrf_token(page), "winners": "ready", **reasons}, allow_redirects=False
        )
        assert published.status_code == 302, published.text
        number = int(re.search(r"version=(\d+)", published.headers["Location"]).group(1))
        bundle = session.get(f"{server.url}/ruleset/versions/{number}/bundle.zip")
        assert bundle.status_code == 200 and bundle.headers["Content-Type"] == "application/zip"
        yield server, zipfile.ZipFile(io.BytesIO(bundle.content))
    finally:
        server.stop()


def test_every_link_of_every_exported_document_resolves_with_its_content_type(exported):
    server, archive = exported
    ours: dict[tuple[str, str], list[str]] = {}  # (url, kind) -> where it was found
    external: set[str] = set()
    names = archive.namelist()
    exported_badges = [name for name in names if name.endswith(".badgeclass.json")]
    assert len(exported_badges) == 11 and sum(name.endswith(".achievement.json") for name in names) == 11

    def found(url: str, kind: str, where: str) -> None:
        if url.startswith(server.url + "/"):
            ours.setdefault((url, kind), []).append(where)
        else:
            external.add(url)

    for name in names:
        data = archive.read(name)
        if name.endswith(".json"):
            for path, url in links(json.loads(data)):
                found(url, expected_kind(name, path), f"{name}: {'.'.join(path)}")
        elif name.endswith(".png"):
            found(baking.baked_url(data), "json", f"{name}: baked")  # what a backpack reads from the image
        elif name == "README.txt":
            for url in re.findall(r"https?://\S+", data.decode("utf-8")):
                found(url, "html", name)

    # the kinds of links every export holds, ours: badges, the issuer and its image, criteria pages, badge images
    urls = {url for url, _kind in ours}
    assert f"{server.url}/issuer" in urls and f"{server.url}/issuer.png" in urls
    assert {kind for _url, kind in ours} == {"json", "ob3", "html", "image"}
    assert sum(url.endswith(".png") for url in urls) == 11 + 1  # every badge's image, the issuer's

    # External links (ESCO, ROME, the partners' badges, the region's website) are not fetched: no internet here.
    assert all(urlsplit(url).scheme == "https" for url in external), external

    failures = []
    for (url, kind), where in sorted(ours.items()):
        response = requests.get(url, headers={"Accept": ACCEPT[kind]}, timeout=30)
        mimetype = response.headers.get("Content-Type", "").split(";")[0].strip()
        if response.status_code != 200 or mimetype not in CONTENT_TYPES[kind]:
            failures.append(f"{url} ({kind}, in {where[0]}): {response.status_code} {mimetype}")
            continue
        if kind in ("json", "ob3"):
            doc = response.json()
            if doc.get("id") != url:
                failures.append(f"{url}: answers the document of {doc.get('id')}")
            check = (
                check_ob3_achievement
                if kind == "ob3"
                else check_ob2_issuer
                if doc.get("type") == "Issuer"
                else check_ob2_badge_class
            )
            if check(doc):
                failures.append(f"{url} ({kind}): {check(doc)}")
        elif kind == "image" and mimetype == "image/png" and not response.content.startswith(baking.PNG_SIGNATURE):
            failures.append(f"{url}: not a PNG")
    assert not failures, "\n".join(failures)


def test_each_exported_achievement_is_served_at_its_id_and_passes_the_official_ob3_schema(exported):
    server, archive = exported
    for name in (name for name in archive.namelist() if name.endswith(".achievement.json")):
        exported_doc = json.loads(archive.read(name))
        served = requests.get(exported_doc["id"], headers={"Accept": ACCEPT["ob3"]}, timeout=30)
        assert served.status_code == 200 and served.headers["Content-Type"].startswith("application/ld+json")
        doc = served.json()
        assert check_ob3_achievement(doc) == [], (name, check_ob3_achievement(doc))
        assert doc["@context"] == OB3_CONTEXT
        # the hosted one says what the exported one says
        assert {key: value for key, value in doc.items() if key != "@context"} == exported_doc, name
        suffixed = requests.get(exported_doc["id"] + ".ob3.json", timeout=30)
        assert suffixed.status_code == 200 and suffixed.json() == doc
