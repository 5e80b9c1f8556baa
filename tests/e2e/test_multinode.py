"""Two app processes sharing no memory, only PostgreSQL and Redis: a phase moved on one reaches a screen on the
other."""

import re

import pytest
from playwright.sync_api import expect

from ..conftest import POSTGRES_URL, REDIS_URL, postgres_reachable, redis_reachable, require_server, reset_postgres
from .conftest import DEMO_PASSWORD, start_server

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture(scope="module")
def nodes(tmp_path_factory):
    require_server(postgres_reachable(), f"PostgreSQL at {POSTGRES_URL}")
    require_server(redis_reachable(), f"Redis at {REDIS_URL}")
    reset_postgres()
    tmp = tmp_path_factory.mktemp("nodes")
    node_a = start_server(tmp, database_url=POSTGRES_URL, redis_url=REDIS_URL)
    node_b = start_server(tmp, database_url=POSTGRES_URL, redis_url=REDIS_URL, prepare=False)
    yield node_a, node_b
    node_a.stop()
    node_b.stop()
    reset_postgres()


def test_a_teammate_on_node_b_sees_what_is_typed_on_node_a(nodes, new_page):
    node_a, node_b = nodes
    out = node_a.cli("demo")
    code = re.search(r"Team 'Tiers-lieux': \S+/join/(\w+)", out).group(1)
    pages = []
    for node, name in ((node_a, "Sur le nœud A"), (node_b, "Sur le nœud B")):
        page = new_page()
        page.goto(f"{node.url}/join/{code}")
        page.get_by_label("Votre nom (visible par votre équipe)").fill(name)
        page.get_by_role("button", name="Rejoindre l'équipe").click()
        pages.append(page)
    on_a, on_b = pages
    field = "Notes de pitch"
    expect(on_a.get_by_label(field)).to_be_enabled(timeout=15000)
    expect(on_b.get_by_label(field)).to_be_enabled(timeout=15000)
    on_a.get_by_label(field).click()
    on_a.keyboard.type("Tapé sur A. ")
    on_b.get_by_label(field).click()
    on_b.keyboard.press("End")
    on_b.keyboard.type("Tapé sur B.")
    expect(on_b.get_by_label(field)).to_have_value(
        re.compile("Tapé sur A.*Tapé sur B|Tapé sur B.*Tapé sur A"), timeout=10000
    )
    expect(on_a.get_by_label(field)).to_have_value(on_b.get_by_label(field).input_value(), timeout=10000)
    expect(on_b.get_by_text("Sur le nœud A — Notes de pitch")).to_be_visible()


def test_a_phase_moved_on_node_a_reaches_the_projector_on_node_b(nodes, new_page):
    node_a, node_b = nodes
    token = re.search(r"/screen/(\S+)", node_a.cli("demo")).group(1)

    projector = new_page()
    projector.goto(f"{node_b.url}/screen/{token}")
    expect(projector.locator(".screen__phase-name")).to_have_text("Conception")

    organiser = new_page()
    organiser.goto(node_a.url + "/login")
    organiser.get_by_label("Adresse e-mail").fill("organisatrice@badgeathon.example")
    organiser.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    organiser.get_by_role("button", name="Se connecter").click()
    organiser.get_by_role("link", name="Badgeathon Normandie 2026").click()
    organiser.get_by_role("button", name="Passer à « Pitchs »").click()
    expect(organiser.get_by_role("heading", name="Phase : Pitchs")).to_be_visible()

    # Within the Socket.IO push, well before the screen's own 30-second clock poll would notice.
    expect(projector.locator(".screen__phase-name")).to_have_text("Pitchs", timeout=5000)
