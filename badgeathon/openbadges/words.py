"""The French sentence (translated by Flask-Babel) explaining each validation finding, naming its field."""

import re

from flask_babel import lazy_gettext as _l

from .validation import Finding

MESSAGES = {
    "required": _l("Le champ %(field)s est obligatoire."),
    "empty": _l("Le champ %(field)s ne doit pas être vide."),
    "wrong_type": _l("Le champ %(field)s n'a pas le bon type de valeur."),
    "wrong_kind": _l("Le champ %(field)s doit indiquer le type Open Badges « %(expected)s »."),
    "schema": _l("Le champ %(field)s ne respecte pas le schéma Open Badges."),
    "not_iri": _l("Le champ %(field)s doit être une adresse http ou https, ou un identifiant « urn: »."),
    "not_url": _l("Le champ %(field)s doit être une adresse web (http ou https)."),
    "not_email": _l("Le champ %(field)s doit être une adresse électronique valide."),
    "image_not_png_or_svg": _l("Le champ %(field)s doit contenir une image PNG ou SVG."),
    "criteria_empty": _l("Le champ %(field)s doit donner l'adresse des critères ou leur description."),
}
UNKNOWN = _l("Le champ %(field)s n'est pas valide.")

PLAIN = _l("« %(name)s »")
IN_ALIGNMENT = _l("« %(name)s » de l'alignement %(number)s")
IN_ISSUER = _l("« %(name)s » de l'émetteur")
IN_CRITERIA = _l("« %(name)s » des critères")
IN_IMAGE = _l("« %(name)s » de l'image")
WHOLE_DOCUMENT = _l("racine (le document lui-même)")
PARENTS = {"issuer": IN_ISSUER, "creator": IN_ISSUER, "criteria": IN_CRITERIA, "image": IN_IMAGE}


def field_label(path: str) -> str:
    """The field named for a reader: « targetUrl » de l'alignement 1, « email » de l'émetteur, « name »."""
    tokens = re.findall(r"[^.\[\]]+|\[\d+\]", path)
    names = [token for token in tokens if not token.startswith("[")]
    if not names:
        return str(WHOLE_DOCUMENT)
    name = names[-1]
    if len(tokens) >= 3 and tokens[0] == "alignment" and tokens[1].startswith("["):
        return str(IN_ALIGNMENT) % {"name": name, "number": int(tokens[1][1:-1]) + 1}
    if len(names) >= 2 and names[0] in PARENTS:
        return str(PARENTS[names[0]]) % {"name": name}
    return str(PLAIN) % {"name": name}


def message(finding: Finding) -> str:
    template = MESSAGES.get(finding.code, UNKNOWN)
    params = {"expected": "", **finding.params, "field": field_label(finding.path)}
    return str(template) % params
