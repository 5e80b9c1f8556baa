"""The migrations build the schema the models describe, and go down and up again, on SQLite and PostgreSQL."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from badgeathon.extensions import db


def tables(engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def drop_everything(app) -> None:
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))


def test_migrations_upgrade_to_the_models_then_downgrade_and_upgrade_again(app):
    drop_everything(app)
    with app.app_context():
        upgrade()
        expected = {table.name for table in db.metadata.sorted_tables}
        assert expected <= tables(db.engine)
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert differences == []

        downgrade(revision="base")
        assert tables(db.engine) - {"alembic_version"} == set()

        upgrade()
        assert expected <= tables(db.engine)


def test_the_update_log_repair_folds_what_sqlite_had_ignored(app):
    """0005: a database built with the bug (log ids reused below the snapshot's mark after a compaction) gets every
    row still in its log folded into the snapshot and the view, then numbers its log per design."""
    import uuid
    from datetime import datetime

    from pycrdt import Map

    from badgeathon.workshop import document

    drop_everything(app)
    base = document.new_document()
    doc = document.load(base)
    text = doc.get(document.ROOT, type=Map)["pitch"]
    updates = []
    for letter in "ABCD":
        before = doc.get_state()
        text.insert(len(str(text)), letter)
        updates.append(doc.get_update(before))
    snapshot = document.merge(base, updates[0], updates[1])  # A and B folded, rows 1-2 gone
    now = datetime(2026, 11, 24, 9, 0)

    with app.app_context():
        upgrade(revision="0004_ruleset")
        c = sa.column
        event = sa.table(
            "event",
            c("id"),
            c("public_id", sa.Uuid),
            c("name"),
            c("venue"),
            c("starts_at", sa.DateTime),
            c("design_minutes"),
            c("winners"),
            c("phase"),
            c("screen_token"),
            c("created_at", sa.DateTime),
            c("pitch_minutes"),
            c("audience_vote", sa.Boolean),
        )
        team = sa.table(
            "team",
            c("id"),
            c("public_id", sa.Uuid),
            c("event_id"),
            c("name"),
            c("join_code"),
            c("created_at", sa.DateTime),
        )
        design = sa.table(
            "design",
            c("id"),
            c("public_id", sa.Uuid),
            c("team_id"),
            c("epoch", sa.Uuid),
            c("snapshot", sa.LargeBinary),
            c("snapshot_through"),
            c("view", sa.JSON),
            c("view_through"),
            c("created_at", sa.DateTime),
            c("updated_at", sa.DateTime),
        )
        log = sa.table(
            "design_update", c("id"), c("design_id"), c("data", sa.LargeBinary), c("created_at", sa.DateTime)
        )
        with db.engine.begin() as connection:
            connection.execute(
                event.insert().values(
                    id=1,
                    public_id=uuid.uuid4(),
                    name="Avant",
                    venue="Caen",
                    starts_at=now,
                    design_minutes=360,
                    winners=2,
                    phase="design",
                    screen_token="t" * 32,
                    created_at=now,
                    pitch_minutes=5,
                    audience_vote=False,
                )
            )
            connection.execute(
                team.insert().values(
                    id=1, public_id=uuid.uuid4(), event_id=1, name="Équipe", join_code="ABCDEF", created_at=now
                )
            )
            connection.execute(
                design.insert().values(
                    id=1,
                    public_id=uuid.uuid4(),
                    team_id=1,
                    epoch=uuid.uuid4(),
                    snapshot=snapshot,
                    snapshot_through=2,
                    view=document.to_view(document.load(snapshot)).to_json(),
                    view_through=2,
                    created_at=now,
                    updated_at=now,
                )
            )
            # the bug: C got id 1 again (below the mark, ignored forever), D got id 3 (read, but it builds on C)
            connection.execute(
                log.insert(),
                [
                    {"id": 1, "design_id": 1, "data": updates[2], "created_at": now},
                    {"id": 3, "design_id": 1, "data": updates[3], "created_at": now},
                ],
            )

        upgrade()

        with db.engine.connect() as connection:
            row = connection.execute(sa.text("SELECT snapshot, view, snapshot_through, log_head FROM design")).one()
            left = connection.execute(sa.text("SELECT count(*) FROM design_update")).scalar_one()
        view = row.view if isinstance(row.view, dict) else __import__("json").loads(row.view)
        assert str(document.load(row.snapshot).get(document.ROOT, type=Map)["pitch"]) == "ABCD"
        assert view["pitch"] == "ABCD"
        assert (row.snapshot_through, row.log_head, left) == (0, 0, 0)

        downgrade(revision="0004_ruleset")  # and back: the log is folded again, nothing lost either way
        upgrade()
        with db.engine.connect() as connection:
            snapshot_after = connection.execute(sa.text("SELECT snapshot FROM design")).scalar_one()
        assert str(document.load(snapshot_after).get(document.ROOT, type=Map)["pitch"]) == "ABCD"


def test_teams_and_events_from_before_get_their_design_and_rubric(app):
    """0010: pages only read now; a team made before gets its design (with its theme), an event its rubric."""
    import uuid
    from datetime import datetime

    from badgeathon.workshop import document

    drop_everything(app)
    now = datetime(2026, 11, 24, 9, 0)
    with app.app_context():
        upgrade(revision="0009_board")
        c = sa.column
        event = sa.table(
            "event",
            c("id"),
            c("public_id", sa.Uuid),
            c("name"),
            c("venue"),
            c("starts_at", sa.DateTime),
            c("design_minutes"),
            c("winners"),
            c("phase"),
            c("screen_token"),
            c("created_at", sa.DateTime),
            c("pitch_minutes"),
            c("audience_vote", sa.Boolean),
            c("joining_open", sa.Boolean),
        )
        theme = sa.table("theme", c("id"), c("event_id"), c("name"), c("position"))
        team = sa.table(
            "team",
            c("id"),
            c("public_id", sa.Uuid),
            c("event_id"),
            c("name"),
            c("join_code"),
            c("theme_id"),
            c("created_at", sa.DateTime),
        )
        with db.engine.begin() as connection:
            connection.execute(
                event.insert().values(
                    id=1,
                    public_id=uuid.uuid4(),
                    name="Avant",
                    venue="Caen",
                    starts_at=now,
                    design_minutes=360,
                    winners=2,
                    phase="preparation",
                    screen_token="t" * 32,
                    created_at=now,
                    pitch_minutes=5,
                    audience_vote=False,
                    joining_open=True,
                )
            )
            connection.execute(theme.insert().values(id=1, event_id=1, name="Transition numérique", position=0))
            connection.execute(
                team.insert().values(
                    id=1,
                    public_id=uuid.uuid4(),
                    event_id=1,
                    name="Équipe",
                    join_code="ABCDEF",
                    theme_id=1,
                    created_at=now,
                )
            )

        upgrade()

        with db.engine.connect() as connection:
            snapshot = connection.execute(sa.text("SELECT snapshot FROM design WHERE team_id = 1")).scalar_one()
            weights = (
                connection.execute(sa.text("SELECT weight FROM criterion WHERE event_id = 1 ORDER BY position"))
                .scalars()
                .all()
            )
        assert document.to_view(document.load(snapshot)).theme == "Transition numérique"
        assert weights == [3, 3, 2, 2, 1.5, 1]
