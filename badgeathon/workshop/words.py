"""The studio's words for people: the checklist's findings and the fields' names (the pure cores return keys)."""

from flask_babel import lazy_gettext as _l

from .view import MAX_ALIGNMENTS, MAX_TAGS

CHECKLIST_MESSAGES = {
    "name_written": _l("Le badge a un nom (128 caractères au plus)."),
    "description_written": _l("La description est écrite."),
    "criteria_written": _l("Les critères d'au moins un niveau sont écrits."),
    "image_present": _l("Le badge a une image."),
    "issuer_ready": _l("L'émetteur (Région Normandie) est prêt pour l'export."),
    "criteria_both_levels": _l("Les deux niveaux sont écrits : « je pratique » et « je maîtrise »."),
    "criteria_levels_differ": _l("Le niveau « je maîtrise » ne répète pas le niveau « je pratique »."),
    "evidence_written": _l("Les preuves attendues sont indiquées."),
    "assessment_written": _l("La façon dont la structure évalue est indiquée."),
    "alignment_present": _l("Au moins un alignement (ROME, ESCO, RNCP…) est renseigné."),
    "alignment_names": _l("Chaque alignement a un nom de cible."),
    "alignment_urls": _l("Chaque alignement a une adresse web complète (https://…)."),
    "image_alt_written": _l("L'image a un texte alternatif."),
    "image_format": _l("L'image est au format PNG ou SVG."),
    "image_square": _l("L'image est carrée."),
    "image_size": _l("L'image pèse 250 ko au plus (limite d'Open Badge Factory)."),
    "theme_chosen": _l("Une transition est choisie."),
    "competency_written": _l("La compétence visée est indiquée."),
    "description_short": _l("Conseil : une description courte (280 caractères au plus)."),
    "name_short": _l("Conseil : un nom court (60 caractères au plus)."),
    "tags_enough": _l("Conseil : au moins 2 mots-clés."),
    "pitch_written": _l("Conseil : les notes de pitch sont prêtes."),
}

# `checklist.over_limits`: a list beyond the badge's limits (LIMIT_CODES)
LIMIT_MESSAGES = {
    "tags_over_limit": _l(
        "Trop de mots-clés : un badge en porte %(max)s au plus, l'export garde les %(max)s premiers.", max=MAX_TAGS
    ),
    "alignments_over_limit": _l(
        "Trop d'alignements : un badge en porte %(max)s au plus, l'export garde les %(max)s premiers.",
        max=MAX_ALIGNMENTS,
    ),
}

# The view's fields (`view.FIELDS`, the same keys in the same order: tests/workshop/test_words.py holds them to it)
FIELD_LABELS = {
    "name": _l("Nom du badge"),
    "description": _l("Description courte"),
    "theme": _l("Transition"),
    "competency": _l("Compétence visée"),
    "audience": _l("Public"),
    "criteria_level1": _l("Niveau 1 « je pratique »"),
    "criteria_level2": _l("Niveau 2 « je maîtrise »"),
    "evidence": _l("Preuves attendues"),
    "assessment": _l("Évaluation par la structure"),
    "alignments": _l("Alignements"),
    "tags": _l("Mots-clés"),
    "earning_path": _l("Parcours d'obtention"),
    "image": _l("Image"),
    "image_alt": _l("Texte alternatif de l'image"),
    "pitch": _l("Notes de pitch"),
}

SHAPE_LABELS = {
    "cercle": _l("Cercle"),
    "bouclier": _l("Bouclier"),
    "hexagone": _l("Hexagone"),
    "carre": _l("Carré arrondi"),
}

PICTOGRAM_LABELS = {
    "feuille": _l("Feuille – transition écologique"),
    "recyclage": _l("Recyclage – économie circulaire"),
    "engrenage": _l("Engrenage – transition économique"),
    "euro": _l("Euro – économie"),
    "puce": _l("Puce – transition numérique"),
    "ecran": _l("Écran – numérique"),
    "mains": _l("Poignée de main – coopération"),
    "etoile": _l("Étoile – excellence"),
    "livre": _l("Livre – savoirs"),
    "personnes": _l("Personnes – collectif"),
}
