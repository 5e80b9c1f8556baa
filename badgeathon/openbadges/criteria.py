"""The criteria of a badge as it certifies them — its own level's, or both levels of a badge that has two, or a badge
without levels — and the rule that awards it, as Markdown for Open Badges documents and as safe HTML for platforms."""

from html import escape

from .model import BadgeDefinition

LEVEL1_HEADING = "Niveau 1 — je pratique"
LEVEL2_HEADING = "Niveau 2 — je maîtrise"
LEVEL_HEADINGS = {1: LEVEL1_HEADING, 2: LEVEL2_HEADING}
AWARD_HEADING = "Règle d'attribution"


def criteria_sections(defn: BadgeDefinition) -> tuple[tuple[str, str], ...]:
    """(heading, text) of each section, "" for no heading: a badge of one level states that level only, a badge
    without levels (the general badge) its criteria without level headings, a badge of two levels (a Badgeathon
    badge) both; then the rule that awards it, when it has one."""
    texts = {1: defn.level1.strip(), 2: defn.level2.strip()}
    if defn.level in LEVEL_HEADINGS:
        sections = [(LEVEL_HEADINGS[defn.level], texts[defn.level])]
    elif not defn.levelled:
        sections = [("", "\n\n".join(text for text in texts.values() if text))]
    else:
        sections = [(LEVEL_HEADINGS[level], text) for level, text in texts.items()]
    if defn.award.strip():
        sections.append((AWARD_HEADING, defn.award.strip()))
    return tuple((heading, text) for heading, text in sections if heading or text)


def criteria_markdown(defn: BadgeDefinition) -> str:
    """The sections, each under its own Markdown heading (if it has one)."""
    return "\n\n".join(f"## {heading}\n\n{text}" if heading else text for heading, text in criteria_sections(defn))


def criteria_html(defn: BadgeDefinition) -> str:
    """The sections as HTML, every text escaped, line breaks kept."""
    parts = []
    for heading, text in criteria_sections(defn):
        paragraphs = "".join(
            "<p>" + "<br>".join(escape(line) for line in block.splitlines()) + "</p>"
            for block in text.split("\n\n")
            if block.strip()
        )
        parts.append((f"<h3>{escape(heading)}</h3>" if heading else "") + paragraphs)
    return "".join(parts)
