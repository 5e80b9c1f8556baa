"""Routes for signing in and out, the language switch, jurors' invitation links and the home page."""

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from .. import wants_json
from ..extensions import failed_attempt, limiter, login, wrong_password
from . import bp, services
from .forms import InvitationForm, LanguageForm, LoginForm
from .models import Role
from .roles import public

login.login_view = "auth.home"
login.login_message = None


@login.unauthorized_handler
def unauthorized():
    from flask import jsonify

    if wants_json():
        return jsonify(code="unauthenticated", message=_("Connectez-vous d'abord.")), 401
    flash(_("Connectez-vous ou rejoignez une équipe pour accéder à cette page."), "warning")
    return redirect(url_for("auth.home", next=request.full_path if request.method == "GET" else None))


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site, never another host (open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def home_for(person) -> str:
    if person.role == Role.ORGANISER:
        return url_for("events.dashboard_home")
    if person.role == Role.JUROR:
        return url_for("jury.home")
    return url_for("events.my_team")


@bp.get("/")
@public
def home():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    return render_template("auth/home.html")


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit("20 per minute", methods=["POST"], deduct_when=wrong_password)
def login_page():
    form = LoginForm()
    if form.validate_on_submit():
        person = services.authenticate_organiser(form.email.data, form.password.data)
        if person is None:
            form.password.errors.append(_("Adresse e-mail ou mot de passe incorrect."))
        else:
            session.clear()
            login_user(person)
            return redirect(_safe_next(request.args.get("next")) or home_for(person))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 422


@bp.post("/logout")
@public
def logout():
    if current_user.is_authenticated:
        services.sign_out(current_user)  # every cookie of this sign-in, wherever it was copied, stops working
    session.clear()
    logout_user()  # after clear(): it marks the "remember me" cookie for deletion in the session
    flash(_("Déconnexion effectuée."), "info")
    return redirect(url_for("auth.home"))


@bp.post("/language")
@public
def language():
    form = LanguageForm()
    if form.validate_on_submit():
        session["lang"] = form.lang.data
    return redirect(_safe_next(form.next.data) or url_for("auth.home"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["JOIN_RATE_LIMIT"], deduct_when=failed_attempt)
def invitation(token):
    """Opening the link shows whose invitation it is; joining is a POST (a cross-site image cannot sign anyone in)."""
    form = InvitationForm()
    if form.validate_on_submit():
        juror = services.accept_invitation(token)
        session.clear()
        login_user(juror, remember=True)
        flash(_("Bienvenue dans le jury, %(name)s.", name=juror.name), "success")
        return redirect(url_for("jury.home"))
    juror = services.juror_from_invitation(token)
    return render_template("auth/invitation.html", form=form, juror=juror)
