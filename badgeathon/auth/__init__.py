"""People, roles, sign-in, join codes and invitation links."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from . import routes  # noqa: E402,F401
