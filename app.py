"""The WSGI entry point: exposes `app` for gunicorn and `flask --app app`."""
from badgeathon import create_app

app = create_app()
