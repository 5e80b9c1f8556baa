"""The words people read for phases and kinds of organisation, in their language."""

from flask_babel import lazy_gettext as _l

from .models import OrganisationKind
from .phases import Phase

PHASE_LABELS = {
    Phase.PREPARATION: _l("Préparation"),
    Phase.DESIGN: _l("Conception"),
    Phase.PITCHES: _l("Pitchs"),
    Phase.SCORING: _l("Évaluation"),
    Phase.DELIBERATION: _l("Délibération"),
    Phase.RESULTS: _l("Résultats"),
}

ORGANISATION_KIND_LABELS = {
    OrganisationKind.TRAINING: _l("Organisme de formation"),
    OrganisationKind.SIAE: _l("Structure d'insertion (SIAE)"),
    OrganisationKind.CEP: _l("Conseil en évolution professionnelle (CEP)"),
    OrganisationKind.ASSOCIATION: _l("Association"),
    OrganisationKind.COMPANY: _l("Entreprise"),
    OrganisationKind.PUBLIC: _l("Service public, collectivité"),
    OrganisationKind.OTHER: _l("Autre"),
}

DEFAULT_THEMES = ("Transition écologique", "Transition économique", "Transition numérique")
