"""The design checklist: Open Badges requirements, region expectations, advice, order, robustness, monotonicity."""

import copy
import dataclasses
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from badgeathon.workshop.checklist import (
    ADVICE,
    CODES,
    EXPECTED,
    IMAGE_MAX_BYTES,
    LIMIT_CODES,
    REQUIRED,
    STAFF_CODES,
    Finding,
    blockers,
    check,
    for_staff,
    for_team,
    is_web_url,
    over_limits,
    published_alignments,
    published_tags,
    readiness,
    summary,
)
from badgeathon.workshop.view import MAX_ALIGNMENTS, MAX_TAGS, DesignView

# A design a team could hand in at the deadline. The alignment addresses are the frameworks' public pages, checked
# here for their shape only.
COMPLETE = {
    "name": "Éco-gestes au travail",
    "description": "Reconnaît la capacité à réduire l'impact écologique de son activité professionnelle au quotidien : "
    "déchets, énergie, eau, impressions et déplacements.",
    "criteria": {
        "level1": "Je pratique : j'applique à mon poste les éco-gestes de base (tri des déchets, extinction des "
        "équipements, impression raisonnée) et je les respecte sans qu'on me le rappelle.",
        "level2": "Je maîtrise : j'analyse les consommations de mon équipe, je propose des actions de réduction "
        "chiffrées et j'accompagne mes collègues dans leur mise en œuvre.",
    },
    "theme": "Transition écologique",
    "competency": "Adopter et faire adopter des gestes éco-responsables dans son activité professionnelle",
    "audience": "Salariés, stagiaires et demandeurs d'emploi accompagnés par une structure normande",
    "evidence": "Photos du poste de tri mis en place, relevé de consommation avant/après, fiche d'actions signée par "
    "le tuteur.",
    "assessment": "Observation en situation par le tuteur, puis entretien de 15 minutes à partir des preuves.",
    "alignments": [
        {
            "targetName": "Faire preuve de responsabilité environnementale",
            "targetUrl": "https://esco.ec.europa.eu/fr/classification/skill_main",
            "targetFramework": "ESCO",
            "targetCode": "T6",
            "targetDescription": "Compétences transversales : agir de manière respectueuse de l'environnement.",
        },
        {
            "targetName": "Management et ingénierie Hygiène Sécurité Environnement (HSE) industriels",
            "targetUrl": "https://candidat.francetravail.fr/metierscope/fiches-metiers/H1302",
            "targetFramework": "ROME 4.0",
            "targetCode": "H1302",
            "targetDescription": "",
        },
    ],
    "tags": ["transition écologique", "éco-gestes", "RSE"],
    "earning_path": "Après le badge Organiser niveau 1, vers le badge Région Adapter.",
    "image": {"source": "designer", "mime": "image/svg+xml", "width": 512, "height": 512, "bytes": 18_432},
    "image_alt": "Une feuille verte posée sur une mallette de travail",
    "pitch": "Trois gestes, une équipe, des économies mesurées : un badge que les employeurs comprennent.",
}

EMPTY_SHAPE = {
    "name": "",
    "description": "",
    "criteria": {"level1": "", "level2": ""},
    "theme": "",
    "competency": "",
    "audience": "",
    "evidence": "",
    "assessment": "",
    "alignments": [],
    "tags": [],
    "earning_path": "",
    "image": None,
    "image_alt": "",
    "pitch": "",
}

REQUIRED_CODES = [
    code
    for code in CODES
    if code
    in {
        "name_written",
        "description_written",
        "criteria_written",
        "criteria_both_levels",
        "image_present",
        "image_format",
        "image_square",
        "image_size",
        "issuer_ready",
    }
]


def design(**changes):
    """The complete design with some top-level keys replaced."""
    changed = copy.deepcopy(COMPLETE)
    changed.update(copy.deepcopy(changes))
    return changed


def failed(findings):
    return {finding.code for finding in findings if not finding.ok}


def by_code(findings):
    return {finding.code: finding for finding in findings}


# --- the two ends ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("empty", [EMPTY_SHAPE, {}], ids=["every key empty", "no key at all"])
def test_an_empty_design_fails_every_required_check(empty):
    findings = check(empty, issuer_ready=False)
    assert [f.code for f in findings if f.level == REQUIRED] == REQUIRED_CODES
    assert all(not f.ok for f in findings if f.level == REQUIRED)
    assert summary(findings)["ready"] is False


def test_an_empty_design_passes_nothing_but_the_issuer_it_was_told_about():
    assert failed(check(EMPTY_SHAPE)) == set(CODES) - {"issuer_ready"}
    assert failed(check(EMPTY_SHAPE, issuer_ready=False)) == set(CODES)


def test_a_complete_design_passes_everything():
    findings = check(COMPLETE)
    assert failed(findings) == set()
    assert summary(findings) == {
        "required_missing": 0,
        "expected_missing": 0,
        "advice_missing": 0,
        "passed": len(CODES),
        "total": len(CODES),
        "ready": True,
    }


def test_check_does_not_change_the_design():
    before = copy.deepcopy(COMPLETE)
    check(COMPLETE)
    assert before == COMPLETE


# --- each check flips when its field is broken ----------------------------------------------------------------------


def criteria(level1=COMPLETE["criteria"]["level1"], level2=COMPLETE["criteria"]["level2"]):
    return {"level1": level1, "level2": level2}


def image(**changes):
    return {**COMPLETE["image"], **changes}


def alignment(index, **changes):
    entries = copy.deepcopy(COMPLETE["alignments"])
    entries[index].update(changes)
    return entries


BROKEN = [
    # (id, changes to the complete design, codes that must then fail — and no others)
    ("name empty", {"name": ""}, {"name_written", "name_short"}),
    ("name whitespace", {"name": " \t\n\u00a0"}, {"name_written", "name_short"}),
    ("name None", {"name": None}, {"name_written", "name_short"}),
    ("name not text", {"name": 42}, {"name_written", "name_short"}),
    ("name 129 chars", {"name": "n" * 129}, {"name_written", "name_short"}),
    ("name 128 chars", {"name": "n" * 128}, {"name_short"}),
    ("name 61 chars", {"name": "n" * 61}, {"name_short"}),
    ("description empty", {"description": "   "}, {"description_written", "description_short"}),
    ("description 281 chars", {"description": "d" * 281}, {"description_short"}),
    (
        "no criteria",
        {"criteria": criteria("", "")},
        {"criteria_written", "criteria_both_levels", "criteria_levels_differ"},
    ),
    (
        "criteria not an object",
        {"criteria": "à l'oral"},
        {"criteria_written", "criteria_both_levels", "criteria_levels_differ"},
    ),
    ("level 1 missing", {"criteria": criteria(level1="")}, {"criteria_both_levels", "criteria_levels_differ"}),
    ("level 2 missing", {"criteria": criteria(level2=" ")}, {"criteria_both_levels", "criteria_levels_differ"}),
    (
        "level 2 repeats level 1",
        {
            "criteria": criteria(
                level2="  JE PRATIQUE : j'applique à mon poste les "
                "éco-gestes de base (tri des déchets, extinction des "
                "équipements,   impression raisonnée) et je les respecte "
                "sans qu'on me le rappelle. "
            )
        },
        {"criteria_levels_differ"},
    ),
    ("no image", {"image": None}, {"image_present", "image_format", "image_square", "image_size"}),
    ("image not an object", {"image": "badge.png"}, {"image_present", "image_format", "image_square", "image_size"}),
    ("image JPEG", {"image": image(mime="image/jpeg")}, {"image_format"}),
    ("image WebP", {"image": image(mime="image/webp")}, {"image_format"}),
    ("image without a type", {"image": image(mime=None)}, {"image_format"}),
    ("image not square", {"image": image(width=600, height=400)}, {"image_square"}),
    ("image without a width", {"image": image(width=None)}, {"image_square"}),
    ("image 0 by 0", {"image": image(width=0, height=0)}, {"image_square"}),
    ("image size as text", {"image": image(width="512", height="512")}, {"image_square"}),
    ("image one byte too big", {"image": image(bytes=IMAGE_MAX_BYTES + 1)}, {"image_size"}),
    ("image 3 MB", {"image": image(mime="image/png", bytes=3_000_000)}, {"image_size"}),
    ("image weight unknown", {"image": image(bytes=None)}, {"image_size"}),
    ("image empty file", {"image": image(bytes=0)}, {"image_size"}),
    ("no evidence", {"evidence": ""}, {"evidence_written"}),
    ("no assessment", {"assessment": None}, {"assessment_written"}),
    ("no alignment", {"alignments": []}, {"alignment_present", "alignment_names", "alignment_urls"}),
    (
        "alignments not a list",
        {"alignments": {"targetName": "x"}},
        {"alignment_present", "alignment_names", "alignment_urls"},
    ),
    ("alignment without a name", {"alignments": alignment(1, targetName=" ")}, {"alignment_names"}),
    ("alignment without a url", {"alignments": alignment(0, targetUrl="")}, {"alignment_urls"}),
    ("alignment with a bad url", {"alignments": alignment(1, targetUrl="javascript:alert(1)")}, {"alignment_urls"}),
    ("no alt text", {"image_alt": "\n"}, {"image_alt_written"}),
    ("no theme", {"theme": ""}, {"theme_chosen"}),
    ("no competency", {"competency": ""}, {"competency_written"}),
    ("one tag", {"tags": ["éco-gestes"]}, {"tags_enough"}),
    ("one tag twice", {"tags": ["Éco-gestes", " éco-gestes ", "  "]}, {"tags_enough"}),
    ("tags not text", {"tags": [1, None, {"x": 1}]}, {"tags_enough"}),
    ("no pitch", {"pitch": ""}, {"pitch_written"}),
]


@pytest.mark.parametrize("changes, expected", [(c, e) for _, c, e in BROKEN], ids=[i for i, _, _ in BROKEN])
def test_breaking_a_field_fails_its_checks_and_only_those(changes, expected):
    assert failed(check(design(**changes))) == expected


def test_an_issuer_not_ready_fails_only_the_issuer_check():
    findings = check(COMPLETE, issuer_ready=False)
    assert failed(findings) == {"issuer_ready"}
    assert summary(findings)["ready"] is False


def test_every_code_can_fail_on_its_own_or_with_its_companions():
    flipped = set().union(*(expected for _, _, expected in BROKEN)) | {"issuer_ready"}
    assert flipped == set(CODES)


@pytest.mark.parametrize(
    "changes",
    [
        {"name": "n" * 60},
        {"name": "  Éco-gestes  "},
        {"description": "d" * 280},
        {"image": image(mime="image/png", bytes=IMAGE_MAX_BYTES)},
        {"image": image(mime="IMAGE/PNG")},
        {"image": image(mime="image/svg+xml; charset=utf-8")},
        {"image": image(width=512.0, height=512.0, bytes=18_432.0)},  # pycrdt's to_py() gives floats
        {"tags": ["a", "b"]},
        {"criteria": criteria(level2=COMPLETE["criteria"]["level1"] + " Et j'analyse.")},
    ],
    ids=[
        "name at 60",
        "name with spaces around",
        "description at 280",
        "image at the limit",
        "mime in capitals",
        "mime with a parameter",
        "numbers as floats",
        "two tags",
        "level 2 extends level 1",
    ],
)
def test_values_at_the_limits_pass(changes):
    assert failed(check(design(**changes))) == set()


@pytest.mark.parametrize("value", [True, float("nan"), float("inf"), 512.5, "512", [512]])
def test_an_image_dimension_that_is_not_a_whole_number_fails_squareness(value):
    finding = by_code(check(design(image=image(width=value, height=value))))["image_square"]
    assert not finding.ok
    assert finding.detail == {"width": None, "height": None}


def test_the_details_say_what_the_message_needs():
    found = by_code(
        check(
            design(
                name="n" * 140,
                description="d" * 300,
                tags=["x"],
                image=image(width=600, height=400, bytes=300_000),
                criteria=criteria(level2=""),
            )
        )
    )
    assert found["name_written"].detail == {"length": 140, "max": 128}
    assert found["name_short"].detail == {"length": 140, "max": 60}
    assert found["description_short"].detail == {"length": 300, "max": 280}
    assert found["tags_enough"].detail == {"count": 1, "min": 2}
    assert found["image_square"].detail == {"width": 600, "height": 400}
    assert found["image_size"].detail == {"bytes": 300_000, "max": 250 * 1024}
    assert found["criteria_both_levels"].detail == {"missing": ["level2"]}
    assert found["criteria_written"].detail == {"written": ["level1"]}


def test_length_counts_characters_however_the_accents_were_typed():
    composed, decomposed = "é" * 128, "e\u0301" * 128
    assert by_code(check(design(name=composed)))["name_written"].ok
    assert by_code(check(design(name=decomposed)))["name_written"].detail == {"length": 128, "max": 128}


# --- alignments -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "   ",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "ftp://x",
        "ftp://esco.ec.europa.eu/skill",
        "data:text/html,<script>alert(1)</script>",
        "mailto:contact@normandie.fr",
        "/esco/skill/1",
        "skill/1",
        "esco.ec.europa.eu/fr",
        "//esco.ec.europa.eu/fr",
        "https://",
        "https:///path",
        "http://:80/",
        "https://esco.ec.europa.eu/fr classification",
        "https://esco.ec.europa.eu/\nfr",
        "https://[::1",
        42,
    ],
    ids=repr,
)
def test_an_alignment_url_that_is_not_an_absolute_web_address_fails(url):
    entries = alignment(1, targetUrl=url)
    finding = by_code(check(design(alignments=entries)))["alignment_urls"]
    assert not finding.ok
    assert finding.detail["bad_indexes"] == [1]


def test_an_alignment_without_a_url_key_fails():
    entries = copy.deepcopy(COMPLETE["alignments"])
    del entries[0]["targetUrl"]
    finding = by_code(check(design(alignments=entries)))["alignment_urls"]
    assert (finding.ok, finding.detail["missing_indexes"], finding.detail["invalid_indexes"]) == (False, [0], [])


@pytest.mark.parametrize(
    "url",
    [
        "https://esco.ec.europa.eu/fr/classification/skill_main",
        "http://data.europa.eu/esco/skill/S6",
        "HTTPS://FRANCETRAVAIL.FR/H1302",
        "https://[2001:db8::1]/rome",
        "https://esco.ec.europa.eu:443/fr?q=tri#x",
        "  https://www.normandie.fr/badges  ",
    ],
)
def test_an_absolute_web_address_passes(url):
    assert is_web_url(url)
    assert by_code(check(design(alignments=alignment(0, targetUrl=url))))["alignment_urls"].ok


def test_one_finding_lists_every_bad_alignment_by_its_position():
    good = COMPLETE["alignments"][0]
    entries = [good, {**good, "targetUrl": "ftp://x"}, good, {**good, "targetName": "", "targetUrl": ""}]
    found = by_code(check(design(alignments=entries)))
    assert found["alignment_present"].detail == {"count": 4}
    assert found["alignment_names"].detail == {"count": 4, "bad_indexes": [3], "blocking_indexes": [3]}
    assert found["alignment_urls"].detail == {
        "count": 4,
        "bad_indexes": [1, 3],
        "blocking_indexes": [1, 3],
        "missing_indexes": [3],
        "invalid_indexes": [1],
    }


def test_a_blank_alignment_row_is_reported_until_filled_or_deleted():
    entries = copy.deepcopy(COMPLETE["alignments"]) + [{"targetName": "", "targetUrl": " "}, None]
    found = by_code(check(design(alignments=entries)))
    assert found["alignment_present"].ok and found["alignment_present"].detail == {"count": 2}
    assert found["alignment_names"].detail["bad_indexes"] == [2, 3]
    assert found["alignment_urls"].detail["missing_indexes"] == [2, 3]
    # a blank row is left out of the export: the region would like it gone, it blocks nothing
    assert found["alignment_names"].detail["blocking_indexes"] == [] and found["alignment_names"].level == EXPECTED
    assert readiness(design(alignments=entries)) == []


def test_blank_alignment_rows_alone_are_no_alignment():
    finding = by_code(check(design(alignments=[{}, {"targetName": "  "}])))["alignment_present"]
    assert (finding.ok, finding.detail) == (False, {"count": 0})


# --- order, shape and summary ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "subject",
    [COMPLETE, EMPTY_SHAPE, {}, design(alignments=[None] * 5, name="n" * 200)],
    ids=["complete", "empty", "no keys", "broken"],
)
def test_the_findings_come_one_per_code_in_a_stable_order(subject):
    findings = check(subject)
    assert [f.code for f in findings] == list(CODES)
    assert check(copy.deepcopy(subject)) == findings


def test_codes_are_unique_and_grouped_required_then_expected_then_advice():
    findings = check(COMPLETE)
    assert len(set(CODES)) == len(CODES)
    levels = [f.level for f in findings]
    assert levels == sorted(levels, key=[REQUIRED, EXPECTED, ADVICE].index)
    assert {f.level for f in findings} == {REQUIRED, EXPECTED, ADVICE}


def test_each_finding_names_a_field_of_the_design_or_the_issuer():
    keys = set(EMPTY_SHAPE) | {"issuer", "criteria.level2"}
    assert {f.field for f in check(COMPLETE)} <= keys


def test_findings_are_frozen_hashable_and_json_ready():
    findings = check(design(name="", alignments=alignment(1, targetUrl="ftp://x")))
    with pytest.raises(AttributeError):
        findings[0].ok = True
    assert len({hash(f) for f in findings}) >= 1
    assert json.loads(json.dumps([dataclasses.asdict(f) for f in findings]))


def test_summary_counts_what_is_missing_per_level_and_only_required_blocks():
    findings = check(design(evidence="", pitch="", tags=[]))
    assert summary(findings) == {
        "required_missing": 0,
        "expected_missing": 1,
        "advice_missing": 2,
        "passed": len(CODES) - 3,
        "total": len(CODES),
        "ready": True,
    }
    findings = check(EMPTY_SHAPE)
    assert summary(findings)["required_missing"] == 8
    assert summary(findings)["ready"] is False
    assert summary(iter(findings)) == summary(findings)
    assert summary([]) == {
        "required_missing": 0,
        "expected_missing": 0,
        "advice_missing": 0,
        "passed": 0,
        "total": 0,
        "ready": True,
    }


def test_summary_reads_findings_built_elsewhere():
    assert summary([Finding("x", "name", REQUIRED, False, {})])["ready"] is False


@pytest.mark.parametrize("not_a_dict", [None, [], "design", 3, b"{}"])
def test_something_that_is_not_a_design_reads_as_an_empty_one(not_a_dict):
    assert check(not_a_dict) == check({})


# --- properties -----------------------------------------------------------------------------------------------------

ALIGNMENT_KEYS = ("targetName", "targetUrl", "targetFramework", "targetCode", "targetDescription")

any_text = st.text(alphabet=st.characters(exclude_categories=()), max_size=80)  # surrogates included
junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.binary(max_size=8),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)
texts = st.one_of(any_text, st.sampled_from(["", " ", "\t\n\u00a0", "x" * 129, "y" * 300]), junk)
urls = st.one_of(
    texts,
    st.sampled_from(
        [
            "https://esco.ec.europa.eu/fr",
            "http://x",
            "javascript:alert(1)",
            "ftp://x",
            "/relative",
            "https://[::1",
        ]
    ),
)
numbers = st.one_of(st.integers(), st.floats(), st.sampled_from([512, 512.0, IMAGE_MAX_BYTES]), junk)


def shaped(entries):
    """A dict of the given keys, each one possibly missing, or the whole thing replaced by junk."""
    return st.one_of(st.fixed_dictionaries({}, optional=entries), junk)


alignments = st.one_of(
    st.lists(shaped({key: urls if key == "targetUrl" else texts for key in ALIGNMENT_KEYS}), max_size=4), junk
)
images = st.one_of(
    st.none(),
    shaped(
        {
            "source": st.one_of(st.sampled_from(["designer", "upload"]), texts),
            "mime": st.one_of(st.sampled_from(["image/png", "image/svg+xml", "image/jpeg"]), texts),
            "width": numbers,
            "height": numbers,
            "bytes": numbers,
        }
    ),
)
designs = st.fixed_dictionaries(
    {},
    optional={
        "name": texts,
        "description": texts,
        "criteria": shaped({"level1": texts, "level2": texts}),
        "theme": texts,
        "competency": texts,
        "audience": texts,
        "evidence": texts,
        "assessment": texts,
        "alignments": alignments,
        "tags": st.one_of(st.lists(texts, max_size=4), junk),
        "earning_path": texts,
        "image": images,
        "image_alt": texts,
        "pitch": texts,
        "unexpected": junk,
    },
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])  # a broad strategy, on a busy box
@given(subject=designs, issuer_ready=st.booleans())
def test_check_never_raises_and_always_returns_every_code_in_order(subject, issuer_ready):
    before = repr(subject)
    findings = check(subject, issuer_ready=issuer_ready)
    assert [f.code for f in findings] == list(CODES)
    assert all(isinstance(f.ok, bool) for f in findings)
    assert [(f.ok, f.detail) for f in check(subject, issuer_ready=issuer_ready)] == [(f.ok, f.detail) for f in findings]
    assert repr(subject) == before
    json.dumps([f.detail for f in findings])
    assert summary(findings)["total"] == len(CODES)


TEXT_FIELDS = (
    "name",
    "description",
    "theme",
    "competency",
    "audience",
    "evidence",
    "assessment",
    "earning_path",
    "image_alt",
    "pitch",
)
written = st.text(alphabet=st.characters(exclude_categories=()), min_size=1, max_size=80).filter(str.strip)


def reads_empty(value) -> bool:
    return not (isinstance(value, str) and value.strip())


def fill(subject: dict, where: tuple, text: str) -> dict | None:
    """`subject` with the text field at `where` written, or None when that field already reads as written."""
    filled = copy.deepcopy(subject)
    if where[0] == "criteria":
        current = filled.get("criteria")
        if not isinstance(current, dict):
            current = filled["criteria"] = {}
        if not reads_empty(current.get(where[1])):
            return None
        current[where[1]] = text
    elif where[0] == "alignments":
        entries = filled.get("alignments")
        if not isinstance(entries, list) or not entries:
            return None
        index = where[2] % len(entries)
        if not isinstance(entries[index], dict):
            entries[index] = {}
        if not reads_empty(entries[index].get(where[1])):
            return None
        entries[index][where[1]] = text
    else:
        if not reads_empty(filled.get(where[0])):
            return None
        filled[where[0]] = text
    return filled


places = st.one_of(
    st.sampled_from([(key,) for key in TEXT_FIELDS]),
    st.sampled_from([("criteria", "level1"), ("criteria", "level2")]),
    st.tuples(st.just("alignments"), st.sampled_from(ALIGNMENT_KEYS), st.integers(min_value=0, max_value=3)),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])  # a broad strategy, on a busy box
@given(
    subject=designs,
    where=places,
    text=st.one_of(
        written,
        st.sampled_from(
            ["n" * 200, "javascript:alert(1)", "https://esco.ec.europa.eu/fr", COMPLETE["criteria"]["level1"]]
        ),
    ),
)
def test_writing_a_missing_text_never_turns_a_tick_into_a_cross(subject, where, text):
    filled = fill(subject, where, text)
    if filled is None:
        return
    before, after = check(subject), check(filled)
    broken = [b.code for b, a in zip(before, after, strict=True) if b.ok and not a.ok]
    assert broken == []


@given(where=places, text=written)
def test_writing_into_the_empty_design_never_turns_a_tick_into_a_cross(where, text):
    subject = copy.deepcopy(EMPTY_SHAPE) | {"alignments": [{}]}
    filled = fill(subject, where, text)
    before, after = check(subject), check(filled)
    assert [b.code for b, a in zip(before, after, strict=True) if b.ok and not a.ok] == []


def test_the_team_and_the_staff_share_the_findings_without_losing_or_repeating_one():
    findings = check({}, issuer_ready=False)
    team, staff = for_team(findings), for_staff(findings)

    assert [f.code for f in staff] == ["image_format", "image_square", "image_size", "issuer_ready"]
    assert "issuer_ready" not in {f.code for f in team} and "image_present" in {f.code for f in team}
    assert sorted(team + staff, key=lambda f: CODES.index(f.code)) == findings  # a partition, in CODES order
    assert STAFF_CODES.issubset(CODES)


# --- the one readiness rule: what the team sees green is what the export takes ---------------------------------------


def test_a_design_with_one_level_is_not_ready_the_region_publishes_both():
    for missing in ("level1", "level2"):
        lacks = readiness(design(criteria=criteria(**{missing: ""})))
        assert [(f.code, f.detail) for f in lacks] == [("criteria_both_levels", {"missing": [missing]})]
        assert summary(check(design(criteria=criteria(**{missing: ""}))))["ready"] is False


@pytest.mark.parametrize(
    "entry, code",
    [
        ({"targetName": "Mécanicien cycle", "targetUrl": "esco.example/cycle"}, "alignment_urls"),
        ({"targetName": "Mécanicien cycle", "targetUrl": "ftp://esco.example/cycle"}, "alignment_urls"),
        ({"targetName": "Mécanicien cycle"}, "alignment_urls"),
        ({"targetName": "", "targetUrl": "https://esco.example/cycle"}, "alignment_names"),
        ({"targetFramework": "ESCO"}, "alignment_names"),
    ],
    ids=["no scheme", "ftp", "no url", "no name", "only a framework"],
)
def test_a_written_alignment_at_fault_blocks_the_export(entry, code):
    entries = copy.deepcopy(COMPLETE["alignments"]) + [entry]
    lacks = readiness(design(alignments=entries))
    assert code in {f.code for f in lacks} and all(f.level == REQUIRED for f in lacks)
    assert all(f.detail["blocking_indexes"] == [2] for f in lacks)
    assert summary(check(design(alignments=entries)))["ready"] is False


def test_no_alignment_at_all_is_expected_by_the_region_but_blocks_nothing():
    findings = check(design(alignments=[]))
    assert {f.code for f in findings if not f.ok} == {"alignment_present", "alignment_names", "alignment_urls"}
    assert blockers(findings) == [] and summary(findings)["ready"] is True


def test_blockers_are_exactly_the_failed_required_findings_in_their_order():
    findings = check(
        design(name="", image=image(width=600, height=400), alignments=alignment(1, targetUrl="x")), issuer_ready=False
    )
    assert [f.code for f in blockers(findings)] == ["name_written", "image_square", "issuer_ready", "alignment_urls"]
    assert blockers(findings) == readiness(
        design(name="", image=image(width=600, height=400), alignments=alignment(1, targetUrl="x")), issuer_ready=False
    )


def test_the_published_alignments_are_the_written_ones_trimmed_without_empty_optional_fields():
    entries = [
        {"targetName": "  Tri ", "targetUrl": "https://esco.example/tri ", "targetCode": "", "x": 1},
        {"targetName": " ", "targetUrl": ""},
        None,
        {"targetFramework": "ROME", "targetName": 3},
    ]
    assert published_alignments({"alignments": entries}) == (
        {"targetName": "Tri", "targetUrl": "https://esco.example/tri"},
        {"targetName": "", "targetUrl": "", "targetFramework": "ROME"},
    )
    assert published_alignments({"alignments": "nope"}) == () == published_alignments(None)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])  # a broad strategy, on a busy box
@given(subject=designs, issuer_ready=st.booleans())
def test_ready_means_every_required_check_and_every_published_alignment_is_right(subject, issuer_ready):
    findings = check(subject, issuer_ready=issuer_ready)
    by = by_code(findings)
    ready = summary(findings)["ready"]
    assert ready == (readiness(subject, issuer_ready=issuer_ready) == [])
    assert ready == (
        all(by[code].ok for code in REQUIRED_CODES)
        and not (by["alignment_names"].detail["blocking_indexes"] or by["alignment_urls"].detail["blocking_indexes"])
    )
    if ready:  # what the export publishes is then complete
        for entry in published_alignments(subject):
            assert entry["targetName"] and is_web_url(entry["targetUrl"])


# --- the badge's limits: told, published up to them, never dropped from the design ----------------------------------


def test_a_design_within_the_limits_has_nothing_over_them():
    assert over_limits(COMPLETE) == []
    at_the_limit = design(
        tags=[f"mot {i}" for i in range(MAX_TAGS)],
        alignments=[dict(COMPLETE["alignments"][0]) for _ in range(MAX_ALIGNMENTS)],
    )
    assert over_limits(at_the_limit) == []


def test_more_tags_or_alignments_than_a_badge_carries_is_told_never_blocks_and_is_published_up_to_the_limit():
    entries = [dict(COMPLETE["alignments"][0], targetCode=str(i)) for i in range(MAX_ALIGNMENTS + 2)]
    subject = design(
        tags=[f"mot {i}" for i in range(MAX_TAGS + 3)] + ["  ", ""], alignments=[{}, *entries, {"targetName": "  "}]
    )  # blank rows count for nothing
    found = over_limits(subject)
    assert [(f.code, f.field, f.level, f.ok, f.detail) for f in found] == [
        ("tags_over_limit", "tags", EXPECTED, False, {"count": MAX_TAGS + 3, "max": MAX_TAGS}),
        ("alignments_over_limit", "alignments", EXPECTED, False, {"count": MAX_ALIGNMENTS + 2, "max": MAX_ALIGNMENTS}),
    ]
    assert [f.code for f in found] == list(LIMIT_CODES) and not set(LIMIT_CODES) & set(CODES)
    assert readiness(subject) == []
    assert published_tags(subject) == tuple(f"mot {i}" for i in range(MAX_TAGS))
    assert [a["targetCode"] for a in published_alignments(subject)] == [str(i) for i in range(MAX_ALIGNMENTS)]
    assert len(DesignView.from_json(subject).tags) == MAX_TAGS + 5  # the design keeps them all


def test_an_alignment_at_fault_beyond_the_limit_is_not_published_so_it_does_not_block():
    entries = [dict(COMPLETE["alignments"][0]) for _ in range(MAX_ALIGNMENTS)] + [{"targetName": "Sans adresse"}]
    finding = by_code(check(design(alignments=entries)))["alignment_urls"]
    assert (finding.ok, finding.level, finding.detail["bad_indexes"], finding.detail["blocking_indexes"]) == (
        False,
        EXPECTED,
        [MAX_ALIGNMENTS],
        [],
    )
    entries.insert(0, {"targetName": "Sans adresse"})
    finding = by_code(check(design(alignments=entries)))["alignment_urls"]
    assert (finding.level, finding.detail["blocking_indexes"]) == (REQUIRED, [0])


def test_a_view_and_its_json_get_the_same_findings():
    for subject in (COMPLETE, EMPTY_SHAPE, {}, design(alignments=[None, {"targetName": 3}], tags=[1, "x"])):
        view = DesignView.from_json(subject)
        assert check(view) == check(subject) and over_limits(view) == over_limits(subject)
        assert published_alignments(view) == published_alignments(subject)
