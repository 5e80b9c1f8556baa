"""Forms of the studio: naming a version, restoring one, the image designer and upload."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length


class VersionForm(FlaskForm):
    label = StringField(_l("Nom de la version"), validators=[DataRequired(_l("Donnez un nom à la version.")),
                                                            Length(max=120, message=_l("120 caractères au plus."))])


class RestoreForm(FlaskForm):
    """Only the CSRF token: restoring is a button."""
