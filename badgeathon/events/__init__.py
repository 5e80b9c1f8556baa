"""Events, phases, themes, teams, the roster, joining a team, the countdown and the projector screen."""
from flask import Blueprint

bp = Blueprint("events", __name__)

from . import people_routes, pitch_routes, routes  # noqa: E402,F401
