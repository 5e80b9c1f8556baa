"""The board's words for people: how long ago a team last edited its badge (the pure core returns keys)."""

from flask_babel import gettext as _
from flask_babel import ngettext

from . import board


def since_text(since: board.Since) -> str:
    if since.kind == board.NEVER:
        return _("pas encore de modification")
    if since.kind == board.NOW:
        return _("à l'instant")
    if since.kind == board.MINUTES:
        return _("il y a %(minutes)s min", minutes=since.amount)
    if since.minutes:
        return _("il y a %(hours)s h %(minutes)02d", hours=since.amount, minutes=since.minutes)
    return ngettext("il y a %(num)s heure", "il y a %(num)s heures", since.amount)


def online_text(online: int, members: int) -> str:
    return _("%(online)s / %(members)s en ligne", online=online, members=members)
