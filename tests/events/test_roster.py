"""Reading a roster CSV as organisers export it from Excel: encodings, separators, headers, and per-line problems."""

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from badgeathon.events import roster
from badgeathon.events.roster import MAX_LINES, MAX_NAME, MAX_ORGANISATION, MAX_TEAM, RosterError, parse

BOM = b"\xef\xbb\xbf"
HEADER = "Nom;E-mail;Structure;Équipe"


def csv_bytes(*lines: str, encoding: str = "utf-8", bom: bool = False, newline: str = "\r\n") -> bytes:
    """A CSV file as Excel writes it: CRLF line ends, optional BOM, the given encoding."""
    data = (newline.join(lines) + newline).encode(encoding)
    return BOM + data if bom else data


def reason_of(data: bytes, **kwargs) -> str:
    with pytest.raises(RosterError) as caught:
        parse(data, **kwargs)
    return caught.value.reason


def only_line(data: bytes, **kwargs) -> roster.RosterLine:
    lines = parse(data, **kwargs)
    assert len(lines) == 1
    return lines[0]


# --- encodings and separators -------------------------------------------------------------------------------------


def test_excel_utf8_bom_semicolon_roster_is_read():
    data = csv_bytes(
        HEADER,
        "Léa Duval;lea.duval@exemple.fr;Région Normandie;Équipe Verte",
        "Noé Martin;noe.martin@exemple.fr;Lycée Malherbe;Équipe Bleue",
        bom=True,
    )

    lines = parse(data)

    assert [(line.number, line.name, line.email, line.organisation, line.team) for line in lines] == [
        (2, "Léa Duval", "lea.duval@exemple.fr", "Région Normandie", "Équipe Verte"),
        (3, "Noé Martin", "noe.martin@exemple.fr", "Lycée Malherbe", "Équipe Bleue"),
    ]
    assert all(line.ok for line in lines)


def test_bom_does_not_stick_to_the_first_header_cell():
    # With the BOM kept, the first cell would read "\ufeffNom" and the name column would be missing.
    data = csv_bytes("Nom;E-mail", "Léa Duval;lea@exemple.fr", bom=True)

    assert only_line(data, team_required=False).name == "Léa Duval"


def test_plain_utf8_comma_roster_is_read():
    data = csv_bytes(
        "Nom,E-mail,Structure,Équipe",
        "Léa Duval,lea.duval@exemple.fr,Région Normandie,Équipe Verte",
        newline="\n",
    )

    line = only_line(data)

    assert (line.name, line.email, line.organisation, line.team) == (
        "Léa Duval",
        "lea.duval@exemple.fr",
        "Région Normandie",
        "Équipe Verte",
    )
    assert line.ok


def test_comma_inside_a_semicolon_roster_stays_in_its_cell():
    data = csv_bytes(HEADER, "Duval, Léa;lea@exemple.fr;CCI Caen, Normandie;Verte")

    line = only_line(data)

    assert (line.name, line.organisation) == ("Duval, Léa", "CCI Caen, Normandie")


def test_quoted_cell_with_the_separator_is_one_cell():
    data = csv_bytes("Nom,E-mail,Structure,Équipe", '"Duval, Léa",lea@exemple.fr,"Lycée, Caen",Verte')

    line = only_line(data)

    assert (line.name, line.email, line.organisation, line.team) == (
        "Duval, Léa",
        "lea@exemple.fr",
        "Lycée, Caen",
        "Verte",
    )


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_windows_1252_roster_with_accents_is_read(encoding):
    data = csv_bytes(HEADER, "Léa Duval;lea.duval@exemple.fr;Région Normandie;Équipe Verte", encoding=encoding)
    assert b"L\xe9a" in data  # really single-byte, not UTF-8

    line = only_line(data)

    assert (line.name, line.organisation, line.team) == ("Léa Duval", "Région Normandie", "Équipe Verte")
    assert line.ok


def test_windows_1252_only_characters_are_decoded_as_windows_1252():
    # The curly apostrophe, Œ and € exist in Windows-1252 but not in Latin-1: Excel on French Windows writes them.
    data = csv_bytes(HEADER, "Zoé d’Œuvre;zoe@exemple.fr;Chambre d’agriculture;Équipe 5 €", encoding="cp1252")

    line = only_line(data)

    assert (line.name, line.organisation, line.team) == ("Zoé d’Œuvre", "Chambre d’agriculture", "Équipe 5 €")


def test_bytes_undefined_in_windows_1252_fall_back_to_latin_1():
    # 0x81 has no Windows-1252 character; the file must still be read rather than refused.
    data = b"Nom;E-mail\r\nL\xe9a\x81;lea@exemple.fr\r\n"

    line = only_line(data, team_required=False)

    assert line.name == "Léa\x81"


def test_decode_drops_the_bom_and_keeps_utf8_text():
    assert roster.decode(BOM + "Équipe".encode()) == "Équipe"


# --- headers ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header, expected",
    [
        ("Nom;E-mail;Structure;Équipe", "nom"),
        ("Nom;Courriel;Structure;Équipe", "courriel"),
        ("NOM ; EMAIL ; STRUCTURE ; EQUIPE", "upper case and spaces"),
        ("Prénom Nom;Adresse e-mail;Organisme;Groupe", "longer names"),
        ("Name;Mail;Organization;Team", "english"),
        ("Participant;Adresse mail;Employeur;equipe", "other synonyms"),
    ],
)
def test_french_and_english_header_variants_are_recognised(header, expected):
    data = csv_bytes(header, "Léa Duval;lea@exemple.fr;Région Normandie;Verte")

    line = only_line(data)

    assert (line.name, line.email, line.organisation, line.team) == (
        "Léa Duval",
        "lea@exemple.fr",
        "Région Normandie",
        "Verte",
    ), expected


def test_columns_in_another_order_are_matched_by_header():
    data = csv_bytes("Équipe;Courriel;Structure;Nom", "Verte;lea@exemple.fr;Région Normandie;Léa Duval")

    line = only_line(data)

    assert (line.name, line.email, line.organisation, line.team) == (
        "Léa Duval",
        "lea@exemple.fr",
        "Région Normandie",
        "Verte",
    )


def test_unknown_extra_columns_are_ignored():
    data = csv_bytes("Téléphone;Nom;Commentaire;E-mail", "0231000000;Léa Duval;végétarienne;lea@exemple.fr")

    line = only_line(data, team_required=False)

    assert (line.name, line.email, line.organisation, line.team) == ("Léa Duval", "lea@exemple.fr", "", "")


def test_first_matching_column_wins_when_a_header_is_repeated():
    data = csv_bytes("Nom;E-mail;Mail", "Léa Duval;lea@exemple.fr;autre@exemple.fr")

    assert only_line(data, team_required=False).email == "lea@exemple.fr"


@pytest.mark.parametrize(
    "header, missing",
    [
        ("Structure;E-mail;Équipe", "name"),
        ("Nom;Structure;Équipe", "email"),
        ("Prénom;Téléphone", "name, email"),
    ],
)
def test_missing_name_or_email_column_is_refused(header, missing):
    data = csv_bytes(header, "a;b;c")

    with pytest.raises(RosterError) as caught:
        parse(data)

    assert caught.value.reason == "missing_columns"
    assert caught.value.detail == missing


def test_organisation_and_team_columns_are_optional():
    line = only_line(csv_bytes("Nom;E-mail", "Léa Duval;lea@exemple.fr"), team_required=False)

    assert (line.organisation, line.team, line.problems) == ("", "", ())


# --- files that cannot be read at all -----------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \r\n\r\n", BOM, BOM + b"\r\n \t\r\n"])
def test_empty_file_is_refused_as_empty(data):
    assert reason_of(data) == "empty"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "Nom;E-mail\r\n".encode("utf-16-le"),  # Excel's "Unicode text" export
    ],
)
def test_binary_file_is_refused_as_binary(data):
    assert reason_of(data) == "binary"


@pytest.mark.parametrize(
    "data",
    [
        csv_bytes(HEADER, 'Léa Duval;"lea@exemple.fr"oops;Région;Verte'),  # text after a closing quote
        csv_bytes(HEADER, '"Léa Duval;lea@exemple.fr;Région;Verte'),  # quote never closed
    ],
)
def test_malformed_quoting_is_refused_as_malformed(data):
    with pytest.raises(RosterError) as caught:
        parse(data)

    assert caught.value.reason == "malformed"
    assert caught.value.detail  # the csv module's explanation is kept for the message


def test_header_only_file_is_refused_as_having_no_lines():
    assert reason_of(csv_bytes(HEADER, bom=True)) == "no_lines"


def test_header_followed_by_blank_lines_only_is_refused_as_having_no_lines():
    assert reason_of(csv_bytes(HEADER, "", ";;;", " ; ; ; ")) == "no_lines"


def test_more_than_max_lines_is_refused():
    rows = [f"P{i};p{i}@exemple.fr;S;T" for i in range(MAX_LINES + 1)]

    with pytest.raises(RosterError) as caught:
        parse(csv_bytes(HEADER, *rows))

    assert caught.value.reason == "too_many_lines"


def test_exactly_max_lines_is_accepted():
    rows = [f"P{i};p{i}@exemple.fr;S;T" for i in range(MAX_LINES)]

    lines = parse(csv_bytes(HEADER, *rows))

    assert len(lines) == MAX_LINES
    assert lines[-1].number == MAX_LINES + 1


def test_roster_error_message_carries_reason_and_detail():
    error = RosterError("missing_columns", "email")

    assert isinstance(error, ValueError)
    assert str(error) == "missing_columns: email"
    assert str(RosterError("empty")) == "empty"


# --- per-line problems --------------------------------------------------------------------------------------------


def problems_of(row: str, **kwargs) -> tuple[str, ...]:
    return only_line(csv_bytes(HEADER, row), **kwargs).problems


def test_a_complete_line_has_no_problem():
    line = only_line(csv_bytes(HEADER, "Léa Duval;lea@exemple.fr;Région;Verte"))

    assert line.problems == ()
    assert line.ok


def test_missing_name_is_reported():
    assert problems_of(" ;lea@exemple.fr;Région;Verte") == ("name_missing",)


def test_name_at_the_limit_is_accepted_and_one_more_character_is_too_long():
    assert problems_of(f"{'a' * MAX_NAME};lea@exemple.fr;Région;Verte") == ()
    assert problems_of(f"{'a' * (MAX_NAME + 1)};lea@exemple.fr;Région;Verte") == ("name_too_long",)


def test_missing_email_is_reported():
    assert problems_of("Léa Duval; ;Région;Verte") == ("email_missing",)


@pytest.mark.parametrize(
    "email", ["lea", "lea@", "@exemple.fr", "lea duval@exemple.fr", "lea@@exemple.fr", "lea@exemple", "lea@exemple..fr"]
)
def test_invalid_email_is_reported(email):
    line = only_line(csv_bytes(HEADER, f"Léa Duval;{email};Région;Verte"))

    assert line.problems == ("email_invalid",)
    assert not line.ok


def test_second_occurrence_of_an_email_is_a_duplicate_whatever_its_case():
    lines = parse(
        csv_bytes(
            HEADER,
            "Léa Duval;lea@exemple.fr;Région;Verte",
            "Noé Martin;noe@exemple.fr;Région;Verte",
            "Léa D.;LEA@Exemple.FR;Région;Bleue",
        )
    )

    assert [line.problems for line in lines] == [(), (), ("email_duplicate",)]
    assert lines[2].email == "lea@exemple.fr"


def test_an_invalid_email_does_not_make_a_later_one_a_duplicate():
    lines = parse(csv_bytes(HEADER, "A;not-an-email;R;V", "B;not-an-email;R;V"))

    assert [line.problems for line in lines] == [("email_invalid",), ("email_invalid",)]


def test_missing_team_is_reported_when_teams_are_required():
    assert problems_of("Léa Duval;lea@exemple.fr;Région; ") == ("team_missing",)


def test_missing_team_cell_on_a_short_row_is_reported_when_teams_are_required():
    assert problems_of("Léa Duval;lea@exemple.fr") == ("team_missing",)


def test_team_is_not_required_when_teams_are_formed_automatically():
    line = only_line(csv_bytes(HEADER, "Léa Duval;lea@exemple.fr;Région;"), team_required=False)

    assert line.problems == ()
    assert line.team == ""


def test_team_at_the_limit_is_accepted_and_one_more_character_is_too_long():
    assert problems_of(f"Léa;lea@exemple.fr;Région;{'t' * MAX_TEAM}") == ()
    assert problems_of(f"Léa;lea@exemple.fr;Région;{'t' * (MAX_TEAM + 1)}") == ("team_too_long",)


def test_too_long_team_is_reported_even_when_teams_are_not_required():
    line = only_line(csv_bytes(HEADER, f"Léa;lea@exemple.fr;Région;{'t' * (MAX_TEAM + 1)}"), team_required=False)

    assert line.problems == ("team_too_long",)


def test_organisation_at_the_limit_is_accepted_and_one_more_character_is_too_long():
    assert problems_of(f"Léa;lea@exemple.fr;{'o' * MAX_ORGANISATION};Verte") == ()
    assert problems_of(f"Léa;lea@exemple.fr;{'o' * (MAX_ORGANISATION + 1)};Verte") == ("organisation_too_long",)


def test_every_problem_of_a_line_is_reported_in_column_order():
    row = f";;{'o' * (MAX_ORGANISATION + 1)};"

    assert problems_of(row) == ("name_missing", "email_missing", "organisation_too_long", "team_missing")


def test_lines_with_problems_are_kept_alongside_good_ones():
    lines = parse(csv_bytes(HEADER, "Léa;lea@exemple.fr;R;V", ";noe@exemple.fr;R;V", "Zoé;zoe@exemple.fr;R;V"))

    assert [(line.number, line.ok) for line in lines] == [(2, True), (3, False), (4, True)]


# --- blank lines, line numbers, normalisation ---------------------------------------------------------------------


def test_blank_lines_are_skipped_but_still_counted_in_line_numbers():
    data = csv_bytes(
        HEADER,
        "Léa Duval;lea@exemple.fr;Région;Verte",
        "",
        ";;;",
        "  ;  ; ;  ",
        "Noé Martin;noe@exemple.fr;Région;Bleue",
    )

    lines = parse(data)

    assert [(line.number, line.name) for line in lines] == [(2, "Léa Duval"), (6, "Noé Martin")]


def test_first_data_line_is_line_two_because_the_header_is_line_one():
    lines = parse(csv_bytes(HEADER, "A;a@exemple.fr;R;V", "B;b@exemple.fr;R;V", "C;c@exemple.fr;R;V", bom=True))

    assert [line.number for line in lines] == [2, 3, 4]


def test_email_is_normalised_to_lower_case():
    line = only_line(csv_bytes(HEADER, "Léa Duval;  Lea.DUVAL@Exemple.FR ;Région;Verte"))

    assert line.email == "lea.duval@exemple.fr"
    assert line.ok


def test_whitespace_inside_cells_is_collapsed_and_trimmed():
    line = only_line(csv_bytes(HEADER, "  Léa \t  Duval ;lea@exemple.fr;  Région   Normandie ;  Équipe  Verte "))

    assert (line.name, line.organisation, line.team) == ("Léa Duval", "Région Normandie", "Équipe Verte")


def test_lf_and_crlf_line_ends_give_the_same_lines():
    rows = (HEADER, "Léa;lea@exemple.fr;R;V", "Noé;noe@exemple.fr;R;V")

    assert parse(csv_bytes(*rows, newline="\n")) == parse(csv_bytes(*rows, newline="\r\n"))


def test_file_without_final_newline_keeps_its_last_line():
    data = (HEADER + "\r\nLéa;lea@exemple.fr;R;V").encode()

    assert only_line(data).email == "lea@exemple.fr"


# --- property: what Excel writes, the reader gives back -----------------------------------------------------------

# Characters French organisers type that Windows-1252 can encode, including the separators and the quote.
TEXT = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèêëàâîïôöùûüçÉÈÊÀÇŒœ’'- .;,\"",
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip())
PERSON = st.tuples(
    TEXT, st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=12), TEXT, TEXT
)


def collapsed(text: str) -> str:
    return " ".join(text.split())


@settings(max_examples=150)
@given(
    people=st.lists(PERSON, min_size=1, max_size=15),
    delimiter=st.sampled_from([";", ","]),
    encoding=st.sampled_from(["utf-8-sig", "utf-8", "cp1252"]),
)
def test_any_roster_written_by_a_csv_writer_is_read_back(people, delimiter, encoding):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    # "Équipe" in the header makes a Windows-1252 file invalid UTF-8, as a real French export is.
    writer.writerow(["Nom", "E-mail", "Structure", "Équipe"])
    for index, (name, local, organisation, team) in enumerate(people):
        writer.writerow([name, f"{local}{index}@Exemple.FR", organisation, team])

    lines = parse(buffer.getvalue().encode(encoding))

    assert [(line.number, line.name, line.email, line.organisation, line.team, line.problems) for line in lines] == [
        (index + 2, collapsed(name), f"{local.lower()}{index}@exemple.fr", collapsed(organisation), collapsed(team), ())
        for index, (name, local, organisation, team) in enumerate(people)
    ]


def test_separate_first_name_and_name_columns_make_the_full_name():
    data = "Prénom;Nom;E-mail;Structure;Équipe\r\nLéa;Duval;lea@exemple.fr;IRFA;Verte\r\n".encode("utf-8-sig")
    [line] = roster.parse(data)
    assert line.name == "Léa Duval"


def test_blank_rows_above_the_header_are_skipped_and_numbers_stay_those_of_the_sheet():
    data = b";;;\r\n\r\nNom;E-mail;Structure;Equipe\r\nLea;lea@exemple.fr;IRFA;Verte\r\n"
    [line] = roster.parse(data)
    assert line.number == 4 and line.ok


def workbook(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_excel_workbook_is_read_as_its_first_sheet_shows_it():
    data = workbook(
        [
            ["Prénom", "Nom", "Courriel", "Structure", "Équipe"],
            ["Léa", "Duval", "lea.duval@exemple.fr", "IRFA Normandie", "Équipe Verte"],
            [None, None, None, None, None],
            ["Hugo", "Marie", "HUGO.MARIE@exemple.fr", None, 12],
            ["Nadia", "Benali", "pas-un-email", "CEP Normandie", None],
        ]
    )

    lines = parse(data, team_required=False)

    assert [(line.number, line.name, line.email, line.organisation, line.team, line.problems) for line in lines] == [
        (2, "Léa Duval", "lea.duval@exemple.fr", "IRFA Normandie", "Équipe Verte", ()),
        (4, "Hugo Marie", "hugo.marie@exemple.fr", "", "12", ()),  # a number cell reads as the person typed it
        (5, "Nadia Benali", "pas-un-email", "CEP Normandie", "", ("email_invalid",)),
    ]


def test_a_damaged_workbook_is_refused_whole():
    with pytest.raises(RosterError) as refused:
        parse(b"PK\x03\x04" + b"\x00" * 200)
    assert refused.value.reason == "unreadable_workbook"


def test_an_empty_workbook_is_empty():
    with pytest.raises(RosterError) as refused:
        parse(workbook([]))
    assert refused.value.reason == "empty"


def test_a_workbook_over_the_line_limit_is_refused():
    rows = [["Nom", "E-mail"]] + [[f"P {n}", f"p{n}@exemple.fr"] for n in range(MAX_LINES + 1)]
    with pytest.raises(RosterError) as refused:
        parse(workbook(rows))
    assert refused.value.reason == "too_many_lines"
