"""Attack replay: reading the jury's marks before the deliberation. Until scoring is locked (the move to the
« Délibération » phase) a mark is seen by its own juror only: the organiser's audit log says who scored or changed
which badge on which criterion and when, never the value nor a before/after that reveals it; the dashboard, its
progress JSON, the deliberation page and the exports show none either. Once locked, the audit shows the values."""

import re

import pytest

from badgeathon.events.phases import Phase

from ..jury import conftest as jury_fixtures
from ..jury.conftest import juror_client, move_to, organiser_client, page, post_score

app, jury = jury_fixtures.app, jury_fixtures.jury  # the jury's fixtures, here only

SUBJECT = "Les Voisins · Qualité du pitch"  # criterion 5 of the default rubric
EXPORTS = ("scores.csv", "ranking.csv", "jury.xlsx")


@pytest.fixture
def database_url(tmp_path):
    """SQLite only: what a page shows does not depend on the database, and the replay stays fast."""
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def scored(app, jury):
    """Scoring is open; Ada gives Les Voisins a 4 for the pitch, changes it to 1, clears it, then gives a 3."""
    move_to(app, jury, Phase.SCORING)
    ada = juror_client(app, jury, "ada")
    for value in (4, 1, None, 3):
        assert post_score(ada, jury, "Les Voisins", 5, value).status_code == 200
    return jury


def audit_page(client, jury) -> str:
    response = client.get(f"/jury/events/{jury.event_id}/audit")
    assert response.status_code == 200
    return page(response)


def score_rows(text: str) -> list[list[str]]:
    """The audit table's rows about Ada's mark, each as its cells' text."""
    body = text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]
    return [row for row in rows if SUBJECT in row]


def test_the_audit_log_hides_the_marks_until_scoring_is_locked(app, scored):
    organiser = organiser_client(app)

    during = audit_page(organiser, scored)
    rows = score_rows(during)
    assert len(rows) == 4  # each change is there, newest first: who, when, which badge and criterion
    assert all(row[1] == "Ada Lovelace" and row[2] == "Note" for row in rows)
    shown = [" ".join(row[4:]) for row in rows]
    assert [text.split(" · ")[0] for text in shown] == ["Note donnée", "Note effacée", "Note modifiée", "Note donnée"]
    assert not [text for text in shown if re.search(r"\d", text)], shown
    assert '"value"' not in during

    move_to(app, scored, Phase.DELIBERATION)  # the lock: the jury deliberates on the marks
    assert [row[4:] for row in score_rows(audit_page(organiser, scored))] == [
        ['{"value": null}', '{"value": 3}'],
        ['{"value": 1}', '{"value": null}'],
        ['{"value": 4}', '{"value": 1}'],
        ['{"value": null}', '{"value": 4}'],
    ]

    move_to(app, scored, Phase.SCORING)  # unlocked to let a juror correct a mark: secret again
    assert '"value"' not in audit_page(organiser, scored)


def test_no_other_organiser_page_gives_a_mark_before_the_lock(app, scored):
    organiser, base = organiser_client(app), f"/jury/events/{scored.event_id}"

    progress = organiser.get(f"{base}/progress.json")
    assert progress.status_code == 200
    assert all(set(line) == {"juror", "name", "scored", "to_score", "final"} for line in progress.json["jurors"])
    assert organiser.get(base).status_code == 200
    assert organiser.get(f"{base}/deliberation").status_code == 409
    for name in EXPORTS:
        refused = organiser.get(f"{base}/export/{name}")
        assert refused.status_code == 409, name
        assert "Les notes s'exportent une fois la notation verrouillée" in page(refused), name


def test_a_juror_sees_neither_the_log_nor_the_others_marks(app, scored):
    chloe, base = juror_client(app, scored, "chloe"), f"/jury/events/{scored.event_id}"

    assert chloe.get(f"{base}/audit").status_code == 403
    assert chloe.get(f"{base}/deliberation").status_code == 409
    sheet = page(chloe.get(f"/jury/scoring/{scored.teams['Les Voisins']}"))
    assert "Ada Lovelace" not in sheet
