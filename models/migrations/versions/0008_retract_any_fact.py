"""Any fact an editor added can be retracted, not only a commitment: organizations, people, name aliases, events,
event roles, statements, initiatives, figures and documents are hidden from the retraction on, never deleted.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "source",
    "organization",
    "person",
    "person_alias",
    "event",
    "event_role",
    "statement",
    "initiative",
    "participation_figure",
)


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("retracted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("retracted_at")
