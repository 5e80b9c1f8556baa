"""pitch order and joining: a running order of the pitches, a pitch timer that pauses, joining that closes

Revision ID: 0008_pitch_order_and_joining
Revises: 0007_structure_claims
Create Date: 2026-11-24 01:45:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0008_pitch_order_and_joining"
down_revision = "0007_structure_claims"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pitch_elapsed_seconds", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("joining_open", sa.Boolean(), server_default=sa.true(), nullable=False))
    with op.batch_alter_table("team", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pitch_position", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("team", schema=None) as batch_op:
        batch_op.drop_column("pitch_position")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("joining_open")
        batch_op.drop_column("pitch_elapsed_seconds")
