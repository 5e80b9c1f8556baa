"""The print sheets: one card per team (event, team, code, the join address in words, its QR code) and, apart, one
card per juror with their personal invitation and its QR code; only an organiser prints them."""

import re
import uuid
from datetime import UTC
from html import unescape

import pytest

from badgeathon.auth.models import Person
from badgeathon.auth.services import juror_from_invitation
from badgeathon.events import services
from badgeathon.events.models import Event
from badgeathon.extensions import db


@pytest.fixture
def organiser(as_role):
    return as_role("organiser")


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


def test_the_teams_sheet_has_one_card_per_team_with_everything_needed_to_join(organiser, world):
    html = page(organiser, f"/events/{world.event_id}/links")

    cards = re.findall(r'<article class="sheet print-card".*?</article>', html, re.S)
    assert len(cards) == 2
    ours = next(card for card in cards if "Les Pionniers" in card)
    assert "Badgeathon test" in ours
    assert "Transition écologique" in ours
    assert "Scannez ou tapez le code" in ours
    assert world.join_code in ours
    assert "127.0.0.1:5000/join</strong>" in ours and "http://" not in ours  # the address to type, in words
    assert f"/events/{world.event_id}/teams/{world.team_id}/qr.svg" in ours


def test_the_teams_sheet_never_carries_an_invitation_nor_the_screen_link(organiser, world):
    html = page(organiser, f"/events/{world.event_id}/links")

    assert world.invitation not in html
    assert "/invitation/" not in html
    assert world.screen_token not in html
    assert "Jeanne Juré" not in html


def test_the_jurors_sheet_has_one_card_per_juror_with_their_invitation_and_its_qr_code(app, organiser, world):
    with app.app_context():
        juror = db.session.execute(db.select(Person).filter_by(name="Jeanne Juré")).scalar_one()
        juror_id = juror.public_id
    html = page(organiser, f"/events/{world.event_id}/links/jurors")

    cards = re.findall(r'<article class="sheet print-card print-card--juror".*?</article>', html, re.S)
    assert len(cards) == 1
    assert "Jeanne Juré" in cards[0] and "CEP Normandie" in cards[0]
    token = re.search(r"http://127\.0\.0\.1:5000/invitation/([\w.-]+)</p>", cards[0]).group(1)
    with app.test_request_context():
        assert juror_from_invitation(token).public_id == juror_id  # the link signs in this juror, and no one else
    assert f"/events/{world.event_id}/jurors/{juror_id}/qr.svg" in cards[0]
    assert world.join_code not in html

    response = organiser.get(f"/events/{world.event_id}/jurors/{juror_id}/qr.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert "<svg" in response.get_data(as_text=True)


def test_the_qr_code_of_a_juror_of_another_event_or_of_nobody_is_not_found(app, organiser, world):
    with app.test_request_context():
        other = services.add_juror(
            db.session.execute(db.select(Event).filter_by(public_id=world.event_id)).scalar_one(),
            "Paul Juré",
            "paul@region.example",
            "",
        )
        from datetime import datetime

        elsewhere = services.create_event(
            services.EventDetails(
                "Badgeathon de Rouen",
                "Rouen",
                datetime(2026, 11, 26, 8, 0, tzinfo=UTC),
                360,
                2,
                ("Transition numérique",),
            )
        )
        other_id, elsewhere_id = other.public_id, elsewhere.public_id
        db.session.remove()

    assert organiser.get(f"/events/{world.event_id}/jurors/{other_id}/qr.svg").status_code == 200
    assert organiser.get(f"/events/{elsewhere_id}/jurors/{other_id}/qr.svg").status_code == 404
    assert organiser.get(f"/events/{world.event_id}/jurors/{uuid.uuid4()}/qr.svg").status_code == 404


@pytest.mark.parametrize("role", ["participant", "juror"])
@pytest.mark.parametrize("path", ["/links", "/links/jurors"])
def test_only_an_organiser_prints_the_sheets(world, as_role, role, path):
    assert as_role(role).get(f"/events/{world.event_id}{path}").status_code == 403


def test_a_participant_cannot_fetch_a_jurors_qr_code(app, world, as_role):
    with app.app_context():
        juror_id = db.session.execute(db.select(Person.public_id).filter_by(name="Jeanne Juré")).scalar_one()
    assert as_role("participant").get(f"/events/{world.event_id}/jurors/{juror_id}/qr.svg").status_code == 403
