"""The jury: its home page now; the rubric, scores, recusal, ranking, deliberation and ceremony come next."""

from flask import Blueprint

bp = Blueprint("jury", __name__, url_prefix="/jury")

from . import removal, routes  # noqa: E402,F401
