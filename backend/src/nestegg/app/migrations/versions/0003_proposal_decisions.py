"""ledger proposals from corporate actions: what was recorded, confirmed or dismissed

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 10:12:03.201544
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import nestegg.app.db

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "proposal_decision",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("decided_at", nestegg.app.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_proposal_decision")),
    )


def downgrade() -> None:
    op.drop_table("proposal_decision")
