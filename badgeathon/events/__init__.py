"""Events, phases, themes, teams, the roster, joining a team, the countdown and the projector screen."""

from flask import Blueprint

bp = Blueprint("events", __name__)

from . import (  # noqa: E402,F401
    join_routes,
    move_routes,
    people_routes,
    pitch_routes,
    routes,
    screen_routes,
    sheet_routes,
)
