"""Why a status is missing, said exactly: a look that found nothing (`no_evidence_found`) and a scale that does not
apply (`not_applicable`) are statuses of their own, apart from `not_assessed` (no one has looked).

SQLite rebuilds a table to change a CHECK constraint, and a rebuilt progress_update loses its triggers: they are
made again here, as 0002 made them.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 10:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RATINGS = "'not_started', 'limited', 'substantial', 'complete', 'withdrawn'"
MISSING = "'no_evidence_found', 'not_applicable'"


def _statuses(commitment: str, update: str) -> None:
    with op.batch_alter_table("commitment") as batch_op:
        batch_op.drop_constraint(op.f("ck_commitment_status"), type_="check")
        batch_op.create_check_constraint(op.f("ck_commitment_status"), f"status IN ({commitment})")
    with op.batch_alter_table("progress_update") as batch_op:
        batch_op.drop_constraint(op.f("ck_progress_update_status"), type_="check")
        batch_op.create_check_constraint(op.f("ck_progress_update_status"), f"status IN ({update})")
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(f"DROP TRIGGER IF EXISTS progress_update_no_{action.lower()}")
            op.execute(
                f"CREATE TRIGGER progress_update_no_{action.lower()} BEFORE {action} ON progress_update "
                "BEGIN SELECT RAISE(ABORT, 'progress updates are append-only: record a correction instead'); END"
            )


def upgrade() -> None:
    _statuses(f"'not_assessed', {MISSING}, {RATINGS}", f"{MISSING}, {RATINGS}")


def downgrade() -> None:
    _statuses(f"'not_assessed', {RATINGS}", RATINGS)
