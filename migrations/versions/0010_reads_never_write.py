"""reads never write: each team has its design, each event its rubric, made here for the ones from before

Pages used to make a team's design and an event's default rubric the first time they were opened. They only read
now: a team gets its design when it is made, an event its rubric when it is created. This gives the teams and events
made before that what the pages expect to find.

Revision ID: 0010_reads_never_write
Revises: 0009_board
Create Date: 2026-11-24 08:40:00

"""

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010_reads_never_write"
down_revision = "0009_board"
branch_labels = None
depends_on = None

c = sa.column
team = sa.table("team", c("id"), c("event_id"), c("theme_id"))
theme = sa.table("theme", c("id"), c("name"))
design = sa.table(
    "design",
    c("id"),
    c("public_id", sa.Uuid),
    c("team_id"),
    c("epoch", sa.Uuid),
    c("snapshot", sa.LargeBinary),
    c("snapshot_through"),
    c("log_head"),
    c("view", sa.JSON),
    c("view_through"),
    c("created_at", sa.DateTime),
    c("updated_at", sa.DateTime),
)
event = sa.table("event", c("id"))
criterion = sa.table(
    "criterion",
    c("id"),
    c("public_id", sa.Uuid),
    c("event_id"),
    c("position"),
    c("name"),
    c("description"),
    c("weight", sa.Float),
    c("scale_min"),
    c("scale_max"),
    c("descriptors", sa.JSON),
)


def upgrade():
    from badgeathon.jury.rubric import DEFAULT_RUBRIC, LEVELS
    from badgeathon.workshop import document

    connection = op.get_bind()
    now = datetime.now(UTC).replace(tzinfo=None)
    themes = dict(connection.execute(sa.select(theme.c.id, theme.c.name)).all())
    without_design = connection.execute(
        sa.select(team.c.id, team.c.theme_id).where(~sa.exists().where(design.c.team_id == team.c.id))
    ).all()
    for team_id, theme_id in without_design:  # as studio.new_design makes it
        snapshot = document.new_document()
        doc = document.load(snapshot)
        view = document.to_view(doc)
        if theme_id in themes:
            view = view.with_texts(theme=themes[theme_id])
            snapshot = document.merge(snapshot, document.edit_to_match(doc, view))
        connection.execute(
            design.insert().values(
                public_id=uuid.uuid4(),
                team_id=team_id,
                epoch=uuid.uuid4(),
                snapshot=snapshot,
                snapshot_through=0,
                log_head=0,
                view=view.to_json(),
                view_through=0,
                created_at=now,
                updated_at=now,
            )
        )
    descriptors = [f"{value} — {label}" for value, label in enumerate(str(level) for level in LEVELS)]
    without_rubric = (
        connection.execute(sa.select(event.c.id).where(~sa.exists().where(criterion.c.event_id == event.c.id)))
        .scalars()
        .all()
    )
    for event_id in without_rubric:  # as jury.rubric.add_default_rubric makes it
        connection.execute(
            criterion.insert(),
            [
                {
                    "public_id": uuid.uuid4(),
                    "event_id": event_id,
                    "position": position,
                    "name": name,
                    "description": description,
                    "weight": weight,
                    "scale_min": 0,
                    "scale_max": 5,
                    "descriptors": descriptors,
                }
                for position, (name, weight, description) in enumerate(DEFAULT_RUBRIC)
            ],
        )


def downgrade():
    pass  # the designs and rubrics stay: the older code made them the same way on first sight
