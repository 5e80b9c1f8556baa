"""The jurors' scoring sheet and the deliberation on a 10" tablet, both ways round (issue 11.15), in Chromium: level
labels wrap between words only, the "x noté(s) sur y" counter follows the saves (an offline one too, once sent), the
focus given on load is a ring and not a score, the whole badge is on the sheet, "Badge suivant" waits at its foot,
and the deliberation fits 768 px, links each badge to its page and writes numbers the French (or English) way.
Screenshots in /tmp/shots-h6/ (looked at), axe on every page."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from . import test_jury as jury_e2e
from .conftest import check_accessibility
from .test_jury import JURORS, as_juror, as_organiser, expect_saved, in_app, radio, sheet_url, status

pytestmark = pytest.mark.e2e

LANDSCAPE = {"width": 1024, "height": 768}
PORTRAIT = {"width": 768, "height": 1024}
TABLETS = {"1024x768": LANDSCAPE, "768x1024": PORTRAIT}
LAPTOP = {"width": 1366, "height": 768}
SHOTS = Path("/tmp/shots-h6")
COUNTER = re.compile(r"^(\d+) noté\(s\) sur (\d+)$")


@pytest.fixture(scope="module")
def jury(tmp_path_factory):
    """The same open jury as tests/e2e/test_jury.py's (the demo at the pitches, three jurors free to score every
    badge), on a server of this module's own."""
    yield from jury_e2e.jury.__wrapped__(tmp_path_factory)


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.screenshot(path=str(SHOTS / f"{name}-full.png"), full_page=True)


def ready(page) -> None:
    """The sheet's script has run: it gives the first criterion to score the focus."""
    expect(page.locator("[data-criterion] input:focus")).to_have_count(1)


# Each word of each level label: the line boxes it lies on (one, unless the browser cut it), and whether the label
# spills out of its level.
WORDS_OF_LABELS = """els => els.map(el => {
  const node = el.firstChild, text = node.textContent, cut = [];
  for (const match of text.matchAll(/\\S+/g)) {
    const range = document.createRange();
    range.setStart(node, match.index);
    range.setEnd(node, match.index + match[0].length);
    const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
    if (lines.size !== 1) cut.push(match[0]);
  }
  const label = el.getBoundingClientRect(), level = el.closest(".level").getBoundingClientRect();
  return {text, cut, spills: el.scrollWidth > el.clientWidth + 1 || label.left < level.left - 0.5
                             || label.right > level.right + 0.5};
})"""


def test_level_labels_wrap_between_words_only_on_a_tablet(jury, new_page):
    server, _, facts = jury
    for name, viewport in {**TABLETS, "1366x768": LAPTOP}.items():  # the tablets, and a juror's laptop
        page = as_juror(new_page, server.url, facts, "Juliette Vasseur", viewport=viewport)
        page.goto(sheet_url(server.url, facts, facts["order"][0]))
        ready(page)
        labels = page.locator(".level__text").evaluate_all(WORDS_OF_LABELS)
        assert len(labels) == 6 * len(facts["criteria"])
        assert {label["text"] for label in labels} >= {"très insuffisant", "insuffisant", "excellent"}
        assert [label for label in labels if label["cut"] or label["spills"]] == [], name
        boxes = page.locator(".level").evaluate_all(
            "els => els.map(el => { const r = el.getBoundingClientRect(); return [r.width, r.height]; })"
        )
        assert min(width for width, _ in boxes) >= 44 and min(height for _, height in boxes) >= 44, (name, boxes)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
        shoot(page, f"sheet-{name}")
        check_accessibility(page, f"h6-sheet-{name}")

        # The check itself sees a cut word: the old rule (break anywhere) in a narrow level cuts "insuffisant".
        page.locator(".level").nth(2).evaluate(
            "el => { el.style.flex = '0 0 3.2rem'; el.querySelector('.level__text').style.overflowWrap = 'anywhere'; }"
        )
        cut = page.locator(".level__text").nth(2).evaluate(f"el => ({WORDS_OF_LABELS})([el])[0].cut")
        assert cut == ["insuffisant"], cut


def test_the_first_focus_is_a_ring_not_a_score(jury, new_page):
    server, _, facts = jury
    for index, (name, viewport) in enumerate(TABLETS.items()):
        page = as_juror(new_page, server.url, facts, "Juliette Vasseur", viewport=viewport)
        page.goto(sheet_url(server.url, facts, facts["order"][1 + index]))  # a badge she has not scored yet
        ready(page)
        first = radio(page, facts["criteria"][0], 0)
        expect(first).to_be_focused()
        expect(first).not_to_be_checked()
        looks = page.evaluate("""() => {
            const look = (el) => { const s = getComputedStyle(el);
              return {background: s.backgroundColor, border: s.borderTopColor, color: s.color,
                      outline: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth), shadow: s.boxShadow}; };
            const levels = [...document.querySelectorAll("[data-criterion]")[0].querySelectorAll(".level")];
            return {focused: look(levels[0]), other: look(levels[1])};
        }""")
        focused, other = looks["focused"], looks["other"]
        # Its box stays as an unscored level's (white, grey border, dark figure): only a ring around it is added.
        assert (
            (focused["background"], focused["border"], focused["color"])
            == (other["background"], other["border"], other["color"])
            == ("rgb(255, 255, 255)", "rgb(107, 122, 144)", "rgb(20, 33, 61)")
        ), looks
        assert focused["outline"] == "solid" and focused["outlineWidth"] >= 2, focused
        assert other["outline"] == "none", other
        shoot(page, f"first-focus-{name}")

        page.keyboard.press("4")  # a score, for comparison: a filled level, unlike the focus
        checked = radio(page, facts["criteria"][0], 4)
        expect(checked).to_be_checked()
        filled = checked.evaluate("el => getComputedStyle(el.closest('.level')).backgroundColor")
        assert filled == "rgb(0, 72, 124)" != focused["background"]
        expect_saved(page)
        shoot(page, f"first-score-{name}")


def count_of(page) -> tuple[int, int]:
    return tuple(int(n) for n in COUNTER.match(page.locator("[data-progress]").inner_text()).groups())


def test_the_counter_follows_the_saves_offline_ones_once_sent(jury, new_page):
    server, proxy, facts = jury
    first, second = facts["order"][2:4]
    page = as_juror(new_page, proxy.url, facts, "Marc Aubert", viewport=LANDSCAPE)
    page.goto(sheet_url(proxy.url, facts, first))
    ready(page)
    scored, to_score = count_of(page)
    assert (scored, to_score) == (0, 4)
    for key in "34251":  # five of the six criteria: not yet a scored badge
        page.keyboard.press(key)
    expect_saved(page)
    expect(page.locator("[data-progress]")).to_have_text("0 noté(s) sur 4")
    page.keyboard.press("3")  # the sixth: the badge is scored, no reload
    expect(page.locator("[data-progress]")).to_have_text("1 noté(s) sur 4")
    expect_saved(page)
    shoot(page, "counter-1")

    page.get_by_role("link", name=re.compile("^Badge suivant")).click()
    expect(page.get_by_role("heading", name=second, level=1)).to_be_visible()
    ready(page)
    expect(page.locator("[data-progress]")).to_have_text("1 noté(s) sur 4")
    proxy.cut()
    try:
        for key in "123450":
            page.keyboard.press(key)
        expect(status(page)).to_have_attribute("data-state", "offline", timeout=10000)
        expect(page.locator("input:checked")).to_have_count(6)
        expect(page.locator("[data-progress]")).to_have_text("1 noté(s) sur 4")  # nothing is on the server yet
        shoot(page, "counter-offline")
    finally:
        proxy.restore()
    expect(page.locator("[data-progress]")).to_have_text("2 noté(s) sur 4", timeout=20000)  # once sent
    expect_saved(page, timeout=20000)
    page.reload()
    ready(page)
    expect(page.locator("[data-progress]")).to_have_text("2 noté(s) sur 4")  # the server's count says the same


def test_the_sheet_shows_the_whole_badge(jury, new_page):
    server, _, facts = jury
    for name, viewport in TABLETS.items():
        page = as_juror(new_page, server.url, facts, "Juliette Vasseur", viewport=viewport)
        page.goto(sheet_url(server.url, facts, "Les Éco-gestes"))
        ready(page)
        badge = page.get_by_role("article", name="Éco-gestes au travail")
        expect(badge.get_by_role("img", name=re.compile("feuille blanche"))).to_be_visible()
        expect(badge).to_contain_text("réduisent l'impact environnemental")  # the description
        expected = {
            "Compétence visée": "Agir de façon éco-responsable dans son environnement de travail.",
            "Public visé": "Personnes en parcours d'insertion, stagiaires de la formation professionnelle.",
            "Niveau 1 « je pratique »": "Je trie les déchets de mon poste",
            "Niveau 2 « je maîtrise »": "j'explique les bons gestes à mes collègues",
            "Preuves attendues": "Une fiche d'observation remplie par le tuteur",
            "Comment c'est évalué": "—",  # left empty by the team
            "Alignements": "ESCO S6.4.0 Appliquer des mesures de prévention des déchets",
        }
        terms = badge.locator("dt")
        expect(terms).to_have_text(list(expected))
        for index, text in enumerate(expected.values()):
            expect(terms.nth(index).locator("xpath=following-sibling::dd[1]")).to_contain_text(text)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
        shoot(page, f"whole-badge-{name}")
        check_accessibility(page, f"h6-whole-badge-{name}")


def test_badge_suivant_at_the_foot_skips_a_badge_the_juror_may_not_score(jury, new_page):
    server, _, facts = jury
    order = facts["order"]
    in_app(
        server,
        """
        rose = next(j for j in event.jurors if j.name == "Rose Tanguy")
        team = next(t for t in event.teams if t.name == ARGS["team"])
        scoring.set_recusal(event, organiser, rose.public_id, team.public_id, True, "Elle a coaché l'équipe.")
    """,
        team=order[1],
    )
    for name, viewport in TABLETS.items():
        page = as_juror(new_page, server.url, facts, "Rose Tanguy", viewport=viewport)
        page.goto(sheet_url(server.url, facts, order[0]))
        ready(page)
        foot = page.get_by_role("navigation", name="Badge précédent ou suivant")
        expect(foot.get_by_role("link")).to_have_count(1)  # the first badge: nothing before it
        following = foot.get_by_role("link", name=f"Badge suivant : {order[2]}")  # not order[1]: recused
        expect(following).to_be_visible()
        last_criterion = page.locator("[data-criterion]").last.bounding_box()
        notes = page.get_by_role("group", name="Vos remarques").bounding_box()
        box = following.bounding_box()
        assert box["y"] >= max(last_criterion["y"] + last_criterion["height"], notes["y"] + notes["height"])
        assert box["height"] >= 44
        following.scroll_into_view_if_needed()
        shoot(page, f"badge-suivant-{name}")
        following.click()
        expect(page.get_by_role("heading", name=order[2], level=1)).to_be_visible()
        ready(page)
        expect(foot.get_by_role("link", name=f"Badge précédent : {order[0]}")).to_be_visible()
        foot.get_by_role("link", name=f"Badge suivant : {order[3]}").click()
        expect(page.get_by_role("heading", name=order[3], level=1)).to_be_visible()
        ready(page)
        expect(foot.get_by_role("link", name=re.compile("^Badge suivant"))).to_have_count(0)  # the last one
        foot.get_by_role("link", name="Dernier badge : retour à la liste").click()
        expect(page.get_by_role("heading", name=re.compile("Bienvenue dans le jury"))).to_be_visible()
        page.go_back()
        ready(page)
        check_accessibility(page, f"h6-last-sheet-{name}")


# --- the deliberation (it locks scoring: the module's last test) ---------------------------------------------------


def test_the_deliberation_fits_a_portrait_tablet_links_each_badge_and_speaks_french_numbers(jury, new_page):
    server, _, facts = jury
    in_app(
        server,
        """
        states = recusal_service.recusals(event)
        for j, juror in enumerate(event.jurors):
            if juror.name not in ARGS["jurors"]:
                continue
            for t, team in enumerate(event.teams):
                if states[juror.id, team.id].recused:
                    continue
                for c, criterion in enumerate(event.criteria):
                    scoring.save_score(juror, team.public_id, criterion.public_id, (2 * j + 3 * t + c) % 6)
        moves.move_phase(event, Phase.SCORING, organiser)
        moves.move_phase(event, Phase.DELIBERATION, organiser)
    """,
        jurors=list(JURORS),
    )

    organiser = as_organiser(new_page, server, viewport=PORTRAIT)
    deliberation = f"{server.url}/jury/events/{facts['event']}/deliberation"
    organiser.goto(deliberation)
    table = organiser.get_by_role("table", name="Classement des badges")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(4)
    assert organiser.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "horizontal scroll"
    width = organiser.evaluate("innerWidth")
    assert table.bounding_box()["x"] >= 0 and table.bounding_box()["x"] + table.bounding_box()["width"] <= width
    shoot(organiser, "deliberation-768x1024")
    check_accessibility(organiser, "h6-deliberation-768x1024")

    organiser.set_viewport_size(LAPTOP)  # where the organiser usually reads it
    assert organiser.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "horizontal scroll"
    shoot(organiser, "deliberation-1366x768")

    figures = [cell.inner_text() for cell in rows.locator("td:nth-of-type(2), td:nth-of-type(5)").all()]
    assert figures and all(re.fullmatch(r"\d,\d\d|—", figure) for figure in figures), figures  # "4,16"
    means = [cell.inner_text() for cell in rows.locator("td:nth-of-type(n+6)").all()]
    assert len(means) == 4 * len(facts["criteria"]) and all(re.fullmatch(r"\d,\d|—", m) for m in means), means
    key = organiser.locator(".ranking-key")
    expect(key).to_contain_text("C1Pertinence pour la reconnaissance des compétences (poids 3)")
    expect(key).to_contain_text("Faisabilité pour les structures émettrices (poids 1,5)")

    first = rows.first.get_by_role("link")
    team = first.locator("span").first.inner_text()
    first.click()  # the organiser: the badge's page as the team pitched it
    expect(organiser.get_by_role("heading", name=f"Équipe « {team} » : votre badge pour le pitch")).to_be_visible()
    expect(organiser.get_by_text("Compétence visée")).to_be_visible()
    check_accessibility(organiser, "h6-deliberation-badge-page")

    juror = as_juror(new_page, server.url, facts, "Rose Tanguy", viewport=PORTRAIT)
    juror.goto(deliberation)
    juror_rows = juror.get_by_role("table", name="Classement des badges").locator("tbody tr")
    expect(juror_rows).to_have_count(4)
    assert juror.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "horizontal scroll"
    last = juror_rows.last.get_by_role("link")
    team = last.locator("span").first.inner_text()
    last.click()  # a juror: the badge's sheet, their own marks, read-only
    expect(juror.get_by_role("heading", name=team, level=1)).to_be_visible()
    expect(juror.get_by_text("La notation n'est pas ouverte.")).to_be_visible()
    check_accessibility(juror, "h6-deliberation-sheet")

    juror.goto(deliberation)  # in English: English decimals
    juror.get_by_label("Langue").select_option("en")
    juror.get_by_role("button", name="Changer").click()
    english = juror.get_by_role("table").locator("tbody tr")
    expect(english).to_have_count(4)
    figures = [cell.inner_text() for cell in english.locator("td:nth-of-type(2), td:nth-of-type(5)").all()]
    assert all(re.fullmatch(r"\d\.\d\d|—", figure) for figure in figures), figures
    expect(juror.locator(".ranking-key")).to_contain_text("(weight 1.5)")
    shoot(juror, "deliberation-768x1024-en")
