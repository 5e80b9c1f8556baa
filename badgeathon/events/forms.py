"""Forms of the event pages: the event, teams, roster, jurors, structures, phases and joining a team."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Email, Length, NumberRange, Optional, ValidationError

from .models import JOIN_CODE_LENGTH, OrganisationKind
from .phases import Phase

REQUIRED = _l("Ce champ est obligatoire.")


def _too_long(limit: int):
    return Length(max=limit, message=_l("%(limit)s caractères au plus.", limit=limit))


class EventForm(FlaskForm):
    name = StringField(_l("Nom de l'événement"), validators=[DataRequired(REQUIRED), _too_long(120)])
    venue = StringField(_l("Lieu"), validators=[Optional(), _too_long(200)])
    starts_at = DateTimeLocalField(
        _l("Début (heure de Paris)"),
        format="%Y-%m-%dT%H:%M",
        validators=[DataRequired(_l("Indiquez une date et une heure valides."))],
    )
    design_minutes = IntegerField(
        _l("Durée de conception (minutes)"),
        default=360,
        validators=[DataRequired(REQUIRED), NumberRange(30, 1440, _l("Entre %(min)s et %(max)s minutes."))],
    )
    winners = IntegerField(
        _l("Nombre de badges lauréats"),
        default=2,
        validators=[DataRequired(REQUIRED), NumberRange(1, 10, _l("Entre %(min)s et %(max)s."))],
    )
    themes = TextAreaField(_l("Thèmes (un par ligne)"), validators=[DataRequired(REQUIRED), _too_long(2000)])
    audience_vote = BooleanField(_l("Prix du public : chaque participant vote pour un badge d'une autre équipe"))

    def validate_themes(self, field):
        lines = [line.strip() for line in field.data.splitlines() if line.strip()]
        if any(len(line) > 80 for line in lines):
            raise ValidationError(_l("Chaque thème fait 80 caractères au plus."))
        if len(lines) > 12:
            raise ValidationError(_l("12 thèmes au plus."))


class TeamForm(FlaskForm):
    name = StringField(_l("Nom de l'équipe"), validators=[DataRequired(REQUIRED), _too_long(80)])
    theme = SelectField(_l("Thème"), coerce=int, validate_choice=True)


class TeamThemeForm(FlaskForm):
    theme = SelectField(_l("Thème"), coerce=int, validate_choice=True)


class RosterForm(FlaskForm):
    file = FileField(
        _l("Fichier Excel ou CSV (nom ; e-mail ; structure ; équipe)"),
        validators=[
            FileRequired(_l("Choisissez un fichier Excel (.xlsx) ou CSV.")),
            FileAllowed(["xlsx", "csv", "txt"], _l("Le fichier doit être un classeur Excel (.xlsx) ou un CSV (.csv).")),
        ],
    )
    # on by default: the lines without a team are teamed up, never refused one by one
    auto_form = BooleanField(
        _l("Former des équipes pour les lignes sans équipe, en mélangeant les structures"), default=True
    )
    team_size = IntegerField(
        _l("Taille des équipes"),
        default=5,
        validators=[Optional(), NumberRange(2, 12, _l("Entre %(min)s et %(max)s personnes."))],
    )


class FormTeamsForm(FlaskForm):
    team_size = IntegerField(
        _l("Taille des équipes"),
        default=5,
        validators=[DataRequired(REQUIRED), NumberRange(2, 12, _l("Entre %(min)s et %(max)s personnes."))],
    )


class JurorForm(FlaskForm):
    name = StringField(_l("Nom du juré"), validators=[DataRequired(REQUIRED), _too_long(120)])
    email = EmailField(
        _l("E-mail du juré"),
        validators=[DataRequired(REQUIRED), Email(_l("Cette adresse e-mail n'est pas valide.")), _too_long(254)],
    )
    organisation = StringField(_l("Structure du juré"), validators=[Optional(), _too_long(160)])


class OrganisationForm(FlaskForm):
    name = StringField(_l("Nom de la structure"), validators=[DataRequired(REQUIRED), _too_long(160)])
    kind = SelectField(_l("Type de structure"), choices=[SelectChoice(k.value) for k in OrganisationKind])


class PhaseForm(FlaskForm):
    phase = SelectField(_l("Phase"), choices=[SelectChoice(p.value) for p in Phase])
    confirm = HiddenField()  # "yes" from the confirmation page of a step back, once its consequences were read


class JoinCodeForm(FlaskForm):
    code = StringField(
        _l("Code d'équipe"),
        validators=[DataRequired(_l("Saisissez le code de votre équipe.")), Length(max=JOIN_CODE_LENGTH + 6)],
    )


class JoinForm(FlaskForm):
    name = StringField(
        _l("Votre nom (visible par votre équipe)"), validators=[DataRequired(_l("Indiquez votre nom.")), _too_long(120)]
    )
    organisation = StringField(_l("Votre structure"), validators=[Optional(), _too_long(160)])


class DeadlineForm(FlaskForm):
    minutes = IntegerField(
        _l("Minutes à ajouter (négatif pour retirer)"),
        default=15,
        validators=[DataRequired(REQUIRED), NumberRange(-240, 240, _l("Entre %(min)s et %(max)s minutes."))],
    )
    # From the confirmation page of a cut: "yes", and the deadline the organiser saw there (ISO 8601)
    confirm = HiddenField()
    seen = HiddenField()

    def validate_seen(self, field):
        if field.data and self.seen_deadline is None:
            raise ValidationError(_l("La demande est incomplète ou mal formée."))

    @property
    def seen_deadline(self) -> datetime | None:
        try:
            seen = datetime.fromisoformat(self.seen.data) if self.seen.data else None
        except ValueError:
            return None
        return seen if seen is None or seen.tzinfo is not None else None


class PitchForm(FlaskForm):
    team = StringField(_l("Équipe"), validators=[Optional(), Length(max=36)])


class PitchLengthForm(FlaskForm):
    minutes = IntegerField(
        _l("Durée d'un pitch (minutes)"),
        validators=[DataRequired(REQUIRED), NumberRange(1, 30, _l("Entre %(min)s et %(max)s minutes."))],
    )


class RunningOrderForm(FlaskForm):
    team = HiddenField(validators=[DataRequired(), Length(max=36)])
    step = HiddenField(validators=[AnyOf(["up", "down"])])  # from the button pressed: "Monter" or "Descendre"


class PitchControlForm(FlaskForm):
    """Start, pause, resume, next, previous, shuffle: the team the organiser saw on screen ("" for none) rides along,
    so that a double click (or a second organiser) does not skip a team."""

    seen = HiddenField(validators=[Optional(), Length(max=36)])
