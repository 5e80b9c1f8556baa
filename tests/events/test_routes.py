"""The organiser's and participants' event pages through the real routes and database: events, teams, the roster,
jurors, phases, the clock, joining a team, structures and QR codes."""

import html
import io
import re
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from badgeathon.auth.models import Person, Role
from badgeathon.events.models import Event, Organisation, PhaseChange, Team
from badgeathon.extensions import db, limiter
from tests.conftest import sign_in_participant


@pytest.fixture(autouse=True)
def fresh_rate_limits(app):
    with app.app_context():
        limiter.reset()


@pytest.fixture
def organiser(as_role):
    return as_role("organiser")


@contextmanager
def database(app):
    """A short app context to read what the requests stored (requests never share it)."""
    with app.app_context():
        yield db.session


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def the_event(session, world) -> Event:
    return session.execute(db.select(Event).filter_by(public_id=world.event_id)).scalar_one()


def count(session, model, **filters) -> int:
    return session.execute(db.select(db.func.count()).select_from(model).filter_by(**filters)).scalar()


def event_form(**overrides) -> dict:
    form = {
        "name": "Badgeathon de Rouen",
        "venue": "Rouen",
        "starts_at": "2026-11-26T09:00",
        "design_minutes": "360",
        "winners": "2",
        "themes": "Transition écologique\nTransition numérique",
    }
    form.update(overrides)
    return form


def csv_upload(text: str, encoding: str = "utf-8", **fields) -> dict:
    return {"file": (io.BytesIO(text.encode(encoding)), "roster.csv"), **fields}


# --- creating and editing an event -----------------------------------------------------------------------------


def test_organiser_creates_an_event_and_is_sent_to_its_dashboard(app, organiser):
    response = organiser.post("/events/new", data=event_form(themes="A\nB"))

    assert response.status_code == 302
    with database(app) as session:
        event = session.execute(db.select(Event).filter_by(name="Badgeathon de Rouen")).scalar_one()
        assert response.headers["Location"] == f"/events/{event.public_id}"
        assert (event.venue, event.design_minutes, event.winners) == ("Rouen", 360, 2)
        assert [theme.name for theme in event.themes] == ["A", "B"]


def test_event_start_typed_in_paris_winter_time_is_stored_one_hour_earlier_in_utc(app, organiser):
    organiser.post("/events/new", data=event_form(starts_at="2026-11-26T09:00"))

    with database(app) as session:
        event = session.execute(db.select(Event).filter_by(name="Badgeathon de Rouen")).scalar_one()
        assert event.starts_at == datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def test_event_start_typed_in_paris_summer_time_is_stored_two_hours_earlier_in_utc(app, organiser):
    organiser.post("/events/new", data=event_form(starts_at="2026-06-18T09:00"))

    with database(app) as session:
        event = session.execute(db.select(Event).filter_by(name="Badgeathon de Rouen")).scalar_one()
        assert event.starts_at == datetime(2026, 6, 18, 7, 0, tzinfo=UTC)


def test_event_name_over_120_characters_is_refused_and_nothing_created(app, organiser):
    response = organiser.post("/events/new", data=event_form(name="x" * 121))

    assert response.status_code == 422
    assert "120 caractères au plus" in page(response)
    with database(app) as session:
        assert count(session, Event) == 1  # only world's


@pytest.mark.parametrize("minutes", ["29", "1441", "0", "-5", "beaucoup"])
def test_design_duration_out_of_range_is_refused_and_nothing_created(app, organiser, minutes):
    response = organiser.post("/events/new", data=event_form(design_minutes=minutes))

    assert response.status_code == 422
    with database(app) as session:
        assert count(session, Event) == 1  # only world's


def test_design_duration_out_of_range_says_the_allowed_range(organiser):
    response = organiser.post("/events/new", data=event_form(design_minutes="2000"))

    assert "Entre 30 et 1440 minutes." in page(response)


def test_event_without_any_real_theme_is_refused_without_a_server_error(app, organiser):
    response = organiser.post("/events/new", data=event_form(themes="  \n \n"))

    assert response.status_code in (400, 422)
    with database(app) as session:
        assert count(session, Event) == 1  # only world's


def test_editing_an_event_replaces_and_renames_its_themes(app, organiser, world):
    response = organiser.post(
        f"/events/{world.event_id}/edit",
        data=event_form(name="Badgeathon test", themes="Transition numérique\nTransition démographique"),
    )

    assert response.status_code == 302
    with database(app) as session:
        event = the_event(session, world)
        assert [theme.name for theme in event.themes] == ["Transition numérique", "Transition démographique"]


def test_editing_an_event_keeps_a_theme_whose_name_only_changes_case(app, organiser, world):
    with database(app) as session:
        kept_id = next(t.id for t in the_event(session, world).themes if t.name == "Transition numérique")

    organiser.post(
        f"/events/{world.event_id}/edit", data=event_form(themes="Transition écologique\ntransition NUMÉRIQUE")
    )

    with database(app) as session:
        themes = {theme.name: theme.id for theme in the_event(session, world).themes}
        assert themes["transition NUMÉRIQUE"] == kept_id


def test_a_team_whose_theme_is_dropped_ends_with_no_theme(app, organiser, world):
    with database(app) as session:
        team = session.execute(db.select(Team).filter_by(public_id=world.team_id)).scalar_one()
        assert team.theme.name == "Transition écologique"

    response = organiser.post(f"/events/{world.event_id}/edit", data=event_form(themes="Transition numérique"))

    assert response.status_code == 302
    with database(app) as session:
        team = session.execute(db.select(Team).filter_by(public_id=world.team_id)).scalar_one()
        assert team.theme_id is None
        assert [theme.name for theme in the_event(session, world).themes] == ["Transition numérique"]


def test_edit_page_shows_the_start_in_paris_time(organiser, world):
    # world's event starts at 08:00 UTC on 24 November, 09:00 in Paris.
    response = organiser.get(f"/events/{world.event_id}/edit")

    assert response.status_code == 200
    assert 'value="2026-11-24T09:00"' in response.get_data(as_text=True)


# --- teams ----------------------------------------------------------------------------------------------------


def test_organiser_adds_a_team_with_a_theme(app, organiser, world):
    with database(app) as session:
        theme_id = the_event(session, world).themes[1].id

    response = organiser.post(
        f"/events/{world.event_id}/teams", data={"team-name": "Les Bâtisseurs", "team-theme": str(theme_id)}
    )

    assert response.status_code == 302
    with database(app) as session:
        team = session.execute(db.select(Team).filter_by(name="Les Bâtisseurs")).scalar_one()
        assert team.theme_id == theme_id
        assert len(team.join_code) == 6


def test_a_theme_given_after_the_team_is_made_reaches_its_untouched_design(app, organiser, world):
    """The design is made with the team; until anyone writes in it, it follows the theme the organiser gives later
    (as a design made on first sight did)."""
    from badgeathon.workshop.models import Design

    with database(app) as session:
        theme = the_event(session, world).themes[1]
        theme_id, theme_name = theme.id, theme.name

    response = organiser.post(
        f"/events/{world.event_id}/teams/{world.other_team_id}/theme",
        data={f"theme-{world.other_team_id}-theme": str(theme_id)},
    )

    assert response.status_code == 302
    with database(app) as session:
        team = session.execute(db.select(Team).filter_by(public_id=world.other_team_id)).scalar_one()
        assert team.theme_id == theme_id
        assert session.execute(db.select(Design.view).filter_by(team_id=team.id)).scalar_one().theme == theme_name


def test_team_added_with_theme_zero_has_no_theme(app, organiser, world):
    organiser.post(f"/events/{world.event_id}/teams", data={"team-name": "Sans Thème", "team-theme": "0"})

    with database(app) as session:
        assert session.execute(db.select(Team).filter_by(name="Sans Thème")).scalar_one().theme_id is None


def test_team_name_already_used_in_another_case_is_refused_as_a_conflict(app, organiser, world):
    response = organiser.post(f"/events/{world.event_id}/teams", data={"team-name": "les pionniers", "team-theme": "0"})

    assert response.status_code == 409
    assert "Une équipe s'appelle déjà « les pionniers » dans cet événement." in page(response)
    with database(app) as session:
        names = [team.name.casefold() for team in the_event(session, world).teams]
        assert names.count("les pionniers") == 1


def test_team_name_over_80_characters_is_refused(app, organiser, world):
    response = organiser.post(f"/events/{world.event_id}/teams", data={"team-name": "x" * 81, "team-theme": "0"})

    assert response.status_code == 422
    assert "80 caractères au plus" in page(response)
    with database(app) as session:
        assert len(the_event(session, world).teams) == 2


def test_team_with_a_theme_of_another_event_is_refused(app, organiser, world):
    response = organiser.post(f"/events/{world.event_id}/teams", data={"team-name": "Égarée", "team-theme": "999999"})

    assert response.status_code == 422
    with database(app) as session:
        assert count(session, Team, name="Égarée") == 0


# --- the roster --------------------------------------------------------------------------------------------------

ROSTER_HEADER = "Nom;E-mail;Structure;Équipe"


def test_roster_import_stores_good_lines_and_lists_bad_ones_with_their_reason(app, organiser, world):
    roster = "\n".join(
        [
            ROSTER_HEADER,
            "Léa Duval;lea.duval@exemple.fr;IRFA;Les Pionniers",
            "Noé Martin;pas-un-email;IRFA;Les Pionniers",
            ";sans.nom@exemple.fr;IRFA;Les Pionniers",
            "Inès Roy;ines.roy@exemple.fr;CEP Normandie;Nouvelle Équipe",
        ]
    )

    response = organiser.post(f"/events/{world.event_id}/roster", data=csv_upload(roster))

    assert response.status_code == 200
    text = page(response)
    assert "l'e-mail n'est pas valide" in text
    assert "le nom manque" in text
    with database(app) as session:
        event = the_event(session, world)
        people = {p.email: p for p in event.participants if p.email}
        assert set(people) == {"lea.duval@exemple.fr", "ines.roy@exemple.fr"}
        assert people["lea.duval@exemple.fr"].team.public_id == world.team_id
        assert people["ines.roy@exemple.fr"].team.name == "Nouvelle Équipe"
        assert people["ines.roy@exemple.fr"].joined_at is None  # a roster line until the person joins


def test_roster_saved_by_excel_in_latin_1_keeps_its_accents(app, organiser, world):
    roster = "\r\n".join([ROSTER_HEADER, "Hélène Lefèvre;helene@exemple.fr;Région Normandie;Équipe Été", ""])

    response = organiser.post(f"/events/{world.event_id}/roster", data=csv_upload(roster, encoding="cp1252"))

    assert response.status_code == 200
    with database(app) as session:
        person = session.execute(db.select(Person).filter_by(email="helene@exemple.fr")).scalar_one()
        assert person.name == "Hélène Lefèvre"
        assert person.organisation.name == "Région Normandie"
        assert person.team.name == "Équipe Été"


def test_roster_without_the_required_columns_is_refused_and_nothing_stored(app, organiser, world):
    roster = "Prénom;Téléphone\nLéa;0231000000\n"

    response = organiser.post(f"/events/{world.event_id}/roster", data=csv_upload(roster))

    assert response.status_code == 422
    assert "Colonnes introuvables" in page(response)
    with database(app) as session:
        assert count(session, Person, role=Role.PARTICIPANT) == 1  # only world's Voisin


def test_roster_file_that_is_not_a_csv_is_refused(app, organiser, world):
    response = organiser.post(
        f"/events/{world.event_id}/roster", data={"file": (io.BytesIO(b"%PDF-1.4"), "roster.pdf")}
    )

    assert response.status_code == 422
    assert "Le fichier doit être un classeur Excel (.xlsx) ou un CSV (.csv)." in page(response)


def test_roster_auto_form_makes_teams_that_mix_organisations(app, organiser, world):
    lines = [
        f"Personne {org}{n};{org.lower()}{n}@exemple.fr;Structure {org};"
        for org in ("A", "B", "C")
        for n in range(1, 5)
    ]
    roster = "\n".join([ROSTER_HEADER, *lines])

    response = organiser.post(f"/events/{world.event_id}/roster", data=csv_upload(roster, auto_form="y", team_size="4"))

    assert response.status_code == 200
    assert "refusée :" not in page(response)  # no line refused
    with database(app) as session:
        event = the_event(session, world)
        imported = [p for p in event.participants if p.email and p.email.endswith("@exemple.fr")]
        assert len(imported) == 12
        assert all(p.team is not None for p in imported)
        teams = {}
        for person in imported:
            teams.setdefault(person.team.name, []).append(person.organisation.name)
        assert len(teams) == 3
        assert all(len(members) == 4 for members in teams.values())
        assert all(len(set(orgs)) > 1 for orgs in teams.values())
        assert {"Les Pionniers", "Les Voisins"}.isdisjoint(teams)


def test_roster_line_with_an_e_mail_already_in_the_event_is_refused(app, organiser, world):
    first = "\n".join([ROSTER_HEADER, "Léa Duval;lea.duval@exemple.fr;IRFA;Les Pionniers"])
    again = "\n".join(
        [
            ROSTER_HEADER,
            "Léa Duval bis;LEA.DUVAL@exemple.fr;IRFA;Les Pionniers",
            "Noé Martin;noe.martin@exemple.fr;IRFA;Les Pionniers",
        ]
    )
    organiser.post(f"/events/{world.event_id}/roster", data=csv_upload(first))

    response = organiser.post(f"/events/{world.event_id}/roster", data=csv_upload(again))

    assert response.status_code == 200
    text = page(response)
    assert "déjà inscrit" in text
    with database(app) as session:
        assert count(session, Person, email="lea.duval@exemple.fr") == 1
        assert count(session, Person, email="noe.martin@exemple.fr") == 1


def test_roster_line_with_a_jurors_e_mail_is_refused(app, organiser, world):
    roster = "\n".join([ROSTER_HEADER, "Jeanne;jeanne@region.example;IRFA;Les Pionniers"])

    response = organiser.post(f"/events/{world.event_id}/roster", data=csv_upload(roster))

    assert "déjà inscrit" in page(response)
    with database(app) as session:
        assert count(session, Person, email="jeanne@region.example") == 1


# --- forming teams --------------------------------------------------------------------------------------------


def add_unassigned(app, world, people):
    with database(app) as session:
        event = the_event(session, world)
        for name, organisation in people:
            org = session.execute(db.select(Organisation).filter_by(name=organisation)).scalar_one_or_none()
            session.add(
                Person(
                    role=Role.PARTICIPANT, name=name, event=event, organisation=org or Organisation(name=organisation)
                )
            )
        session.commit()


def test_form_teams_puts_every_unassigned_participant_in_a_new_team(app, organiser, world):
    add_unassigned(app, world, [(f"P{n}", "IRFA" if n % 2 else "CEP") for n in range(6)])

    response = organiser.post(f"/events/{world.event_id}/form-teams", data={"form-team_size": "3"})

    assert response.status_code == 302
    with database(app) as session:
        event = the_event(session, world)
        assert event.unassigned == []
        new_teams = [team for team in event.teams if team.name not in ("Les Pionniers", "Les Voisins")]
        assert sorted(len(team.members) for team in new_teams) == [3, 3]
        assert all({m.organisation.name for m in team.members} == {"IRFA", "CEP"} for team in new_teams)


def test_form_teams_with_nobody_unassigned_is_refused_with_a_french_message(app, organiser, world):
    response = organiser.post(f"/events/{world.event_id}/form-teams", data={"form-team_size": "4"})

    assert response.status_code == 400
    assert "Tous les participants ont déjà une équipe." in page(response)
    with database(app) as session:
        assert len(the_event(session, world).teams) == 2


def test_form_teams_with_a_size_out_of_range_is_refused(app, organiser, world):
    add_unassigned(app, world, [("P1", "IRFA"), ("P2", "CEP")])

    response = organiser.post(f"/events/{world.event_id}/form-teams", data={"form-team_size": "1"})

    assert response.status_code == 422
    with database(app) as session:
        assert len(the_event(session, world).unassigned) == 2


# --- jurors ----------------------------------------------------------------------------------------------------


def test_organiser_adds_a_juror(app, organiser, world):
    response = organiser.post(
        f"/events/{world.event_id}/jurors",
        data={"juror-name": "Paul Juré", "juror-email": "Paul@Exemple.fr", "juror-organisation": "France Travail"},
    )

    assert response.status_code == 302
    with database(app) as session:
        juror = session.execute(db.select(Person).filter_by(email="paul@exemple.fr")).scalar_one()
        assert juror.role == Role.JUROR
        assert juror.event.public_id == world.event_id
        assert juror.organisation.name == "France Travail"


def test_juror_e_mail_already_on_the_jury_is_refused_as_a_conflict(app, organiser, world):
    response = organiser.post(
        f"/events/{world.event_id}/jurors",
        data={"juror-name": "Jeanne Bis", "juror-email": "JEANNE@region.example", "juror-organisation": ""},
    )

    assert response.status_code == 409
    assert "jeanne@region.example fait déjà partie du jury." in page(response)
    with database(app) as session:
        assert count(session, Person, role=Role.JUROR) == 1


def test_juror_with_an_invalid_e_mail_is_refused(app, organiser, world):
    response = organiser.post(
        f"/events/{world.event_id}/jurors",
        data={"juror-name": "Paul Juré", "juror-email": "paul-at-exemple", "juror-organisation": ""},
    )

    assert response.status_code == 422
    assert "Cette adresse e-mail n'est pas valide." in page(response)
    with database(app) as session:
        assert count(session, Person, role=Role.JUROR) == 1


# --- phases ------------------------------------------------------------------------------------------------------


def phase_of(app, world):
    with database(app) as session:
        return the_event(session, world).phase


def test_entering_the_design_phase_starts_the_countdown_and_logs_the_move(app, organiser, world):
    before = datetime.now(UTC)

    response = organiser.post(f"/events/{world.event_id}/phase", data={"phase": "design"})

    after = datetime.now(UTC)
    assert response.status_code == 302
    with database(app) as session:
        event = the_event(session, world)
        assert event.phase == "design"
        assert before + timedelta(minutes=360) - timedelta(seconds=2) <= event.design_deadline
        assert event.design_deadline <= after + timedelta(minutes=360) + timedelta(seconds=2)
        changes = session.execute(db.select(PhaseChange).filter_by(event_id=event.id)).scalars().all()
        assert [(c.from_phase, c.to_phase, c.by.email) for c in changes] == [
            ("preparation", "design", world.organiser_email)
        ]


def test_jumping_over_a_phase_is_refused_and_the_phase_kept(app, organiser, world):
    response = organiser.post(f"/events/{world.event_id}/phase", data={"phase": "scoring"})

    assert response.status_code == 409
    assert "On ne peut pas passer de « Préparation » à « Évaluation »." in page(response)
    assert phase_of(app, world) == "preparation"
    with database(app) as session:
        assert count(session, PhaseChange) == 0


def test_unknown_phase_is_flashed_and_the_phase_kept(app, organiser, world):
    response = organiser.post(f"/events/{world.event_id}/phase", data={"phase": "apero"}, follow_redirects=True)

    assert response.status_code == 200
    assert "Phase inconnue." in page(response)
    assert phase_of(app, world) == "preparation"


def test_stepping_back_asks_first_says_what_it_does_and_moves_once_confirmed(app, organiser, world):
    organiser.post(f"/events/{world.event_id}/phase", data={"phase": "design"})
    with database(app) as session:
        deadline = the_event(session, world).design_deadline

    response = organiser.post(f"/events/{world.event_id}/phase", data={"phase": "preparation"})

    assert response.status_code == 200
    text = page(response)
    assert "Revenir à « Préparation » ?" in text
    assert "Les équipes ne peuvent plus modifier leur badge" in text
    assert f"la fin reste fixée à {paris_time(deadline)}" in text
    form = confirmation_form(text)
    assert form["action"] == f"/events/{world.event_id}/phase"
    assert form["fields"] == {"phase": "preparation", "confirm": "yes"}
    assert form["button"] == "Revenir à « Préparation »"
    assert form["cancel"] == f"/events/{world.event_id}"
    assert phase_of(app, world) == "design"
    with database(app) as session:
        assert count(session, PhaseChange) == 1

    confirmed = organiser.post(form["action"], data=form["fields"])

    assert confirmed.status_code == 302
    assert phase_of(app, world) == "preparation"
    with database(app) as session:
        assert count(session, PhaseChange) == 2


@pytest.mark.parametrize(
    ("walk", "says"),
    [
        (["design", "pitches"], "Les jurés ne peuvent plus noter ni voir les badges"),
        (["design", "pitches", "scoring"], "Les jurés peuvent toujours noter : rien n'est effacé."),
        (["design", "pitches", "scoring", "deliberation"], "Les notes sont déverrouillées"),
        (["design", "pitches", "scoring", "deliberation", "results"], "La cérémonie s'interrompt"),
    ],
)
def test_every_step_back_is_confirmed_with_its_own_consequences(app, organiser, world, walk, says):
    for phase in walk:
        assert organiser.post(f"/events/{world.event_id}/phase", data={"phase": phase}).status_code == 302

    response = organiser.post(f"/events/{world.event_id}/phase", data={"phase": walk[-2]})

    assert response.status_code == 200
    assert says in page(response)
    assert confirmation_form(page(response))["fields"] == {"phase": walk[-2], "confirm": "yes"}
    assert phase_of(app, world) == walk[-1]
    jump = organiser.post(f"/events/{world.event_id}/phase", data={"phase": "preparation", "confirm": "yes"})
    assert jump.status_code == 409  # a confirmation never makes a jump
    assert phase_of(app, world) == walk[-1]


def test_coming_back_to_design_keeps_the_first_deadline(app, organiser, world):
    organiser.post(f"/events/{world.event_id}/phase", data={"phase": "design"})
    with database(app) as session:
        first = the_event(session, world).design_deadline
    organiser.post(f"/events/{world.event_id}/phase", data={"phase": "pitches"})

    organiser.post(f"/events/{world.event_id}/phase", data={"phase": "design", "confirm": "yes"})

    with database(app) as session:
        assert the_event(session, world).design_deadline == first


# --- the deadline ------------------------------------------------------------------------------------------------


def paris_time(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo("Europe/Paris")).strftime("%H:%M")


def confirmation_form(text: str) -> dict:
    """The confirmation page's form: where it posts, its hidden fields (not the CSRF token), its button, its way
    back."""
    form = re.search(r'<form method="post" action="([^"]+)" class="actions">(.*?)</form>', text, re.S)
    assert form, "no confirmation form"
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(2)))
    fields.pop("csrf_token")
    return {
        "action": form.group(1),
        "fields": fields,
        "button": re.search(r"<button[^>]*>([^<]+)</button>", form.group(2)).group(1),
        "cancel": re.search(r'<a [^>]*href="([^"]+)"[^>]*>Annuler</a>', form.group(2)).group(1),
    }


def deadline_of(app, world) -> datetime:
    with database(app) as session:
        return the_event(session, world).design_deadline


def test_cutting_the_design_time_asks_first_with_the_new_end_where_adding_time_does_not(app, organiser, world):
    organiser.post(f"/events/{world.event_id}/phase", data={"phase": "design"})
    started = deadline_of(app, world)
    added = organiser.post(f"/events/{world.event_id}/deadline", data={"deadline-minutes": "15"})
    assert added.status_code == 302  # one click
    before = deadline_of(app, world)
    assert before == started + timedelta(minutes=15)

    response = organiser.post(f"/events/{world.event_id}/deadline", data={"deadline-minutes": "-64"})

    assert response.status_code == 200
    text = page(response)
    after = paris_time(before - timedelta(minutes=64))
    assert "Raccourcir la conception de 64 minutes ?" in text
    assert f"La conception se terminera à {after} au lieu de {paris_time(before)} (heure de Paris)." in text
    form = confirmation_form(text)
    assert form["action"] == f"/events/{world.event_id}/deadline"
    assert form["fields"] == {"deadline-minutes": "-64", "deadline-confirm": "yes", "deadline-seen": before.isoformat()}
    assert form["button"] == f"Raccourcir : fin à {after}"
    assert form["cancel"] == f"/events/{world.event_id}"
    assert deadline_of(app, world) == before

    confirmed = organiser.post(form["action"], data=form["fields"])

    assert confirmed.status_code == 302
    assert deadline_of(app, world) == before - timedelta(minutes=64)


def test_a_cut_confirmed_against_a_deadline_moved_since_is_refused(app, organiser, world):
    organiser.post(f"/events/{world.event_id}/phase", data={"phase": "design"})
    seen = deadline_of(app, world)
    organiser.post(f"/events/{world.event_id}/deadline", data={"deadline-minutes": "15"})  # another organiser

    response = organiser.post(
        f"/events/{world.event_id}/deadline",
        data={"deadline-minutes": "-64", "deadline-confirm": "yes", "deadline-seen": seen.isoformat()},
    )

    assert response.status_code == 409
    assert "L'échéance vient d'être déplacée par quelqu'un d'autre" in page(response)
    assert deadline_of(app, world) == seen + timedelta(minutes=15)


def test_a_cut_beyond_the_time_left_says_the_design_ends_at_once(app, organiser, world):
    organiser.post(f"/events/{world.event_id}/phase", data={"phase": "design"})
    with database(app) as session:
        the_event(session, world).design_deadline = datetime.now(UTC) + timedelta(minutes=10)
        session.commit()

    response = organiser.post(f"/events/{world.event_id}/deadline", data={"deadline-minutes": "-30"})

    assert response.status_code == 200
    assert "Raccourcir la conception de 30 minutes ?" in page(response)
    assert "La conception se termine tout de suite" in page(response)
    assert confirmation_form(page(response))["button"] == "Raccourcir : fin immédiate"


# --- the clock ---------------------------------------------------------------------------------------------------


def test_clock_before_the_design_phase_has_no_deadline(organiser, world):
    response = organiser.get(f"/events/{world.event_id}/clock.json")

    assert response.status_code == 200
    assert response.json["phase"] == "preparation"
    assert response.json["deadline"] is None
    assert response.json["remaining"] is None


def test_clock_gives_the_remaining_seconds_until_the_deadline(app, organiser, world):
    organiser.post(f"/events/{world.event_id}/phase", data={"phase": "design"})

    clock = organiser.get(f"/events/{world.event_id}/clock.json").json

    now = datetime.fromisoformat(clock["now"])
    deadline = datetime.fromisoformat(clock["deadline"])
    assert clock["phase"] == "design"
    assert abs((deadline - now).total_seconds() - clock["remaining"]) <= 1
    assert 360 * 60 - 5 <= clock["remaining"] <= 360 * 60
    assert abs((now - datetime.now(UTC)).total_seconds()) < 5
    with database(app) as session:
        assert deadline == the_event(session, world).design_deadline


def test_screen_clock_matches_the_organisers_clock(organiser, client, world):
    organiser.post(f"/events/{world.event_id}/phase", data={"phase": "design"})

    screen = client.get(f"/screen/{world.screen_token}/clock.json").json
    dashboard = organiser.get(f"/events/{world.event_id}/clock.json").json

    assert screen["phase"] == dashboard["phase"] == "design"
    assert screen["deadline"] == dashboard["deadline"]


# --- joining a team ----------------------------------------------------------------------------------------------


def code_field(text: str) -> dict:
    """The join code form of a page: where it posts, the code field's value and error."""
    form = re.search(r'<form method="post" action="([^"]+)" class="form narrow"', text)
    field = re.search(r'<input ([^>]*)id="code"([^>]*)>', text)
    assert form and field, "no join code form"
    attributes = field.group(1) + field.group(2)
    error = re.search(r'<p class="field__error" id="code-error">([^<]*)</p>', text)
    return {
        "action": form.group(1),
        "value": re.search(r'value="([^"]*)"', attributes).group(1),
        "invalid": 'aria-invalid="true"' in attributes,
        "error": error.group(1) if error else None,
    }


def test_unknown_join_code_in_a_link_offers_the_code_form_with_the_error(client, world):
    response = client.get("/join/ZZZZZZ")

    assert response.status_code == 404  # the join limit counts it as a guess
    text = page(response)
    assert "Impossible de poursuivre" not in text
    field = code_field(text)
    assert field["action"] == "/join"
    assert field["value"] == "ZZZZZZ"
    assert field["invalid"]
    assert field["error"].startswith("Ce code d'équipe est inconnu")


def test_unknown_join_code_typed_in_the_form_is_shown_again_with_the_error(client, world):
    response = client.post("/join", data={"code": "ZZZ-ZZZ"})

    assert response.status_code == 404  # the join limit counts it as a guess
    text = page(response)
    assert "Impossible de poursuivre" not in text
    field = code_field(text)
    assert field == {
        "action": "/join",
        "value": "ZZZ-ZZZ",
        "invalid": True,
        "error": "Ce code d'équipe est inconnu. Vérifiez les 6 caractères affichés par l'organisation.",
    }

    retry = client.post(field["action"], data={"code": world.join_code})

    assert retry.status_code == 302
    assert retry.headers["Location"] == f"/join/{world.join_code}"
    machine = client.post("/join", data={"code": "ZZZZZZ"}, headers={"Accept": "application/json"})
    assert (machine.status_code, machine.json["code"]) == (404, "unknown_join_code")  # a machine still gets JSON


def test_join_code_typed_in_lowercase_with_spaces_and_a_dash_finds_the_team(client, world):
    typed = f" {world.join_code[:3].lower()}-{world.join_code[3:].lower()} "

    response = client.post("/join", data={"code": typed})

    assert response.status_code == 302
    assert response.headers["Location"] == f"/join/{world.join_code}"


def test_joining_a_team_signs_the_participant_in_on_the_team_page(app, client, world):
    response = sign_in_participant(client, world, name="  Alice   Martin ")

    assert response.status_code == 302
    assert response.headers["Location"] == f"/teams/{world.team_id}"
    assert client.get(f"/teams/{world.team_id}").status_code == 200
    with database(app) as session:
        alice = session.execute(db.select(Person).filter_by(name="Alice Martin")).scalar_one()
        assert alice.team.public_id == world.team_id
        assert alice.organisation is None and alice.organisation_claim == "IRFA"  # unknown: the organiser confirms it
        assert alice.joined_at is not None


def test_joining_with_the_name_of_a_roster_line_claims_it(app, organiser, client, world):
    roster = "\n".join([ROSTER_HEADER, "Bob Durand;bob@exemple.fr;IRFA;Les Pionniers"])
    organiser.post(f"/events/{world.event_id}/roster", data=csv_upload(roster))

    response = client.post(f"/join/{world.join_code}", data={"name": "bob  durand", "organisation": ""})

    assert response.status_code == 302
    with database(app) as session:
        bobs = session.execute(db.select(Person).where(db.func.lower(Person.name) == "bob durand")).scalars().all()
        assert len(bobs) == 1
        assert bobs[0].email == "bob@exemple.fr"
        assert bobs[0].joined_at is not None
        assert bobs[0].organisation.name == "IRFA"  # an empty organisation keeps the roster's


def test_joining_another_team_with_a_roster_name_does_not_claim_it(app, organiser, client, world):
    roster = "\n".join([ROSTER_HEADER, "Bob Durand;bob@exemple.fr;IRFA;Les Voisins"])
    organiser.post(f"/events/{world.event_id}/roster", data=csv_upload(roster))

    client.post(f"/join/{world.join_code}", data={"name": "Bob Durand"})

    with database(app) as session:
        line = session.execute(db.select(Person).filter_by(email="bob@exemple.fr")).scalar_one()
        assert line.joined_at is None


def test_joining_with_an_empty_name_is_refused(app, client, world):
    response = client.post(f"/join/{world.join_code}", data={"name": "   ", "organisation": "IRFA"})

    assert response.status_code == 422
    assert "Indiquez votre nom." in page(response)
    with database(app) as session:
        assert count(session, Person, role=Role.PARTICIPANT) == 1


# --- structures --------------------------------------------------------------------------------------------------


def test_organiser_adds_a_structure(app, organiser):
    response = organiser.post("/organisations", data={"name": "AFPA Caen", "kind": "training"})

    assert response.status_code == 302
    with database(app) as session:
        organisation = session.execute(db.select(Organisation).filter_by(name="AFPA Caen")).scalar_one()
        assert organisation.kind == "training"
    assert "AFPA Caen" in page(organiser.get("/organisations"))


def test_structure_already_listed_in_another_case_is_refused_as_a_conflict(app, organiser):
    organiser.post("/organisations", data={"name": "AFPA Caen", "kind": "training"})

    response = organiser.post("/organisations", data={"name": "afpa caen", "kind": "other"})

    assert response.status_code == 409
    assert "existe déjà" in page(response)
    with database(app) as session:
        assert (
            session.execute(db.select(db.func.count()).where(db.func.lower(Organisation.name) == "afpa caen")).scalar()
            == 1
        )


def test_structure_already_listed_with_an_accented_capital_is_refused_as_a_conflict(app, organiser):
    # French names start with accented capitals (École, Éducation, Étape) that people type in lower case.
    organiser.post("/organisations", data={"name": "École de la 2e chance", "kind": "training"})

    response = organiser.post("/organisations", data={"name": "école de la 2e chance", "kind": "training"})

    assert response.status_code == 409
    with database(app) as session:
        names = session.execute(db.select(Organisation.name)).scalars().all()
        assert [name.casefold() for name in names].count("école de la 2e chance") == 1


def test_joining_with_a_structure_in_another_case_reuses_it(app, organiser, client, world):
    organiser.post("/organisations", data={"name": "Éveil Numérique", "kind": "association"})

    client.post(f"/join/{world.join_code}", data={"name": "Alice Martin", "organisation": "éveil numérique"})

    with database(app) as session:
        alice = session.execute(db.select(Person).filter_by(name="Alice Martin")).scalar_one()
        assert alice.organisation.name == "Éveil Numérique"
        assert count(session, Organisation, name="éveil numérique") == 0


def test_structure_of_an_unknown_kind_is_refused(app, organiser):
    response = organiser.post("/organisations", data={"name": "Inconnue", "kind": "secte"})

    assert response.status_code == 422
    with database(app) as session:
        assert count(session, Organisation, name="Inconnue") == 0


# --- QR codes ---------------------------------------------------------------------------------------------------


def test_team_qr_code_is_an_svg_image(organiser, world):
    response = organiser.get(f"/events/{world.event_id}/teams/{world.team_id}/qr.svg")

    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert "<svg" in response.get_data(as_text=True)


def test_qr_code_of_an_unknown_team_is_not_found(organiser, world):
    response = organiser.get(f"/events/{world.event_id}/teams/{uuid.uuid4()}/qr.svg")

    assert response.status_code == 404


def test_qr_code_of_a_team_from_another_event_is_not_found(app, organiser, world):
    organiser.post("/events/new", data=event_form())
    with database(app) as session:
        other = session.execute(db.select(Event).filter_by(name="Badgeathon de Rouen")).scalar_one().public_id

    response = organiser.get(f"/events/{other}/teams/{world.team_id}/qr.svg")

    assert response.status_code == 404
