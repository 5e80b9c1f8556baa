"""The words of a confirmation page: what a step back to an earlier phase, or a shorter design time, will do."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext

from ..timefmt import paris
from .labels import PHASE_LABELS
from .models import Event
from .phases import Phase


@dataclass(frozen=True)
class Confirmation:
    """A question for the organiser: its title, what the move will do, and the label of the button that does it."""

    title: str
    consequences: list[str]
    button: str


def step_back(event: Event, target: Phase) -> Confirmation:
    """Going back from the event's phase to `target` (the phase before it)."""
    label = PHASE_LABELS[target]
    deadline = paris(event.design_deadline, "HH:mm") if event.design_deadline else ""
    consequences = {
        Phase.DESIGN: [
            _("Les équipes ne peuvent plus modifier leur badge : chaque badge est gardé dans sa version finale."),
            _(
                "Le temps de conception continue de s'écouler : la fin reste fixée à %(when)s (heure de Paris).",
                when=deadline,
            ),
            _(
                "Au retour en « Conception », les badges resteront verrouillés tant que vous ne repousserez pas "
                "l'échéance."
            ),
        ],
        Phase.PITCHES: [
            _("Le projecteur quitte les pitchs et affiche à nouveau le compte à rebours."),
            _("Les jurés ne peuvent plus noter ni voir les badges : leurs notes déjà saisies sont gardées."),
            _(
                "Les badges des équipes restent verrouillés : pour leur rendre la main, repoussez ensuite l'échéance "
                "(fin actuelle : %(when)s, heure de Paris).",
                when=deadline,
            ),
        ]
        + ([_("Le vote du public se ferme jusqu'au retour aux pitchs.")] if event.audience_vote else []),
        Phase.SCORING: [
            _("Le projecteur revient à l'ordre de passage des pitchs."),
            _("Les jurés peuvent toujours noter : rien n'est effacé."),
        ],
        Phase.DELIBERATION: [
            _(
                "Les notes sont déverrouillées : les jurés peuvent à nouveau les modifier, et le classement peut "
                "changer."
            ),
            _(
                "La délibération se ferme : les notes des autres jurés redeviennent secrètes jusqu'au prochain "
                "verrouillage."
            ),
            _("Le déverrouillage est inscrit au journal."),
        ],
        Phase.RESULTS: [
            _("La cérémonie s'interrompt : le projecteur n'affiche plus les lauréats révélés."),
            _("Les lauréats confirmés et les étapes déjà révélées sont gardés."),
        ],
    }[event.phase]
    return Confirmation(
        _("Revenir à « %(phase)s » ?", phase=label), consequences, _("Revenir à « %(phase)s »", phase=label)
    )


def deadline_cut(event: Event, minutes: int, new_deadline: datetime, now: datetime) -> Confirmation:
    """Taking `minutes` (a positive number) off the design time, which would then end at `new_deadline`."""
    before, after = paris(event.design_deadline, "HH:mm"), paris(new_deadline, "HH:mm")
    if new_deadline <= now:
        consequences = [
            _("La conception se termine tout de suite, au lieu de %(before)s (heure de Paris).", before=before),
            _("Les équipes ne peuvent plus modifier leur badge : chaque badge est gardé dans sa version finale."),
        ]
        button = _("Raccourcir : fin immédiate")
    else:
        consequences = [
            _(
                "La conception se terminera à %(after)s au lieu de %(before)s (heure de Paris).",
                after=after,
                before=before,
            ),
            _("Les comptes à rebours des équipes et du projecteur suivront la nouvelle heure."),
        ]
        button = _("Raccourcir : fin à %(after)s", after=after)
    title = ngettext(
        "Raccourcir la conception de %(num)s minute ?", "Raccourcir la conception de %(num)s minutes ?", minutes
    )
    return Confirmation(title, consequences, button)
