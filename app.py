"""The WSGI entry point: exposes `app` for gunicorn and `flask --app app`."""

import gc

from badgeathon import create_app

app = create_app()
# What the app loaded lives as long as the process: keep it out of the collector's passes (shorter pauses).
gc.freeze()
