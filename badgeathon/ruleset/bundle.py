"""The files of a rule set export — the rule set document, the issuer, each badge as OB 2.0 BadgeClass and OB 3.0
Achievement — checked before anything is written, and the README that lists them."""

from typing import Any

from ..openbadges import ob2, ob3
from ..openbadges.validation import Finding, check_ob2_badge_class, check_ob2_issuer, check_ob3_achievement
from . import document as rs
from .publishing import definition
from .validation import check_document

RULESET_FILE = "ruleset.json"
ISSUER_FILE = "issuer.json"
BADGE_CLASS_SUFFIX = ".badgeclass.json"
ACHIEVEMENT_SUFFIX = ".achievement.json"
PNG_SUFFIX = ".png"  # these three only in the zip bundle of ruleset/export.py
OBF_SUFFIX = ".obf.json"
BADGR_SUFFIX = ".badgr.json"


def findings_text(name: str, findings: list[Finding]) -> list[str]:
    return [
        f"{name}: {finding.path or '(document)'}: {finding.code}"
        + (f" ({finding.params['detail']})" if "detail" in finding.params else "")
        for finding in findings
    ]


def bundle(version) -> tuple[dict[str, Any], list[str]]:
    """The files of a rule set export (name -> JSON) and what is wrong with them."""
    data = dict(version.document)
    document = rs.from_dict(data)
    data["version"] = {
        "number": version.number,
        "created_at": version.created_at.isoformat(),
        "author": version.author.name if version.author else None,
        "changelog": version.changelog,
    }
    files: dict[str, Any] = {RULESET_FILE: data}
    problems = [f"{RULESET_FILE}: {problem}" for problem in check_document(data)]
    issuer = ob2.issuer_profile(definition(document.badges[0], document.issuer).issuer) if document.badges else None
    if issuer is not None:
        files[ISSUER_FILE] = issuer
        problems += findings_text(ISSUER_FILE, check_ob2_issuer(issuer))
    for badge in document.badges:
        defn = definition(badge, document.issuer, document)
        for name, doc, check in (
            (badge.slug + BADGE_CLASS_SUFFIX, ob2.badge_class(defn), check_ob2_badge_class),
            (badge.slug + ACHIEVEMENT_SUFFIX, ob3.achievement(defn), check_ob3_achievement),
        ):
            files[name] = doc
            problems += findings_text(name, check(doc))
    return files, problems


# what each file of a badge is, in the order the README lists them (only the files the bundle holds are listed)
BADGE_FILES = (
    (BADGE_CLASS_SUFFIX, "Open Badges 2.0 BadgeClass"),
    (ACHIEVEMENT_SUFFIX, "Open Badges 3.0 Achievement"),
    (PNG_SUFFIX, "the badge image, PNG with its BadgeClass URL baked in"),
    (OBF_SUFFIX, "payload creating the badge on Open Badge Factory"),
    (BADGR_SUFFIX, "payload creating the BadgeClass on Badgr (API v2)"),
)


# where each platform's payload is sent, said once in the README when the bundle holds such payloads
PLATFORM_ENDPOINTS = (
    (
        OBF_SUFFIX,
        [
            "*.obf.json: the body of Open Badge Factory's POST https://openbadgefactory.com/v1/badge/{client_id}",
            "    ({client_id}: your organisation's id on OBF); the badge is created as a draft. OBF's API has no",
            "    documented field for alignments: they are in the .badgeclass.json, add them in OBF's editor.",
        ],
    ),
    (
        BADGR_SUFFIX,
        [
            "*.badgr.json: the body of Badgr's POST https://api.badgr.io/v2/issuers/{entityId}/badgeclasses",
            "    ({entityId}: the issuer's id on Badgr, created first; another Badgr server: its own address).",
        ],
    ),
)


def readme(files: dict[str, Any], version) -> str:
    """The README of a bundle: the rule set, the issuer, where the platforms' payloads go, then each badge with the
    files of it in `files`."""
    lines = [
        f"Référentiel régional — version {version.number} du {version.created_at:%Y-%m-%d}",
        f"Regional rule set — version {version.number}",
        "",
        f"{RULESET_FILE}: the rule set document (schema: badgeathon/ruleset/schemas/ruleset.json)",
        f"{ISSUER_FILE}: the issuer profile, Open Badges 2.0",
        "",
    ]
    endpoints = [words for suffix, words in PLATFORM_ENDPOINTS if any(name.endswith(suffix) for name in files)]
    lines += [line for words in endpoints for line in words] + ([""] if endpoints else [])
    for badge in files[RULESET_FILE]["badges"]:
        lines.append(f"{badge['name']} ({badge['kind']}) — {badge['id']}")
        lines += [
            f"    {badge['slug']}{suffix}: {what}" for suffix, what in BADGE_FILES if badge["slug"] + suffix in files
        ]
    return "\n".join(lines) + "\n"
