"""Failed sign-ins counted by name and by address in a table of their own, for unknown names as for known ones.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 19:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _copying(table: str):
    recreate = "always" if op.get_bind().dialect.name == "sqlite" else "auto"
    return op.batch_alter_table(table, recreate=recreate)


def upgrade() -> None:
    op.create_table(
        "signin_throttle",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.CheckConstraint("failures >= 0", name=op.f("ck_signin_throttle_failures")),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_signin_throttle")),
    )
    with _copying("user_account") as batch_op:
        batch_op.drop_constraint(op.f("ck_user_account_failed_signins"), type_="check")
        batch_op.drop_column("failed_signins")
        batch_op.drop_column("last_failed_at")


def downgrade() -> None:
    with _copying("user_account") as batch_op:
        batch_op.add_column(sa.Column("last_failed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("failed_signins", sa.Integer(), nullable=False, server_default="0"))
        batch_op.create_check_constraint(op.f("ck_user_account_failed_signins"), "failed_signins >= 0")
    op.drop_table("signin_throttle")
