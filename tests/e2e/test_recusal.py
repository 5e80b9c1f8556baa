"""Recusal in Chromium: a participant who types their structure their own way keeps the roster's (the juror stays
recused), a newcomer's known structure recuses a juror before the organiser's eyes, an unknown one waits for the
organiser, who settles it on the jury page; axe and screenshots on the join and jury pages."""

import json
import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from .conftest import DEMO_PASSWORD, ROOT, check_accessibility, screenshot

pytestmark = pytest.mark.e2e

EVENT = "Badgeathon du Havre"
# Camille's roster line says AFPA Normandie, the structure of the juror Aline Roux.
SETUP = """
import json, sys
from datetime import timedelta
from badgeathon import create_app
from badgeathon.db_types import utcnow
from badgeathon.events import services as events
from badgeathon.extensions import db
app = create_app()
with app.app_context():
    event = events.create_event(events.EventDetails(sys.argv[1], "Le Havre", utcnow() - timedelta(hours=1), 360, 2,
                                                    ("Transition numérique",)))
    roster = ("Nom;E-mail;Structure;Équipe\\n"
              "Camille Martin;camille.martin@exemple.fr;AFPA Normandie;Les Docks\\n"
              "Hugo Marie;hugo.marie@exemple.fr;Ateliers du Bocage;Les Falaises\\n")
    events.import_roster(event, roster.encode(), auto_form=False, team_size=5)
    events.add_juror(event, "Aline Roux", "aline.roux@jury.example", "AFPA Normandie")
    print("RESULT " + json.dumps({"event": str(event.public_id),
                                  "codes": {team.name: team.join_code for team in event.teams}}))
"""


@pytest.fixture(scope="module")
def havre(server):
    """An event of its own on the session's server: two teams from a roster, a juror from AFPA Normandie."""
    env = {**server.env, "SOCKETIO_ASYNC_MODE": "threading"}  # a script is no gevent server
    done = subprocess.run(
        [sys.executable, "-c", SETUP, EVENT], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.rsplit("RESULT ", 1)[1])


def join(page, server, code: str, name: str, structure: str) -> None:
    page.goto(f"{server.url}/join/{code}")
    page.get_by_label("Votre nom (visible par votre équipe)").fill(name)
    page.get_by_label("Votre structure").fill(structure)
    page.get_by_role("button", name="Rejoindre l'équipe").click()
    expect(page).to_have_url(re.compile(r"/teams/"))


def test_a_typed_structure_never_lifts_a_recusal_unseen_and_the_organiser_settles_a_new_one(server, new_page, havre):
    codes = havre["codes"]
    camille = new_page()
    camille.goto(f"{server.url}/join/{codes['Les Docks']}")
    expect(camille.locator("#organisations option[value='AFPA Normandie']")).to_have_count(1)  # the known ones
    check_accessibility(camille, "recusal-join")
    join(camille, server, codes["Les Docks"], "Camille Martin", "Afpa")  # the roster says AFPA Normandie
    join(new_page(), server, codes["Les Falaises"], "Nina Petit", "afpa")  # a newcomer from AFPA Normandie
    join(new_page(), server, codes["Les Falaises"], "Paul Neuf", "Les Copains d'abord")  # unknown: to confirm

    page = new_page()
    page.goto(server.url + "/login")
    page.get_by_label("Adresse e-mail").fill("organisatrice@badgeathon.example")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto(f"{server.url}/jury/events/{havre['event']}")

    recusals = page.get_by_role("region", name="Récusations", exact=True)
    aline = recusals.locator("tr", has=page.get_by_role("rowheader", name=re.compile("Aline Roux")))
    expect(aline.get_by_text("Récusé · même structure")).to_have_count(2)  # Les Docks (Camille) and Les Falaises
    changes = page.get_by_role("region", name="Récusations changées par l'arrivée ou la structure d'un participant")
    expect(changes.get_by_role("listitem")).to_have_count(1)
    expect(changes.get_by_role("listitem")).to_contain_text("Aline Roux · Les Falaises : Peut noter → Récusé.")
    expect(changes.get_by_role("listitem")).to_contain_text("Nina Petit a rejoint l'équipe (AFPA Normandie).")
    pending = page.get_by_role("region", name="Structures à confirmer (1)")
    expect(
        pending.get_by_role("row", name=re.compile("Paul Neuf.*Les Falaises.*sans structure.*Les Copains"))
    ).to_be_visible()
    check_accessibility(page, "recusal-jury-dashboard")

    choice = pending.get_by_label("Structure retenue pour Paul Neuf")
    choice.select_option(label="Nouvelle structure « Les Copains d'abord »")
    pending.get_by_role("button", name="Confirmer — Paul Neuf").click()

    expect(page.get_by_text("Structure de Paul Neuf : Les Copains d'abord.")).to_be_visible()
    expect(page.get_by_role("region", name=re.compile("Structures à confirmer"))).to_have_count(0)
    expect(aline.get_by_text("Récusé · même structure")).to_have_count(2)
    screenshot(page, "recusal-jury-dashboard-settled")
