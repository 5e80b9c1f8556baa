"""The studio in Chromium: several people typing in one field, a Wi-Fi cut for real, a server restart, isolation."""

import json
import re
import time
from collections import Counter

import pytest
from playwright.sync_api import expect

from badgeathon.workshop.view import MAX_ALIGNMENTS, MAX_TAGS

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


def clear(pages, label) -> None:
    """Empty a field (the demo's designs have text already) and wait until every page sees it empty."""
    field = pages[0].get_by_label(label)
    field.click()
    field.press("Control+A")
    field.press("Delete")
    for page in pages:
        expect(page.get_by_label(label)).to_have_value("", timeout=10000)


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
    clear(pages, LEVEL1)
    for page in pages:
        page.get_by_label(LEVEL1).click()
    for step in range(max(len(w) for w in words)):
        for page, word in zip(pages, words, strict=True):
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
    clear([alice, bruno], NAME)
    clear([bruno, alice], LEVEL1)

    proxy.cut()
    try:
        expect(alice.locator("[data-studio-status]")).to_have_text(re.compile("Hors ligne"), timeout=15000)
        alice.get_by_label(NAME).click()
        alice.keyboard.type("Hors ligne ")
        bruno.get_by_label(LEVEL1).click()
        bruno.keyboard.type("Pendant la coupure")
        time.sleep(1)
        assert value(bruno, NAME) == ""  # nothing of Alice's got through
    finally:
        proxy.restore()
    expect(alice.locator("[data-studio-status]")).to_have_text(re.compile("tout est enregistré"), timeout=20000)
    expect(bruno.get_by_label(NAME)).to_have_value("Hors ligne ", timeout=10000)
    expect(alice.get_by_label(LEVEL1)).to_have_value("Pendant la coupure", timeout=10000)


def test_a_server_restart_mid_session_loses_nothing(room, new_page):
    server, proxy, tmp = room
    code = team_codes(server)[2]
    alice = join(new_page, proxy.url, code, "Alice")
    clear([alice], NAME)
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


def code_of(server, team: str) -> str:
    return re.search(rf"Team '{re.escape(team)}': \S+/join/(\w+)", server.cli("demo")).group(1)


def test_a_rebuilt_design_is_never_merged_with_the_old_one_in_a_browser(room, new_page):
    server, proxy, _ = room
    page = join(new_page, proxy.url, code_of(server, "Économie circulaire"), "Rémi")
    clear([page], "Notes de pitch")
    page.keyboard.type("Écrit avant la reconstruction.")
    expect(page.locator("[data-studio-status]")).to_have_text(re.compile("tout est enregistré"), timeout=10000)
    design = page.locator("[data-studio]").get_attribute("data-design")

    server.cli("studio", "rebuild", design)  # the server's document is replaced by one made from its view
    time.sleep(10.5)  # a socket's access is rechecked every 10 s
    page.keyboard.insert_text(" Tapé pendant.")  # one edit, refused: it belongs to the old document

    recovered = page.locator("[data-recovered]")
    expect(recovered).to_be_visible(timeout=15000)  # the page reloaded and shows its own text apart
    expect(recovered).to_contain_text("Écrit avant la reconstruction. Tapé pendant.")
    expect(page.get_by_label("Notes de pitch")).to_have_value("Écrit avant la reconstruction.")  # once, not twice
    page.get_by_label("Notes de pitch").press("End")
    page.keyboard.type(" Après.")
    expect(page.locator("[data-studio-status]")).to_have_text(re.compile("tout est enregistré"), timeout=10000)
    other = join(new_page, proxy.url, code_of(server, "Économie circulaire"), "Sacha")
    expect(other.get_by_label("Notes de pitch")).to_have_value("Écrit avant la reconstruction. Après.")


def test_a_teammates_typing_does_not_move_my_cursor(room, new_page):
    server, proxy, _ = room
    code = code_of(server, "Les Éco-gestes")
    me = join(new_page, proxy.url, code, "Moi")
    mate = join(new_page, proxy.url, code, "Coéquipière")
    clear([me, mate], "Public")
    me.keyboard.type("personnes en insertion")
    expect(mate.get_by_label("Public")).to_have_value("personnes en insertion")
    me.get_by_label("Public").evaluate("el => el.setSelectionRange(9, 9)")  # my caret: "personnes|"

    mate.get_by_label("Public").click()
    mate.get_by_label("Public").evaluate("el => el.setSelectionRange(0, 0)")
    mate.keyboard.type("Les ")  # typed before my caret
    expect(me.get_by_label("Public")).to_have_value("Les personnes en insertion")
    assert me.get_by_label("Public").evaluate("el => [el.selectionStart, el.selectionEnd]") == [13, 13]

    me.keyboard.type(" motivées")  # I go on where I was
    expect(mate.get_by_label("Public")).to_have_value("Les personnes motivées en insertion")


def test_the_tag_and_alignment_buttons_stop_at_what_a_badge_carries(room, new_page):
    server, proxy, _ = room
    page = join(new_page, proxy.url, code_of(server, "Cap Numérique"), "Léon")
    assert json.loads(page.locator("[data-studio]").get_attribute("data-limits")) == {
        "tags": MAX_TAGS,
        "alignments": MAX_ALIGNMENTS,
    }

    add = page.get_by_role("button", name="Ajouter un alignement")
    rows = page.locator("[data-alignments] > li")
    for count in range(rows.count(), MAX_ALIGNMENTS):
        add.click()
        expect(rows).to_have_count(count + 1)
    expect(add).to_be_disabled()
    rows.first.get_by_role("button", name="Retirer cet alignement").click()
    expect(rows).to_have_count(MAX_ALIGNMENTS - 1)
    expect(add).to_be_enabled()

    tags = page.locator("[data-tags] > li")
    field = page.get_by_label("Mots-clés", exact=True)
    for count in range(tags.count(), MAX_TAGS + 1):
        field.fill(f"mot {count}")
        field.press("Enter")
    expect(tags).to_have_count(MAX_TAGS)


def test_the_image_designer_history_and_pitch_mode(room, new_page):
    server, proxy, _ = room
    code = code_of(server, "Tiers-lieux")
    lina = join(new_page, proxy.url, code, "Lina")
    marc = join(new_page, proxy.url, code, "Marc")

    lina.get_by_label("Forme").select_option(label="Bouclier")
    lina.get_by_label("Pictogramme").select_option("livre")
    lina.get_by_label("Titre sur l'image").fill("Tiers-lieux solidaires")
    lina.get_by_label("Niveau affiché").select_option("Je maîtrise")
    preview = lina.locator("[data-preview]")
    expect(preview).to_have_attribute("src", re.compile("^blob:"))
    lina.get_by_role("button", name="Utiliser cette image").click()
    for page in (lina, marc):  # the image is in the design: the teammate sees it too
        current = page.get_by_role("img", name="Image actuelle du badge")
        expect(current).to_be_visible(timeout=10000)
        assert current.evaluate("img => img.decode().then(() => img.naturalWidth)") == 200
    lina.get_by_label("Nom du badge").fill("Tiers-lieux solidaires")
    lina.get_by_label("Texte alternatif de l'image").fill("Un bouclier bleu avec un livre ouvert.")
    check_accessibility(lina, "studio-image")

    lina.get_by_role("link", name="Historique et versions").click()
    lina.get_by_label("Nom de la version").fill("Avant le pitch")
    lina.get_by_role("button", name="Enregistrer une version").click()
    expect(lina.get_by_role("cell", name="Avant le pitch", exact=True)).to_be_visible()
    check_accessibility(lina, "history")
    lina.get_by_role("link", name=re.compile("Comparer")).last.click()  # the oldest version
    expect(lina.get_by_role("heading", name=re.compile("comparée au badge d'aujourd'hui"))).to_be_visible()
    check_accessibility(lina, "version-diff")

    organiser = new_page()
    organiser.goto(proxy.url + "/login")
    organiser.get_by_label("Adresse e-mail").fill("organisatrice@badgeathon.example")
    organiser.get_by_label("Mot de passe").fill("mot-de-passe-e2e")
    organiser.get_by_role("button", name="Se connecter").click()
    organiser.get_by_role("link", name="Badgeathon Normandie 2026").click()
    screen_url = organiser.get_by_role("region", name="Écran de la salle").get_by_role("link").get_attribute("href")
    organiser.get_by_role("button", name="Passer à « Pitchs »").click()
    organiser.get_by_role("button", name="Projeter et lancer le chrono — Tiers-lieux").click()
    expect(organiser.get_by_text("Tiers-lieux — à l'écran")).to_be_visible()

    projector = new_page(viewport={"width": 1920, "height": 1080})
    projector.goto(screen_url.replace(server.url, proxy.url))
    expect(projector.get_by_text("Pitch de l'équipe « Tiers-lieux »")).to_be_visible()
    expect(projector.get_by_role("heading", name="Tiers-lieux solidaires")).to_be_visible()
    badge = projector.get_by_role("img", name="Un bouclier bleu avec un livre ouvert.")
    assert badge.evaluate("img => img.decode().then(() => img.naturalWidth)") == 400
    expect(projector.locator("[data-pitch-timer]")).to_have_text(re.compile(r"0[45]:\d\d"))
    check_accessibility(projector, "projector-pitch")

    lina.goto(f"{proxy.url}/team")
    expect(lina.get_by_role("heading", name=re.compile("votre badge pour le pitch"))).to_be_visible()
    check_accessibility(lina, "team-pitch-view")
