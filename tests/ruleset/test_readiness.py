"""One readiness rule: what the team's checklist shows ready is exactly what the export takes, and what it lacks is
what the export says (both levels' criteria, complete alignments with an absolute web address)."""

import pytest

from badgeathon.ruleset import export
from badgeathon.workshop import checklist, studio
from tests.jury.conftest import database, organiser, team, the_event

from .test_export import BIKE, current, set_design, winners_badges
from .test_export import jury as jury  # noqa: F401  (the fixture: Les Voisins and Les Zélés confirmed)

ESCO = {
    "targetName": "Mécanicien cycle",
    "targetUrl": "https://esco.example/occupation/cycle",
    "targetFramework": "ESCO",
    "targetCode": "7234",
    "targetDescription": "",
}
BLANK_ROW = {"targetName": "", "targetUrl": " ", "targetFramework": "", "targetCode": "", "targetDescription": ""}

DESIGNS = {
    # (id): (the Voisins' design, what the export says is missing: "" when ready)
    "complete": (BIKE, []),
    "only level 1": (
        dict(BIKE, criteria={"level1": BIKE["criteria"]["level1"], "level2": ""}),
        ["Le critère « je maîtrise » est vide."],
    ),
    "an address without its scheme": (
        dict(BIKE, alignments=[dict(ESCO, targetUrl="esco.example/occupation/cycle")]),
        ["L'alignement 1 n'a pas d'adresse web (http ou https)."],
    ),
    "an ftp address": (
        dict(BIKE, alignments=[ESCO, dict(ESCO, targetUrl="ftp://esco.example/cycle")]),
        ["L'alignement 2 n'a pas d'adresse web (http ou https)."],
    ),
    "a framework without a name": (
        dict(BIKE, alignments=[dict(ESCO, targetName=" ")]),
        ["L'alignement 1 n'a pas de nom de référence."],
    ),
    "a blank row left in the form": (dict(BIKE, alignments=[BLANK_ROW, ESCO]), []),
    "no alignment": (dict(BIKE, alignments=[]), []),
}


def team_sees_ready(app, jury, name) -> bool:  # noqa: F811
    """What the team's checklist shows: its own findings (studio.checklist_payload), ready when none blocks."""
    with database(app):
        view = studio.design_for_team(team(jury, name)).view
        payload = studio.checklist_payload(view)
    return not [finding for finding in payload if finding["level"] == checklist.REQUIRED and not finding["ok"]]


@pytest.mark.parametrize("content, missing", DESIGNS.values(), ids=DESIGNS.keys())
def test_what_the_team_sees_ready_is_what_the_export_takes(app, jury, content, missing):  # noqa: F811
    set_design(app, jury, "Les Voisins", content)
    with database(app):
        voisins = export.preview(the_event(jury))[0]
        assert export.blockers(voisins, {}) == missing
    assert team_sees_ready(app, jury, "Les Voisins") is (missing == [])
    with database(app):
        if missing:
            with pytest.raises(export.ExportRefused) as refused:
                export.export(the_event(jury), organiser(), {}, teams={str(jury.teams["Les Voisins"])})
            assert refused.value.findings == [f"Les Voisins : {line}" for line in missing]
        else:
            export.export(the_event(jury), organiser(), {}, teams={str(jury.teams["Les Voisins"])})
    exported = winners_badges(current(app))
    assert [badge.provenance["team"] for badge in exported] == ([] if missing else ["Les Voisins"])


def test_a_blank_row_is_left_out_of_the_published_badge(app, jury):  # noqa: F811
    set_design(app, jury, "Les Voisins", dict(BIKE, alignments=[BLANK_ROW, dict(ESCO, targetUrl=" https://x.fr ")]))
    with database(app):
        voisins = export.preview(the_event(jury))[0]
    assert voisins.badge.alignments == (
        {
            "targetName": "Mécanicien cycle",
            "targetUrl": "https://x.fr",
            "targetFramework": "ESCO",
            "targetCode": "7234",
        },
    )
    assert voisins.badge_class["alignment"] == [dict(voisins.badge.alignments[0])]
