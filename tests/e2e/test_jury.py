"""The jury in Chromium: scoring with the keyboard through a Wi-Fi cut, recusal, secrecy, deliberation, ceremony;
axe on every jury page and screenshots of the scoring screen on a 10" tablet, both ways round."""

import json
import re
import subprocess
import sys
import textwrap

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from .conftest import DEMO_PASSWORD, ROOT, check_accessibility, screenshot, start_server
from .proxy import CuttableProxy

pytestmark = pytest.mark.e2e

EVENT = "Badgeathon Normandie 2026"
SAVED = "Enregistré"
OFFLINE = re.compile("^Hors ligne : vos notes sont gardées")
NOT_DELIBERATING = "La délibération s'ouvre quand la notation est verrouillée."
# Jurors from structures no team member comes from: they may score every badge. (The demo's own jurors are
# recused for nearly every team, as the demo spreads each structure over all the teams.)
JURORS = {"Juliette Vasseur": "Région Normandie", "Marc Aubert": "CCI Normandie", "Rose Tanguy": "Université de Caen"}
RECUSED_JUROR = "Bruno Lefort"  # from IRFA Normandie: a member of every team comes from it
TABLET = [{"width": 1280, "height": 800}, {"width": 800, "height": 1280}]

PRELUDE = """
import json, sys, uuid
from badgeathon import create_app
from badgeathon.auth.models import Person, Role
from badgeathon.auth.services import invitation_token
from badgeathon.events import moves
from badgeathon.events import services as events
from badgeathon.events.models import Event
from badgeathon.events.phases import Phase
from badgeathon.extensions import db
from badgeathon.jury import recusal_service, rubric, scoring, sheets
from badgeathon.jury.models import AudienceVote, Score
ARGS = json.loads(sys.argv[1])
app = create_app()
"""


def in_app(server, body: str, **args):
    """Run `body` in the app's context against the server's database; it leaves its answer in `result`."""
    script = (
        PRELUDE
        + "with app.app_context():\n"
        + "    event = db.session.execute(db.select(Event).where(Event.name == ARGS['event'])).scalar_one()\n"
        + "    organiser = db.session.execute(\n"
        + "        db.select(Person).filter_by(role=Role.ORGANISER)).scalars().first()\n"
        + "    result = None\n"
        + textwrap.indent(textwrap.dedent(body), "    ")
        + "\n    print('\\nRESULT ' + json.dumps(result))\n"
    )
    # A script is no gevent server: it runs Socket.IO (and the studio's writer) in plain threads.
    env = {**server.env, "SOCKETIO_ASYNC_MODE": "threading"}
    done = subprocess.run(
        [sys.executable, "-c", script, json.dumps({"event": EVENT, **args})],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.rsplit("RESULT ", 1)[1])


@pytest.fixture(scope="module")
def jury(tmp_path_factory):
    """The demo at the pitches (scoring is open), three jurors who may score every badge, the juror's pages through
    a proxy the test can cut, as venue Wi-Fi would."""
    tmp = tmp_path_factory.mktemp("jury")
    server = start_server(tmp)
    facts = in_app(
        server,
        """
        for name, organisation in {**ARGS["jurors"], ARGS["recused"]: "IRFA Normandie"}.items():
            email = name.lower().replace(" ", ".") + "@jury.example"
            if not any(j.email == email for j in event.jurors):
                events.add_juror(event, name, email, organisation)
        moves.move_phase(event, Phase.PITCHES, organiser)
        states = recusal_service.recusals(event)
        result = {
            "event": str(event.public_id), "screen": event.screen_token,
            "teams": {t.name: {"id": str(t.public_id), "code": t.join_code} for t in sheets.pitch_order(event)},
            "order": [t.name for t in sheets.pitch_order(event)],
            "criteria": [str(c.public_id) for c in event.criteria],
            "jurors": {j.name: {"token": invitation_token(j), "id": str(j.public_id),
                                "recused": [t.name for t in event.teams if states[j.id, t.id].recused]}
                       for j in event.jurors},
        }
    """,
        jurors=JURORS,
        recused=RECUSED_JUROR,
    )
    proxy = CuttableProxy(int(server.url.rsplit(":", 1)[1]))
    yield server, proxy, facts
    proxy.stop()
    server.stop()


def as_juror(new_page, base_url, facts, name, **options):
    page = new_page(**options)
    page.goto(f"{base_url}/invitation/{facts['jurors'][name]['token']}")
    page.get_by_role("button", name="Rejoindre le jury").click()
    expect(page.get_by_role("heading", name=re.compile("Bienvenue dans le jury"))).to_be_visible()
    assert page.url.startswith(base_url)
    return page


def as_organiser(new_page, server, **options):
    page = new_page(**options)
    page.goto(server.url + "/login")
    page.get_by_label("Adresse e-mail").fill("organisatrice@badgeathon.example")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Événements", level=1)).to_be_visible()
    return page


def sheet_url(base_url, facts, team):
    return f"{base_url}/jury/scoring/{facts['teams'][team]['id']}"


def radio(page, criterion, value):
    return page.locator(f'[data-criterion="{criterion}"] input[value="{value}"]')


def status(page):
    return page.locator("[data-scoring-status]")


def queued(page) -> list[dict]:
    """What the juror's outbox (localStorage) still holds for the server."""
    return page.evaluate("""Object.keys(localStorage).filter(k => k.startsWith("badgeathon:jury-outbox:"))
                            .flatMap(k => JSON.parse(localStorage[k])).map(item => item.body)""")


def expect_saved(page, timeout=10000):
    """The page's status says so only once the server acknowledged every change (the page opens with it too)."""
    expect(status(page)).to_have_attribute("data-state", "saved", timeout=timeout)
    expect(status(page)).to_have_text(SAVED)
    assert queued(page) == []


def scores_of(server, juror):
    """{team name: {criterion id: value}} as the server holds them."""
    return in_app(
        server,
        """
        juror = next(j for j in event.jurors if j.name == ARGS["juror"])
        teams = {t.id: t.name for t in event.teams}
        criteria = {c.id: str(c.public_id) for c in event.criteria}
        result = {}
        for score in db.session.execute(db.select(Score).where(Score.juror_id == juror.id)).scalars():
            result.setdefault(teams[score.team_id], {})[criteria[score.criterion_id]] = score.value
    """,
        juror=juror,
    )


def test_juror_scores_with_the_keyboard_through_a_cut_connection(jury, new_page):
    server, proxy, facts = jury
    first, second = facts["order"][:2]
    c = facts["criteria"]
    page = as_juror(new_page, proxy.url, facts, "Juliette Vasseur", viewport=TABLET[0])
    page.goto(sheet_url(proxy.url, facts, first))
    expect(page.get_by_role("heading", name=first, level=1)).to_be_visible()
    expect(radio(page, c[0], 0)).to_be_focused()  # the first criterion to score has the focus

    for key in "435":  # a digit scores the criterion and moves to the next
        page.keyboard.press(key)
    for criterion, value in zip(c, (4, 3, 5), strict=False):  # the first three criteria
        expect(radio(page, criterion, value)).to_be_checked()
        expect(page.locator(f'[data-criterion="{criterion}"] [data-criterion-status]')).to_have_text(SAVED)
    expect(page.locator("input:checked")).to_have_count(3)
    expect_saved(page)
    expect(radio(page, c[3], 0)).to_be_focused()

    page.keyboard.press("ArrowRight")  # the next badge
    expect(page.get_by_role("heading", name=second, level=1)).to_be_visible()
    expect(radio(page, c[0], 0)).to_be_focused()  # the page's script is ready
    page.keyboard.press("2")
    expect(radio(page, c[0], 2)).to_be_checked()
    expect_saved(page)
    page.keyboard.press("ArrowLeft")  # back: the server kept the three scores
    expect(page.get_by_role("heading", name=first, level=1)).to_be_visible()
    for criterion, value in zip(c, (4, 3, 5), strict=False):  # the first three criteria
        expect(radio(page, criterion, value)).to_be_checked()
    expect(radio(page, c[3], 0)).to_be_focused()

    proxy.cut()  # the venue's Wi-Fi goes down, for real
    try:
        page.keyboard.press("2")
        page.keyboard.press("1")
        expect(status(page)).to_have_text(OFFLINE, timeout=10000)
        expect(status(page)).to_have_attribute("data-state", "offline")
        for criterion in c[3:5]:  # said by each waiting score too (the status scrolls away)
            expect(page.locator(f'[data-criterion="{criterion}"] [data-criterion-status]')).to_have_text(OFFLINE)
        expect(radio(page, c[3], 2)).to_be_checked()
        expect(radio(page, c[4], 1)).to_be_checked()
        screenshot(page, "jury-scoring-offline")
    finally:
        proxy.restore()
    expect_saved(page, timeout=20000)  # the outbox resends on its own

    proxy.cut()
    try:
        page.keyboard.press("0")  # the last criterion
        expect(radio(page, c[5], 0)).to_be_checked()
        for _ in range(5):
            page.keyboard.press("ArrowUp")
        expect(radio(page, c[0], 4)).to_be_focused()
        page.keyboard.press("1")  # change of mind on the first criterion
        expect(radio(page, c[0], 1)).to_be_checked()
        expect(status(page)).to_have_text(OFFLINE, timeout=10000)
        assert sorted((item["criterion"], item["value"]) for item in queued(page)) == sorted([(c[5], 0), (c[0], 1)])
        with pytest.raises(PlaywrightError):  # a reload while offline: no page, the outbox stays
            page.reload()
        expect(page).to_have_url(re.compile("^chrome-error:"))
    finally:
        proxy.restore()
    page.goto(sheet_url(proxy.url, facts, first))  # the page opens again, shows the queued scores, sends them
    expect_saved(page, timeout=20000)
    for criterion, value in zip(c, (1, 3, 5, 2, 1, 0), strict=True):
        expect(radio(page, criterion, value)).to_be_checked()

    assert scores_of(server, "Juliette Vasseur") == {
        first: dict(zip(c, (1, 3, 5, 2, 1, 0), strict=True)),
        second: {c[0]: 2},
    }
    page.reload()  # the server's page says the same
    for criterion, value in zip(c, (1, 3, 5, 2, 1, 0), strict=True):
        expect(radio(page, criterion, value)).to_be_checked()


def test_pressing_an_arrow_on_the_last_badge_does_not_change_a_score(jury, new_page):
    server, proxy, facts = jury
    last = facts["order"][-1]
    c = facts["criteria"]
    page = as_juror(new_page, server.url, facts, "Rose Tanguy")
    page.goto(sheet_url(server.url, facts, last))
    page.keyboard.press("3")
    expect_saved(page)
    page.keyboard.press("ArrowUp")  # back on the first criterion, on its checked radio
    expect(radio(page, c[0], 3)).to_be_focused()
    page.keyboard.press("ArrowRight")  # no next badge: nothing happens (no radio moves to 4)
    page.keyboard.press("ArrowLeft")  # the previous badge
    expect(page.get_by_role("heading", name=facts["order"][-2], level=1)).to_be_visible()
    assert scores_of(server, "Rose Tanguy") == {last: {c[0]: 3}}


def test_recused_juror_cannot_score(jury, new_page):
    server, _, facts = jury
    team = facts["order"][0]
    assert team in facts["jurors"][RECUSED_JUROR]["recused"]  # a member of the team comes from their structure
    page = as_juror(new_page, server.url, facts, RECUSED_JUROR)
    expect(page.get_by_role("listitem").filter(has_text=team)).to_contain_text("récusé·e")
    page.goto(sheet_url(server.url, facts, team))
    expect(page.get_by_text("Vous êtes récusé·e pour ce badge (conflit d'intérêts)")).to_be_visible()
    radios = page.get_by_role("radio")
    expect(radios).to_have_count(6 * len(facts["criteria"]))
    for index in range(radios.count()):
        expect(radios.nth(index)).to_be_disabled()
    expect(page.get_by_label("Commentaire pour le jury (privé)")).to_be_disabled()
    page.keyboard.press("4")
    expect(page.locator("input:checked")).to_have_count(0)
    expect(status(page)).to_be_hidden()  # nothing to save here: no "Enregistré", no keyboard help
    expect(page.get_by_text("Clavier : un chiffre note")).to_have_count(0)
    check_accessibility(page, "jury-scoring-recused")

    answer = page.evaluate("""async () => {
        const form = document.querySelector("[data-scoring]");
        const criterion = document.querySelector("[data-criterion]").dataset.criterion;
        const response = await fetch(form.dataset.scoresUrl, {
            method: "POST", credentials: "same-origin", body: JSON.stringify({criterion, value: 4}),
            headers: {"Content-Type": "application/json", "X-CSRFToken": form.dataset.csrf, Accept: "application/json"},
        });
        return {status: response.status, body: await response.json()};
    }""")
    assert answer["status"] == 403, answer
    assert answer["body"]["code"] == "recused"
    note = page.evaluate("""async () => {
        const form = document.querySelector("[data-scoring]");
        const response = await fetch(form.dataset.noteUrl, {
            method: "POST", credentials: "same-origin", body: JSON.stringify({comment: "forcé", feedback: ""}),
            headers: {"Content-Type": "application/json", "X-CSRFToken": form.dataset.csrf, Accept: "application/json"},
        });
        return response.status;
    }""")
    assert note == 403
    assert scores_of(server, RECUSED_JUROR) == {}


def test_a_juror_sees_only_their_own_scores_and_no_deliberation_before_the_lock(jury, new_page):
    server, _, facts = jury
    team = facts["order"][2]
    c = facts["criteria"]
    in_app(
        server,
        """
        by_name = {j.name: j for j in event.jurors}
        team = next(t for t in event.teams if t.name == ARGS["team"])
        for criterion in event.criteria:
            scoring.save_score(by_name["Marc Aubert"], team.public_id, criterion.public_id, 5)
        scoring.save_score(by_name["Juliette Vasseur"], team.public_id, event.criteria[0].public_id, 1)
        scoring.save_note(by_name["Marc Aubert"], team.public_id, "Note privée de Marc", "")
    """,
        team=team,
    )

    juliette = as_juror(new_page, server.url, facts, "Juliette Vasseur")
    juliette.goto(sheet_url(server.url, facts, team))
    expect(radio(juliette, c[0], 1)).to_be_checked()
    expect(juliette.locator("input:checked")).to_have_count(1)  # Marc's fives are nowhere on her page
    expect(juliette.get_by_label("Commentaire pour le jury (privé)")).to_have_value("")
    assert 'value="5" checked' not in juliette.content()
    marc = as_juror(new_page, server.url, facts, "Marc Aubert")
    marc.goto(sheet_url(server.url, facts, team))
    expect(marc.locator("input:checked")).to_have_count(len(c))
    expect(marc.get_by_label("Commentaire pour le jury (privé)")).to_have_value("Note privée de Marc")
    for criterion in c:
        expect(radio(marc, criterion, 5)).to_be_checked()

    deliberation = f"{server.url}/jury/events/{facts['event']}/deliberation"
    response = juliette.goto(deliberation)
    assert response.status == 409
    expect(juliette.get_by_text(NOT_DELIBERATING)).to_be_visible()
    expect(juliette.get_by_role("table")).to_have_count(0)
    response = juliette.goto(f"{server.url}/jury/events/{facts['event']}")  # the organiser's page: not a juror's
    assert response.status in (403, 404)
    response = juliette.goto(f"{server.url}/jury/events/{facts['event']}/export/scores.csv")
    assert response.status in (403, 404)

    organiser = as_organiser(new_page, server)
    response = organiser.goto(deliberation)
    assert response.status == 409
    expect(organiser.get_by_text(NOT_DELIBERATING)).to_be_visible()
    response = organiser.request.get(f"{server.url}/jury/events/{facts['event']}/export/scores.csv")
    assert response.status == 409
    organiser.goto(f"{server.url}/jury/events/{facts['event']}")
    progress = organiser.locator("[data-jury-progress]").get_by_role("row", name=re.compile("Marc Aubert"))
    expect(progress).to_contain_text("1 / 4")  # counts only, no score


def test_the_jury_pages_before_the_lock_pass_axe_and_fit_a_tablet(jury, new_page):
    server, _, facts = jury
    for viewport in TABLET:
        name = "landscape" if viewport["width"] > viewport["height"] else "portrait"
        page = as_juror(new_page, server.url, facts, "Rose Tanguy", viewport=viewport)
        if name == "landscape":
            check_accessibility(page, "jury-home")
        page.goto(sheet_url(server.url, facts, facts["order"][1]))
        expect(page.get_by_role("heading", level=1)).to_have_text(facts["order"][1])
        check_accessibility(page, f"jury-scoring-{name}")
        first = page.get_by_role("group", name=re.compile("^Pertinence pour la reconnaissance"))
        expect(first.get_by_role("radio", name="3 correct", exact=True)).to_have_count(1)  # not "3 3 — correct"
        page.screenshot(path=str(ROOT / "test-artifacts" / "screenshots" / f"jury-scoring-{name}-viewport.png"))
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "horizontal scroll"
        boxes = page.locator(".level").evaluate_all(
            "els => els.map(el => { const r = el.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })"
        )
        assert len(boxes) == 6 * len(facts["criteria"])
        for x, _y, width, height in boxes:
            assert width >= 44 and height >= 44, (name, width, height)  # fingers, not mouse pointers
            assert x >= 0 and x + width <= viewport["width"], (name, x, width)
        for index, (x, y, width, height) in enumerate(boxes):  # nothing overlaps
            for x2, y2, w2, h2 in boxes[index + 1 :]:
                assert x + width <= x2 or x2 + w2 <= x or y + height <= y2 or y2 + h2 <= y, (name, index)
        status_box = status(page).bounding_box()
        heading_box = page.get_by_role("heading", level=1).bounding_box()
        assert (
            status_box["y"] >= heading_box["y"] + heading_box["height"]
            or status_box["x"] >= heading_box["x"] + heading_box["width"]
        ), "the status covers the heading"

    organiser = as_organiser(new_page, server)
    organiser.goto(f"{server.url}/jury/events/{facts['event']}")
    expect(organiser.get_by_role("heading", name="Jury", level=1)).to_be_visible()
    check_accessibility(organiser, "jury-dashboard")
    organiser.get_by_role("link", name="Grille d'évaluation").click()
    expect(organiser.get_by_role("heading", name="Grille d'évaluation", level=1)).to_be_visible()
    check_accessibility(organiser, "jury-rubric")

    organiser.goto(f"{server.url}/events/{facts['event']}/edit")
    organiser.get_by_label("Prix du public : chaque participant vote pour un badge d'une autre équipe").check()
    organiser.get_by_role("button", name="Enregistrer").click()
    expect(organiser.get_by_text("Événement enregistré.")).to_be_visible()

    voter = new_page()
    voter.goto(f"{server.url}/join/{facts['teams'][facts['order'][0]]['code']}")
    voter.get_by_label("Votre nom (visible par votre équipe)").fill("Votante")
    voter.get_by_role("button", name="Rejoindre l'équipe").click()
    expect(voter.get_by_role("heading", name=re.compile("Équipe « "), level=1)).to_be_visible()
    voter.goto(f"{server.url}/jury/vote")
    choices = voter.get_by_role("group", name="Votre badge préféré (hors celui de votre équipe)")
    expect(choices.get_by_role("radio")).to_have_count(len(facts["order"]) - 1)  # not their own team's
    check_accessibility(voter, "jury-vote")
    choices.get_by_role("radio", name=re.compile(f"Équipe « {re.escape(facts['order'][2])} »")).check()
    voter.get_by_role("button", name="Voter").click()
    expect(voter.get_by_text("Merci, votre vote est enregistré.")).to_be_visible()
    check_accessibility(voter, "jury-vote-done")


def test_the_organiser_sees_a_jurors_progress_move_live(jury, new_page):
    server, _, facts = jury
    organiser = as_organiser(new_page, server)
    organiser.goto(f"{server.url}/jury/events/{facts['event']}")
    row = organiser.locator("[data-jury-progress]").get_by_role("row", name=re.compile("Rose Tanguy"))
    expect(row).to_contain_text("0 / 4")
    organiser.wait_for_timeout(1000)  # its socket joins the organisers' room

    rose = as_juror(new_page, server.url, facts, "Rose Tanguy")
    rose.goto(sheet_url(server.url, facts, facts["order"][0]))
    for key in "342512":  # the six criteria: a complete sheet
        rose.keyboard.press(key)
    expect_saved(rose)

    expect(row).to_contain_text("1 / 4", timeout=10000)  # no reload: told by /live, counts fetched
    expect(row.locator("progress")).to_have_attribute("value", "1")


def test_organiser_confirms_two_winners_and_the_ceremony_reveals_them(jury, new_page):
    server, _, facts = jury
    # Every juror who may score every badge agrees on the order; two participants vote for the jury's last badge.
    marks = {"Les Éco-gestes": 5, "Cap Numérique": 4, "Économie circulaire": 3, "Tiers-lieux": 1}
    in_app(
        server,
        """
        event.audience_vote = True
        db.session.execute(db.delete(AudienceVote).where(AudienceVote.event_id == event.id))
        db.session.commit()
        for juror in event.jurors:
            if juror.name not in ARGS["jurors"]:
                continue
            for team in event.teams:
                for offset, criterion in enumerate(event.criteria):
                    value = max(criterion.scale_min, ARGS["marks"][team.name] - offset % 2)
                    scoring.save_score(juror, team.public_id, criterion.public_id, value)
        tiers = next(t for t in event.teams if t.name == "Tiers-lieux")
        voters = [p for p in event.participants if p.team_id not in (None, tiers.id)][:2]
        marc = next(j for j in event.jurors if j.name == "Marc Aubert")
        eco = next(t for t in event.teams if t.name == "Les Éco-gestes")
        scoring.save_note(marc, eco.public_id, "Des critères observables.", "Bravo, un badge prêt à délivrer.")
        for voter in voters:
            db.session.add(AudienceVote(voter_id=voter.id, event_id=event.id, team_id=tiers.id))
        db.session.commit()
    """,
        marks=marks,
        jurors=list(JURORS),
    )

    organiser = as_organiser(new_page, server)
    dashboard = f"{server.url}/events/{facts['event']}"
    organiser.goto(dashboard)
    organiser.get_by_role("button", name="Passer à « Évaluation »").click()
    expect(organiser.get_by_role("heading", name="Phase : Évaluation")).to_be_visible()
    organiser.get_by_role("button", name="Passer à « Délibération »").click()
    expect(organiser.get_by_role("heading", name="Phase : Délibération")).to_be_visible()

    juror = as_juror(new_page, server.url, facts, "Juliette Vasseur")
    expect(juror.get_by_text("La notation est verrouillée.")).to_be_visible()
    juror.goto(sheet_url(server.url, facts, "Tiers-lieux"))
    expect(juror.get_by_text("La notation n'est pas ouverte.")).to_be_visible()
    expect(juror.get_by_role("radio").first).to_be_disabled()

    organiser.goto(f"{server.url}/jury/events/{facts['event']}")
    organiser.get_by_role("link", name="Délibération", exact=True).click()
    expect(organiser.get_by_role("heading", name="Délibération", level=1)).to_be_visible()
    rows = organiser.get_by_role("table", name="Classement des badges").locator("tbody tr")
    expect(rows).to_have_count(4)
    ranked = [row.locator("th").inner_text().split("\n")[0] for row in rows.all()]
    assert ranked == ["Les Éco-gestes", "Cap Numérique", "Économie circulaire", "Tiers-lieux"]
    expect(rows.first.locator("td").first).to_have_text("1")
    expect(organiser.get_by_label("Lauréat n° 1")).to_have_value(facts["teams"]["Les Éco-gestes"]["id"])
    expect(organiser.get_by_label("Lauréat n° 2")).to_have_value(facts["teams"]["Cap Numérique"]["id"])
    expect(organiser.get_by_role("region", name=re.compile("Prix du public"))).to_contain_text("Tiers-lieux — 2 votes")
    comments = organiser.get_by_role("region", name="Commentaires du jury")  # open once scoring is locked
    expect(comments).to_contain_text("Marc Aubert : Des critères observables.")
    expect(comments).to_contain_text("Retour pour l'équipe : Bravo, un badge prêt à délivrer.")
    check_accessibility(organiser, "jury-deliberation")
    organiser.get_by_role("button", name="Confirmer les lauréats").click()
    expect(organiser.get_by_text("Lauréats confirmés.")).to_be_visible()
    confirmed = organiser.get_by_role("region", name="Lauréats confirmés")
    expect(confirmed.get_by_role("listitem")).to_have_text(["Les Éco-gestes", "Cap Numérique"])
    response = organiser.request.get(f"{server.url}/jury/events/{facts['event']}/export/scores.csv")
    assert response.ok and "Juliette Vasseur" in response.text()
    check_accessibility(organiser, "jury-deliberation-confirmed")

    organiser.goto(dashboard)
    organiser.get_by_role("button", name="Passer à « Résultats »").click()
    expect(organiser.get_by_role("heading", name="Phase : Résultats")).to_be_visible()

    projector = new_page(viewport={"width": 1920, "height": 1080})
    projector.goto(f"{server.url}/screen/{facts['screen']}")
    expect(projector).to_have_url(re.compile(r"/jury/screen/"))
    expect(projector.get_by_text("Et les lauréats sont…")).to_be_visible()
    projector.wait_for_timeout(1500)  # its socket joins the event's room

    organiser.goto(f"{server.url}/jury/events/{facts['event']}/ceremony")
    expect(organiser.get_by_text("Étape 0 sur 3")).to_be_visible()
    expect(organiser.get_by_role("button", name="Revenir")).to_have_count(0)
    check_accessibility(organiser, "jury-ceremony-start")
    steps = [
        ("Prix du public · 2 votes", "par l'équipe « Tiers-lieux »"),
        ("Lauréat n° 2", "par l'équipe « Cap Numérique »"),
        ("Lauréat n° 1", "par l'équipe « Les Éco-gestes »"),
    ]
    for shown, (key, (place, team)) in enumerate(zip([" ", "ArrowRight", " "], steps, strict=True), start=1):
        organiser.keyboard.press(key)
        expect(organiser.get_by_text(f"Étape {shown} sur 3")).to_be_visible()
        for page in (organiser, projector):
            reveals = page.locator(".reveal")
            expect(reveals).to_have_count(shown, timeout=10000)  # one at a time, the projector follows live
            expect(page.locator(".reveal").filter(has_text=team)).to_contain_text(place)
        if shown == 2:
            expect(projector.get_by_text("par l'équipe « Les Éco-gestes »")).to_have_count(0)
            expect(projector.get_by_text("Sobriété numérique")).to_be_visible()
    check_accessibility(organiser, "jury-ceremony")
    check_accessibility(projector, "jury-ceremony-projector")

    expect(organiser.get_by_role("button", name="Révéler la suite")).to_have_count(0)  # nothing left to reveal
    organiser.get_by_role("button", name="Revenir").press("Enter")  # the focused button's own action: back
    expect(organiser.get_by_text("Étape 2 sur 3")).to_be_visible()
    expect(projector.locator(".reveal")).to_have_count(2, timeout=10000)
    organiser.keyboard.press("ArrowRight")
    expect(projector.locator(".reveal")).to_have_count(3, timeout=10000)
    expect(projector.get_by_text("Éco-gestes au travail")).to_be_visible()
