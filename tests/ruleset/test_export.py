"""The Badgeathon's confirmed winners exported into the regional rule set: the preview (OB validation in French,
similar badges), the refusals, no duplicates, a fixed design as a new badge, the zip bundle and the catalogue."""

import hashlib
import io
import json
import zipfile
from dataclasses import replace

import pytest

from badgeathon.events.phases import Phase
from badgeathon.extensions import db
from badgeathon.jury import deliberation
from badgeathon.openbadges import baking
from badgeathon.openbadges.art.render import render_png
from badgeathon.openbadges.art.spec import ImageSpec
from badgeathon.openbadges.validation import check_ob2_badge_class
from badgeathon.ruleset import document as rs
from badgeathon.ruleset import export, services, similarity
from badgeathon.workshop import studio
from badgeathon.workshop.models import DesignImage
from badgeathon.workshop.view import MAX_ALIGNMENTS, MAX_TAGS, DesignView
from tests.commits import counting_commits
from tests.jury.conftest import (
    build_jury,
    database,
    move_to,
    organiser,
    organiser_client,
    page,
    score_everything,
    team,
    the_event,
)

# what Open Badge Factory's own client sends to POST /v1/badge/{client_id} (docs/OPEN_BADGE_PLATFORMS.md)
OBF_V1_BADGE_FIELDS = {
    "name",
    "description",
    "image",
    "css",
    "criteria_html",
    "email_subject",
    "email_body",
    "email_link_text",
    "email_footer",
    "expires",
    "tags",
    "draft",
}
WINNERS = ["Les Voisins", "Les Zélés"]  # the clear ranking's top two

BIKE = {
    "name": "Réparer un vélo en atelier solidaire",
    "description": "Ce badge reconnaît la capacité à diagnostiquer et réparer un vélo dans un atelier associatif.",
    "criteria": {
        "level1": "Changer une chambre à air et régler les freins avec l'aide d'un bénévole.",
        "level2": "Diagnostiquer seul une panne et expliquer la réparation à un autre cycliste.",
    },
    "tags": ["vélo", "réparation"],
    "alignments": [
        {
            "targetName": "Mécanicien cycle",
            "targetUrl": "https://esco.example/occupation/cycle",
            "targetFramework": "ESCO",
            "targetCode": "7234",
            "targetDescription": "",
        }
    ],
}
GARDEN = {
    "name": "Cultiver un potager partagé",
    "description": "Ce badge atteste la conduite d'un potager collectif : semis, arrosage, récolte et partage.",
    "criteria": {
        "level1": "Semer et entretenir une parcelle selon le calendrier établi.",
        "level2": "Planifier les cultures de la saison et répartir les tâches entre jardiniers.",
    },
    "tags": ["jardin"],
    "alignments": [],
}
TALK = {
    "name": "Communiquer au travail",
    "description": "Ce badge reconnaît la capacité à communiquer au travail avec ses collègues, à l'oral et à l'écrit.",
    "criteria": {
        "level1": "Interagir avec ses collègues de manière adaptée à l'oral et à l'écrit.",
        "level2": "Adapter sa communication à ses interlocuteurs.",
    },
    "tags": [],
    "alignments": [],
}


@pytest.fixture
def jury(app):
    """The jury's event with scoring locked and Les Voisins, Les Zélés confirmed as winners."""
    jury = build_jury(app)
    move_to(app, jury, Phase.PITCHES)
    score_everything(app, jury)
    move_to(app, jury, Phase.DELIBERATION)
    with database(app):
        deliberation.confirm_winners(the_event(jury), organiser(), [jury.teams[name] for name in WINNERS], "")
    set_design(app, jury, "Les Voisins", BIKE)
    set_design(app, jury, "Les Zélés", GARDEN)
    return jury


def set_design(app, jury, team_name, content, image=True, colour="#17365D"):
    """Write the team's design view as the workshop leaves it, with a designer PNG of the given colour."""
    with database(app) as session:
        design = studio.design_for_team(team(jury, team_name))
        view = dict(design.view.to_json(), **json.loads(json.dumps(content)), image=None, image_alt="")
        if image:
            png = render_png(ImageSpec(background=colour, title=content["name"][:40]), 400)
            sha256 = hashlib.sha256(png).hexdigest()
            if session.execute(db.select(DesignImage).filter_by(design_id=design.id, sha256=sha256)).first() is None:
                session.add(DesignImage(design_id=design.id, sha256=sha256, mime="image/png", data=png))
            view["image"] = {
                "source": "designer",
                "sha256": sha256,
                "mime": "image/png",
                "width": 400,
                "height": 400,
                "bytes": len(png),
                "spec": "",
            }
        design.view = DesignView.from_json(view)
        session.commit()


def do_export(app, jury, reasons=None):
    with database(app):
        return export.export(the_event(jury), organiser(), reasons or {}).number


def current(app) -> rs.RuleSet:
    """The rule set as its pages show it (before its first version, the seed)."""
    with database(app):
        return rs.from_dict(services.current_or_seed().document)


def winners_badges(document: rs.RuleSet) -> list[rs.Badge]:
    return [badge for badge in document.badges if badge.kind == "badgeathon"]


def test_similarity_scores_near_duplicates_high_and_other_badges_low():
    catalogue = [
        ("a", "Communiquer au travail", similarity.badge_text(TALK["name"], TALK["description"])),
        ("b", "Cultiver un potager", similarity.badge_text(GARDEN["name"], GARDEN["description"])),
    ]
    best = similarity.closest(similarity.badge_text("Communiquer au travail", TALK["description"]), catalogue)
    assert best[0][:2] == ("a", "Communiquer au travail") and best[0][2] >= similarity.THRESHOLD
    assert best[1][2] < similarity.THRESHOLD
    assert similarity.closest("", catalogue) == [] and similarity.closest("x", []) == []


def test_complete_designs_pass_the_preview_and_are_exported_as_badges_open_to_structures(app, jury):
    with database(app):
        candidates = export.preview(the_event(jury))
        assert [c.team.name for c in candidates] == WINNERS
        for candidate in candidates:
            assert candidate.findings == [] and not candidate.needs_reason and candidate.png
            assert check_ob2_badge_class(candidate.badge_class) == []
            assert candidate.similar and all(0 <= score < similarity.THRESHOLD for _i, _n, score in candidate.similar)
    number = do_export(app, jury)
    assert number == 2  # the seeded rule set, then the winners
    bike, garden = winners_badges(current(app))
    assert bike.slug == "reparer-un-velo-en-atelier-solidaire"
    assert bike.id == f"{app.config['PUBLIC_BASE_URL']}/badges/{bike.slug}"
    assert bike.available_to_structures and bike.competency is None and bike.level is None
    assert bike.level1 == BIKE["criteria"]["level1"] and bike.tags == ("vélo", "réparation")
    assert bike.alignments[0]["targetUrl"] == "https://esco.example/occupation/cycle"
    assert bike.provenance["team_id"] == str(jury.teams["Les Voisins"]) and bike.provenance["place"] == 1
    assert bike.provenance["event"] == "Badgeathon Caen" and bike.provenance["jury_rank"] == 1
    assert bike.provenance["confirmed_at"]
    assert garden.provenance["team"] == "Les Zélés"
    with database(app):
        assert services.current().changelog.startswith("Lauréats du Badgeathon Badgeathon Caen")


def test_a_broken_design_is_refused_in_french_field_by_field_and_nothing_is_published(app, jury):
    broken = dict(BIKE, name="", alignments=[{"targetName": "ESCO", "targetUrl": ""}])
    set_design(app, jury, "Les Voisins", broken, image=False)
    with database(app):
        services.ensure_seeded()  # published already (`badgeathon rules seed`, the demo): the export adds nothing
        with pytest.raises(export.ExportRefused) as refused:
            export.export(the_event(jury), organiser(), {})
        assert len(services.versions()) == 1
    findings = "\n".join(refused.value.findings)
    assert "Les Voisins : Le badge n'a pas de nom." in findings
    assert "Les Voisins : Le badge n'a pas d'image" in findings
    assert "L'alignement 1 n'a pas d'adresse web" in findings
    # one sentence per problem: the readiness rule's (checklist.blockers); the Open Badges validators, a safety net
    # behind it, do not repeat them, and a missing image is not also of the wrong format, shape and weight
    assert len(refused.value.findings) == 3 and "« name »" not in findings and "carrée" not in findings
    assert "Les Zélés" not in findings

    client = organiser_client(app)
    response = client.post(f"/events/{jury.event_id}/export", data={})
    assert response.status_code == 422
    text = page(response)
    assert "Export refusé" in text and "Le badge n'a pas de nom." in text and "Le badge n'a pas d'image" in text
    with database(app):
        assert len(services.versions()) == 1


def test_the_first_export_publishes_the_seed_and_the_winners_in_one_commit(app, jury):
    with counting_commits() as commits:
        number = do_export(app, jury)
    assert number == 2 and commits.count == 1
    with database(app):
        assert [version.changelog[:22] for version in services.versions()] == [
            services.SEED_CHANGELOG[:22],
            "Lauréats du Badgeathon",
        ]


def test_a_refused_first_export_writes_nothing_not_even_the_seed(app, jury):
    set_design(app, jury, "Les Voisins", dict(BIKE, name=""), image=False)
    with database(app), counting_commits() as commits:
        with pytest.raises(export.ExportRefused):
            export.export(the_event(jury), organiser(), {})
        assert commits.count == 0 and services.versions() == []


def test_exporting_twice_adds_nothing_and_a_fixed_design_becomes_a_new_badge_beside_the_old(app, jury):
    first = do_export(app, jury)
    assert do_export(app, jury) == first
    assert len(winners_badges(current(app))) == 2
    with database(app):
        assert all(c.already is not None for c in export.preview(the_event(jury)))

    set_design(app, jury, "Les Voisins", dict(BIKE, description=BIKE["description"] + " Corrigé."))
    second = do_export(app, jury)
    assert second == first + 1
    slugs = [badge.slug for badge in winners_badges(current(app))]
    assert slugs == [
        "reparer-un-velo-en-atelier-solidaire",
        "cultiver-un-potager-partage",
        "reparer-un-velo-en-atelier-solidaire-v2",
    ]
    old = current(app).badge("reparer-un-velo-en-atelier-solidaire")
    assert old.description == BIKE["description"]  # a published badge is never rewritten
    assert do_export(app, jury) == second


def test_a_badge_like_an_existing_one_needs_a_written_reason(app, jury):
    with database(app):
        document = rs.from_dict(services.ensure_seeded().document)
        existing = replace(
            document.badges[0],
            id=rs.badge_url(app.config["PUBLIC_BASE_URL"], "communiquer-au-travail"),
            slug="communiquer-au-travail",
            kind="badgeathon",
            name="Communiquer au travail",
            description="Communiquer au travail avec ses collègues.",
            rule=None,
            competency=None,
            level=None,
            available_to_structures=True,
        )
        services.publish(replace(document, badges=document.badges + (existing,)), None, "Un badge proche")
    set_design(app, jury, "Les Zélés", TALK)
    with database(app):
        zeles = export.preview(the_event(jury))[1]
        assert zeles.needs_reason and "Communiquer au travail" in [name for _id, name, _score in zeles.similar]
        assert zeles.similar[0][2] >= similarity.THRESHOLD
        assert zeles.badge.slug == "communiquer-au-travail-2"  # unique against the existing slug
    client = organiser_client(app)
    preview = page(client.get(f"/events/{jury.event_id}/export"))
    assert "pourquoi l'ajouter quand même ?" in preview and "% de ressemblance" in preview
    with database(app), pytest.raises(export.ExportRefused) as refused:
        export.export(the_event(jury), organiser(), {})
    assert "Les Zélés : « Communiquer au travail » ressemble à « Communiquer" in "\n".join(refused.value.findings)

    reason = "Il vise les échanges en atelier, pas les badges clés."
    response = client.post(f"/events/{jury.event_id}/export", data={f"reason-{jury.teams['Les Zélés']}": reason})
    assert response.status_code == 302
    added = current(app).badge("communiquer-au-travail-2")
    assert added.provenance["reason"] == reason and added.provenance["similarity"] >= similarity.THRESHOLD


def test_the_organiser_exports_from_the_page_and_downloads_the_zip_bundle(app, jury):
    client = organiser_client(app)
    assert "Exporter les lauréats dans le référentiel" in page(client.get(f"/jury/events/{jury.event_id}/deliberation"))
    preview = client.get(f"/events/{jury.event_id}/export")
    assert preview.status_code == 200
    text = page(preview)
    assert "Exporter dans le référentiel" in text and "Réparer un vélo en atelier solidaire" in text
    assert "data:image/png;base64," in text
    response = client.post(f"/events/{jury.event_id}/export", data={}, follow_redirects=True)
    text = page(response)
    assert "Référentiel version 2 publiée" in text and "Télécharger le paquet (zip)" in text

    download = client.get("/ruleset/versions/2/bundle.zip")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(download.data))
    names = set(archive.namelist())
    slug = "reparer-un-velo-en-atelier-solidaire"
    expected = {
        f"{slug}{suffix}" for suffix in (".badgeclass.json", ".achievement.json", ".png", ".obf.json", ".badgr.json")
    }
    assert {"ruleset.json", "issuer.json", "README.txt"} | expected <= names
    readme = archive.read("README.txt").decode("utf-8")
    assert all(name in readme for name in expected)
    badge_id = f"{app.config['PUBLIC_BASE_URL']}/badges/{slug}"
    assert baking.baked_url(archive.read(f"{slug}.png")) == badge_id
    assert json.loads(archive.read(f"{slug}.obf.json"))["image"].startswith("data:image/png;base64,")
    assert json.loads(archive.read("ruleset.json"))["version"]["number"] == 2
    assert client.get("/ruleset/versions/9/bundle.zip").status_code == 404


def test_the_catalogue_then_lists_the_winner_with_its_page_json_and_baked_image(app, jury, client):
    do_export(app, jury)
    slug = "reparer-un-velo-en-atelier-solidaire"
    listing = page(client.get("/badges"))
    assert f'href="/badges/{slug}"' in listing and "Aucun badge pour l" not in listing
    assert "Réparer un vélo en atelier solidaire" in page(client.get(f"/badges/{slug}"))
    definition = client.get(f"/badges/{slug}.json").json
    assert definition["name"] == BIKE["name"] and check_ob2_badge_class(definition) == []
    png = client.get(f"/badges/{slug}.png")
    assert png.status_code == 200 and png.mimetype == "image/png"
    assert baking.baked_url(png.data) == definition["id"]


def test_the_export_page_keeps_the_checks_only_staff_can_act_on(app, jury):
    with database(app) as session:  # as an image kept before the studio refused heavy ones would read
        design = studio.design_for_team(team(jury, "Les Zélés"))
        design.view = replace(design.view, image=replace(design.view.image, bytes=300 * 1024))
        session.commit()
    with database(app):
        checks = {
            candidate.team.name: {f.code: f.ok for f in candidate.staff_checks}
            for candidate in export.preview(the_event(jury))
        }
    assert checks["Les Voisins"] == {
        "issuer_ready": True,
        "image_format": True,
        "image_square": True,
        "image_size": True,
    }
    assert checks["Les Zélés"]["image_size"] is False and checks["Les Zélés"]["issuer_ready"] is True

    text = page(organiser_client(app).get(f"/events/{jury.event_id}/export"))
    assert text.count("Points pour l'équipe d'organisation") == 2
    assert text.count("L'émetteur (Région Normandie) est prêt pour l'export.") == 2
    assert "à faire :</span>L'image pèse 250 ko au plus (limite d'Open Badge Factory)." in text
    assert "fait :</span>L'image pèse 250 ko au plus (limite d'Open Badge Factory)." in text


def test_the_bundle_says_where_each_payload_goes_and_the_obf_one_carries_no_undocumented_alignment(app, jury):
    number = do_export(app, jury)
    download = organiser_client(app).get(f"/ruleset/versions/{number}/bundle.zip")
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(download.data))
    readme = archive.read("README.txt").decode("utf-8")
    assert "POST https://api.badgr.io/v2/issuers/{entityId}/badgeclasses" in readme
    assert "POST https://openbadgefactory.com/v1/badge/{client_id}" in readme
    slug = "reparer-un-velo-en-atelier-solidaire"
    obf = json.loads(archive.read(f"{slug}.obf.json"))
    assert "alignment" not in obf and set(obf) <= OBF_V1_BADGE_FIELDS
    assert json.loads(archive.read(f"{slug}.badgr.json"))["alignments"][0]["targetCode"] == "7234"
    assert json.loads(archive.read(f"{slug}.badgeclass.json"))["alignment"][0]["targetName"] == "Mécanicien cycle"


def test_a_winner_with_more_tags_and_alignments_than_a_badge_carries_is_exported_with_the_first_ones(app, jury):
    alignment = BIKE["alignments"][0]
    crowded = dict(
        BIKE,
        tags=[f"mot {i}" for i in range(MAX_TAGS + 4)],
        alignments=[dict(alignment, targetCode=str(i)) for i in range(MAX_ALIGNMENTS + 3)],
    )
    set_design(app, jury, "Les Voisins", crowded)
    with database(app):
        design = studio.design_for_team(team(jury, "Les Voisins"))
        told = [f for f in studio.checklist_payload(design.view) if not f["ok"]]
        assert [f["code"] for f in told][-2:] == ["tags_over_limit", "alignments_over_limit"]  # the team is told
        assert not [f for f in told if f["level"] == "required"]  # and nothing blocks
        voisins = export.preview(the_event(jury))[0]
        assert voisins.findings == []
        assert voisins.badge.tags == tuple(f"mot {i}" for i in range(MAX_TAGS))
        assert [a["targetCode"] for a in voisins.badge.alignments] == [str(i) for i in range(MAX_ALIGNMENTS)]
        assert len(design.view.tags) == MAX_TAGS + 4  # the design keeps what the team wrote
