"""The `badgeathon rules` commands: seed the rule set, export and check a bundle, evaluate a backpack, list and compare
versions."""

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from flask.cli import with_appcontext

from .. import safe_json
from ..openbadges.validation import check_ob2_badge_class, check_ob2_issuer, check_ob3_achievement
from . import document as rs
from .backpack import problems as backpack_problems
from .backpack import report
from .bundle import ACHIEVEMENT_SUFFIX, BADGE_CLASS_SUFFIX, ISSUER_FILE, RULESET_FILE, bundle, findings_text, readme
from .engine import Engine
from .progress import Progress
from .rules import to_dict
from .validation import check_document


@click.group("rules")
def rules_group():
    """The regional rule set: seed, export, validate, evaluate a backpack, versions."""


@rules_group.command("seed")
@with_appcontext
def seed_command():
    """Publish the first version (the 9 regional badges and their rules) if there is none yet: the pages only read
    the rule set, and show the seed unpublished until then."""
    from . import services

    version = services.ensure_seeded()
    click.echo(f"Rule set version {version.number}: {version.changelog}")


@rules_group.command("export")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory to write the bundle into (created if needed).",
)
@with_appcontext
def export_command(out: Path):
    """Write the current rule set, each badge as OB 2.0 BadgeClass and OB 3.0 Achievement, and a README."""
    from . import services

    version = services.current()
    if version is None:
        raise click.ClickException("The rule set has no version yet: run `badgeathon demo` or seed it first.")
    files, problems = bundle(version)
    if problems:  # nothing is written
        raise click.ClickException("Export refused:\n  " + "\n  ".join(problems))
    out.mkdir(parents=True, exist_ok=True)
    for name, doc in files.items():
        (out / name).write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out / "README.txt").write_text(readme(files, version), encoding="utf-8")
    click.echo(f"Rule set version {version.number} written to {out} ({len(files)} JSON files).")


def check_bundle(directory: Path) -> list[str]:
    """Everything wrong with an exported bundle; empty when it is valid."""
    ruleset_file = directory / RULESET_FILE
    if not ruleset_file.is_file():
        return [f"{RULESET_FILE}: missing"]
    problems: list[str] = []

    def load(path: Path) -> Any:
        try:
            return safe_json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            problems.append(f"{path.name}: not JSON ({error})")
            return None

    data = load(ruleset_file)
    if data is not None:
        problems += [f"{RULESET_FILE}: {problem}" for problem in check_document(data)]
        for badge in data.get("badges", []) if isinstance(data, dict) and not problems else []:
            for suffix in (BADGE_CLASS_SUFFIX, ACHIEVEMENT_SUFFIX):
                if not (directory / (badge["slug"] + suffix)).is_file():
                    problems.append(f"{badge['slug']}{suffix}: missing")
    checks = [(ISSUER_FILE, check_ob2_issuer)] if (directory / ISSUER_FILE).is_file() else []
    checks += [(path.name, check_ob2_badge_class) for path in sorted(directory.glob("*" + BADGE_CLASS_SUFFIX))]
    checks += [(path.name, check_ob3_achievement) for path in sorted(directory.glob("*" + ACHIEVEMENT_SUFFIX))]
    for name, check in checks:
        doc = load(directory / name)
        if doc is not None:
            problems += findings_text(name, check(doc))
    return problems


@rules_group.command("validate")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
def validate_command(directory: Path):
    """Check a bundle written by `rules export`: the rule set against its schema, each badge with the OB validators."""
    problems = check_bundle(directory)
    if problems:
        click.echo("\n".join(problems), err=True)
        raise SystemExit(1)
    click.echo(f"{directory}: valid.")


def progress_dict(progress: Progress) -> dict[str, Any]:
    """Why a rule holds or not, as a tree mirroring the rule."""
    data: dict[str, Any] = {
        "type": to_dict(progress.requirement)["type"],
        "satisfied": progress.satisfied,
        "have": progress.have,
        "need": progress.need,
    }
    if progress.children:
        data["children"] = [progress_dict(child) for child in progress.children]
    else:
        data["requirement"] = to_dict(progress.requirement)
        data["badges"] = list(progress.badges)
    return data


def evaluation(engine: Engine, names: dict[str, str], backpack: list[Any], now: datetime) -> dict[str, Any]:
    result = engine.evaluate(backpack, now=now)
    return {
        "due": [
            {
                "badge": award.badge,
                "name": names.get(award.badge, ""),
                "evidence": list(award.evidence),
                "reasons": progress_dict(award.progress),
            }
            for award in result.awards
        ],
        "already_held": list(result.held_regional),
        "pending": [
            {
                "badge": pending.badge,
                "name": names.get(pending.badge, ""),
                "more": pending.more,
                "missing": [{"requirement": to_dict(item.requirement), "more": item.more} for item in pending.missing],
            }
            for pending in result.pending
        ],
        "ignored": [{"badge": item.badge, "reason": item.reason} for item in result.ignored],
    }


@rules_group.command("evaluate")
@click.argument("backpack", type=click.File("r", encoding="utf-8"))
@click.option(
    "--now",
    type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"]),
    default=None,
    help="Evaluate as of this UTC time (default: now).",
)
@with_appcontext
def evaluate_command(backpack, now):
    """Which regional badges a backpack makes due. BACKPACK: a JSON list of OB 2.0 assertions or badge class URLs,
    or an object {learner: [...]} for several learners."""
    from . import services

    try:
        data = safe_json.load(backpack)
    except ValueError as error:
        raise click.ClickException(f"{backpack.name}: unreadable JSON ({error})") from error
    if not isinstance(data, (list, dict)):
        raise click.ClickException("The backpack must be a JSON list, or an object of lists by learner.")
    malformed = backpack_problems(data)
    if malformed:
        raise click.ClickException(report(backpack.name, malformed))
    version = services.current()
    if version is None:
        raise click.ClickException("The rule set has no version yet: run `badgeathon demo` or seed it first.")
    document = rs.from_dict(version.document)
    engine = Engine(*rs.to_engine(document))
    names = {badge.id: badge.name for badge in document.badges}
    moment = now.replace(tzinfo=UTC) if now else datetime.now(UTC)
    if isinstance(data, list):
        output: dict[str, Any] = {"rule_set_version": version.number, **evaluation(engine, names, data, moment)}
    else:
        output = {
            "rule_set_version": version.number,
            "learners": {learner: evaluation(engine, names, items, moment) for learner, items in data.items()},
        }
    click.echo(json.dumps(output, ensure_ascii=False, indent=2))


@rules_group.command("versions")
@with_appcontext
def versions_command():
    """List the rule set's versions."""
    from . import services

    for version in services.versions():
        author = version.author.name if version.author else "—"
        click.echo(f"{version.number}\t{version.created_at:%Y-%m-%d %H:%M}\t{author}\t{version.changelog}")


@rules_group.command("diff")
@click.argument("old", type=int)
@click.argument("new", type=int)
@with_appcontext
def diff_command(old, new):
    """What changed from version OLD to version NEW."""
    from ..errors import BadgeathonError
    from . import services

    try:
        changes = services.diff_versions(old, new)
    except BadgeathonError as error:
        raise click.ClickException(f"No version {old} or {new}.") from error
    for change in changes:
        click.echo(str(change))
    if not changes:
        click.echo("No change.")
