"""The words of a deletion's confirmation page: exactly what deleting a team, a member, a juror or an event removes,
and what it keeps."""

from flask_babel import gettext as _
from flask_babel import ngettext

from . import people
from .move_messages import Confirmation
from .people import Removal


def _some(counts: dict[str, int], key: str, singular: str, plural: str) -> list[str]:
    number = counts.get(key, 0)
    return [ngettext(singular, plural, number)] if number else []


def _badge(counts: dict[str, int], whose: str) -> list[str]:
    if not counts.get("designs"):
        return [_("Aucun badge n'a encore été commencé : rien d'autre n'est perdu.")] if whose == "team" else []
    versions = counts.get("versions", 0)
    if whose == "team":
        return [
            ngettext(
                "Son badge en cours et sa version enregistrée.",
                "Son badge en cours et ses %(num)s versions enregistrées.",
                versions,
            )
            if versions
            else _("Son badge en cours (aucune version enregistrée).")
        ]
    return [
        ngettext(
            "%(num)s badge, avec ses versions (%(versions)s en tout).",
            "%(num)s badges, avec leurs versions (%(versions)s en tout).",
            counts["designs"],
            versions=versions,
        )
    ]


def _jury_work(counts: dict[str, int]) -> list[str]:
    return (
        _some(counts, "scores", "%(num)s note attribuée par le jury.", "%(num)s notes attribuées par le jury.")
        + _some(counts, "notes", "%(num)s commentaire du jury.", "%(num)s commentaires du jury.")
        + _some(
            counts,
            "recusals",
            "%(num)s décision de récusation de l'organisation.",
            "%(num)s décisions de récusation de l'organisation.",
        )
    )


def confirmation(what: Removal) -> Confirmation:
    """The question: its title, what goes (and what stays), and the button's label."""
    counts = what.counts
    if what.kind == "team":
        members = counts.get("members", 0)
        return Confirmation(
            _("Supprimer l'équipe « %(name)s » ?", name=what.name),
            [_("L'équipe, son code pour la rejoindre et sa fiche à imprimer.")]
            + _badge(counts, "team")
            + _jury_work(counts)
            + _some(counts, "votes", "%(num)s vote du public pour elle.", "%(num)s votes du public pour elle.")
            + [
                ngettext(
                    "Son membre reste inscrit à l'événement, sans équipe : vous pourrez le placer ailleurs.",
                    "Ses %(num)s membres restent inscrits à l'événement, sans équipe : vous pourrez les "
                    "placer ailleurs.",
                    members,
                )
                if members
                else _("Elle n'a aucun membre.")
            ],
            _("Supprimer l'équipe"),
        )
    if what.kind == "member":
        return Confirmation(
            _("Retirer %(name)s de l'événement ?", name=what.name),
            ([_("Son nom disparaît de son équipe.")] if counts.get("team") else [])
            + [_("Sa connexion s'arrête : pour revenir, il faudrait rejoindre une équipe avec son code.")]
            + ([_("Son vote du public est retiré.")] if counts.get("vote") else [])
            + [_("Ce qu'elle ou il a écrit dans le badge de l'équipe reste, sans son nom.")],
            _("Retirer de l'événement"),
        )
    if what.kind == "juror":
        return Confirmation(
            _("Supprimer %(name)s du jury ?", name=what.name),
            [_("Son lien d'invitation ne fonctionne plus et sa connexion s'arrête.")]
            + _jury_work(counts)
            + ([_("Sa notation déclarée définitive.")] if counts.get("final_sheet") else [])
            + ([] if counts.get("scores") else [_("Elle ou il n'a encore noté aucun badge.")]),
            _("Supprimer du jury"),
        )
    return Confirmation(
        _("Supprimer l'événement « %(name)s » ?", name=what.name),
        [
            ngettext("%(num)s équipe et son code.", "%(num)s équipes et leurs codes.", counts.get("teams", 0)),
            ngettext("%(num)s participant inscrit.", "%(num)s participants inscrits.", counts.get("participants", 0)),
            ngettext(
                "%(num)s juré et son lien d'invitation.",
                "%(num)s jurés et leurs liens d'invitation.",
                counts.get("jurors", 0),
            ),
        ]
        + _badge(counts, "event")
        + _jury_work(counts)
        + [
            _("La grille, la décision, le journal du jury et l'historique des phases."),
            _("Rien de cela ne pourra être récupéré. Les badges déjà exportés dans le référentiel régional restent."),
        ],
        _("Supprimer définitivement l'événement"),
    )


def blocked(what: Removal) -> str | None:
    """Why this deletion cannot be made now, if it cannot."""
    refusal = people.refusal(what)
    return str(refusal.message) if refusal else None
