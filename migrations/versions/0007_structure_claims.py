"""structure claims: the structure a participant named on joining, for the organiser to confirm

A participant's typed structure no longer overwrites the roster's or makes a new one (it would add or lift a juror's
recusal unseen): when it is not a known structure, or not the roster's, it waits here.

Revision ID: 0007_structure_claims
Revises: 0006_sign_in_tokens
Create Date: 2026-11-23 23:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0007_structure_claims"
down_revision = "0006_sign_in_tokens"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("organisation_claim", sa.String(length=160), nullable=True))


def downgrade():
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("organisation_claim")
