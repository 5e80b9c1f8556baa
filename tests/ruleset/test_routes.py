"""The public catalogue: pages for people with Open Graph metadata, Open Badges 2.0 JSON, baked PNG images."""

import re
from io import BytesIO

import pytest
from PIL import Image

from badgeathon.openbadges import baking
from badgeathon.openbadges.validation import check_ob2_badge_class, check_ob2_issuer
from badgeathon.ruleset import services

SLUG = "communiquer-niveau-1"


@pytest.fixture
def seeded(ctx):
    return services.ensure_seeded()


@pytest.fixture
def base(app):
    return app.config["PUBLIC_BASE_URL"]


def meta(html: str, name: str) -> str:
    found = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', html)
    assert found, f"no {name} meta tag"
    return found.group(1)


def test_the_catalogue_lists_the_nine_regional_badges_each_linking_to_its_page(client, seeded):
    response = client.get("/badges")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Catalogue des badges" in html
    pages = set(re.findall(r'href="/badges/([a-z0-9-]+)"', html))
    assert len(pages) == 9 and SLUG in pages and "badge-general" in pages
    assert "Aucun badge pour l" in html  # no Badgeathon winner open to structures yet


def test_a_badge_page_has_open_graph_tags_with_absolute_urls_and_its_own_level(client, seeded, base):
    response = client.get(f"/badges/{SLUG}")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert meta(html, "og:url") == f"{base}/badges/{SLUG}"
    assert meta(html, "og:image") == f"{base}/badges/{SLUG}.png"
    assert meta(html, "og:type") == "website" and meta(html, "twitter:card") == "summary"
    assert meta(html, "og:title").startswith("Communiquer")
    assert meta(html, "og:description")
    assert "Interagir avec autrui" in html and "Transmettre des informations pertinentes" not in html  # level 1 only
    assert "Région Normandie" in html


@pytest.mark.parametrize(
    "path, headers",
    [
        (f"/badges/{SLUG}", {"Accept": "application/ld+json"}),
        (f"/badges/{SLUG}", {"Accept": "application/json, text/html;q=0.5"}),
        (f"/badges/{SLUG}.json", {}),
        (f"/badges/{SLUG}.json", {"Accept": "text/html"}),
    ],
)
def test_the_badge_class_json_by_accept_header_or_json_suffix_is_valid_ob2(client, seeded, base, path, headers):
    response = client.get(path, headers=headers)
    assert response.status_code == 200 and response.mimetype == "application/ld+json"
    doc = response.get_json(force=True)
    assert check_ob2_badge_class(doc) == []
    assert doc["id"] == f"{base}/badges/{SLUG}"
    assert doc["image"] == f"{base}/badges/{SLUG}.png"
    assert doc["criteria"]["id"] == f"{base}/badges/{SLUG}"
    assert doc["issuer"] == f"{base}/issuer"


def test_the_badge_image_is_a_small_square_png_baked_with_its_badge_class_url(client, seeded, base):
    response = client.get(f"/badges/{SLUG}.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.headers["Cache-Control"] in ("public, max-age=3600", "max-age=3600, public")
    png = response.data
    assert png.startswith(baking.PNG_SIGNATURE) and len(png) <= 250_000
    with Image.open(BytesIO(png)) as image:
        assert image.width == image.height
    assert baking.baked_url(png) == f"{base}/badges/{SLUG}"
    assert client.get("/badges/badge-general.png").data != png


@pytest.mark.parametrize("path", ["/issuer", "/issuer.json"])
def test_the_issuer_profile_is_valid_ob2(client, seeded, base, path):
    response = client.get(path, headers={"Accept": "application/ld+json"})
    assert response.status_code == 200 and response.mimetype == "application/ld+json"
    doc = response.get_json(force=True)
    assert check_ob2_issuer(doc) == [] and doc["id"] == f"{base}/issuer" and doc["name"] == "Région Normandie"


@pytest.mark.parametrize("path", ["/badges/inconnu", "/badges/inconnu.json", "/badges/inconnu.png"])
def test_an_unknown_badge_is_not_found(client, seeded, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/badges", f"/badges/{SLUG}", f"/badges/{SLUG}.png", "/issuer.json"])
def test_nothing_is_found_before_the_rule_set_exists(client, ctx, path):
    response = client.get(path)
    assert response.status_code == 404
    if path.endswith(".json"):
        assert response.get_json()["code"] == "not_found"


def test_the_site_header_links_to_the_catalogue(client, ctx):
    assert 'href="/badges">Catalogue</a>' in client.get("/").get_data(as_text=True)
