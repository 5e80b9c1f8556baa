"""The `badgeathon` command: run the server, migrate the database, load the demo, create an organiser."""

import os
import sys

import click
from flask import current_app
from flask.cli import FlaskGroup, routes_command, shell_command, with_appcontext

from . import create_app


@click.group(cls=FlaskGroup, create_app=create_app, add_default_commands=False)
def cli():
    """Badgeathon — La Normandie badge les compétences."""


cli.add_command(routes_command)
cli.add_command(shell_command)


@cli.command("run")
@click.option("--host", default=lambda: os.environ.get("HOST", "127.0.0.1"), show_default="127.0.0.1")
@click.option("--port", default=lambda: int(os.environ.get("PORT", "5000")), show_default="5000", type=int)
def run_command(host, port):
    """Serve the app as in production: gunicorn, one gevent worker (scale out with more processes).
    SIGTERM stops it and SIGHUP reloads its worker within seconds (see gunicorn_conf.py)."""
    from .gunicorn_conf import command

    os.execv(sys.executable, command(f"{host}:{port}", "app:app", ("--access-logfile", "-")))


def register_commands(app) -> None:
    """Commands that need the app (the `db` group comes from Flask-Migrate)."""
    app.cli.add_command(demo_command)
    app.cli.add_command(create_organiser_command)
    app.cli.add_command(studio_group)
    from .ruleset.cli import rules_group

    app.cli.add_command(rules_group)


@click.command("demo")
@click.option(
    "--password",
    default=lambda: os.environ.get("DEMO_PASSWORD", "badgeathon-demo"),
    help="The demo organiser's password.",
)
@with_appcontext
def demo_command(password):
    """Load the demo event if the database has none, then print how to sign in as each role."""
    from .auth.services import invitation_token
    from .demo import load_demo

    demo = load_demo(password)
    base = current_app.config["PUBLIC_BASE_URL"]
    event = demo.event
    click.echo("Demo event loaded." if demo.created else "The database already has an event: nothing loaded.")
    click.echo(f"\n  App:             {base}/")
    click.echo(
        f"  Organiser:       {base}/login  e-mail {demo.organiser.email}"
        + (f"  password {password}" if demo.created else "  (password set when it was created)")
    )
    for team in event.teams:
        click.echo(f"  Team {team.name!r}: {base}/join/{team.join_code}  (code {team.join_code})")
    for juror in event.jurors:
        click.echo(f"  Juror {juror.name}: {base}/invitation/{invitation_token(juror)}")
    click.echo(f"  Projector:       {base}/screen/{event.screen_token}\n")
    if demo.jury_event is not None:
        jury_event = demo.jury_event
        click.echo(f"  {jury_event.name} (scoring under way):")
        click.echo(f"  Jury page:       {base}/jury/events/{jury_event.public_id}")
        for juror in jury_event.jurors:
            click.echo(f"  Juror {juror.name}: {base}/invitation/{invitation_token(juror)}")
        click.echo("")


@click.group("studio")
def studio_group():
    """Look after the teams' design documents."""


@studio_group.command("rebuild")
@click.argument("design")
@with_appcontext
def rebuild_command(design):
    """Rebuild a design's CRDT state from its plain view (a new epoch: browsers will not merge old state into it)."""
    import uuid

    from .errors import BadgeathonError
    from .workshop.versions import rebuild

    try:
        rebuilt = rebuild(uuid.UUID(design))
    except (ValueError, BadgeathonError):
        raise click.ClickException(f"No design {design}.") from None
    click.echo(f"Design {rebuilt.public_id} rebuilt, epoch {rebuilt.epoch}.")


@click.command("create-organiser")
@click.option("--name", prompt="Name")
@click.option("--email", prompt="E-mail")
@click.password_option()
@with_appcontext
def create_organiser_command(name, email, password):
    """Create an organiser (region staff) account."""
    from .auth.services import create_organiser
    from .errors import BadgeathonError

    try:
        person = create_organiser(name, email, password)
    except BadgeathonError as error:
        raise click.ClickException(str(error.message)) from error
    click.echo(f"Organiser {person.email} created.")
