"""An initiative or a figure may be stated in a document itself, not at an event: their event may be empty (they
then count from the document's publication date, as a commitment made in a document does).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 05:30:00
"""

from collections.abc import Sequence

import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("initiative", "participation_figure")


def _set(nullable: bool) -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column(
                "event_slug", existing_type=sqlmodel.sql.sqltypes.AutoString(), nullable=nullable
            )


def upgrade() -> None:
    _set(True)


def downgrade() -> None:
    _set(False)  # refused while a row has no event: give each an event first
