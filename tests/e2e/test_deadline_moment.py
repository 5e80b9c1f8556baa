"""The moment of the deadline in Chromium (issue 11.7): warnings at 30, 10 and 1 minute(s), then an unmistakable lock,
with the connection's status always in sight (sticky) on a phone and on a laptop."""

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from .conftest import SCREENSHOTS, check_accessibility, screenshot

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}


def stays_at_the_top(page) -> None:
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(100)
    bar = page.locator("[data-studio-bar]")
    assert bar.evaluate("el => getComputedStyle(el).position") == "sticky"
    box = bar.bounding_box()
    assert box is not None and abs(box["y"]) <= 1, box  # scrolled to the bottom, still at the top
    expect(page.locator("[data-studio-status]")).to_be_in_viewport()


def test_warnings_then_an_unmistakable_lock_with_the_status_in_sight(server, new_page):
    code = re.findall(r"\(code ([A-Z0-9]{6})\)", server.cli("demo"))[3]
    page = new_page(viewport=LAPTOP)
    page.clock.install(time=datetime.now())  # the page's clock, which the test moves on
    page.goto(f"{server.url}/join/{code}")
    page.get_by_label("Votre nom (visible par votre équipe)").fill("Dora Délai")
    page.get_by_role("button", name="Rejoindre l'équipe").click()
    expect(page.get_by_label("Nom du badge")).to_be_enabled(timeout=15000)
    page.locator("[data-tag-input]").fill("sobriété")
    page.get_by_role("button", name="Ajouter le mot-clé").click()
    expect(page.get_by_role("button", name="Retirer le mot-clé « sobriété »")).to_be_enabled()
    expect(page.locator("[data-studio-status]")).to_have_text(re.compile("tout est enregistré"), timeout=10000)
    expect(page.locator("[data-countdown][data-synced]")).to_have_count(1)
    # From now on the page keeps the offset it has (about nothing): its clock alone says how much time is left.
    page.route("**/clock.json", lambda route: route.abort())
    deadline = datetime.fromisoformat(page.locator("[data-countdown]").get_attribute("data-deadline"))
    stays_at_the_top(page)

    warning = page.get_by_role("status").filter(has_text="Plus qu")
    for minutes, text in (
        (30, "Plus que 30 minutes : pensez à relire votre badge."),
        (10, "Plus que 10 minutes : pensez à relire votre badge."),
        (1, "Plus qu'une minute"),
    ):
        page.clock.set_system_time(deadline - timedelta(seconds=minutes * 60 - 5))
        expect(page.locator("[data-deadline-warning]")).to_contain_text(text)
        expect(page.locator("[data-deadline-warning]")).to_be_visible()
    expect(warning).to_have_count(1)
    expect(page.locator("[data-countdown-mirror]")).to_have_attribute("data-urgent", "true")  # the bar's clock too
    page.set_viewport_size(PHONE)
    stays_at_the_top(page)
    screenshot(page, "studio-last-minute-phone")
    page.screenshot(path=str(SCREENSHOTS / "studio-last-minute-phone-scrolled.png"))

    # The deadline: the page locks at once. 2.5 s later it reloads into the server's view, which here (only the page's
    # clock moved) would open the studio again: that reload is cancelled, the page stays as it turned.
    page.route(page.url, lambda route: route.abort("aborted"))
    page.clock.set_system_time(deadline + timedelta(seconds=1))
    expect(page.locator("[data-studio][data-locked='true']")).to_have_count(1)
    expect(page.locator("[data-studio-status]")).to_have_text("Temps écoulé")
    expect(page.get_by_text("Temps écoulé : le badge est verrouillé")).to_be_visible()
    expect(page.locator("[data-deadline-warning]")).to_be_hidden()
    studio = page.locator("[data-studio]")
    for control in studio.locator("button, select, input:not([type=text]):not([type=url])").all():
        expect(control).to_be_disabled()
    for field in studio.locator("textarea, input[type=text], input[type=url]").all():
        expect(field).not_to_be_editable()
    remove = page.get_by_role("button", name="Retirer le mot-clé « sobriété »")
    expect(remove).to_be_disabled()
    assert remove.evaluate("el => getComputedStyle(el).cursor") == "not-allowed"
    assert studio.locator("[data-image-designer] button").count() > 0

    stays_at_the_top(page)
    check_accessibility(page, "studio-time-up-phone")
    page.set_viewport_size(LAPTOP)
    stays_at_the_top(page)
    check_accessibility(page, "studio-time-up-laptop")
    page.locator("[data-tags]").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "studio-time-up-laptop-scrolled.png"))  # what the screen shows
    expect(page.locator("[data-studio-status]")).to_have_text("Temps écoulé")  # still, seconds later
