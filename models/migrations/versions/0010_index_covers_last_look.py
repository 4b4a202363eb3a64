"""The index behind every as-of lookup also covers when each update was recorded, so the last day someone looked
at a commitment (what "no update for long" rests on) is read from the index alone, never from the table.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 03:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = ["commitment_slug", "as_of", "id", "status", "progress_value"]


def upgrade() -> None:
    op.drop_index("ix_progress_update_latest", table_name="progress_update")
    op.create_index("ix_progress_update_latest", "progress_update", [*BEFORE, "recorded_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_progress_update_latest", table_name="progress_update")
    op.create_index("ix_progress_update_latest", "progress_update", BEFORE, unique=False)
