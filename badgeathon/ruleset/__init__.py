"""Award rules for the regional badges: which ones a backpack of partner badges makes due, and why; and their public
catalogue (pages for people, Open Badges 2.0 JSON for machines, baked images)."""
from flask import Blueprint

bp = Blueprint("catalogue", __name__)

from . import routes  # noqa: E402,F401
