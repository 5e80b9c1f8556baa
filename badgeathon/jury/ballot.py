"""The audience vote's ballot: each other team's badge as the room saw it pitched — its name, its image, its team."""

from dataclasses import dataclass

from ..auth.models import Person
from ..workshop.view import DesignView
from .sheets import pitch_order


@dataclass(frozen=True)
class Option:
    """One badge a participant may vote for; `team_id` (public) is what the vote records."""

    team_id: str
    team_name: str
    badge_name: str  # "" when the team never named its badge
    design_id: str | None  # public id, for the image's address
    image_sha256: str | None  # None: no image
    image_alt: str


def options(voter: Person) -> list[Option]:
    """Every badge of the voter's event but their own team's, in the running order of the pitches (reads only)."""
    found = []
    for team in pitch_order(voter.event):
        if team.id == voter.team_id:
            continue
        design = team.design
        view = design.view if design is not None else DesignView()
        found.append(
            Option(
                team_id=str(team.public_id),
                team_name=team.name,
                badge_name=view.name.strip(),
                design_id=str(design.public_id) if design is not None else None,
                image_sha256=view.image.sha256 if view.image is not None and view.image.sha256 else None,
                image_alt=view.image_alt.strip(),
            )
        )
    return found
