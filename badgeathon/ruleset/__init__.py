"""The regional rule set: the document of the regional badges and their award rules, its versions, the partner
badges it recognises and the export of the Badgeathon's winners into it; and the catalogue, its public pages (a page
per badge for people, Open Badges JSON for machines, baked images)."""

from flask import Blueprint

bp = Blueprint("ruleset", __name__)

from . import routes  # noqa: E402,F401
