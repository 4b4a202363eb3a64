"""A commitment's deadline in the text's own words ("by the end of next year"), beside the date the rules count
to: briefings quote it, and a reader can check the tracker's reading of it.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 02:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("commitment") as batch_op:
        batch_op.add_column(
            sa.Column("due_date_as_stated", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("commitment") as batch_op:
        batch_op.drop_column("due_date_as_stated")
