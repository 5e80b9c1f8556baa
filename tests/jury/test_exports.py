"""The organiser's exports once scoring is locked: scores.csv and ranking.csv (French Excel: UTF-8 with a BOM,
semicolons, decimal commas) and jury.xlsx (sheets "Notes" and "Classement"), matching the deliberation page."""

import csv
import io

import pytest
from openpyxl import load_workbook

from badgeathon.events.phases import Phase

from .conftest import CLEAR_RANKING, JURORS, TEAMS, deliberation_table, juror_client, move_to, organiser_client

SCORE_HEADERS = ["Juré", "Équipe", "Badge", "Critère", "Poids", "Note", "Récusé"]
RANKING_HEADERS = [
    "Rang",
    "Ex æquo",
    "Équipe",
    "Badge",
    "Note",
    "Rang brut",
    "Note brute",
    "Jurés",
    "Écart entre jurés",
]
EXPORTS = ("scores.csv", "ranking.csv", "jury.xlsx")


@pytest.fixture
def organiser(app):
    return organiser_client(app)


def export(client, jury, name: str):
    return client.get(f"/jury/events/{jury.event_id}/export/{name}")


def read_csv(response) -> list[list[str]]:
    data = response.get_data()
    assert data.startswith("\ufeff".encode())  # the BOM that tells Excel it is UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_exports_are_refused_before_the_lock_and_to_jurors(app, jury, organiser):
    move_to(app, jury, Phase.SCORING)
    juror = juror_client(app, jury, "ada")

    assert [export(organiser, jury, name).status_code for name in EXPORTS] == [409, 409, 409]
    assert [export(juror, jury, name).status_code for name in EXPORTS] == [403, 403, 403]
    move_to(app, jury, Phase.DELIBERATION)
    assert [export(juror, jury, name).status_code for name in EXPORTS] == [403, 403, 403]
    assert export(organiser, jury, "scores.xlsx").status_code == 404


def test_scores_csv_has_one_row_per_juror_team_and_criterion(locked, organiser):
    response = export(organiser, locked, "scores.csv")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="badgeathon-2026-scores.csv"'
    header, *rows = read_csv(response)
    assert header == SCORE_HEADERS
    assert len(rows) == len(JURORS) * len(TEAMS) * len(locked.criteria) == 54
    assert len({(row[0], row[1], row[3]) for row in rows}) == 54
    by_key = {(row[0], row[1], row[3]): row for row in rows}
    pitch = "Qualité du pitch"
    assert by_key["Ada Lovelace", "Les Voisins", pitch][4:] == ["1,000", "5", "non"]
    assert by_key["Chloé Durand", "Les Pionniers", pitch][4:] == ["1,000", "2", "non"]
    assert by_key["Basile Martin", "Les Pionniers", pitch][4:] == ["1,000", "", "oui"]  # recused: no value
    assert [row[4] for row in rows[:6]] == ["3,000", "3,000", "2,000", "2,000", "1,500", "1,000"]


def test_ranking_csv_has_the_ranks_and_teams_of_the_deliberation_page(locked, organiser):
    shown = deliberation_table(organiser.get(f"/jury/events/{locked.event_id}/deliberation"))

    response = export(organiser, locked, "ranking.csv")

    assert response.status_code == 200
    header, *rows = read_csv(response)
    assert header == RANKING_HEADERS
    assert (
        [(row[0], row[2]) for row in rows]
        == shown
        == [("1", "Les Voisins"), ("2", "Les Zélés"), ("3", "Les Pionniers")]
    )
    assert [row[7] for row in rows] == ["3", "3", "2"]  # jurors counted: Basile is recused for Les Pionniers
    assert rows[2][4] == "1,500"  # (1 + 2) / 2, with the decimal comma of French Excel


def test_jury_xlsx_opens_with_openpyxl_and_matches_the_csv_exports(locked, organiser):
    scores = read_csv(export(organiser, locked, "scores.csv"))
    ranks = read_csv(export(organiser, locked, "ranking.csv"))

    response = export(organiser, locked, "jury.xlsx")

    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="badgeathon-2026-jury.xlsx"'
    book = load_workbook(io.BytesIO(response.get_data()))
    assert book.sheetnames == ["Notes", "Classement"]
    notes = list(book["Notes"].iter_rows(values_only=True))
    ranking = list(book["Classement"].iter_rows(values_only=True))
    assert list(notes[0]) == SCORE_HEADERS and list(ranking[0]) == RANKING_HEADERS
    assert len(notes) == len(scores) == 55
    assert [(row[0], row[1], row[3], row[5]) for row in notes[1:]] == [
        (row[0], row[1], row[3], int(row[5]) if row[5] else None) for row in scores[1:]
    ]
    assert [(row[0], row[2]) for row in ranking[1:]] == [(int(row[0]), row[2]) for row in ranks[1:]]
    assert [row[2] for row in ranking[1:]] == CLEAR_RANKING
    assert ranking[3][4] == pytest.approx(1.5)  # numbers stay numbers in Excel


def test_exports_stay_available_at_the_results(app, locked, organiser):
    move_to(app, locked, Phase.RESULTS)

    assert [export(organiser, locked, name).status_code for name in EXPORTS] == [200, 200, 200]
