"""sign-in tokens: signing out ends a person's sign-in on every device

Cookies written before this revision hold no token and are refused: everyone signs in once more.

Revision ID: 0006_sign_in_tokens
Revises: 0005_update_log_numbers
Create Date: 2026-11-23 23:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0006_sign_in_tokens"
down_revision = "0005_update_log_numbers"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_token", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("session_opened_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("session_opened_at")
        batch_op.drop_column("session_token")
