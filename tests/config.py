"""The suite's settings: one in-process node on in-memory SQLite, no CSRF, the studio's timers at their quickest.
bench/export.py builds its event on them too."""

from badgeathon.config import Config


class TestConfig(Config):
    __test__ = False  # a settings class, not tests, wherever a test module imports it
    TESTING = True
    SECRET_KEY = "test-secret"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    SOCKETIO_ASYNC_MODE = "threading"
    RATELIMIT_STORAGE_URI = "memory://"
    REDIS_URL = ""
    WTF_CSRF_ENABLED = False
    WORKSHOP_FLUSH_SECONDS = 0.01
    WORKSHOP_VIEW_SECONDS = 0
    WORKSHOP_SAVED_SECONDS = 0
    WORKSHOP_COMPACT_AFTER = 3  # compaction runs all the time in the tests, not once a day
    WORKSHOP_PRESENCE_TOUCH_SECONDS = 0
