"""The team's checklist holds only what the team can act on: the issuer and Open Badge Factory's image limits are
staff's (the export page shows them), on the studio page and in the live `checklist` message alike."""

import html
import uuid

from badgeathon.extensions import db
from badgeathon.workshop import studio
from badgeathon.workshop.checklist import STAFF_CODES
from badgeathon.workshop.models import Design
from badgeathon.workshop.versions import current_view

from .conftest import drain

STAFF_WORDS = (
    "L'émetteur (Région Normandie) est prêt pour l'export.",
    "Open Badge Factory",
    "L'image est au format PNG ou SVG.",
    "L'image est carrée.",
)


def test_the_studio_page_lists_what_the_team_can_act_on_and_nothing_of_staffs(design_phase, world, as_role):
    text = html.unescape(as_role("participant").get(f"/teams/{world.team_id}").get_data(as_text=True))
    checklist = text.split("data-checklist>", 1)[1].split("</ul>", 1)[0]

    assert "Le badge a un nom (128 caractères au plus)." in checklist
    assert "Le badge a une image." in checklist
    assert "Conseil : au moins 2 mots-clés." in checklist
    for words in STAFF_WORDS:
        assert words not in checklist, words


def test_the_live_checklist_message_leaves_the_staffs_findings_out(app, design_phase, peer):
    alice = peer(design=design_phase)
    alice.type("name", 0, "Éco-gestes")
    drain(app)
    alice.socket.get_received("/workshop")  # what the typing brought
    with app.app_context():
        design = db.session.execute(db.select(Design).filter_by(public_id=uuid.UUID(design_phase))).scalar_one()
        studio.tell_checklist(design.id, studio.checklist_payload(current_view(design.id)))
        db.session.remove()

    messages = [event["args"][0] for event in alice.socket.get_received("/workshop") if event["name"] == "checklist"]
    assert messages, "no checklist message"
    codes = [finding["code"] for finding in messages[-1]["findings"]]
    assert "name_written" in codes and "image_present" in codes and "pitch_written" in codes
    assert not STAFF_CODES & set(codes)
    assert {finding["code"]: finding["ok"] for finding in messages[-1]["findings"]}["name_written"] is True
