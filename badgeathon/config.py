"""Settings read from the environment, with SQLite and in-process defaults for a first run."""

import os
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _sqlalchemy_url(url: str) -> str:
    """Accept the usual `postgres://` and `postgresql://` forms and use psycopg 3 for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    # Signs sessions, "remember me" cookies and invitation links. Not set: read from SECRET_KEY_FILE, which
    # `make run` writes on the first run; without either the app refuses to start (except in debug and tests).
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    SECRET_KEY_FILE = os.environ.get("SECRET_KEY_FILE", str(ROOT / "instance" / "secret_key"))
    SQLALCHEMY_DATABASE_URI = _sqlalchemy_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{ROOT / 'instance' / 'badgeathon.db'}")
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # How long a write waits for SQLite's lock.
    SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "5000"))
    # Socket.IO message queue shared by several nodes; empty means one in-process node.
    REDIS_URL = os.environ.get("REDIS_URL", "")
    SOCKETIO_ASYNC_MODE = os.environ.get("SOCKETIO_ASYNC_MODE", "gevent")
    # With REDIS_URL: how often a node tries Redis again while its message queue is away; once Redis is back,
    # every studio resyncs (queue_health.py).
    REDIS_HEALTH_SECONDS = float(os.environ.get("REDIS_HEALTH_SECONDS", "1"))
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or os.environ.get("REDIS_URL") or "memory://"
    # Redis away: the limits count in each node's memory meanwhile (Flask-Limiter checks Redis again now and then),
    # never a 500 at sign-in; a Redis that does not answer costs one request a second at most.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
    RATELIMIT_HEADERS_ENABLED = True
    # Behind a load balancer or reverse proxy: how many of them set X-Forwarded-For/-Proto. 0 (the default, no
    # proxy) ignores those headers, which anyone can forge; wrong, every visitor shares the proxy's address.
    TRUSTED_PROXY_HOPS = int(os.environ.get("TRUSTED_PROXY_HOPS", "0"))
    # Unknown join codes (and invitation links) allowed per address: a room of 60 behind one venue address never
    # reaches it with its typos, a guesser needs decades (docs/SECURITY.md has the arithmetic).
    JOIN_RATE_LIMIT = os.environ.get("JOIN_RATE_LIMIT", "100 per minute;1000 per day")
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000").rstrip("/")
    INVITATION_MAX_AGE = timedelta(days=int(os.environ.get("INVITATION_MAX_AGE_DAYS", "14")))
    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = "Europe/Paris"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "badgeathon" / "translations")
    LANGUAGES = ("fr", "en")
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    # Every response's Content-Security-Policy (Flask-Talisman, see https_settings for the rest): scripts and styles
    # only from our own files, never inline; images also as data: (the export page's baked badges) and blob: (the
    # image designer's live preview); Socket.IO's WebSocket on this same origin; no framing (clickjacking).
    CONTENT_SECURITY_POLICY = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data: blob:",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    REFERRER_POLICY = "same-origin"  # join codes and invitation tokens live in URLs: other sites never see them
    # A sign-in lasts this long on every device (then: sign in again); signing out ends it everywhere at once.
    SIGN_IN_LIFETIME = timedelta(hours=float(os.environ.get("SIGN_IN_HOURS", "48")))
    REMEMBER_COOKIE_DURATION = SIGN_IN_LIFETIME
    WORKSHOP_FLUSH_SECONDS = float(os.environ.get("WORKSHOP_FLUSH_SECONDS", "0.05"))
    WORKSHOP_VIEW_SECONDS = float(os.environ.get("WORKSHOP_VIEW_SECONDS", "5"))
    # How often an open studio socket checks again who is asking (sign-out, phase, deadline moves): a signed-out
    # person's socket is refused within this many seconds.
    WORKSHOP_ACCESS_SECONDS = float(os.environ.get("WORKSHOP_ACCESS_SECONDS", "5"))
    WORKSHOP_VERSION_MINUTES = float(os.environ.get("WORKSHOP_VERSION_MINUTES", "5"))
    # The studio's update log: folded into the snapshot every N updates; the limits an update and a whole design
    # may reach; how many updates may wait for the database (beyond: "not saved", the browsers keep them); how long
    # an update waits for its commit before the browser is told it is not saved yet.
    WORKSHOP_COMPACT_AFTER = int(os.environ.get("WORKSHOP_COMPACT_AFTER", "200"))
    WORKSHOP_MAX_UPDATE_BYTES = int(os.environ.get("WORKSHOP_MAX_UPDATE_BYTES", str(256 * 1024)))
    WORKSHOP_MAX_DOCUMENT_BYTES = int(os.environ.get("WORKSHOP_MAX_DOCUMENT_BYTES", str(2 * 1024 * 1024)))
    WORKSHOP_MAX_QUEUE = int(os.environ.get("WORKSHOP_MAX_QUEUE", "50000"))
    WORKSHOP_ACK_SECONDS = float(os.environ.get("WORKSHOP_ACK_SECONDS", "10"))
    WORKSHOP_LIVE_IDLE_SECONDS = float(os.environ.get("WORKSHOP_LIVE_IDLE_SECONDS", "600"))
    # How often, at most, a design's pages are told what is on disk (their "tout est enregistré").
    WORKSHOP_SAVED_SECONDS = float(os.environ.get("WORKSHOP_SAVED_SECONDS", "1"))
    # The organiser's board: a studio socket not heard of for this long counts as gone (its node died without a
    # goodbye; browsers sync every 20 s), and a team with no edit for this many minutes is shown as needing help.
    WORKSHOP_PRESENCE_SECONDS = float(os.environ.get("WORKSHOP_PRESENCE_SECONDS", "60"))
    BOARD_STUCK_MINUTES = float(os.environ.get("BOARD_STUCK_MINUTES", "15"))
    # A member's socket tells the board it is alive at most this often (a row gone missing comes back at the next
    # sync after it); the board counts a row for WORKSHOP_PRESENCE_SECONDS.
    WORKSHOP_PRESENCE_TOUCH_SECONDS = float(os.environ.get("WORKSHOP_PRESENCE_TOUCH_SECONDS", "15"))
    # The region as issuer of its badges (regional rule set); ISSUER_IMAGE empty: {PUBLIC_BASE_URL}/issuer.png
    ISSUER_NAME = os.environ.get("ISSUER_NAME", "Région Normandie")
    ISSUER_URL = os.environ.get("ISSUER_URL", "https://www.normandie.fr")
    ISSUER_EMAIL = os.environ.get("ISSUER_EMAIL", "badges@normandie.fr")
    ISSUER_DESCRIPTION = os.environ.get(
        "ISSUER_DESCRIPTION",
        "La Région Normandie reconnaît les compétences des Normands par des Open Badges : "
        "« La Normandie badge les compétences ».",
    )
    ISSUER_IMAGE = os.environ.get("ISSUER_IMAGE", "")
    WTF_CSRF_TIME_LIMIT = None  # a form left open for a 6-hour workshop must still submit


def https_settings(public_base_url: str) -> dict:
    """What follows from PUBLIC_BASE_URL: served over https, the cookies travel only over TLS, plain http is
    redirected and browsers are told to stay on https (HSTS); over http (a laptop in the room, tests) none of it."""
    https = public_base_url.startswith("https://")
    return {"SESSION_COOKIE_SECURE": https, "REMEMBER_COOKIE_SECURE": https, "HTTPS_ONLY": https}
