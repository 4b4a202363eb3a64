"""Sign-ins kept across reloads: a row per signed-in browser, found by the SHA-256 of its cookie's token.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "signed_in_session",
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["username"],
            ["user_account.username"],
            name=op.f("fk_signed_in_session_username_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_signed_in_session")),
    )
    op.create_index(op.f("ix_signed_in_session_username"), "signed_in_session", ["username"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_signed_in_session_username"), table_name="signed_in_session")
    op.drop_table("signed_in_session")
