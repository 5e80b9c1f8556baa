"""Region staff export a Badgeathon's two confirmed winners to the regional rule set, in Chromium: the preview
(images, Open Badges check, closest badges), the ready badge published while the incomplete one waits, then the
other once complete, the zip bundle, then the hosted badge page and its BadgeClass; axe on every page."""

import io
import json
import re
import zipfile

import pytest
from playwright.sync_api import expect

from .conftest import check_accessibility, start_server
from .test_jury import as_organiser, in_app

pytestmark = pytest.mark.e2e

WINNERS = ["Les Éco-gestes", "Cap Numérique"]
LEVEL2 = "J'accompagne mes collègues vers des usages numériques sobres et j'en mesure les effets."
NO_LEVEL2 = "Le critère « je maîtrise » est vide."
EXPORT = "Exporter dans le référentiel"
REASON_LABEL = re.compile("pourquoi l'ajouter quand même")
BADGE_FILES = (".badgeclass.json", ".achievement.json", ".png", ".obf.json", ".badgr.json")


def with_confirmed_winners(tmp_path, winners: list[str]):
    """A server whose demo main event is at the deliberation, `winners` confirmed; (server, facts)."""
    server = start_server(tmp_path)
    facts = in_app(
        server,
        """
        from badgeathon.jury.deliberation import confirm_winners
        for phase in (Phase.PITCHES, Phase.SCORING, Phase.DELIBERATION):
            moves.move_phase(event, phase, organiser)
        teams = {t.name: t.public_id for t in event.teams}
        confirm_winners(event, organiser, [teams[name] for name in ARGS["winners"]], "Démonstration")
        db.session.commit()
        result = {"event": str(event.public_id), "teams": {name: str(teams[name]) for name in ARGS["winners"]}}
    """,
        winners=winners,
    )
    return server, facts


@pytest.fixture(scope="module")
def deliberated(tmp_path_factory):
    """The demo's main event at the deliberation, its two winners confirmed (Cap Numérique's badge as the demo
    left it: no level 2 criterion)."""
    server, facts = with_confirmed_winners(tmp_path_factory.mktemp("export"), WINNERS)
    yield server, facts
    server.stop()


def complete_cap_numerique(server) -> dict:
    """Fill the level 2 criterion of Cap Numérique's design, as the team would in the studio; answer the slugs the
    two winners would get, and the findings left."""
    return in_app(
        server,
        """
        from badgeathon.ruleset import export
        from badgeathon.workshop import document, studio
        from badgeathon.workshop.access import Access
        from badgeathon.workshop.versions import server_edit
        from badgeathon.workshop.view import DesignView
        team = next(t for t in event.teams if t.name == "Cap Numérique")
        design = studio.design_for_team(team)
        access = Access(design.id, design.public_id, design.epoch, person_id=None, readonly=False)
        view = document.to_view(document.load(studio.full_state(design.id)[0])).to_json()
        full = DesignView.from_json({**view, "criteria": {**(view.get("criteria") or {}), "level2": ARGS["level2"]}})
        server_edit(access, lambda doc: document.edit_to_match(doc, full))
        db.session.commit()
        result = {c.team.name: {"slug": (c.already or c.badge).slug, "name": c.badge.name, "findings": c.findings}
                  for c in export.preview(event)}
    """,
        level2=LEVEL2,
    )


def test_region_staff_export_the_winners_and_host_their_badges(deliberated, new_page):
    server, facts = deliberated
    page = as_organiser(new_page, server)
    export_url = f"{server.url}/events/{facts['event']}/export"

    # the deliberation page leads to the export
    page.goto(f"{server.url}/jury/events/{facts['event']}/deliberation")
    page.get_by_role("link", name="Exporter les lauréats dans le référentiel").click()
    expect(page).to_have_url(export_url)
    expect(page.get_by_role("heading", name="Exporter les lauréats dans le référentiel", level=1)).to_be_visible()

    # the preview: both winners in order, their images, the Open Badges check and the closest badges
    for place, team in enumerate(WINNERS, start=1):
        expect(page.get_by_role("heading", name=f"{place}. {team}", level=2)).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("^Image du badge"))).to_have_count(2)
    expect(page.get_by_role("heading", name="Vérification Open Badges", level=3)).to_have_count(2)
    expect(page.get_by_role("heading", name="Badges proches dans le référentiel", level=3)).to_have_count(2)
    cap = page.locator("section", has=page.get_by_role("heading", name="2. Cap Numérique"))
    expect(cap.locator(".findings")).to_contain_text(NO_LEVEL2)  # said in French, before any click
    # what the teams' checklist leaves to staff (issue 11.14): the issuer and Open Badge Factory's image limits
    staff = cap.locator("[data-staff-checks]")
    expect(page.get_by_role("heading", name="Points pour l'équipe d'organisation", level=3)).to_have_count(2)
    expect(
        staff.locator(".checklist__item--ok").filter(has_text="L'émetteur (Région Normandie) est prêt pour l'export.")
    ).to_have_count(1)
    expect(staff).to_contain_text("L'image pèse 250 ko au plus (limite d'Open Badge Factory).")
    staff.scroll_into_view_if_needed()
    page.screenshot(path="/tmp/shots-h5/export-staff-checks-laptop.png")
    check_accessibility(page, "export-preview-incomplete")

    # the ready badge goes alone; the incomplete one waits, still saying what it lacks
    for reason in page.get_by_label(REASON_LABEL).all():
        reason.fill("Démonstration : un badge propre au Badgeathon.")
    page.get_by_role("button", name=EXPORT).click()
    expect(page.get_by_text(re.compile(r"Référentiel version \d+ publiée"))).to_be_visible()
    expect(cap.locator(".findings")).to_contain_text(NO_LEVEL2)
    expect(page.get_by_text("Déjà dans le référentiel :")).to_have_count(1)
    check_accessibility(page, "export-one-waits")

    # the incomplete badge is completed; the preview has nothing more to say
    facts_after = complete_cap_numerique(server)
    assert all(not item["findings"] for item in facts_after.values()), facts_after
    page.goto(export_url)
    expect(page.get_by_text("Aucun problème : le BadgeClass (Open Badges 2.0)")).to_have_count(1)
    expect(page.locator(".findings")).to_have_count(0)
    expect(cap).to_contain_text(LEVEL2)
    check_accessibility(page, "export-preview")

    reasons = page.get_by_label(REASON_LABEL)
    for reason in reasons.all():
        reason.fill("Démonstration : un badge propre au Badgeathon, pour d'autres publics.")
    page.get_by_role("button", name=EXPORT).click()
    expect(page.get_by_text(re.compile(r"Référentiel version \d+ publiée"))).to_be_visible()
    check_accessibility(page, "export-published")

    # the zip bundle
    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger le paquet (zip)").click()
    download = info.value
    assert re.fullmatch(r"referentiel-v\d+\.zip", download.suggested_filename)
    with open(download.path(), "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    names = set(archive.namelist())
    assert {"ruleset.json", "issuer.json", "README.txt"} <= names
    readme = archive.read("README.txt").decode("utf-8")
    for team in WINNERS:
        slug = facts_after[team]["slug"]
        for suffix in BADGE_FILES:
            assert slug + suffix in names, (slug + suffix, sorted(names))
            assert slug + suffix in readme
        assert archive.read(slug + ".png").startswith(b"\x89PNG\r\n\x1a\n")
        badge_class = json.loads(archive.read(slug + ".badgeclass.json"))
        assert badge_class["type"] == "BadgeClass" and badge_class["name"] == facts_after[team]["name"]
    ruleset = json.loads(archive.read("ruleset.json"))
    exported = {badge["slug"] for badge in ruleset["badges"]}
    assert {facts_after[team]["slug"] for team in WINNERS} <= exported

    # the public catalogue lists the winners; a winner's hosted page and its BadgeClass
    eco = facts_after["Les Éco-gestes"]
    catalogue = new_page()  # anyone, not signed in
    catalogue.goto(f"{server.url}/badges")
    tile = catalogue.get_by_role("link", name=eco["name"], exact=True)
    expect(tile.first).to_be_visible()
    expect(catalogue.get_by_role("link", name=facts_after["Cap Numérique"]["name"], exact=True).first).to_be_visible()
    check_accessibility(catalogue, "export-catalogue")
    tile.first.click()
    expect(catalogue).to_have_url(f"{server.url}/badges/{eco['slug']}")
    expect(catalogue.get_by_role("heading", name=eco["name"], level=1)).to_be_visible()
    expect(catalogue.locator('meta[property="og:title"]')).to_have_attribute("content", eco["name"])
    check_accessibility(catalogue, "export-badge-page")
    response = catalogue.request.get(f"{server.url}/badges/{eco['slug']}.json")
    assert response.ok
    badge_class = response.json()
    assert badge_class["@context"] == "https://w3id.org/openbadges/v2"
    assert badge_class["type"] == "BadgeClass"
    assert badge_class["id"] == f"{server.url}/badges/{eco['slug']}"
    assert badge_class["name"] == eco["name"]
    assert badge_class["criteria"] and badge_class["issuer"] and badge_class["image"]
