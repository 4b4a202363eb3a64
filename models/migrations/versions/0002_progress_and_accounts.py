"""Progress updates (append-only, enforced by triggers), user accounts, and the data revision counter.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 01:56:58.035638
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = "progress updates are append-only: record a correction instead"


def upgrade() -> None:
    op.create_table(
        "data_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_data_revision_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_revision")),
    )
    op.create_table(
        "user_account",
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("display_name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("password_hash", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_signins", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("role IN ('viewer', 'editor', 'admin')", name=op.f("ck_user_account_role")),
        sa.CheckConstraint("failed_signins >= 0", name=op.f("ck_user_account_failed_signins")),
        sa.CheckConstraint("length(trim(username)) > 0", name=op.f("ck_user_account_username")),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_user_account")),
    )
    op.create_table(
        "progress_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("progress_value", sa.Float(), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("evidence_url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("evidence_quote", sa.Text(), nullable=False),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.Column("correction_reason", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "evidence_url = '' OR evidence_url LIKE 'http://%' OR evidence_url LIKE 'https://%'",
            name=op.f("ck_progress_update_evidence_url"),
        ),
        sa.CheckConstraint(
            "status = 'not_started' OR evidence_url <> '' OR evidence_quote <> ''",
            name=op.f("ck_progress_update_evidence_required"),
        ),
        sa.CheckConstraint(
            "status IN ('not_started', 'limited', 'substantial', 'complete', 'withdrawn')",
            name=op.f("ck_progress_update_status"),
        ),
        sa.CheckConstraint("corrects_id IS NULL OR corrects_id <> id", name=op.f("ck_progress_update_not_self")),
        sa.CheckConstraint(
            "corrects_id IS NULL OR length(trim(correction_reason)) > 0",
            name=op.f("ck_progress_update_correction_reason"),
        ),
        sa.CheckConstraint("length(trim(rationale)) > 0", name=op.f("ck_progress_update_rationale")),
        sa.CheckConstraint("length(trim(recorded_by)) > 0", name=op.f("ck_progress_update_recorded_by")),
        sa.CheckConstraint(
            "progress_value IS NULL OR progress_value >= 0", name=op.f("ck_progress_update_progress_value")
        ),
        sa.ForeignKeyConstraint(
            ["commitment_slug"], ["commitment.slug"], name=op.f("fk_progress_update_commitment_slug_commitment")
        ),
        sa.ForeignKeyConstraint(
            ["corrects_id"], ["progress_update.id"], name=op.f("fk_progress_update_corrects_id_progress_update")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_update")),
        sa.UniqueConstraint("corrects_id", name=op.f("uq_progress_update_corrects_id")),
    )
    with op.batch_alter_table("progress_update", schema=None) as batch_op:
        batch_op.create_index("ix_progress_update_latest", ["commitment_slug", "as_of", "id"], unique=False)
        batch_op.create_index("ix_progress_update_recorded_at", ["recorded_at"], unique=False)

    op.execute("INSERT INTO data_revision (id, value) VALUES (1, 0)")

    # Append-only, as a second line behind the core (which has no update or delete path for progress updates).
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER progress_update_no_{action.lower()} BEFORE {action} ON progress_update "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION progress_update_append_only() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER progress_update_append_only BEFORE UPDATE OR DELETE ON progress_update "
            "FOR EACH ROW EXECUTE FUNCTION progress_update_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER progress_update_no_update")
        op.execute("DROP TRIGGER progress_update_no_delete")
    else:
        op.execute("DROP TRIGGER progress_update_append_only ON progress_update")
        op.execute("DROP FUNCTION progress_update_append_only()")
    with op.batch_alter_table("progress_update", schema=None) as batch_op:
        batch_op.drop_index("ix_progress_update_recorded_at")
        batch_op.drop_index("ix_progress_update_latest")

    op.drop_table("progress_update")
    op.drop_table("user_account")
    op.drop_table("data_revision")
