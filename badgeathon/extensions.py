"""The Flask extensions, created once and bound to the app by `create_app`."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_talisman import Talisman as _Talisman
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData

# A naming convention so that Alembic's batch mode can name (and drop) constraints on SQLite.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Talisman(_Talisman):
    """Flask-Talisman's security headers, except that a response with its own Content-Security-Policy keeps it
    (an uploaded SVG image is served sandboxed: workshop/routes.py)."""

    def _set_response_headers(self, response):
        own = response.headers.get("Content-Security-Policy")
        response = super()._set_response_headers(response)
        if own:
            response.headers["Content-Security-Policy"] = own
        return response


def secure_headers(app) -> Talisman:
    """Security headers on every response (settings in config.py). Flask-Talisman keeps its settings on itself, not
    per app, so each app gets its own."""
    https = app.config["HTTPS_ONLY"]
    return Talisman(
        app,
        force_https=https,
        strict_transport_security=https,
        frame_options="DENY",
        content_security_policy=app.config["CONTENT_SECURITY_POLICY"],
        referrer_policy=app.config["REFERRER_POLICY"],
        session_cookie_secure=https,
        session_cookie_samesite=app.config["SESSION_COOKIE_SAMESITE"],
    )


db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING_CONVENTION))
migrate = Migrate()
socketio = SocketIO()
csrf = CSRFProtect()
babel = Babel()
login = LoginManager()
limiter = Limiter(key_func=get_remote_address)


def failed_attempt(response) -> bool:
    """Guessing is what a rate limit stops: only unknown codes and links count (a form sent back for a missing
    name reveals nothing), so a whole room behind one venue address can type the right code at once."""
    return response.status_code in (404, 410)


def wrong_password(response) -> bool:
    """An organiser's sign-in sent back (wrong e-mail or password): what the sign-in limit counts."""
    return response.status_code == 422


class PlainWebSockets:
    """WSGI middleware: our WebSockets go without permessage-deflate. Browsers offer it and simple-websocket always
    accepts it, deflating every frame; ours are a few dozen bytes (a keystroke's update, its ack), where it costs
    CPU (7 % of a busy studio worker) and saves nothing. Long polling keeps its HTTP compression."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return self.wsgi_app(environ, start_response)
