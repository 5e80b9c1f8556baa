"""The demo event a newcomer finds on a first run: an organiser, a live design phase, teams and a jury."""
from dataclasses import dataclass
from datetime import timedelta

from .auth.models import Person, Role
from .auth.services import create_organiser
from .db_types import utcnow
from .events import services as events
from .events.models import Event, OrganisationKind
from .events.phases import Phase
from .extensions import db

ORGANISER_EMAIL = "organisatrice@badgeathon.example"
DEMO_EVENT_NAME = "Badgeathon Normandie 2026"

ORGANISATIONS = [
    ("IRFA Normandie", OrganisationKind.TRAINING),
    ("Ateliers du Bocage", OrganisationKind.SIAE),
    ("CEP Normandie", OrganisationKind.CEP),
    ("Badgeons la Normandie", OrganisationKind.ASSOCIATION),
    ("Transdev Caen", OrganisationKind.COMPANY),
    ("France Travail Caen", OrganisationKind.PUBLIC),
]

PARTICIPANTS = [
    ("Camille Lefèvre", 0), ("Hugo Marie", 1), ("Léa Duval", 2), ("Nadia Benali", 3), ("Thomas Leroux", 4),
    ("Inès Lecoq", 0), ("Yanis Hébert", 1), ("Manon Guérin", 2), ("Lucas Morel", 5), ("Chloé Fontaine", 4),
    ("Sarah Lemoine", 0), ("Karim Haddad", 1), ("Julie Poulain", 3), ("Antoine Besnard", 5), ("Emma Lebrun", 2),
    ("Mathis Gosselin", 0), ("Zoé Lemaître", 1), ("Rayan Vautier", 3), ("Louise Jamet", 4), ("Noah Lesage", 5),
]

JURORS = [
    ("Martine Lecomte", "martine.lecomte@region.example", 5),
    ("Olivier Picard", "olivier.picard@region.example", 3),
    ("Aïcha Diallo", "aicha.diallo@region.example", 0),
]


@dataclass(frozen=True)
class Demo:
    event: Event
    organiser: Person
    created: bool


def load_demo(password: str) -> Demo:
    """Create the demo event if the database holds no event yet; otherwise give back the first one."""
    existing = db.session.execute(db.select(Event).order_by(Event.id)).scalars().first()
    organiser = db.session.execute(
        db.select(Person).filter_by(role=Role.ORGANISER).order_by(Person.id)
    ).scalars().first()
    if existing is not None and organiser is not None:
        return Demo(existing, organiser, created=False)
    if organiser is None:
        organiser = create_organiser("Organisatrice de la Région", ORGANISER_EMAIL, password)
    for name, kind in ORGANISATIONS:
        if events.organisation_named(name).kind != kind:
            events.organisation_named(name).kind = kind
    now = utcnow()
    event = events.create_event(events.EventDetails(
        name=DEMO_EVENT_NAME, venue="Abbaye aux Dames, Caen", starts_at=now - timedelta(hours=1),
        design_minutes=360, winners=2, themes=("Transition écologique", "Transition économique",
                                                "Transition numérique")))
    for name, org in PARTICIPANTS:
        db.session.add(Person(role=Role.PARTICIPANT, name=name, email=_email(name), event=event,
                              organisation=events.organisation_named(ORGANISATIONS[org][0])))
    db.session.flush()
    teams = events.form_teams(event, 5)
    for team, title in zip(teams, ("Les Éco-gestes", "Cap Numérique", "Économie circulaire", "Tiers-lieux")):
        team.name = title
    for name, email, org in JURORS:
        events.add_juror(event, name, email, ORGANISATIONS[org][0])
    events.move_phase(event, Phase.DESIGN, organiser, now=now - timedelta(minutes=45))
    return Demo(event, organiser, created=True)


def _email(name: str) -> str:
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return ascii_name.replace(" ", ".") + "@exemple.example"
