"""The jury: the rubric, scores and notes, recusals, the ranking, the deliberation, the ceremony, the audience vote."""

from flask import Blueprint

bp = Blueprint("jury", __name__, url_prefix="/jury")

from . import organiser_routes, removal, results_routes, routes  # noqa: E402,F401
