"""Forms of the studio: naming a version, restoring one, the image designer and upload."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length


class VersionForm(FlaskForm):
    label = StringField(
        _l("Nom de la version"),
        validators=[
            DataRequired(_l("Donnez un nom à la version.")),
            Length(max=120, message=_l("120 caractères au plus.")),
        ],
    )


class RestoreForm(FlaskForm):
    """Only the CSRF token: restoring is a button."""


class ImageDesignForm(FlaskForm):
    """The designer's choices; the spec itself is checked by the image core."""

    shape = SelectField(_l("Forme"), choices=[])
    background = StringField(_l("Couleur de fond"), validators=[DataRequired(), Length(max=7)])
    accent = StringField(_l("Couleur d'accent"), validators=[DataRequired(), Length(max=7)])
    pictogram = SelectField(_l("Pictogramme"), choices=[])
    title = StringField(_l("Titre sur l'image"), validators=[Length(max=40, message=_l("40 caractères au plus."))])
    level = SelectField(_l("Niveau affiché"), choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from ..openbadges.art.pictograms import PICTOGRAMS
        from ..openbadges.art.spec import SHAPES
        from .words import PICTOGRAM_LABELS, SHAPE_LABELS

        self.shape.choices = [SelectChoice(key, SHAPE_LABELS.get(key, key)) for key in SHAPES]
        self.pictogram.choices = [SelectChoice(key, PICTOGRAM_LABELS.get(key, key)) for key in PICTOGRAMS]
        self.level.choices = [
            SelectChoice("", _l("Aucun")),
            SelectChoice("Je pratique", _l("Je pratique")),
            SelectChoice("Je maîtrise", _l("Je maîtrise")),
        ]

    def spec(self) -> dict:
        return {
            "shape": self.shape.data,
            "background": self.background.data,
            "accent": self.accent.data,
            "pictogram": self.pictogram.data,
            "title": self.title.data or "",
            "level": self.level.data or "",
        }


class ImageUploadForm(FlaskForm):
    file = FileField(
        _l("Image PNG ou SVG (carrée, 250 ko au plus)"),
        validators=[FileRequired(_l("Choisissez un fichier PNG ou SVG."))],
    )
