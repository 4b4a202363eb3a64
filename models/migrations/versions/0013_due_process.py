"""Assessments with due process: a rubric per commitment before its rating, drafts that a second editor approves
(or sends back) before they reach readers, assessment rounds published at once, the committing party's reply
beside our rating (and representatives' accounts limited to their party), and contested values kept in the open.

Rubrics and replies are append-only, as progress updates are. SQLite rebuilds a table to add a CHECK constraint,
and a rebuilt progress_update loses its triggers: they are made again here, as 0002 made them.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 12:32:37
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = {
    "rubric": "rubrics are append-only: write a new rubric that replaces it instead",
    "party_reply": "replies are append-only: record a newer reply instead",
}


def _progress_update_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(f"DROP TRIGGER IF EXISTS progress_update_no_{action.lower()}")
            op.execute(
                f"CREATE TRIGGER progress_update_no_{action.lower()} BEFORE {action} ON progress_update "
                "BEGIN SELECT RAISE(ABORT, 'progress updates are append-only: record a correction instead'); END"
            )


def _append_only(table: str, message: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )
    else:
        op.execute(
            f"CREATE FUNCTION {table}_append_only() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{message}'; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
        )


def _drop_append_only(table: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action}")
    else:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {table}_append_only()")


def upgrade() -> None:
    op.create_table(
        "assessment_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("opened_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("opened_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("published_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("published_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_assessment_round_name")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_round")),
        sa.UniqueConstraint("name", name=op.f("uq_assessment_round_name")),
    )
    op.create_table(
        "contest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("shown", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("evidence_url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("evidence_quote", sa.Text(), nullable=False),
        sa.Column("opened_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("opened_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("resolution", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True),
        sa.Column("resolution_note", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("correction", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("resolved_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("resolved_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "evidence_url = '' OR evidence_url LIKE 'http://%' OR evidence_url LIKE 'https://%'",
            name=op.f("ck_contest_evidence_url"),
        ),
        sa.CheckConstraint(
            "resolution IS NULL OR resolution <> 'corrected' OR correction <> ''", name=op.f("ck_contest_correction")
        ),
        sa.CheckConstraint(
            "resolution IS NULL OR resolution IN ('kept', 'corrected')", name=op.f("ck_contest_resolution")
        ),
        sa.CheckConstraint(
            "value IN ('status', 'progress_value', 'due_date', 'target_value', 'parties', 'made_on', 'text')",
            name=op.f("ck_contest_value"),
        ),
        sa.CheckConstraint(
            "(resolution IS NULL) = (resolved_by IS NULL) AND (resolution IS NULL) = (resolved_at IS NULL)",
            name=op.f("ck_contest_resolved"),
        ),
        sa.CheckConstraint("length(trim(opened_by)) > 0", name=op.f("ck_contest_opened_by")),
        sa.CheckConstraint("length(trim(reason)) > 0", name=op.f("ck_contest_reason")),
        sa.CheckConstraint(
            "resolution IS NULL OR length(trim(resolution_note)) > 0", name=op.f("ck_contest_resolution_note")
        ),
        sa.ForeignKeyConstraint(
            ["commitment_slug"], ["commitment.slug"], name=op.f("fk_contest_commitment_slug_commitment")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contest")),
    )
    op.create_table(
        "draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("commitment_slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("submitted_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("submitted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("decision_note", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("published_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("(state = 'published') = (published_id IS NOT NULL)", name=op.f("ck_draft_published")),
        sa.CheckConstraint("kind IN ('progress_update', 'rubric')", name=op.f("ck_draft_kind")),
        sa.CheckConstraint(
            "state <> 'sent_back' OR length(trim(decision_note)) > 0", name=op.f("ck_draft_sent_back_reason")
        ),
        sa.CheckConstraint("state IN ('pending', 'approved', 'sent_back', 'published')", name=op.f("ck_draft_state")),
        sa.CheckConstraint("decided_by IS NULL OR decided_by <> submitted_by", name=op.f("ck_draft_second_editor")),
        sa.ForeignKeyConstraint(
            ["commitment_slug"], ["commitment.slug"], name=op.f("fk_draft_commitment_slug_commitment")
        ),
        sa.ForeignKeyConstraint(["round_id"], ["assessment_round.id"], name=op.f("fk_draft_round_id_assessment_round")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft")),
    )
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_draft_commitment_slug"), ["commitment_slug"], unique=False)
        batch_op.create_index(batch_op.f("ix_draft_round_id"), ["round_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_draft_state"), ["state"], unique=False)

    op.create_table(
        "rubric",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("limited", sa.Text(), nullable=False),
        sa.Column("substantial", sa.Text(), nullable=False),
        sa.Column("complete", sa.Text(), nullable=False),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.Column("correction_reason", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("written_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("written_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("reviewed_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("reviewed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.CheckConstraint("corrects_id IS NULL OR corrects_id <> id", name=op.f("ck_rubric_not_self")),
        sa.CheckConstraint(
            "corrects_id IS NULL OR length(trim(correction_reason)) > 0", name=op.f("ck_rubric_correction_reason")
        ),
        sa.CheckConstraint("length(trim(complete)) > 0", name=op.f("ck_rubric_complete")),
        sa.CheckConstraint("length(trim(limited)) > 0", name=op.f("ck_rubric_limited")),
        sa.CheckConstraint("length(trim(substantial)) > 0", name=op.f("ck_rubric_substantial")),
        sa.CheckConstraint("length(trim(written_by)) > 0", name=op.f("ck_rubric_written_by")),
        sa.CheckConstraint("reviewed_by IS NULL OR reviewed_by <> written_by", name=op.f("ck_rubric_second_editor")),
        sa.ForeignKeyConstraint(
            ["commitment_slug"], ["commitment.slug"], name=op.f("fk_rubric_commitment_slug_commitment")
        ),
        sa.ForeignKeyConstraint(["corrects_id"], ["rubric.id"], name=op.f("fk_rubric_corrects_id_rubric")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rubric")),
        sa.UniqueConstraint("corrects_id", name=op.f("uq_rubric_corrects_id")),
    )
    op.create_table(
        "draft_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("written_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("written_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.CheckConstraint("length(trim(text)) > 0", name=op.f("ck_draft_comment_text")),
        sa.ForeignKeyConstraint(["draft_id"], ["draft.id"], name=op.f("fk_draft_comment_draft_id_draft")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_comment")),
    )
    with op.batch_alter_table("draft_comment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_draft_comment_draft_id"), ["draft_id"], unique=False)

    op.create_table(
        "party_reply",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("update_id", sa.Integer(), nullable=False),
        sa.Column("party_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("party_status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "channel IN ('email', 'letter', 'meeting', 'phone', 'website', 'public_statement', 'tracker_account')",
            name=op.f("ck_party_reply_channel"),
        ),
        sa.CheckConstraint(
            "party_status IS NULL OR party_status IN ('no_evidence_found', 'not_applicable', 'not_started', 'limited', 'substantial', 'complete', 'withdrawn')",
            name=op.f("ck_party_reply_party_status"),
        ),
        sa.CheckConstraint(
            "party_status IS NULL OR status = 'responded'", name=op.f("ck_party_reply_party_status_in_reply")
        ),
        sa.CheckConstraint("status <> 'responded' OR length(trim(text)) > 0", name=op.f("ck_party_reply_text")),
        sa.CheckConstraint(
            "status IN ('invited', 'no_response', 'acknowledged', 'responded', 'declined')",
            name=op.f("ck_party_reply_status"),
        ),
        sa.CheckConstraint("length(trim(recorded_by)) > 0", name=op.f("ck_party_reply_recorded_by")),
        sa.ForeignKeyConstraint(
            ["commitment_slug"], ["commitment.slug"], name=op.f("fk_party_reply_commitment_slug_commitment")
        ),
        sa.ForeignKeyConstraint(
            ["party_slug"], ["organization.slug"], name=op.f("fk_party_reply_party_slug_organization")
        ),
        sa.ForeignKeyConstraint(
            ["update_id"], ["progress_update.id"], name=op.f("fk_party_reply_update_id_progress_update")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_reply")),
    )
    with op.batch_alter_table("party_reply", schema=None) as batch_op:
        batch_op.create_index("ix_party_reply_update", ["update_id", "party_slug", "id"], unique=False)
        batch_op.create_index("ix_party_reply_commitment", ["commitment_slug"], unique=False)
    op.create_index("ix_rubric_commitment", "rubric", ["commitment_slug", "id"], unique=False)
    op.create_index("ix_contest_commitment", "contest", ["commitment_slug"], unique=False)

    with op.batch_alter_table("progress_update", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reviewed_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True))
        batch_op.add_column(sa.Column("reviewed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_progress_update_second_editor"), "reviewed_by IS NULL OR reviewed_by <> recorded_by"
        )

    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("party_slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_user_account_party_slug_organization"), "organization", ["party_slug"], ["slug"]
        )
        batch_op.drop_constraint(op.f("ck_user_account_role"), type_="check")
        batch_op.create_check_constraint(op.f("ck_user_account_role"), "role IN ('viewer', 'party', 'editor', 'admin')")
        batch_op.create_check_constraint(op.f("ck_user_account_party"), "(role = 'party') = (party_slug IS NOT NULL)")

    _progress_update_triggers()
    for table, message in APPEND_ONLY.items():
        _append_only(table, message)


def downgrade() -> None:
    for table in APPEND_ONLY:
        _drop_append_only(table)
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_user_account_party"), type_="check")
        batch_op.drop_constraint(op.f("ck_user_account_role"), type_="check")
        batch_op.create_check_constraint(op.f("ck_user_account_role"), "role IN ('viewer', 'editor', 'admin')")
        batch_op.drop_constraint(batch_op.f("fk_user_account_party_slug_organization"), type_="foreignkey")
        batch_op.drop_column("party_slug")

    with op.batch_alter_table("progress_update", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_progress_update_second_editor"), type_="check")
        batch_op.drop_column("reviewed_at")
        batch_op.drop_column("reviewed_by")
    _progress_update_triggers()

    with op.batch_alter_table("party_reply", schema=None) as batch_op:
        batch_op.drop_index("ix_party_reply_update")
        batch_op.drop_index("ix_party_reply_commitment")
    op.drop_index("ix_rubric_commitment", table_name="rubric")
    op.drop_index("ix_contest_commitment", table_name="contest")

    op.drop_table("party_reply")
    with op.batch_alter_table("draft_comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_comment_draft_id"))

    op.drop_table("draft_comment")
    op.drop_table("rubric")
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_state"))
        batch_op.drop_index(batch_op.f("ix_draft_round_id"))
        batch_op.drop_index(batch_op.f("ix_draft_commitment_slug"))

    op.drop_table("draft")
    op.drop_table("contest")
    op.drop_table("assessment_round")
