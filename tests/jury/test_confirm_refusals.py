"""Re-confirming the winners never fails silently: a wrong count, a missing place, a departure without a reason or a
ceremony already begun each answer the form with a clear message above it, and nothing changes."""

import re

from badgeathon.events.phases import Phase
from tests.jury.conftest import database, move_to, organiser, organiser_client, page, the_event

from .test_deliberation import confirm, decided

ALERT = re.compile(r'<div class="panel panel--error" role="alert" id="confirm-error">(.*?)</div>', re.S)


def alert(response) -> str:
    found = ALERT.search(page(response))
    assert found, "no alert above the winners' form"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip()


def test_the_same_badge_twice_is_said_above_the_form(app, locked):
    response = confirm(organiser_client(app), locked, "Les Voisins", "Les Voisins", reason="Un seul lauréat")
    assert response.status_code == 422
    assert alert(response) == "Lauréats non confirmés. Choisissez 2 badges différents."
    assert decided(app, locked) is None


def test_a_single_winner_sent_for_two_places_is_said_above_the_form(app, locked):
    response = confirm(organiser_client(app), locked, "Les Voisins")  # the second place left out
    assert response.status_code == 422
    assert "Les lauréats ne sont pas confirmés : corrigez les champs signalés." in alert(response)
    assert 'aria-invalid="true"' in page(response)
    assert decided(app, locked) is None


def test_a_departure_without_reason_is_said_above_the_form_and_at_the_reason(app, locked):
    response = confirm(organiser_client(app), locked, "Les Pionniers", "Les Voisins")
    assert response.status_code == 422
    assert "écrivez la raison" in alert(response)
    assert 'id="reason-error"' in page(response)


def test_after_the_ceremony_began_the_form_says_so_and_leads_to_the_export(app, locked):
    client = organiser_client(app)
    confirm(client, locked, "Les Voisins", "Les Zélés")
    move_to(app, locked, Phase.RESULTS)
    with database(app):
        from badgeathon.jury import deliberation

        deliberation.reveal(the_event(locked), organiser(), 1)
    before = page(client.get(f"/jury/events/{locked.event_id}/deliberation"))
    assert "La cérémonie a commencé : les lauréats ne changent plus." in before

    response = confirm(client, locked, "Les Voisins", "Les Voisins")
    assert response.status_code == 422
    said = alert(response)
    assert said.startswith("Lauréats non confirmés.")
    assert "corrigez-le, puis exportez-le seul" in said and "Aller à l'export des lauréats" in said
    assert f'href="/events/{locked.event_id}/export"' in page(response)
    assert decided(app, locked)[0] == ["Les Voisins", "Les Zélés"]
