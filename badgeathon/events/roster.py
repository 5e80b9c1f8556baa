"""Reads a roster, an Excel workbook (.xlsx) or a CSV as Excel exports it (UTF-8 with or without BOM, or Latin-1;
`;` or `,`), into checked lines (pure)."""

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email

MAX_NAME = 120
MAX_ORGANISATION = 160
MAX_TEAM = 80
MAX_LINES = 2000

# Header cells people actually write, once accents, case and punctuation are set aside.
HEADERS = {
    "name": {"nom", "name", "nom complet", "prenom nom", "nom prenom", "participant", "participante"},
    "first_name": {"prenom", "first name", "firstname"},
    "email": {"email", "e mail", "mail", "courriel", "adresse e mail", "adresse email", "adresse mail"},
    "organisation": {"structure", "organisation", "organisme", "organization", "employeur"},
    "team": {"equipe", "team", "groupe"},
}


class RosterError(ValueError):
    """The file as a whole cannot be read: nothing is imported. `reason` is a key for the message."""

    def __init__(self, reason: str, detail: str = ""):
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}" if detail else reason)


@dataclass(frozen=True)
class RosterLine:
    number: int  # row number as the spreadsheet shows it, header = 1
    name: str
    email: str
    organisation: str
    team: str
    problems: tuple[str, ...] = field(default=())  # keys, see events.roster_messages

    @property
    def ok(self) -> bool:
        return not self.problems


def _key(cell: str) -> str:
    text = unicodedata.normalize("NFKD", cell).encode("ascii", "ignore").decode().lower()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text).split())


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped), else Windows-1252, Excel's 'Latin-1' on French Windows."""
    if b"\x00" in data[:4096]:
        raise RosterError("binary")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")  # every byte is a Latin-1 character


def _columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        for column, names in HEADERS.items():
            if _key(cell) in names and column not in columns:
                columns[column] = index
    missing = [c for c in ("name", "email") if c not in columns]
    if missing:
        raise RosterError("missing_columns", ", ".join(missing))
    return columns


XLSX_MAGIC = b"PK\x03\x04"  # an .xlsx file is a zip archive


def _cell_text(value) -> str:
    """A spreadsheet cell as the person reads it: 12 rather than 12.0, nothing for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _workbook_rows(data: bytes) -> list[list[str]]:
    """The first sheet's rows, as text. openpyxl parses through defusedxml (no XML bomb, no external entity)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise RosterError("unreadable_workbook", str(error)) from error
    try:
        rows = []
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            rows.append([_cell_text(value) for value in row])
            if len(rows) > MAX_LINES + 50:  # header and blank rows aside, too many: said below, read no further
                break
        return rows
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> list[list[str]]:
    text = decode(data)
    if not text.strip():
        raise RosterError("empty")
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise RosterError("malformed", str(error)) from error


def parse(data: bytes, *, team_required: bool = True) -> list[RosterLine]:
    """Every data line of the file with what is wrong with it; raises RosterError if the file is unreadable."""
    rows = _workbook_rows(data) if data.startswith(XLSX_MAGIC) else _csv_rows(data)
    skipped = 0
    while rows and not any(cell.strip() for cell in rows[0]):
        rows.pop(0)
        skipped += 1
    if not rows:
        raise RosterError("empty")
    columns = _columns(rows[0])
    data_rows = rows[1:]
    if len(data_rows) > MAX_LINES:
        raise RosterError("too_many_lines", str(MAX_LINES))

    lines: list[RosterLine] = []
    seen_emails: set[str] = set()

    def cell(row: list[str], column: str) -> str:
        index = columns.get(column)
        return " ".join(row[index].split()) if index is not None and index < len(row) else ""

    for offset, row in enumerate(data_rows, start=skipped + 2):
        if not any(text.strip() for text in row):
            continue
        name = " ".join(part for part in (cell(row, "first_name"), cell(row, "name")) if part)
        email, organisation, team = cell(row, "email"), cell(row, "organisation"), cell(row, "team")
        problems: list[str] = []
        if not name:
            problems.append("name_missing")
        elif len(name) > MAX_NAME:
            problems.append("name_too_long")
        if not email:
            problems.append("email_missing")
        else:
            try:
                email = validate_email(email, check_deliverability=False).normalized.lower()
            except EmailNotValidError:
                problems.append("email_invalid")
            else:
                if email in seen_emails:
                    problems.append("email_duplicate")
                seen_emails.add(email)
        if len(organisation) > MAX_ORGANISATION:
            problems.append("organisation_too_long")
        if team_required and not team:
            problems.append("team_missing")
        elif len(team) > MAX_TEAM:
            problems.append("team_too_long")
        lines.append(RosterLine(offset, name, email, organisation, team, tuple(problems)))
    if not lines:
        raise RosterError("no_lines")
    return lines
