"""market data: corporate actions, per-symbol price freshness, macro series

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 17:47:49.117588
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import nestegg.app.db

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "corporate_action",
        sa.Column("symbol", sa.String(length=20), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", nestegg.app.db.ExactDecimal(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("retrieved_at", nestegg.app.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("symbol", "date", "kind", name=op.f("pk_corporate_action")),
    )
    op.create_table(
        "macro_observation",
        sa.Column("series", sa.String(length=32), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("value", nestegg.app.db.ExactDecimal(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("retrieved_at", nestegg.app.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("series", "date", name=op.f("pk_macro_observation")),
    )
    op.create_table(
        "price_status",
        sa.Column("symbol", sa.String(length=20), nullable=False),
        sa.Column("last_date", sa.Date(), nullable=True),
        sa.Column("source", sa.String(length=32), nullable=True),
        sa.Column("checked_at", nestegg.app.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("refreshed_at", nestegg.app.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("symbol", name=op.f("pk_price_status")),
    )


def downgrade() -> None:
    op.drop_table("price_status")
    op.drop_table("macro_observation")
    op.drop_table("corporate_action")
