"""Forms of the jury pages: the rubric, the reset, recusals and structures to confirm, marking one's scoring final, the
winners, the ceremony and the audience vote."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FloatField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

REQUIRED = _l("Ce champ est obligatoire.")


class CriterionForm(FlaskForm):
    name = StringField(_l("Nom du critère"), validators=[DataRequired(REQUIRED), Length(max=160)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])
    weight = FloatField(
        _l("Poids"),
        default=1,
        validators=[InputRequired(REQUIRED), NumberRange(0.1, 100, _l("Entre %(min)s et %(max)s."))],
    )
    scale_min = IntegerField(
        _l("Note minimale"),
        default=0,
        validators=[InputRequired(REQUIRED), NumberRange(0, 8, _l("Entre %(min)s et %(max)s."))],
    )
    scale_max = IntegerField(
        _l("Note maximale (9 au plus : une touche par note)"),
        default=5,
        validators=[InputRequired(REQUIRED), NumberRange(1, 9, _l("Entre %(min)s et %(max)s."))],
    )
    descriptors = TextAreaField(
        _l("Ce que veut dire chaque note (une ligne par note, de la plus basse à la plus haute)"),
        validators=[Optional(), Length(max=4000)],
    )


class ResetForm(FlaskForm):
    reason = TextAreaField(_l("Raison de la réinitialisation"), validators=[DataRequired(REQUIRED), Length(max=1000)])
    confirm = BooleanField(
        _l("Je confirme : toutes les notes de l'événement seront effacées"),
        validators=[DataRequired(_l("Cochez la case pour confirmer."))],
    )


RECUSAL_CHOICES = [
    SelectChoice("auto", _l("Règle automatique")),
    SelectChoice("recused", _l("Récusé")),
    SelectChoice("cleared", _l("Non récusé")),
]


class RecusalForm(FlaskForm):
    juror = HiddenField(validators=[DataRequired()])
    team = HiddenField(validators=[DataRequired()])
    state = SelectField(_l("Récusation"), choices=RECUSAL_CHOICES, validate_choice=True)
    reason = StringField(_l("Motif"), validators=[Optional(), Length(max=300)])


class StructureForm(FlaskForm):
    """The organiser settles the structure a participant named on joining (choices: see routes._structure_form)."""

    person = HiddenField(validators=[DataRequired()])
    choice = SelectField(_l("Structure retenue"), validate_choice=False, validators=[DataRequired()])


class FinalForm(FlaskForm):
    confirm = BooleanField(
        _l("Je ne modifierai plus mes notes"), validators=[DataRequired(_l("Cochez la case pour confirmer."))]
    )


class WinnersForm(FlaskForm):
    reason = TextAreaField(
        _l("Raison du choix (obligatoire s'il s'écarte du classement)"), validators=[Optional(), Length(max=2000)]
    )


def winners_form(count: int, choices, data=None) -> WinnersForm:
    """A form with one select per winning place (1st, 2nd…), each listing the event's badges."""

    class Form(WinnersForm):
        pass

    for place in range(1, count + 1):
        setattr(
            Form,
            f"place_{place}",
            SelectField(_l("Lauréat n° %(place)s", place=place), choices=choices, validate_choice=True),
        )
    return Form(data=data) if data is not None else Form()


class RevealForm(FlaskForm):
    step = HiddenField(default="1")


class VoteForm(FlaskForm):
    # Radios drawn as cards (templates/jury/_ballot.html): each badge's image and name, its team smaller.
    team = RadioField(
        _l("Votre badge préféré (hors celui de votre équipe)"),
        validate_choice=True,
        validators=[DataRequired(_l("Choisissez un badge."))],
    )
