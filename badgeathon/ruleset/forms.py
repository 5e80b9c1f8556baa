"""Form of the organiser's rule set page: registering a partner structure's badge."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional

from .rules import COMPETENCIES

LEVEL_CHOICES = [SelectChoice(1, _l("Niveau 1 : je pratique")), SelectChoice(2, _l("Niveau 2 : je maîtrise"))]
LEVEL_NAMES = {1: _l("je pratique"), 2: _l("je maîtrise")}


class PartnerForm(FlaskForm):
    url = StringField(_l("Adresse (URL) du BadgeClass du partenaire"), validators=[Optional(), Length(max=500)])
    name = StringField(_l("Nom du badge"), validators=[Optional(), Length(max=200)])
    structure = StringField(_l("Structure partenaire"), validators=[Optional(), Length(max=200)])
    competency = SelectField(
        _l("Compétence reconnue"), choices=[SelectChoice(c, c) for c in COMPETENCIES], validate_choice=True
    )
    level = SelectField(
        _l("Niveau reconnu"),
        choices=LEVEL_CHOICES,
        coerce=int,
        validate_choice=True,
        validators=[InputRequired(_l("Ce champ est obligatoire."))],
    )
    badge_class = FileField(_l("Fichier JSON du BadgeClass du partenaire (facultatif)"))
