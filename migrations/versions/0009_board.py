"""board: the team members' sockets open on their designs, for the organiser's live board (on every node)

Revision ID: 0009_board
Revises: 0008_pitch_order_and_joining
Create Date: 2026-11-24 01:50:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009_board"
down_revision = "0008_pitch_order_and_joining"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "studio_presence",
        sa.Column("sid", sa.String(length=64), nullable=False),
        sa.Column("design_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["design_id"], ["design.id"], name=op.f("fk_studio_presence_design_id_design"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_studio_presence_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("sid", "design_id", name=op.f("pk_studio_presence")),
    )
    with op.batch_alter_table("studio_presence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_studio_presence_design_id"), ["design_id"], unique=False)


def downgrade():
    with op.batch_alter_table("studio_presence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_studio_presence_design_id"))
    op.drop_table("studio_presence")
