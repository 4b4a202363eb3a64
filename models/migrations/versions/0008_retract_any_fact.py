"""Any fact an editor added can be retracted, not only a commitment: organizations, people, name aliases, events,
event roles, statements, initiatives, figures and documents are hidden from the retraction on, never deleted. An
event's dates and a document's publication date may be known only to a month, quarter or year.

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
PRECISIONS = "IN ('day', 'month', 'quarter', 'year')"


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("retracted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    with op.batch_alter_table("event") as batch_op:
        batch_op.add_column(
            sa.Column("dates_precision", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False,
                      server_default="day")
        )  # fmt: skip
        batch_op.create_check_constraint(op.f("ck_event_dates_precision"), f"dates_precision {PRECISIONS}")
        batch_op.create_check_constraint(
            op.f("ck_event_period_is_one_date"), "dates_precision = 'day' OR start_date = end_date"
        )
    with op.batch_alter_table("source") as batch_op:
        batch_op.add_column(
            sa.Column("published_on_precision", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False,
                      server_default="day")
        )  # fmt: skip
        batch_op.create_check_constraint(
            op.f("ck_source_published_on_precision"), f"published_on_precision {PRECISIONS}"
        )
        batch_op.create_check_constraint(
            op.f("ck_source_precision_of_a_date"), "published_on_precision = 'day' OR published_on IS NOT NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("source") as batch_op:
        batch_op.drop_constraint(op.f("ck_source_precision_of_a_date"), type_="check")
        batch_op.drop_constraint(op.f("ck_source_published_on_precision"), type_="check")
        batch_op.drop_column("published_on_precision")
    with op.batch_alter_table("event") as batch_op:
        batch_op.drop_constraint(op.f("ck_event_period_is_one_date"), type_="check")
        batch_op.drop_constraint(op.f("ck_event_dates_precision"), type_="check")
        batch_op.drop_column("dates_precision")
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("retracted_at")
