"""The whole Badgeathon day in Chromium, as the people in the room live it, on one server and one projector page
that never reloads: the organiser builds the event from a roster, three teams design their badges, pitch with the
timer, the jurors score on tablets, the jury deliberates, the ceremony plays on the wall, each team reads its
results and region staff export the winners that are ready while the other waits for its fix.
Screenshots at the four screen sizes of the day (phone, laptop, tablet both ways, projector); axe on every page."""

import io
import re
import time

import pytest
from playwright.sync_api import expect

from .conftest import Pages, check_accessibility, join_team, screenshot, sign_in_as_organiser, start_server
from .test_jury import queued

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
TABLET = {"width": 1024, "height": 768}
TABLET_PORTRAIT = {"width": 768, "height": 1024}
PROJECTOR = {"width": 1920, "height": 1080}

EVENT = "Badgeathon Caen 2026"
TEAMS = ("Les Sobres", "Numérique pour tous", "Ensemble au travail")
# The roster as the region keeps it: an Excel workbook of 13 lines; four people have no team yet.
PEOPLE = (
    ("Léa Duval", "IRFA Normandie", TEAMS[0]),
    ("Hugo Marie", "Ateliers du Bocage", TEAMS[0]),
    ("Inès Lecoq", "CEP Normandie", TEAMS[0]),
    ("Yanis Haddad", "IRFA Normandie", TEAMS[1]),
    ("Emma Leroy", "Mission locale de Caen", TEAMS[1]),
    ("Paul Girard", "Ateliers du Bocage", TEAMS[1]),
    ("Zoé Martin", "CEP Normandie", TEAMS[2]),
    ("Jules Petit", "Mission locale de Caen", TEAMS[2]),
    ("Sarah Lambert", "IRFA Normandie", TEAMS[2]),
    ("Nina Roche", "AFPA Normandie", None),
    ("Omar Diallo", "Mission locale de Caen", None),
    ("Lucie Caron", "CEP Normandie", None),
    ("Théo Lemoine", "Ateliers du Bocage", None),
)


def roster_workbook() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Nom", "E-mail", "Structure", "Équipe"])
    for name, structure, team in PEOPLE:
        book.active.append([name, name.split()[0].lower() + "@exemple.fr", structure, team])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


JURORS = (("Claire Fontaine", "Pôle emploi Normandie", TABLET), ("Marc Aubert", "Région Normandie", TABLET_PORTRAIT))

# What each team writes in its studio; the third team leaves its level 2 criterion empty (its export must wait).
DESIGNS = {
    TEAMS[0]: {
        "Nom du badge": "Sobriété au quotidien",
        "Description courte": "Reconnaît les gestes qui réduisent l'empreinte écologique du travail.",
        "Compétence visée": "Adopter des gestes sobres au travail",
        "Niveau 1 « je pratique »": "J'éteins, je trie et je limite les impressions.",
        "Niveau 2 « je maîtrise »": "J'entraîne mon équipe vers des pratiques sobres et j'en mesure l'effet.",
        "Preuves attendues": "Un relevé de gestes sur deux semaines.",
        "Évaluation par la structure": "Entretien avec le tuteur sur le relevé.",
        "Texte alternatif de l'image": "Une feuille verte dans un cercle",
    },
    TEAMS[1]: {
        "Nom du badge": "Pas à pas numérique",
        "Description courte": "Reconnaît l'autonomie dans les démarches en ligne.",
        "Compétence visée": "Réaliser ses démarches en ligne",
        "Niveau 1 « je pratique »": "Je crée un compte et je dépose un document.",
        "Niveau 2 « je maîtrise »": "J'aide une autre personne à faire sa démarche.",
        "Preuves attendues": "Une démarche réalisée devant le formateur.",
        "Évaluation par la structure": "Observation pendant l'atelier.",
        "Texte alternatif de l'image": "Un écran et une main",
    },
    TEAMS[2]: {
        "Nom du badge": "Travailler ensemble",
        "Description courte": "Reconnaît la coopération dans un collectif de travail.",
        "Compétence visée": "Coopérer dans une équipe",
        "Niveau 1 « je pratique »": "Je partage l'information utile avec mon équipe.",
        "Preuves attendues": "Un retour de l'équipe d'accueil.",
        "Évaluation par la structure": "Bilan à trois avec le tuteur.",
        "Texte alternatif de l'image": "Deux mains qui se serrent",
    },
}
LEVEL2_FIX = "J'organise le travail d'un petit groupe et j'en fais le bilan."
# The jury's marks per team (a 0-5 scale on every criterion): the ranking the day ends with.
MARKS = {TEAMS[2]: 5, TEAMS[0]: 4, TEAMS[1]: 2}


class Day:
    """What the day leaves behind for its next moments: the server, the people's pages, what was learnt."""

    def __init__(self, server, pages):
        self.server, self.pages = server, pages
        self.organiser = self.projector = None
        self.dashboard = ""
        self.codes: dict[str, str] = {}
        self.teams: dict[str, list] = {}
        self.invitations: dict[str, str] = {}


@pytest.fixture(scope="module")
def day(tmp_path_factory, browser):
    server = start_server(tmp_path_factory.mktemp("full-day"))
    pages = Pages(browser)
    yield Day(server, pages)
    pages.close()
    server.stop()


def move_to(page, phase: str) -> None:
    page.get_by_role("button", name=f"Passer à « {phase} »").click()
    expect(page.get_by_role("heading", name=f"Phase : {phase}")).to_be_visible()


def wall_phase(projector, phase: str) -> None:
    expect(projector.locator(".screen__phase-name")).to_have_text(phase, timeout=15000)


def test_the_organiser_builds_the_event_from_a_roster(day):
    page = day.organiser = day.pages(viewport=LAPTOP)
    sign_in_as_organiser(page, day.server)
    page.get_by_role("link", name="Créer un événement").click()
    page.get_by_label("Nom de l'événement").fill(EVENT)
    page.get_by_label("Lieu").fill("Abbaye-aux-Dames, Caen")
    page.get_by_label("Début (heure de Paris)").fill("2026-11-26T09:00")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name=EVENT, level=1)).to_be_visible()
    day.dashboard = page.url

    page.get_by_role("link", name="Importer une liste (Excel ou CSV)").click()
    page.get_by_label(re.compile("^Fichier Excel ou CSV")).set_input_files(
        files=[
            {
                "name": "participants.xlsx",
                "buffer": roster_workbook(),
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        ]
    )
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_text("13 lignes importées, aucune refusée.")).to_be_visible()
    expect(page.get_by_text("4 personnes sans équipe rejoignent les équipes existantes.")).to_be_visible()
    check_accessibility(page, "full-day-roster-laptop")
    page.goto(day.dashboard)
    table = page.get_by_role("table", name="Équipes, codes et membres")
    for team in TEAMS:
        row = table.get_by_role("row", name=re.compile(team))
        expect(row).to_be_visible()
        day.codes[team] = re.search(r"\b[A-Z2-9]{6}\b", row.inner_text()).group(0)

    for name, structure, _ in JURORS:
        page.get_by_label("Nom du juré").fill(name)
        page.get_by_label("E-mail du juré").fill(name.split()[0].lower() + "@jury.example")
        page.get_by_label("Structure du juré").fill(structure)
        page.get_by_role("button", name="Ajouter au jury").click()
        link = page.get_by_label(f"Lien d'invitation de {name}")
        expect(link).to_be_visible()
        day.invitations[name] = link.input_value()
    check_accessibility(page, "full-day-organiser-preparation-laptop")

    screen = page.get_by_role("region", name="Écran de la salle").get_by_role("link").get_attribute("href")
    projector = day.projector = day.pages(viewport=PROJECTOR)
    projector.goto(screen)
    wall_phase(projector, "Préparation")
    projector.evaluate("window.sameWall = true")  # gone if the page ever reloads
    screenshot(projector, "full-day-projector-preparation")


def join(day, team: str, name: str, viewport):
    page = day.pages(viewport=viewport)
    join_team(page, day.server.url, day.codes[team], name)
    expect(page.get_by_role("heading", name=f"Équipe « {team} »", level=1)).to_be_visible()
    return page


def saved(page) -> None:
    expect(page.locator("[data-studio-status]")).to_have_text("Connecté · tout est enregistré", timeout=15000)


def test_three_teams_design_their_badges_at_once(day):
    move_to(day.organiser, "Conception")
    wall_phase(day.projector, "Conception")
    day.teams = {
        TEAMS[0]: [join(day, TEAMS[0], "Léa", PHONE), join(day, TEAMS[0], "Hugo", LAPTOP)],
        TEAMS[1]: [join(day, TEAMS[1], "Yanis", LAPTOP)],
        TEAMS[2]: [join(day, TEAMS[2], "Zoé", PHONE)],
    }
    for team, fields in DESIGNS.items():
        writers = day.teams[team]
        for number, (label, text) in enumerate(fields.items()):
            page = writers[number % len(writers)]  # teammates share the work, each in their own field
            expect(page.get_by_label(label)).to_be_enabled(timeout=15000)
            page.get_by_label(label).fill(text)
        first = writers[0]
        first.get_by_label("Transition").select_option(index=1)
        first.get_by_label("Titre sur l'image").fill(fields["Nom du badge"][:20])
        first.get_by_role("button", name="Utiliser cette image").click()
        expect(first.locator("[data-no-image]")).to_be_hidden(timeout=15000)
        for page in writers:
            saved(page)
            expect(page.get_by_label("Nom du badge")).to_have_value(fields["Nom du badge"], timeout=15000)
    # the organiser's board: who is in, how far each team has got
    page = day.organiser
    page.goto(day.dashboard)
    board = page.get_by_role("table", name=re.compile("Équipes en conception"))
    for team, writers in day.teams.items():
        row = board.get_by_role("row", name=re.compile(team))
        expect(row.locator("[data-online]")).to_contain_text(f"{len(writers)} / ", timeout=15000)
        expect(row.locator("[data-activity]")).not_to_contain_text("pas encore de modification")
    check_accessibility(page, "full-day-organiser-board-laptop")

    # the teams' print sheets: one card per team, no juror's invitation among them
    page.get_by_role("link", name="Liens et QR codes à imprimer").click()
    expect(page.locator(".print-card")).to_have_count(len(TEAMS))
    for link in day.invitations.values():
        expect(page.get_by_text(link)).to_have_count(0)
    page.emulate_media(media="print")
    screenshot(page, "full-day-print-sheet")
    page.emulate_media(media="screen")

    phone = day.teams[TEAMS[0]][0]
    check_accessibility(phone, "full-day-studio-phone")
    check_accessibility(day.teams[TEAMS[1]][0], "full-day-studio-laptop")
    screenshot(day.projector, "full-day-projector-design")


def test_the_teams_pitch_with_the_timer_on_the_wall(day):
    page = day.organiser
    page.goto(day.dashboard)
    desk = page.locator("[data-pitch-desk]")
    desk.get_by_role("button", name="Tirer l'ordre au sort").click()
    expect(page.get_by_text("Nouvel ordre de passage tiré au sort.")).to_be_visible()
    page.get_by_label("Durée d'un pitch (minutes)").fill("3")
    page.get_by_role("button", name="Enregistrer la durée").click()
    expect(page.get_by_text("Chaque pitch dure désormais 3 min.")).to_be_visible()
    order = [name.removesuffix(" — à l'écran").strip() for name in page.locator(".pitch-list__name").all_inner_texts()]
    assert sorted(order) == sorted(TEAMS)
    move_to(page, "Pitchs")
    wall = day.projector
    wall_phase(wall, "Pitchs")
    for number, team in enumerate(order):
        following = order[number + 1] if number + 1 < len(order) else None
        expect(wall.locator(".screen__pitch")).to_have_text(f"Pitch de l'équipe « {team} »", timeout=15000)
        expect(wall.get_by_role("heading", name=DESIGNS[team]["Nom du badge"])).to_be_visible()
        expect(wall.locator(".kiosk__next")).to_have_text(f"À suivre : {following}" if following else "Dernier pitch")
        expect(wall.locator(".pitch-timer")).to_have_text("03:00")
        expect(page.locator("body[data-clicker='ready']")).to_have_count(1)
        page.keyboard.press("b")  # the clicker starts the team's timer
        expect(wall.locator(".pitch-clock__state")).to_have_text("En cours")
        expect(wall.locator("[data-pitch-timer]")).to_have_text(re.compile(r"02:[45]\d"))
        if number == 0:
            page.keyboard.press(".")  # and pauses it, for a question from the room
            expect(wall.locator(".pitch-clock__state")).to_have_text("En pause")
            check_accessibility(wall, "full-day-projector-pitch-paused")
            page.get_by_role("button", name="Reprendre").click()
            expect(wall.locator(".pitch-clock__state")).to_have_text("En cours")
            check_accessibility(page, "full-day-organiser-pitches-laptop")
        if following:
            expect(page.locator("body[data-clicker='ready']")).to_have_count(1)
            page.keyboard.press("PageDown")  # the next team
    check_accessibility(wall, "full-day-projector-pitch")


def as_juror(day, name: str, viewport):
    page = day.pages(viewport=viewport)
    page.goto(day.invitations[name])
    page.get_by_role("button", name="Rejoindre le jury").click()
    expect(page.get_by_role("heading", name=re.compile("Bienvenue dans le jury"))).to_be_visible()
    return page


def test_the_jurors_score_every_badge_on_their_tablets(day):
    for name, _, viewport in JURORS:
        page = as_juror(day, name, viewport)
        for team in TEAMS:
            page.goto(day.server.url + "/jury")
            page.get_by_role("link", name=team, exact=True).click()
            expect(page.get_by_role("heading", name=team, level=1)).to_be_visible()
            criteria = page.locator("[data-criterion]")
            expect(page.locator("[data-criterion] input").first).to_be_focused()
            for _ in range(criteria.count()):
                page.keyboard.press(str(MARKS[team]))
            expect(page.locator("input[type=radio]:checked")).to_have_count(criteria.count())
            # the juror moves on at once, before the remark's autosave: the page queues it as it goes
            page.get_by_label("Retour pour l'équipe (court, public)").fill(f"{name.split()[0]} : merci, {team} !")
        expect(page.locator("[data-scoring-status]")).to_have_attribute("data-state", "saved", timeout=15000)
        page.goto(day.server.url + "/jury")
        page.get_by_role("link", name=TEAMS[0], exact=True).click()  # the outbox empties on any sheet
        deadline = time.monotonic() + 15
        while queued(page) and time.monotonic() < deadline:
            page.wait_for_timeout(200)
        assert queued(page) == []
        expect(page.locator("[data-scoring-status]")).to_have_text("Enregistré")
        expect(page.get_by_label("Retour pour l'équipe (court, public)")).to_have_value(
            f"{name.split()[0]} : merci, {TEAMS[0]} !"
        )
        check_accessibility(page, f"full-day-scoring-{viewport['width']}x{viewport['height']}")


def test_the_jury_deliberates_and_the_ceremony_plays_on_the_same_wall(day):
    page = day.organiser
    page.goto(day.dashboard)
    move_to(page, "Évaluation")
    move_to(page, "Délibération")
    wall_phase(day.projector, "Délibération")
    page.get_by_role("link", name=re.compile("Jury : grille")).click()
    page.get_by_role("link", name="Délibération", exact=True).click()
    rows = page.get_by_role("table", name="Classement des badges").locator("tbody tr")
    expect(rows).to_have_count(3)
    assert [row.locator("th").inner_text().split("\n")[0] for row in rows.all()] == [TEAMS[2], TEAMS[0], TEAMS[1]]
    check_accessibility(page, "full-day-deliberation-laptop")
    page.get_by_role("button", name="Confirmer les lauréats").click()
    expect(page.get_by_text("Lauréats confirmés.")).to_be_visible()

    page.goto(day.dashboard)
    move_to(page, "Résultats")
    expect(day.projector.get_by_text("Et les lauréats sont…")).to_be_visible(timeout=15000)
    page.goto(page.url.split("/events/")[0] + "/jury/events/" + day.dashboard.rsplit("/", 1)[1] + "/ceremony")
    for shown, team in enumerate((TEAMS[0], TEAMS[2]), start=1):
        page.get_by_role("button", name="Révéler la suite").click()
        expect(day.projector.locator(".reveal")).to_have_count(shown, timeout=15000)
        expect(day.projector.locator(".reveal").filter(has_text=team)).to_be_visible()
    check_accessibility(day.projector, "full-day-projector-ceremony")
    assert day.projector.evaluate("window.sameWall") is True  # the wall followed the whole day, never reloading


def test_each_team_reads_its_results(day):
    for team, place in ((TEAMS[2], "lauréat"), (TEAMS[1], "n'a pas été retenu")):
        page = day.teams[team][0]  # open since the design phase: the results arrive by themselves
        panel = page.get_by_role("region", name="Vos résultats")
        expect(panel).to_contain_text(place)
        expect(panel).to_contain_text(f"Claire : merci, {team} !")
        check_accessibility(page, f"full-day-results-{'phone' if page.viewport_size == PHONE else 'laptop'}")


def winner_on(page, place: int, team: str):
    return page.locator("section", has=page.get_by_role("heading", name=f"{place}. {team}", level=2))


def give_reasons(page) -> None:
    """A winner close to a badge of the regional rule set is added only with a written reason."""
    for reason in page.get_by_label(re.compile("pourquoi l'ajouter quand même")).all():
        reason.fill("Un badge né du Badgeathon de Caen, pour d'autres publics.")


def test_staff_export_the_ready_winner_then_fix_the_other_and_export_it(day):
    page = day.organiser
    export_url = day.dashboard + "/export"
    page.goto(export_url)
    first, second = winner_on(page, 1, TEAMS[2]), winner_on(page, 2, TEAMS[0])
    expect(first.locator(".export-status")).to_contain_text("À corriger avant l'export")
    expect(second.locator(".export-status")).to_contain_text("Prêt à exporter")
    check_accessibility(page, "full-day-export-before-laptop")
    give_reasons(page)
    page.get_by_role("button", name="Exporter dans le référentiel les badges prêts").click()
    expect(page.get_by_text(re.compile(r"Référentiel version \d+ publiée"))).to_be_visible()
    expect(second.locator(".export-status")).to_have_text("Exporté")

    first.get_by_role("link", name=re.compile("^Corriger le badge")).click()
    level2 = page.get_by_label("Niveau 2 « je maîtrise »")
    expect(level2).to_be_enabled(timeout=15000)
    level2.fill(LEVEL2_FIX)
    saved(page)
    page.goto(export_url)
    expect(first.locator(".export-status")).to_contain_text("Prêt à exporter")
    give_reasons(page)
    first.get_by_role("button", name=re.compile("^Exporter ce badge seulement")).click()
    expect(first.locator(".export-status")).to_have_text("Exporté")
    check_accessibility(page, "full-day-export-done-laptop")

    # the winning team, still on its page since the morning, finds its badge in the catalogue
    team = day.teams[TEAMS[2]][0]
    team.reload()
    results = team.get_by_role("region", name="Vos résultats")
    results.get_by_role("link", name="Voir votre badge dans le catalogue").click()
    expect(team.get_by_role("heading", name=DESIGNS[TEAMS[2]]["Nom du badge"], level=1)).to_be_visible()
    expect(team.get_by_text(LEVEL2_FIX)).to_be_visible()
    check_accessibility(team, "full-day-catalogue-phone")
