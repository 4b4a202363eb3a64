"""The index behind every as-of lookup covers what the lookups read (status, progress value), so the database
finds and reads a commitment's latest update in the index alone.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 22:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_progress_update_latest", table_name="progress_update")
    op.create_index(
        "ix_progress_update_latest",
        "progress_update",
        ["commitment_slug", "as_of", "id", "status", "progress_value"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_progress_update_latest", table_name="progress_update")
    op.create_index("ix_progress_update_latest", "progress_update", ["commitment_slug", "as_of", "id"], unique=False)
