"""the studio's update log numbered per design (numbers that never go backwards); repair of logs written before

SQLite hands out max(id)+1 for a plain INTEGER PRIMARY KEY: once compaction deleted the newest rows of the log, the
next updates got ids below `snapshot_through` and were ignored forever. The repair folds every row still in the
log into its design's snapshot (CRDT merges are idempotent, so this is always safe), recomputes the plain view,
and starts each design's numbering afresh.

Revision ID: 0005_update_log_numbers
Revises: 0004_ruleset
Create Date: 2026-11-23 10:00:00

"""

import sqlalchemy as sa
from alembic import op

from badgeathon.workshop import document

# revision identifiers, used by Alembic.
revision = "0005_update_log_numbers"
down_revision = "0004_ruleset"
branch_labels = None
depends_on = None

LogId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _fold_log(order_column: str) -> None:
    """Fold every logged update into its design's snapshot and view, and empty the log."""
    connection = op.get_bind()
    design = sa.table(
        "design",
        sa.column("id", sa.Integer),
        sa.column("snapshot", sa.LargeBinary),
        sa.column("view", sa.JSON),
        sa.column("snapshot_through", LogId),
        sa.column("view_through", LogId),
    )
    update = sa.table(
        "design_update",
        sa.column("design_id", sa.Integer),
        sa.column("data", sa.LargeBinary),
        sa.column(order_column, LogId),
    )
    for design_id, snapshot in connection.execute(sa.select(design.c.id, design.c.snapshot)).all():
        rows = (
            connection.execute(
                sa.select(update.c.data)
                .where(update.c.design_id == design_id)
                .order_by(getattr(update.c, order_column))
            )
            .scalars()
            .all()
        )
        state = document.merge(snapshot, *rows)
        connection.execute(
            sa.update(design)
            .where(design.c.id == design_id)
            .values(
                snapshot=state,
                view=document.to_view(document.load(state)).to_json(),
                snapshot_through=0,
                view_through=0,
            )
        )
    connection.execute(sa.delete(update))
    connection.execute(sa.text("UPDATE design_version SET through = 0"))


def upgrade():
    with op.batch_alter_table("design", schema=None) as batch_op:
        batch_op.add_column(sa.Column("log_head", LogId, nullable=False, server_default="0"))
    _fold_log("id")
    op.drop_table("design_update")
    op.create_table(
        "design_update",
        sa.Column("design_id", sa.Integer(), nullable=False),
        sa.Column("seq", LogId, autoincrement=False, nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["design_id"], ["design.id"], name=op.f("fk_design_update_design_id_design"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_design_update_person_id_person"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("design_id", "seq", name=op.f("pk_design_update")),
    )


def downgrade():
    _fold_log("seq")
    op.drop_table("design_update")
    op.create_table(
        "design_update",
        sa.Column("id", LogId, autoincrement=True, nullable=False),
        sa.Column("design_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["design_id"], ["design.id"], name=op.f("fk_design_update_design_id_design"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_design_update_person_id_person"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_design_update")),
    )
    with op.batch_alter_table("design_update", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_design_update_design_id"), ["design_id"], unique=False)
    with op.batch_alter_table("design", schema=None) as batch_op:
        batch_op.drop_column("log_head")
