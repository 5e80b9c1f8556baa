"""The criteria of a badge's two levels, as Markdown for Open Badges documents and as safe HTML for platforms."""
from html import escape

from .model import BadgeDefinition

LEVEL1_HEADING = "Niveau 1 — je pratique"
LEVEL2_HEADING = "Niveau 2 — je maîtrise"


def _levels(defn: BadgeDefinition) -> tuple[tuple[str, str], ...]:
    return ((LEVEL1_HEADING, defn.level1.strip()), (LEVEL2_HEADING, defn.level2.strip()))


def criteria_markdown(defn: BadgeDefinition) -> str:
    """Both levels, each under its own Markdown heading."""
    return "\n\n".join(f"## {heading}\n\n{text}" for heading, text in _levels(defn))


def criteria_html(defn: BadgeDefinition) -> str:
    """Both levels as HTML, every text escaped, line breaks kept."""
    parts = []
    for heading, text in _levels(defn):
        paragraphs = "".join(
            "<p>" + "<br>".join(escape(line) for line in block.splitlines()) + "</p>"
            for block in text.split("\n\n")
            if block.strip()
        )
        parts.append(f"<h3>{escape(heading)}</h3>{paragraphs}")
    return "".join(parts)
