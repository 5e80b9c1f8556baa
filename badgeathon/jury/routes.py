"""Routes of the jury: the juror's home page."""
from flask import render_template
from flask_login import current_user

from ..auth.models import Role
from ..auth.roles import role_required
from . import bp


@bp.get("/")
@role_required(Role.JUROR)
def home():
    return render_template("jury/home.html", event=current_user.event)
