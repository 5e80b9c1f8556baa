"""Replays of unhandled inputs: JSON nested too deep (jury autosaves, a partner's BadgeClass, a backpack given to the
CLI), socket events with missing or ill-typed arguments, and juror invitations signed with the key whose payload is
not a juror id. Each is refused with a clear answer, and nothing is stored."""

import json
from io import BytesIO

import pytest
from itsdangerous import URLSafeTimedSerializer

from badgeathon import safe_json
from badgeathon.extensions import db
from badgeathon.jury.models import Note, Score
from badgeathon.ruleset import services as ruleset
from badgeathon.workshop.models import DesignUpdate
from tests.jury import conftest as jury_fixtures
from tests.jury.conftest import count, database, juror_client, organiser_client, page
from tests.workshop import conftest as studio_fixtures
from tests.workshop.conftest import NS, drain

# the jury's small event (its app empties PostgreSQL's tables instead of remaking them) and the studio's peers
app, database_url, jury = jury_fixtures.app, jury_fixtures.database_url, jury_fixtures.jury
design_phase, peer = studio_fixtures.design_phase, studio_fixtures.peer

DEEP = "[" * 100_000 + "]" * 100_000
DEEP_OBJECT = '{"a":' * 100_000 + "1" + "}" * 100_000
SHALLOW_BUT_TOO_DEEP = "[" * (safe_json.MAX_DEPTH + 1) + "]" * (safe_json.MAX_DEPTH + 1)
LONE_SURROGATE = '"\\ud800"'  # valid JSON, yet no Unicode text: UTF-8 and PostgreSQL refuse it
UNUSABLE = [DEEP, DEEP_OBJECT, SHALLOW_BUT_TOO_DEEP, '{"comment": ' + LONE_SURROGATE + ', "feedback": ""}']
sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # the database plays no part


# --- the pure helper -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [*UNUSABLE, LONE_SURROGATE, '{"\\udfff": 1}', "{", "", "[1,]"])
def test_safe_json_turns_every_unusable_document_into_a_value_error(text):
    with pytest.raises(ValueError):
        safe_json.loads(text)


def test_safe_json_reads_ordinary_documents():
    nested = "[" * safe_json.MAX_DEPTH + "]" * safe_json.MAX_DEPTH
    assert safe_json.loads(nested) is not None
    assert safe_json.loads(b'{"a": [1, {"b": null}]}') == {"a": [1, {"b": None}]}


# --- the jury's autosaves -----------------------------------------------------------------------------------------


def test_a_score_or_note_nested_too_deep_or_not_text_is_refused_in_french_and_nothing_stored(app, jury):
    client = juror_client(app, jury, "ada")
    for route in ("scores", "note"):
        for body in UNUSABLE:
            response = client.post(
                f"/jury/scoring/{jury.teams['Les Zélés']}/{route}", data=body, content_type="application/json"
            )
            assert response.status_code == 400, (route, body[:20])
            assert response.get_json()["message"] == "Requête illisible."
    with database(app):
        assert count(Score) == 0 and count(Note) == 0


def test_a_request_body_nested_too_deep_elsewhere_is_a_plain_bad_request(app):
    """request.get_json without `silent`: Flask's 400 (in the app's error format), not a RecursionError."""
    from flask import request
    from werkzeug.exceptions import BadRequest

    with app.test_request_context(data=DEEP, content_type="application/json"), pytest.raises(BadRequest):
        request.get_json()


# --- a partner's BadgeClass, uploaded -----------------------------------------------------------------------------


def test_an_uploaded_badge_class_nested_too_deep_is_refused_in_french_and_nothing_stored(app, jury):
    with database(app):
        before = ruleset.ensure_seeded().number
    client = organiser_client(app)
    for body in UNUSABLE:
        response = client.post(
            "/ruleset/partners",
            content_type="multipart/form-data",
            data={
                "url": "",
                "name": "",
                "structure": "",
                "competency": "Organiser",
                "level": "1",
                "badge_class": (BytesIO(body.encode()), "badge.json"),
            },
        )
        assert response.status_code == 422, body[:20]
        assert "Le fichier badge.json n'est pas un fichier JSON lisible." in page(response)
    with database(app):
        assert ruleset.current().number == before and ruleset.current().document["partners"] == []


# --- `badgeathon rules evaluate` ----------------------------------------------------------------------------------


@pytest.fixture
def evaluate(app, tmp_path):
    with database(app):
        ruleset.ensure_seeded()
    runner = app.test_cli_runner()

    def run(text: str):
        path = tmp_path / "backpack.json"
        path.write_text(text, encoding="utf-8")
        return runner.invoke(args=["rules", "evaluate", str(path)])

    return run


@sqlite_only
def test_evaluate_refuses_an_unreadable_backpack_with_a_message_and_no_traceback(evaluate):
    for text in [*UNUSABLE, f"[{LONE_SURROGATE}]", "{pas du json", "", "42", '"texte"', "null"]:
        result = evaluate(text)
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), (text[:20], result.exception)
        assert result.output.startswith("Error: ") and "Traceback" not in result.output


@sqlite_only
def test_evaluate_refuses_malformed_entries_saying_where_without_a_traceback(evaluate):
    for backpack, where in [
        ({"alice": 42}, "$.alice: "),
        ({"alice": {"badge": "x"}}, "$.alice: "),
        ({"alice": None}, "$.alice: "),
        ([42, None, True, [], {}, 1.5], "$[5]: "),
        (
            [{"badge": {"id": ["x"]}}, {"badge": "x", "expires": 3}, {"badge": "x", "expires": "hier"}, {"revoked": 1}],
            "$[3].badge: missing",
        ),
        (["x", {"badge": "x", "revoked": "true"}], "$[1].revoked: "),
        (["x", ""], "$[1]: empty badge URL"),
    ]:
        result = evaluate(json.dumps(backpack))
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), (backpack, result.output)
        assert result.output.startswith("Error: ") and where in result.output and "Traceback" not in result.output


# --- socket events with missing or ill-typed arguments ------------------------------------------------------------


def logged(app) -> int:
    drain(app)
    with app.app_context():
        return db.session.execute(db.select(db.func.count()).select_from(DesignUpdate)).scalar_one()


@sqlite_only
def test_every_studio_event_with_missing_or_ill_typed_arguments_is_answered_and_changes_nothing(
    app, design_phase, peer
):
    alice = peer(design=design_phase)
    alice.type("name", 0, "Bonjour")
    before = logged(app)
    message = {"design": design_phase, "sv": b"\x00", "update": b"\x00\x00"}
    for event in ("join", "sync", "update", "awareness"):
        for args in [(), (None,), (42,), ("texte",), ([design_phase],), (message, "en trop"), (message, message)]:
            ack = alice.socket.emit(event, *args, namespace=NS, callback=True)
            assert isinstance(ack, dict) and ack["ok"] is False, (event, args, ack)
            assert ack["error"] == "bad_update" and ack["message"] == "Modification illisible, ignorée."
        for design in (None, 42, [1], {"a": 1}, "pas-un-uuid"):
            ack = alice.socket.emit(event, {**message, "design": design}, namespace=NS, callback=True)
            assert ack["ok"] is False and ack["error"] == "not_found", (event, design, ack)
    for sv in (42, 1.5, True, "texte", [0], {"a": 1}, b"\xff\xff\xff"):
        ack = alice.socket.emit("sync", {"design": design_phase, "sv": sv}, namespace=NS, callback=True)
        assert ack["ok"] is False and ack["error"] == "bad_update", (sv, ack)
    for update in (42, "texte", [0], None):
        ack = alice.socket.emit("update", {"design": design_phase, "update": update}, namespace=NS, callback=True)
        assert ack["ok"] is False and ack["error"] == "bad_update", (update, ack)
    assert logged(app) == before
    assert alice.sync()["update"] and alice.type("name", 7, " !")["ok"] is True  # the socket still works


@sqlite_only
def test_an_unforeseen_failure_in_a_studio_event_is_answered_not_saved(app, design_phase, peer, monkeypatch):
    from badgeathon.workshop import studio

    alice = peer(design=design_phase)
    monkeypatch.setattr(studio, "sync", lambda *args: 1 / 0)
    ack = alice.socket.emit("sync", {"design": design_phase, "sv": b"\x00"}, namespace=NS, callback=True)
    assert ack["ok"] is False and ack["error"] == "not_saved"


# --- forged juror invitations ---------------------------------------------------------------------------------------


def test_an_invitation_signed_with_the_key_but_naming_no_juror_is_invalid(app, jury):
    from badgeathon.auth.services import InvitationInvalid, juror_from_invitation

    signer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="juror-invitation")
    for payload in (42, "abc", ["a"], {"id": "x"}, None, True, 1.5, "", "0" * 33, [str(jury.jurors["ada"])]):
        token = signer.dumps(payload)
        response = app.test_client().get(f"/invitation/{token}")
        assert response.status_code == 404, (payload, response.status_code)
        assert "Ce lien d'invitation n'est pas valide." in page(response)
        with database(app), pytest.raises(InvitationInvalid):  # what signing in (accepting) checks first
            juror_from_invitation(token)
