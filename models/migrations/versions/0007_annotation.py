"""Documents added the way annotators do: deadlines known to a month, quarter or year; commitments made in a
document itself rather than at an event; figures counting what an editor names; retracted commitments kept but hidden; every addition, correction and retraction logged with its
reason; other addresses of a source; and the result of each re-check of the stored quotes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

METRICS = "metric IN ('delegates', 'participants', 'countries', 'organizations')"


def _copying(table: str):
    """Alter `table`, by copying it on SQLite (the only way to change its CHECK constraints there)."""
    recreate = "always" if op.get_bind().dialect.name == "sqlite" else "auto"
    return op.batch_alter_table(table, recreate=recreate)


def upgrade() -> None:
    with op.batch_alter_table("source") as batch_op:
        batch_op.add_column(sa.Column("other_urls", sa.Text(), nullable=False, server_default=""))
    with _copying("commitment") as batch_op:
        batch_op.add_column(
            sa.Column("due_date_precision", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False,
                      server_default="day")
        )
        batch_op.add_column(sa.Column("retracted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.alter_column("event_slug", existing_type=sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        batch_op.create_check_constraint(
            op.f("ck_commitment_due_date_precision"), "due_date_precision IN ('day', 'month', 'quarter', 'year')"
        )
        batch_op.create_check_constraint(
            op.f("ck_commitment_precision_of_a_date"), "due_date_precision = 'day' OR due_date IS NOT NULL"
        )
    with _copying("participation_figure") as batch_op:
        batch_op.drop_constraint(op.f("ck_participation_figure_metric"), type_="check")
        batch_op.create_check_constraint(op.f("ck_participation_figure_metric"), "metric <> ''")
    op.create_table(
        "fact_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fact", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("changed_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("changed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("action IN ('added', 'corrected', 'retracted')", name=op.f("ck_fact_change_action")),
        sa.CheckConstraint("action = 'added' OR length(trim(reason)) > 0", name=op.f("ck_fact_change_reason")),
        sa.CheckConstraint("length(trim(changed_by)) > 0", name=op.f("ck_fact_change_changed_by")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_change")),
    )
    op.create_index(op.f("ix_fact_change_fact"), "fact_change", ["fact"], unique=False)
    op.create_index(op.f("ix_fact_change_changed_at"), "fact_change", ["changed_at"], unique=False)
    op.create_table(
        "quote_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("checked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("checked", sa.Integer(), nullable=False),
        sa.Column("mismatches", sa.Integer(), nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
        sa.CheckConstraint("checked >= 0 AND mismatches >= 0", name=op.f("ck_quote_check_counts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quote_check")),
    )


def downgrade() -> None:
    with op.batch_alter_table("source") as batch_op:
        batch_op.drop_column("other_urls")
    op.drop_table("quote_check")
    op.drop_index(op.f("ix_fact_change_changed_at"), table_name="fact_change")
    op.drop_index(op.f("ix_fact_change_fact"), table_name="fact_change")
    op.drop_table("fact_change")
    with _copying("participation_figure") as batch_op:
        batch_op.drop_constraint(op.f("ck_participation_figure_metric"), type_="check")
        batch_op.create_check_constraint(op.f("ck_participation_figure_metric"), METRICS)
    with _copying("commitment") as batch_op:
        batch_op.drop_constraint(op.f("ck_commitment_precision_of_a_date"), type_="check")
        batch_op.drop_constraint(op.f("ck_commitment_due_date_precision"), type_="check")
        batch_op.drop_column("retracted_at")
        batch_op.alter_column("event_slug", existing_type=sqlmodel.sql.sqltypes.AutoString(), nullable=False)
        batch_op.drop_column("due_date_precision")
