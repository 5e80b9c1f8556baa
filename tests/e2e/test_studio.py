"""The studio in Chromium: several people typing in one field, a Wi-Fi cut for real, a server restart, isolation."""
import re
import time
from collections import Counter

import pytest
from playwright.sync_api import expect

from .conftest import check_accessibility, start_server
from .proxy import CuttableProxy

pytestmark = pytest.mark.e2e

NAME = "Nom du badge"
LEVEL1 = "Niveau 1 « je pratique »"


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """The app behind a proxy the test can cut, as venue Wi-Fi would; everyone goes through it."""
    tmp = tmp_path_factory.mktemp("studio")
    server = start_server(tmp)
    proxy = CuttableProxy(int(server.url.rsplit(":", 1)[1]))
    server.public_url = proxy.url
    yield server, proxy, tmp
    proxy.stop()
    server.stop()


def team_codes(server) -> list[str]:
    return re.findall(r"\(code ([A-Z0-9]{6})\)", server.cli("demo"))


def join(new_page, base_url, code, name):
    page = new_page()
    page.goto(f"{base_url}/join/{code}")
    page.get_by_label("Votre nom (visible par votre équipe)").fill(name)
    page.get_by_role("button", name="Rejoindre l'équipe").click()
    expect(page.get_by_label(NAME)).to_be_enabled(timeout=15000)
    return page


def value(page, label) -> str:
    return page.get_by_label(label).input_value()


def wait_until_equal(pages, label, timeout=10.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        values = {value(page, label) for page in pages}
        if len(values) == 1 or time.monotonic() > deadline:
            return values.pop() if len(values) == 1 else values
        time.sleep(0.1)


def test_three_people_typing_in_the_same_field_converge_with_every_keystroke(room, new_page):
    server, proxy, _ = room
    code = team_codes(server)[0]
    pages = [join(new_page, proxy.url, code, name) for name in ("Amina", "Bastien", "Chloé")]
    words = ["amina ", "BASTIEN ", "chloé "]
    for page in pages:
        page.get_by_label(LEVEL1).click()
    for step in range(max(len(w) for w in words)):
        for page, word in zip(pages, words):
            if step < len(word):
                page.keyboard.type(word[step])
    text = wait_until_equal(pages, LEVEL1)
    assert isinstance(text, str), f"the pages disagree: {text}"
    assert Counter(text) == Counter("".join(words)), text  # every keystroke of everyone, nothing twice
    expect(pages[0].get_by_text("Bastien — Niveau 1 « je pratique »")).to_be_visible()
    expect(pages[0].get_by_role("status").filter(has_text="tout est enregistré")).to_be_visible()
    check_accessibility(pages[0], "studio")


def test_a_cut_connection_keeps_typing_and_merges_when_it_comes_back(room, new_page):
    server, proxy, _ = room
    code = team_codes(server)[1]
    alice = join(new_page, proxy.url, code, "Alice")
    bruno = join(new_page, server.url, code, "Bruno")  # on another network: not behind the cut

    proxy.cut()
    expect(alice.locator("[data-studio-status]")).to_have_text(re.compile("Hors ligne"), timeout=15000)
    alice.get_by_label(NAME).click()
    alice.keyboard.type("Hors ligne ")
    bruno.get_by_label(LEVEL1).click()
    bruno.keyboard.type("Pendant la coupure")
    time.sleep(1)
    assert value(bruno, NAME) == ""  # nothing of Alice's got through

    proxy.restore()
    expect(alice.locator("[data-studio-status]")).to_have_text(re.compile("tout est enregistré"), timeout=20000)
    expect(bruno.get_by_label(NAME)).to_have_value("Hors ligne ", timeout=10000)
    expect(alice.get_by_label(LEVEL1)).to_have_value("Pendant la coupure", timeout=10000)


def test_a_server_restart_mid_session_loses_nothing(room, new_page):
    server, proxy, tmp = room
    code = team_codes(server)[2]
    alice = join(new_page, proxy.url, code, "Alice")
    alice.get_by_label(NAME).click()
    alice.keyboard.type("Avant le redémarrage")
    expect(alice.locator("[data-studio-status]")).to_have_text(re.compile("tout est enregistré"), timeout=10000)

    port = int(server.url.rsplit(":", 1)[1])
    server.stop()
    expect(alice.locator("[data-studio-status]")).to_have_text(re.compile("Hors ligne"), timeout=15000)
    alice.keyboard.type(", pendant")
    restarted = start_server(tmp, port=port, prepare=False)
    server.process = restarted.process
    expect(alice.locator("[data-studio-status]")).to_have_text(re.compile("tout est enregistré"), timeout=30000)

    newcomer = join(new_page, proxy.url, code, "Nadia")
    expect(newcomer.get_by_label(NAME)).to_have_value("Avant le redémarrage, pendant", timeout=10000)


def test_a_page_of_another_team_can_neither_read_nor_write_the_design(room, new_page):
    server, proxy, _ = room
    codes = team_codes(server)
    mine = join(new_page, proxy.url, codes[3], "Mia")
    team_url = mine.url
    other = join(new_page, proxy.url, codes[0], "Oscar")
    other.goto(team_url)
    expect(other.get_by_text("Cette page n'existe pas ou ne vous est pas accessible.")).to_be_visible()
    design = mine.locator("[data-studio]").get_attribute("data-design")
    other.goto(f"{proxy.url}/designs/{design}/view.json")
    assert "not_found" in other.content()
