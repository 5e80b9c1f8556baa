"""The public badge catalogue in Chromium, signed out: the list, one badge page and its image; axe on both pages."""

import pytest
from playwright.sync_api import expect

from .conftest import check_accessibility

pytestmark = pytest.mark.e2e


def test_anyone_browses_the_catalogue_and_opens_a_badge_page(server, new_page):
    page = new_page()
    page.goto(server.url + "/")
    page.get_by_role("link", name="Catalogue", exact=True).click()
    expect(page.get_by_role("heading", name="Catalogue des badges", level=1)).to_be_visible()
    expect(page.locator(".catalogue-tile")).to_have_count(9)
    # A function, not a bare expression: Playwright evaluates an expression again at each poll, which the page's
    # Content-Security-Policy (no 'unsafe-eval') refuses.
    page.wait_for_function("() => [...document.images].every(image => image.complete && image.naturalWidth === 400)")
    check_accessibility(page, "catalogue")

    page.get_by_role("link", name="Communiquer — je pratique").click()
    expect(page.get_by_role("heading", name="Communiquer — je pratique", level=1)).to_be_visible()
    image = page.get_by_role("img", name="Image du badge Communiquer — je pratique")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth") == 400
    assert page.locator('meta[property="og:image"]').get_attribute("content") == (
        server.url + "/badges/communiquer-niveau-1.png"
    )
    check_accessibility(page, "catalogue-badge")
