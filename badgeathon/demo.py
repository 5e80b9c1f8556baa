"""The demo event a newcomer finds on a first run: an organiser, a live design phase, teams and a jury."""

from dataclasses import dataclass
from datetime import timedelta

from .auth.models import Person, Role
from .auth.services import create_organiser
from .db_types import utcnow
from .events import moves
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
    ("Camille Lefèvre", 0),
    ("Hugo Marie", 1),
    ("Léa Duval", 2),
    ("Nadia Benali", 3),
    ("Thomas Leroux", 4),
    ("Inès Lecoq", 0),
    ("Yanis Hébert", 1),
    ("Manon Guérin", 2),
    ("Lucas Morel", 5),
    ("Chloé Fontaine", 4),
    ("Sarah Lemoine", 0),
    ("Karim Haddad", 1),
    ("Julie Poulain", 3),
    ("Antoine Besnard", 5),
    ("Emma Lebrun", 2),
    ("Mathis Gosselin", 0),
    ("Zoé Lemaître", 1),
    ("Rayan Vautier", 3),
    ("Louise Jamet", 4),
    ("Noah Lesage", 5),
]

JURORS = [  # from structures no participant of the room comes from: no juror is recused
    ("Martine Lecomte", "martine.lecomte@region.example", "Région Normandie"),
    ("Olivier Picard", "olivier.picard@region.example", "CCI Normandie"),
    ("Aïcha Diallo", "aicha.diallo@region.example", "AFPA Normandie"),
]


JURY_EVENT_NAME = "Badgeathon Rouen 2026"
JURY_JURORS = [
    ("Sophie Marchand", "sophie.marchand@region.example", "France Travail Caen"),  # recused by the rule
    ("Paul Girard", "paul.girard@region.example", "Région Normandie"),
    ("Nathalie Roussel", "nathalie.roussel@region.example", "CCI Normandie"),
]
# (juror, team) -> the marks on the six criteria of the default rubric
JURY_SCORES = {
    ("Paul Girard", "Les Éco-gestes"): (5, 4, 5, 4, 3, 4),
    ("Paul Girard", "Économie circulaire"): (4, 4, 4, 3, 4, 3),
    ("Paul Girard", "Tiers-lieux"): (3, 3, 2, 2, 3, 4),
    ("Sophie Marchand", "Économie circulaire"): (4, 4, 4, 3, 3, 3),
    ("Nathalie Roussel", "Cap Numérique"): (4, 3, 4, 2, 3, 5),
}


@dataclass(frozen=True)
class Demo:
    event: Event
    organiser: Person
    created: bool
    jury_event: Event | None = None


def load_demo(password: str) -> Demo:
    """Create the demo event if the database holds no event yet; otherwise give back the first one."""
    existing = db.session.execute(db.select(Event).order_by(Event.id)).scalars().first()
    organiser = (
        db.session.execute(db.select(Person).filter_by(role=Role.ORGANISER).order_by(Person.id)).scalars().first()
    )
    if existing is not None and organiser is not None:
        seed_rule_set(organiser)
        return Demo(existing, organiser, created=False)
    if organiser is None:
        organiser = create_organiser("Organisatrice de la Région", ORGANISER_EMAIL, password)
    for name, kind in ORGANISATIONS:
        events.organisation_named(name).kind = kind
    now = utcnow()
    event = events.create_event(
        events.EventDetails(
            name=DEMO_EVENT_NAME,
            venue="Abbaye aux Dames, Caen",
            starts_at=now - timedelta(hours=1),
            design_minutes=360,
            winners=2,
            themes=("Transition écologique", "Transition économique", "Transition numérique"),
        )
    )
    for name, org in PARTICIPANTS:
        db.session.add(
            Person(
                role=Role.PARTICIPANT,
                name=name,
                email=_email(name),
                event=event,
                organisation=events.organisation_named(ORGANISATIONS[org][0]),
            )
        )
    db.session.flush()
    teams = events.form_teams(event, 5)
    for team, title in zip(
        teams, ("Les Éco-gestes", "Cap Numérique", "Économie circulaire", "Tiers-lieux"), strict=True
    ):
        team.name = title
    for name, email, org in JURORS:
        events.add_juror(event, name, email, org)
    moves.move_phase(event, Phase.DESIGN, organiser, now=now - timedelta(minutes=45))
    seed_designs(event)
    jury_event = seed_jury_event(organiser)
    seed_rule_set(organiser)
    return Demo(event, organiser, created=True, jury_event=jury_event)


def seed_jury_event(organiser: Person) -> Event:
    """A second room of the same day, already at the scoring: a rubric, jurors, some scores, a recusal."""
    from .jury import recusal_service, rubric, scoring

    event = events.create_event(
        events.EventDetails(
            name=JURY_EVENT_NAME,
            venue="Maison de la Région, Rouen",
            starts_at=utcnow() - timedelta(hours=7),
            design_minutes=360,
            winners=2,
            themes=("Transition écologique", "Transition économique", "Transition numérique"),
            audience_vote=True,
        )
    )
    for name, org in PARTICIPANTS[:16]:
        db.session.add(
            Person(
                role=Role.PARTICIPANT,
                name=name,
                email=_email(name),
                event=event,
                organisation=events.organisation_named(ORGANISATIONS[org][0]),
            )
        )
    db.session.flush()
    for team, title in zip(
        events.form_teams(event, 4),
        ("Les Éco-gestes", "Cap Numérique", "Économie circulaire", "Tiers-lieux"),
        strict=True,
    ):
        team.name = title
    db.session.commit()
    jurors = {name: events.add_juror(event, name, email, org) for name, email, org in JURY_JURORS}
    moves.move_phase(event, Phase.DESIGN, organiser)
    seed_designs(event)
    moves.move_phase(event, Phase.PITCHES, organiser)
    moves.move_phase(event, Phase.SCORING, organiser)
    criteria = rubric.criteria_of(event)
    teams = {team.name: team for team in event.teams}
    scoring.set_recusal(
        event,
        organiser,
        jurors["Nathalie Roussel"].public_id,
        teams["Tiers-lieux"].public_id,
        True,
        "A accompagné l'équipe pendant la conception.",
    )
    for (juror, team), marks in JURY_SCORES.items():
        if teams[team].id in recusal_service.recused_teams(jurors[juror]):
            continue
        for criterion, mark in zip(criteria, marks, strict=True):
            scoring.save_score(jurors[juror], teams[team].public_id, criterion.public_id, mark)
    scoring.save_note(
        jurors["Paul Girard"],
        teams["Les Éco-gestes"].public_id,
        "Critères très concrets, facile à évaluer en structure.",
        "Bravo : un badge clair, prêt à être délivré.",
    )
    return event


# Partner structures' own badges, mapped to regional competencies and levels (registered by URL: nothing fetched).
# Two for each competency and level, as each key badge asks for two: every key badge, and so the general badge, can be
# earned from them (examples/backpack.json and the README show one backpack).
DEMO_PARTNER_BADGES = [
    (
        "https://badges.example.org/irfa/prise-de-parole",
        "Prise de parole en réunion",
        "IRFA Normandie",
        "Communiquer",
        1,
    ),
    ("https://badges.example.org/cep/accueil-public", "Accueil du public", "CEP Normandie", "Communiquer", 1),
    (
        "https://badges.example.org/bocage/planning-chantier",
        "Planifier sa journée de chantier",
        "Ateliers du Bocage",
        "Organiser",
        1,
    ),
    ("https://badges.example.org/transdev/travail-en-equipe", "Travail en équipe", "Transdev Caen", "S'intégrer", 2),
    (
        "https://badges.example.org/irfa/compte-rendu",
        "Rédiger un compte rendu de réunion",
        "IRFA Normandie",
        "Communiquer",
        2,
    ),
    (
        "https://badges.example.org/badgeons/presenter-un-projet",
        "Présenter un projet devant un jury",
        "Badgeons la Normandie",
        "Communiquer",
        2,
    ),
    (
        "https://badges.example.org/transdev/ponctualite",
        "Respecter ses horaires de service",
        "Transdev Caen",
        "Organiser",
        1,
    ),
    (
        "https://badges.example.org/bocage/conduire-un-chantier",
        "Conduire un petit chantier de rénovation",
        "Ateliers du Bocage",
        "Organiser",
        2,
    ),
    (
        "https://badges.example.org/badgeons/organiser-un-evenement",
        "Organiser un événement",
        "Badgeons la Normandie",
        "Organiser",
        2,
    ),
    (
        "https://badges.example.org/irfa/outil-numerique",
        "Prendre en main un nouvel outil numérique",
        "IRFA Normandie",
        "S'adapter",
        1,
    ),
    (
        "https://badges.example.org/transdev/mobilite",
        "Se déplacer en transports en commun",
        "Transdev Caen",
        "S'adapter",
        1,
    ),
    (
        "https://badges.example.org/cep/projet-professionnel",
        "Construire son projet professionnel",
        "CEP Normandie",
        "S'adapter",
        2,
    ),
    (
        "https://badges.example.org/irfa/se-former-en-autonomie",
        "Se former en autonomie",
        "IRFA Normandie",
        "S'adapter",
        2,
    ),
    (
        "https://badges.example.org/bocage/regles-de-securite",
        "Appliquer les règles de sécurité de l'atelier",
        "Ateliers du Bocage",
        "S'intégrer",
        1,
    ),
    (
        "https://badges.example.org/france-travail/immersion",
        "Réussir une immersion en entreprise",
        "France Travail Caen",
        "S'intégrer",
        1,
    ),
    (
        "https://badges.example.org/bocage/cooperer-en-atelier",
        "Coopérer en atelier",
        "Ateliers du Bocage",
        "S'intégrer",
        2,
    ),
]


def seed_rule_set(organiser: Person) -> None:
    """The regional rule set (9 badges and their rules) and a few partner badges, each registration a version."""
    from .ruleset import services as rules

    rules.ensure_seeded(organiser)
    registered = {partner["url"] for partner in rules.current().document["partners"]}
    for url, name, structure, competency, level in DEMO_PARTNER_BADGES:
        if url not in registered:
            rules.register_partner(
                organiser, url=url, competency=competency, level=level, name=name, structure=structure
            )


def _email(name: str) -> str:
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return ascii_name.replace(" ", ".") + "@exemple.example"


DEMO_DESIGNS = {
    "Les Éco-gestes": {
        "first": {"name": "Éco-gestes", "description": "Reconnaît les gestes simples qui réduisent l'impact"},
        "view": {
            "name": "Éco-gestes au travail",
            "description": "Ce badge reconnaît la capacité à adopter et à faire adopter au quotidien des gestes qui "
            "réduisent l'impact environnemental d'une activité professionnelle.",
            "theme": "Transition écologique",
            "competency": "Agir de façon éco-responsable dans son environnement de travail.",
            "audience": "Personnes en parcours d'insertion, stagiaires de la formation professionnelle.",
            "criteria": {
                "level1": "Je trie les déchets de mon poste, j'éteins les appareils inutilisés et je signale "
                "les gaspillages que je constate.",
                "level2": "J'analyse les consommations d'une activité, je propose des améliorations chiffrées et "
                "j'explique les bons gestes à mes collègues.",
            },
            "evidence": "Une fiche d'observation remplie par le tuteur ; une proposition d'amélioration écrite.",
            "assessment": "",
            "alignments": [
                {
                    "targetName": "Appliquer des mesures de prévention des déchets",
                    "targetUrl": "https://esco.ec.europa.eu/fr",
                    "targetFramework": "ESCO",
                    "targetCode": "S6.4.0",
                    "targetDescription": "",
                }
            ],
            "tags": ["écologie", "déchets"],
            "earning_path": "",
            "image": None,
            "image_alt": "Une feuille blanche sur fond bleu, le titre Éco-gestes et le niveau Je pratique.",
            "pitch": "1. Le constat : 30 % des déchets de bureau sont recyclables.\n2. Le badge…",
        },
        "image": {
            "shape": "cercle",
            "background": "#1D6B35",
            "accent": "#F2B52E",
            "pictogram": "feuille",
            "title": "Éco-gestes",
            "level": "Je pratique",
        },
    },
    "Cap Numérique": {
        "first": {"name": "Sobriété"},
        "view": {
            "name": "Sobriété numérique",
            "description": "Reconnaît l'usage raisonné des outils numériques au travail.",
            "theme": "Transition numérique",
            "criteria": {"level1": "Je range mes fichiers et je supprime les courriels inutiles.", "level2": ""},
            "tags": ["numérique"],
        },
        "image": {
            "shape": "hexagone",
            "background": "#00487C",
            "accent": "#FFBF47",
            "pictogram": "ecran",
            "title": "Sobriété numérique",
            "level": "",
        },
    },
    "Économie circulaire": {
        "first": {"name": "Réemploi"},
        "view": {
            "name": "Réemploi et réparation",
            "theme": "Transition économique",
            "description": "Reconnaît la capacité à réparer, réemployer et donner une seconde vie aux objets.",
        },
        "image": None,
    },
}


def seed_designs(event: Event) -> None:
    """Designs in progress, with an image and a history, so the studio is alive at first sight."""
    from .workshop import document, images, studio
    from .workshop.access import Access
    from .workshop.versions import save_version, server_edit
    from .workshop.view import DesignView

    for team in event.teams:
        seed = DEMO_DESIGNS.get(team.name)
        if seed is None:
            continue
        design = studio.design_for_team(team)
        access = Access(design.id, design.public_id, design.epoch, person_id=None, readonly=False)
        base = document.to_view(document.load(studio.full_state(design.id)[0])).to_json()
        first = DesignView.from_json({**base, **seed["first"]})
        server_edit(access, lambda doc, view=first: document.edit_to_match(doc, view))
        save_version(design.id, "Première idée", "manual")
        full = DesignView.from_json({**base, **seed["view"]})
        server_edit(access, lambda doc, view=full: document.edit_to_match(doc, view))
        if seed["image"]:
            images.use_designed_image(access, seed["image"])
        save_version(design.id, "Avant l'avis du coach", "manual")
