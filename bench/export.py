#!/usr/bin/env python
"""Speed of the regional rule set: exporting it (validation and images included) and the rule engine over a million
partner assertions, each beside a baseline run in the same process.

    python bench/export.py                      # 9 regional + 50 Badgeathon badges; 100,000 learners × 10 assertions
    python bench/export.py --learners 10000     # a quicker look

The last line printed is
    RESULT export_s=X engine_s=Y assertions=N
See bench/README.md for what each figure means.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from badgeathon.ruleset.engine import evaluate_many  # noqa: E402
from badgeathon.ruleset.rules import COMPETENCIES, PartnerBadge, regional_scheme  # noqa: E402

NOW = datetime(2026, 11, 22, tzinfo=UTC)


def backpacks(learners: int, per_learner: int, partners: dict, seed: int) -> dict:
    """Learners' backpacks of OB 2.0 assertions: 10% carry an expiry date, 2% are revoked."""
    rng = random.Random(seed)
    urls = list(partners)
    packs = {}
    for learner in range(learners):
        pack = []
        for _ in range(per_learner):
            assertion = {
                "badge": rng.choice(urls),
                "recipient": {"identity": f"learner-{learner}"},
                "issuedOn": "2026-01-15T09:00:00Z",
            }
            draw = rng.random()
            if draw < 0.10:
                assertion["expires"] = "2030-01-01T00:00:00+00:00"
            elif draw < 0.12:
                assertion["revoked"] = True
            pack.append(assertion)
        packs[learner] = pack
    return packs


def engine_figures(learners: int, per_learner: int, seed: int) -> tuple[float, float, int, int]:
    """Seconds for the engine and for the baseline (one pass counting each learner's partner badges), assertions,
    learners due the general badge."""
    key = lambda competency, level: f"https://normandie.example/badges/{competency}/{level}"  # noqa: E731
    general = "https://normandie.example/badges/general"
    rules = regional_scheme(key, general)
    partners = {}
    for i in range(400):
        url = f"https://partner{i % 40}.example/badges/{i}"
        partners[url] = PartnerBadge(url, COMPETENCIES[i % 4], 1 + (i // 4) % 2)
    packs = backpacks(learners, per_learner, partners, seed)
    assertions = sum(map(len, packs.values()))

    started = time.perf_counter()
    counted = {learner: sum(1 for a in pack if a["badge"] in partners) for learner, pack in packs.items()}
    baseline = time.perf_counter() - started
    assert len(counted) == learners

    started = time.perf_counter()
    results = evaluate_many(rules, partners, packs, now=NOW)
    engine = time.perf_counter() - started
    due = sum(general in result.due for result in results.values())
    return engine, baseline, assertions, due


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=100_000)
    parser.add_argument("--per-learner", type=int, default=10)
    parser.add_argument("--winners", type=int, default=50, help="Badgeathon badges exported beside the 9 regional")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    export_s, export_baseline = export_figures(args.winners)
    engine_s, engine_baseline, assertions, due = engine_figures(args.learners, args.per_learner, args.seed)
    print(
        f"export of 9 regional + {args.winners} Badgeathon badges (documents, validation, baked images, zip): "
        f"{export_s:.3f} s (median of 3); baseline (the same documents as JSON, no validation, no image): "
        f"{export_baseline:.3f} s"
    )
    print(
        f"rule engine: {assertions} assertions of {args.learners} learners in {engine_s:.2f} s "
        f"({assertions / engine_s:,.0f} assertions/s; the general badge due for {due}); baseline (one pass "
        f"counting partner badges): {engine_baseline:.2f} s"
    )
    print(
        f"targets: export <= 1 s: {'met' if export_s <= 1 else 'MISSED'}; engine <= 5 s: "
        f"{'met' if engine_s <= 5 else 'MISSED'}"
    )
    print(f"RESULT export_s={export_s:.3f} engine_s={engine_s:.2f} assertions={assertions}")
    return 0


WORDS = (
    "atelier",
    "réemploi",
    "numérique",
    "énergie",
    "accueil",
    "tutorat",
    "mobilité",
    "entretien",
    "jardin",
    "tri",
    "coopération",
    "sobriété",
    "réparation",
    "inventaire",
    "sécurité",
    "médiation",
    "logistique",
    "budget",
)


def export_figures(winners: int) -> tuple[float, float]:
    """Seconds to build the export bundle of the rule set (9 regional + `winners` Badgeathon badges, each validated
    as OB 2.0 and OB 3.0, each winner's image baked), median of 3; and the baseline: the same documents as JSON."""
    import json

    from badgeathon import create_app
    from badgeathon.auth.services import create_organiser
    from badgeathon.events import moves
    from badgeathon.events import services as events
    from badgeathon.events.phases import Phase
    from badgeathon.extensions import db
    from badgeathon.jury import deliberation
    from badgeathon.ruleset import export
    from badgeathon.workshop import document, images, studio
    from badgeathon.workshop.access import Access
    from badgeathon.workshop.versions import server_edit
    from badgeathon.workshop.view import DesignView
    from tests.config import TestConfig

    folder = tempfile.mkdtemp(prefix="badgeathon-export-bench-")
    app = create_app(type("BenchConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db"}))
    rng = random.Random(7)
    with app.app_context():
        db.create_all()
        organiser = create_organiser("Banc d'essai", "banc@badgeathon.example", "banc-essai-export")
        event = events.create_event(
            events.EventDetails(
                name="Badgeathon du banc d'essai",
                venue="",
                starts_at=NOW,
                design_minutes=360,
                winners=winners,
                themes=("Transition écologique",),
            )
        )
        for phase in (Phase.DESIGN,):
            moves.move_phase(event, phase, organiser)
        for i in range(winners):
            team = events.add_team(event, f"Équipe {i + 1}", None)
            words = rng.sample(WORDS, 4)
            design = studio.design_for_team(team)
            access = Access(design.id, design.public_id, design.epoch, person_id=None, readonly=False)
            base = document.to_view(document.load(studio.full_state(design.id)[0])).to_json()
            view = DesignView.from_json(
                {
                    **base,
                    "name": f"{words[0].capitalize()} et {words[1]} n° {i + 1}",
                    "description": f"Reconnaît la capacité à conduire {words[2]} et {words[3]} en équipe ({i}).",
                    "criteria": {
                        "level1": f"Je participe à {words[0]} avec l'aide d'un tuteur.",
                        "level2": f"J'organise {words[1]} et j'explique la démarche ({i}).",
                    },
                    "tags": words[:2],
                    "image_alt": f"Badge {i + 1}",
                }
            )
            server_edit(access, lambda doc, view=view: document.edit_to_match(doc, view))
            images.use_designed_image(
                access,
                {
                    "shape": "cercle",
                    "background": "#1D6B35",
                    "accent": "#F2B52E",
                    "pictogram": "feuille",
                    "title": view.name[:24],
                    "level": "Je pratique",
                },
            )
        for phase in (Phase.PITCHES, Phase.SCORING, Phase.DELIBERATION):
            moves.move_phase(event, phase, organiser)
        deliberation.confirm_winners(event, organiser, [team.public_id for team in event.teams], "Banc d'essai.")
        version = export.export(event, organiser, {str(team.public_id): "Banc d'essai." for team in event.teams})
        badges = [badge for badge in version.document["badges"]]
        assert len(badges) == 9 + winners, len(badges)

        timings = []
        for _ in range(3):
            started = time.perf_counter()
            archive = export.bundle(version)
            timings.append(time.perf_counter() - started)
        assert archive[:2] == b"PK"
        started = time.perf_counter()
        json.dumps(version.document, ensure_ascii=False)
        baseline = time.perf_counter() - started
        db.session.remove()
        db.engine.dispose()
    return statistics.median(timings), baseline


if __name__ == "__main__":
    sys.exit(main())
