"""A team learns its results in Chromium: once the ceremony has revealed every winner, the winning team reads that
its badge won, the jury's feedback and the link to its catalogue page; a team that did not win is told kindly and
reads its own feedback. axe and screenshots on a phone and a laptop."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import check_accessibility, join_team, start_server
from .test_export import complete_cap_numerique
from .test_jury import in_app

pytestmark = pytest.mark.e2e

WINNERS = ["Les Éco-gestes", "Cap Numérique"]
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
FEEDBACK = {
    "Les Éco-gestes": "Un badge concret, que les structures pourront délivrer dès demain.",
    "other": "Précisez les preuves attendues au niveau 2 : le reste est prometteur.",
}


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """The demo's main event: a juror's feedback for two teams, its two winners confirmed and exported to the
    rule set, then the results phase with the whole ceremony revealed."""
    server = start_server(tmp_path_factory.mktemp("team-results"))
    complete_cap_numerique(server)  # the demo leaves its level 2 criterion empty: the export would refuse it
    facts = in_app(
        server,
        """
        from badgeathon.jury import deliberation
        from badgeathon.jury.models import Note
        from badgeathon.ruleset import export
        teams = {t.name: t for t in event.teams}
        other = next(name for name in teams if name not in ARGS["winners"])
        juror = event.jurors[0]
        for name, words in ((ARGS["winners"][0], ARGS["feedback"][ARGS["winners"][0]]),
                            (other, ARGS["feedback"]["other"])):
            db.session.add(Note(event_id=event.id, juror_id=juror.id, team_id=teams[name].id,
                                comment="Réservé au jury.", feedback=words))
        db.session.commit()
        for phase in (Phase.PITCHES, Phase.SCORING, Phase.DELIBERATION):
            moves.move_phase(event, phase, organiser)
        confirm_winners = deliberation.confirm_winners
        confirm_winners(event, organiser, [teams[name].public_id for name in ARGS["winners"]], "Démonstration")
        export.export(event, organiser, {str(teams[name].public_id): "Démonstration" for name in ARGS["winners"]})
        moves.move_phase(event, Phase.RESULTS, organiser)
        for _ in deliberation.ceremony_steps(event):
            deliberation.reveal(event, organiser, +1)
        result = {"other": other, "codes": {name: team.join_code for name, team in teams.items()},
                  "juror": juror.name}
    """,
        winners=WINNERS,
        feedback=FEEDBACK,
    )
    yield server, facts
    server.stop()


def join(new_page, server, code, name, viewport):
    page = new_page(viewport=viewport)
    join_team(page, server.url, code, name)
    return page


def test_each_team_reads_its_own_results_once_the_ceremony_is_over(results, new_page):
    server, facts = results
    for viewport, device in ((PHONE, "phone"), (LAPTOP, "laptop")):
        winner = join(new_page, server, facts["codes"][WINNERS[0]], f"Lauréate {device}", viewport)
        panel = winner.get_by_role("region", name="Vos résultats")
        expect(panel).to_contain_text("Votre badge est lauréat")
        expect(panel.get_by_role("listitem")).to_have_text([FEEDBACK[WINNERS[0]]])
        expect(winner.get_by_text("Voici ce que le jury verra")).to_have_count(0)
        expect(winner.get_by_text("Réservé au jury.")).to_have_count(0)
        expect(winner.get_by_text(facts["juror"])).to_have_count(0)
        check_accessibility(winner, f"team-results-winner-{device}")
        link = panel.get_by_role("link", name="Voir votre badge dans le catalogue")
        link.click()
        expect(winner).to_have_url(re.compile(r"/badges/[a-z0-9-]+$"))
        expect(winner.get_by_role("heading", level=1)).to_be_visible()

        other = join(new_page, server, facts["codes"][facts["other"]], f"Participante {device}", viewport)
        panel = other.get_by_role("region", name="Vos résultats")
        expect(panel).to_contain_text("Votre badge n'a pas été retenu cette fois")
        expect(panel.get_by_role("listitem")).to_have_text([FEEDBACK["other"]])
        expect(panel.get_by_role("link", name="Voir votre badge dans le catalogue")).to_have_count(0)
        check_accessibility(other, f"team-results-other-{device}")
