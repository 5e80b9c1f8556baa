"""What a roster import's problems mean, in the organiser's language."""

from flask_babel import gettext as _

from .roster import MAX_LINES, MAX_NAME, MAX_ORGANISATION, MAX_TEAM, RosterError


def line_problem(key: str) -> str:
    return {
        "name_missing": _("le nom manque"),
        "name_too_long": _("le nom dépasse %(n)s caractères", n=MAX_NAME),
        "email_missing": _("l'e-mail manque"),
        "email_invalid": _("l'e-mail n'est pas valide"),
        "email_duplicate": _("cet e-mail figure déjà plus haut dans le fichier"),
        "email_known": _("cet e-mail est déjà inscrit à l'événement"),
        "organisation_too_long": _("la structure dépasse %(n)s caractères", n=MAX_ORGANISATION),
        "team_missing": _(
            "l'équipe manque (ou cochez « Former les équipes automatiquement en mélangeant les structures »)"
        ),
        "team_too_long": _("le nom d'équipe dépasse %(n)s caractères", n=MAX_TEAM),
    }.get(key, key)


def _column_name(key: str) -> str:
    return {"name": _("nom"), "email": _("e-mail")}.get(key, key)


def roster_error(error: RosterError) -> str:
    return {
        "binary": _(
            "Ce fichier n'est ni un classeur Excel (.xlsx) ni un CSV : enregistrez-le depuis Excel au format "
            "« Classeur Excel (.xlsx) » ou « CSV (séparateur : point-virgule) »."
        ),
        "unreadable_workbook": _(
            "Ce classeur Excel ne peut pas être lu (fichier abîmé ?). Rien n'a été importé : "
            "enregistrez-le à nouveau depuis Excel, en .xlsx ou en CSV."
        ),
        "empty": _("Le fichier est vide."),
        "malformed": _("Le fichier CSV est mal formé (un guillemet n'est pas fermé ?). Rien n'a été importé."),
        "missing_columns": _(
            "La première ligne doit nommer les colonnes : nom ; e-mail ; structure ; équipe "
            "(le nom et l'e-mail sont obligatoires). Colonnes introuvables : %(detail)s.",
            detail=", ".join(_column_name(key) for key in error.detail.split(", ")),
        ),
        "no_lines": _("Le fichier ne contient aucune ligne de participant."),
        "too_many_lines": _("Le fichier dépasse %(n)s lignes.", n=MAX_LINES),
    }.get(error.reason, error.reason)
