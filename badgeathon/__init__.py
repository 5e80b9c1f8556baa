"""Badgeathon: the app factory builds the Flask app with its extensions, blueprints, socket handlers and CLI."""

from flask import Flask, has_request_context, jsonify, render_template, request, session
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

from .config import Config, https_settings
from .errors import BadgeathonError
from .extensions import PlainWebSockets, babel, csrf, db, limiter, login, migrate, secure_headers, socketio
from .safe_json import JSONProvider


def _select_locale():
    from flask import current_app

    chosen = session.get("lang") if has_request_context() else None
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def create_app(config: type | dict | None = None) -> Flask:
    app = Flask(__name__, template_folder="../templates", static_folder="../static")
    app.json = JSONProvider(app)  # a request body nested too deep is bad JSON (400), not a RecursionError
    app.config.from_object(Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    app.config.update(https_settings(app.config["PUBLIC_BASE_URL"]))
    _require_secret_key(app)
    if app.config["TRUSTED_PROXY_HOPS"]:  # the visitor's address and scheme, as the trusted proxies saw them
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)

    db.init_app(app)
    _tune_sqlite(app)
    migrate.init_app(app, db, render_as_batch=True, directory=str(app.root_path + "/../migrations"))
    csrf.init_app(app)
    secure_headers(app)
    babel.init_app(app, locale_selector=_select_locale)
    login.init_app(app)
    limiter.init_app(app)
    # The /live handlers must be declared before the first server exists, so that every app gets them.
    from .events import live  # noqa: F401
    from .queue_health import message_queue
    from .workshop import sockets

    socketio.init_app(
        app,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        # Redis between nodes, or None (one in-process node): always given, so no app inherits another's queue.
        client_manager=message_queue(app),
    )  # Socket.IO's default: only pages of this same origin may connect
    sockets.register_frequent(socketio.server)
    app.wsgi_app = PlainWebSockets(app.wsgi_app)  # around Socket.IO's middleware, which takes the WebSockets

    from . import models  # noqa: F401  (every table known to SQLAlchemy and Alembic)
    from .auth import bp as auth_bp
    from .events import bp as events_bp
    from .jury import bp as jury_bp
    from .ruleset import bp as ruleset_bp
    from .workshop import bp as workshop_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(events_bp)
    app.register_blueprint(jury_bp)
    app.register_blueprint(ruleset_bp)
    app.register_blueprint(workshop_bp)

    from .cli import register_commands

    register_commands(app)
    _register_error_handlers(app)
    _register_template_helpers(app)
    return app


MIN_SECRET_KEY_LENGTH = 32
_KNOWN_KEYS = {"dev-only-change-me"}  # the development value of earlier versions: public, so anyone could sign


def _require_secret_key(app: Flask) -> None:
    """Sessions and invitation links are signed with SECRET_KEY (or the key in SECRET_KEY_FILE): a missing, public
    or short key would let anyone mint an organiser's cookie, so the app refuses to start outside debug and tests."""
    from pathlib import Path

    key = app.config.get("SECRET_KEY") or ""
    key_file = Path(app.config["SECRET_KEY_FILE"])
    if not key and key_file.is_file():
        key = key_file.read_text().strip()
    if app.debug or app.testing:
        app.config["SECRET_KEY"] = key or "debug-only-key"
        return
    if not key or key in _KNOWN_KEYS or len(key) < MIN_SECRET_KEY_LENGTH:
        raise RuntimeError(
            f"No usable SECRET_KEY: set the SECRET_KEY environment variable to a random value of at least "
            f"{MIN_SECRET_KEY_LENGTH} characters, or write one into {key_file} "
            f"(`make run` does it on the first run; by hand: python3 -c 'import secrets; print(secrets.token_hex(32))' "
            f"> {key_file}). Every node must use the same key."
        )
    app.config["SECRET_KEY"] = key


def _tune_sqlite(app: Flask) -> None:
    """SQLite in WAL mode (readers never block the writer) with full syncing: a commit returns once its log is on
    disk, so an acknowledged edit survives a machine crash too (group commits keep this to a few syncs a second)."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    from sqlalchemy import event

    with app.app_context():

        @event.listens_for(db.engine, "connect")
        def on_connect(connection, _record):
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute(f"PRAGMA busy_timeout={int(app.config['SQLITE_BUSY_TIMEOUT_MS'])}")
            cursor.close()


def wants_json() -> bool:
    """A machine asking (a JSON body, an Accept that prefers JSON, or a .json path): errors, the sign-in wall and
    the routes that serve both answer it in JSON with a code; people get a page. The one test of it: use this."""
    return (
        request.is_json
        or request.accept_mimetypes.best in ("application/json", "application/ld+json")
        or request.path.endswith(".json")
    )


def _register_error_handlers(app: Flask) -> None:
    from flask_babel import gettext as _

    def respond(status: int, code: str, message):
        if wants_json():
            return jsonify(code=code, message=str(message)), status
        return render_template("error.html", status=status, message=message), status

    @app.errorhandler(BadgeathonError)
    def domain_error(error):
        return respond(error.status, error.code, error.message)

    messages = {
        400: ("bad_request", lambda: _("La demande est incomplète ou mal formée.")),
        403: ("forbidden", lambda: _("Cette page est réservée à un autre rôle.")),
        404: ("not_found", lambda: _("Cette page n'existe pas ou ne vous est pas accessible.")),
        405: ("method_not_allowed", lambda: _("Cette action n'est pas permise ici.")),
        413: ("too_large", lambda: _("Le fichier envoyé est trop volumineux (2 Mo au plus).")),
        429: ("too_many_requests", lambda: _("Trop d'essais. Patientez une minute avant de réessayer.")),
        500: ("server_error", lambda: _("Une erreur inattendue est survenue. Rien n'a été enregistré.")),
    }
    for status, (code, message) in messages.items():
        app.register_error_handler(status, lambda e, s=status, c=code, m=message: respond(s, c, m()))

    from flask_wtf.csrf import CSRFError

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return respond(400, "csrf", _("Le formulaire a expiré. Rechargez la page et réessayez."))


def _gettext_for(translations) -> dict:
    """Jinja's gettext and ngettext as Flask-Babel installs them (new style: autoescaped, always formatted), bound
    to one page's translations: looked up once per page instead of once per string, which goes through several
    context locals each time (a macro imported without the context still uses Flask-Babel's own)."""

    @pass_context
    def gettext(context, string, **variables):
        text = translations.ugettext(string)
        return (Markup(text) if context.eval_ctx.autoescape else text) % variables

    @pass_context
    def ngettext(context, singular, plural, num, **variables):
        variables.setdefault("num", num)
        text = translations.ungettext(singular, plural, num)
        return (Markup(text) if context.eval_ctx.autoescape else text) % variables

    return {"gettext": gettext, "ngettext": ngettext}


def _register_template_helpers(app: Flask) -> None:
    from flask_babel import get_translations

    from . import numbers
    from .db_types import utcnow
    from .events.labels import ORGANISATION_KIND_LABELS, PHASE_LABELS
    from .markdown import to_html
    from .timefmt import paris

    app.jinja_env.globals.update(
        phase_labels=PHASE_LABELS, organisation_kind_labels=ORGANISATION_KIND_LABELS, server_now=utcnow
    )

    @app.context_processor
    def request_globals():
        # the person itself, not the proxy: a page reads it dozens of times
        return {
            "current_user": current_user._get_current_object(),
            "current_locale": _select_locale(),
            **_gettext_for(get_translations()),
        }

    app.jinja_env.filters["paris"] = paris
    app.jinja_env.filters["markdown"] = to_html
    app.jinja_env.filters["decimal"] = numbers.decimal
    app.jinja_env.filters["weight"] = numbers.weight
