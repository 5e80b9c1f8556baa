"""Forms of managing an event's people: rename a team, move a member, confirm a deletion, open or close joining."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import AnyOf, DataRequired, Length

from .forms import REQUIRED

NO_TEAM = ""


class RenameTeamForm(FlaskForm):
    name = StringField(
        _l("Nouveau nom"), validators=[DataRequired(REQUIRED), Length(max=80, message=_l("80 caractères au plus."))]
    )


class MoveMemberForm(FlaskForm):
    team = SelectField(_l("Équipe"), validate_choice=True)


class ConfirmRemovalForm(FlaskForm):
    """The confirmation page's button: a POST with its CSRF token and `confirm=yes` (without it, the page asks)."""

    confirm = HiddenField(validators=[AnyOf(("yes",))])


class DeleteEventForm(ConfirmRemovalForm):
    name = StringField(
        _l("Nom de l'événement, pour confirmer"),
        validators=[DataRequired(_l("Recopiez le nom de l'événement.")), Length(max=200)],
    )


class JoiningForm(FlaskForm):
    open = HiddenField(validators=[AnyOf(("yes", "no"))])
