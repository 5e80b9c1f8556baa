"""The regional badges as published: their Open Badges definition and the drawn badge image."""

from ..openbadges.art.spec import ImageSpec
from ..openbadges.model import Alignment, BadgeDefinition
from . import document as rs
from .award import award_text

# One background and pictogram per competency (title readable on it: see openbadges.art.spec.readable_on)
COMPETENCY_LOOKS = {
    "Communiquer": ("#17365D", "personnes"),
    "Organiser": ("#6B2455", "engrenage"),
    "S'adapter": ("#1E5E46", "recyclage"),
    "S'intégrer": ("#9A3412", "mains"),
}
GENERAL_LOOK = ("#3D2C6E", "etoile")
ACCENT = "#F2B52E"
IMAGE_LEVELS = {1: "Je pratique", 2: "Je maîtrise"}


def definition(badge: rs.Badge, document_issuer: rs.Issuer, document: rs.RuleSet | None = None) -> BadgeDefinition:
    """The Open Badges definition of a regional badge: criteria at its own URL, image at <URL>.png. A key badge
    states its own level's criteria, the general badge its criteria without levels, a Badgeathon badge both levels;
    with the rule set `document`, the criteria also state the rule that awards the badge."""
    return BadgeDefinition(
        id=badge.id,
        name=badge.name,
        description=badge.description,
        level1=badge.level1,
        level2=badge.level2,
        criteria_url=badge.id,
        image_url=f"{badge.id}.png",
        tags=badge.tags,
        alignments=tuple(
            Alignment(
                a["targetName"],
                a["targetUrl"],
                a.get("targetFramework", ""),
                a.get("targetCode", ""),
                a.get("targetDescription", ""),
            )
            for a in badge.alignments
        ),
        issuer=document_issuer,
        achievement_type="Competency" if badge.kind == "key" else "Badge",
        level=badge.level if badge.kind == "key" else None,
        levelled=badge.kind != "general",
        award=award_text(badge, document) if document is not None else "",
    )


def image_spec(badge: rs.Badge) -> ImageSpec:
    """The badge's picture: its competency's colour and pictogram, the competency as title, the level on the ribbon;
    the general badge (and any other) has its own look."""
    if badge.kind == "key" and badge.competency in COMPETENCY_LOOKS:
        background, pictogram = COMPETENCY_LOOKS[badge.competency]
        return ImageSpec(
            shape="cercle",
            background=background,
            accent=ACCENT,
            pictogram=pictogram,
            title=badge.competency,
            level=IMAGE_LEVELS.get(badge.level or 0, ""),
        )
    background, pictogram = GENERAL_LOOK
    title = "Compétences fondamentales" if badge.kind == "general" else badge.name[:40]
    return ImageSpec(
        shape="hexagone",
        background=background,
        accent=ACCENT,
        pictogram=pictogram,
        title=title,
        level="Badge général" if badge.kind == "general" else "",
    )


ISSUER_LOOK = ("#A51C30", "etoile")  # the region's red and gold


def issuer_image_spec(name: str) -> ImageSpec:
    """The issuer's picture (the profile's default `image`): a shield in the region's colours with its name."""
    background, pictogram = ISSUER_LOOK
    return ImageSpec(shape="bouclier", background=background, accent=ACCENT, pictogram=pictogram, title=name[:40])
