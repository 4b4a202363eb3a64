"""Initial schema: sources, events, organizations, people, commitments, initiatives, participation figures.

Revision ID: 0001
Revises:
Create Date: 2026-11-22 01:39:13.285207
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "source",
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("publisher", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("file", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("label <> ''", name=op.f("ck_source_label")),
        sa.CheckConstraint("origin IN ('seed', 'user')", name=op.f("ck_source_origin")),
        sa.CheckConstraint("slug <> ''", name=op.f("ck_source_slug")),
        sa.CheckConstraint("length(text) > 0", name=op.f("ck_source_text")),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_source")),
    )
    op.create_table(
        "theme",
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.CheckConstraint("name <> ''", name=op.f("ck_theme_name")),
        sa.CheckConstraint("origin IN ('seed', 'user')", name=op.f("ck_theme_origin")),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_theme")),
        sa.UniqueConstraint("name", name=op.f("uq_theme_name")),
    )
    op.create_table(
        "event",
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("source_slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("source_quote", sa.Text(), nullable=False),
        sa.Column("quote_start", sa.Integer(), nullable=False),
        sa.Column("quote_end", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("short_name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("city", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("country", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("dates_inferred", sa.Boolean(), nullable=False),
        sa.Column("inference_note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("NOT dates_inferred OR inference_note <> ''", name=op.f("ck_event_inference_reason")),
        sa.CheckConstraint("name <> ''", name=op.f("ck_event_name")),
        sa.CheckConstraint("origin IN ('seed', 'user')", name=op.f("ck_event_origin")),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_event_date_order")),
        sa.CheckConstraint("length(source_quote) = quote_end - quote_start", name=op.f("ck_event_quote_length")),
        sa.CheckConstraint("quote_start >= 0 AND quote_end > quote_start", name=op.f("ck_event_quote_offsets")),
        sa.ForeignKeyConstraint(["source_slug"], ["source.slug"], name=op.f("fk_event_source_slug_source")),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_event")),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_source_slug"), ["source_slug"], unique=False)

    op.create_table(
        "organization",
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("source_slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("source_quote", sa.Text(), nullable=False),
        sa.Column("quote_start", sa.Integer(), nullable=False),
        sa.Column("quote_end", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("acronym", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("country", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('standards_body', 'standards_cooperation', 'ministry', 'regulator', 'city_government', 'government_agency', 'organizing_committee', 'alliance', 'research_lab', 'research_institute', 'bank', 'other')",
            name=op.f("ck_organization_kind"),
        ),
        sa.CheckConstraint("name <> ''", name=op.f("ck_organization_name")),
        sa.CheckConstraint("origin IN ('seed', 'user')", name=op.f("ck_organization_origin")),
        sa.CheckConstraint("length(source_quote) = quote_end - quote_start", name=op.f("ck_organization_quote_length")),
        sa.CheckConstraint("quote_start >= 0 AND quote_end > quote_start", name=op.f("ck_organization_quote_offsets")),
        sa.ForeignKeyConstraint(["source_slug"], ["source.slug"], name=op.f("fk_organization_source_slug_source")),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_organization")),
        sa.UniqueConstraint("name", name=op.f("uq_organization_name")),
    )
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organization_source_slug"), ["source_slug"], unique=False)

    op.create_table(
        "event_role",
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("source_slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("source_quote", sa.Text(), nullable=False),
        sa.Column("quote_start", sa.Integer(), nullable=False),
        sa.Column("quote_end", sa.Integer(), nullable=False),
        sa.Column("event_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("organization_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.CheckConstraint("origin IN ('seed', 'user')", name=op.f("ck_event_role_origin")),
        sa.CheckConstraint(
            "role IN ('issuer', 'host', 'guide', 'supporter', 'co_organizer', 'participant')",
            name=op.f("ck_event_role_role"),
        ),
        sa.CheckConstraint("length(source_quote) = quote_end - quote_start", name=op.f("ck_event_role_quote_length")),
        sa.CheckConstraint("quote_start >= 0 AND quote_end > quote_start", name=op.f("ck_event_role_quote_offsets")),
        sa.ForeignKeyConstraint(["event_slug"], ["event.slug"], name=op.f("fk_event_role_event_slug_event")),
        sa.ForeignKeyConstraint(
            ["organization_slug"], ["organization.slug"], name=op.f("fk_event_role_organization_slug_organization")
        ),
        sa.ForeignKeyConstraint(["source_slug"], ["source.slug"], name=op.f("fk_event_role_source_slug_source")),
        sa.PrimaryKeyConstraint("event_slug", "organization_slug", "role", name=op.f("pk_event_role")),
    )
    with op.batch_alter_table("event_role", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_role_organization_slug"), ["organization_slug"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_role_source_slug"), ["source_slug"], unique=False)

    op.create_table(
        "initiative",
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("source_slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("source_quote", sa.Text(), nullable=False),
        sa.Column("quote_start", sa.Integer(), nullable=False),
        sa.Column("quote_end", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("event_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("item_count", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('initiative', 'case_collection')", name=op.f("ck_initiative_kind")),
        sa.CheckConstraint("name <> ''", name=op.f("ck_initiative_name")),
        sa.CheckConstraint("origin IN ('seed', 'user')", name=op.f("ck_initiative_origin")),
        sa.CheckConstraint("item_count IS NULL OR item_count > 0", name=op.f("ck_initiative_item_count")),
        sa.CheckConstraint("length(source_quote) = quote_end - quote_start", name=op.f("ck_initiative_quote_length")),
        sa.CheckConstraint("quote_start >= 0 AND quote_end > quote_start", name=op.f("ck_initiative_quote_offsets")),
        sa.ForeignKeyConstraint(["event_slug"], ["event.slug"], name=op.f("fk_initiative_event_slug_event")),
        sa.ForeignKeyConstraint(["source_slug"], ["source.slug"], name=op.f("fk_initiative_source_slug_source")),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_initiative")),
    )
    with op.batch_alter_table("initiative", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_initiative_event_slug"), ["event_slug"], unique=False)
        batch_op.create_index(batch_op.f("ix_initiative_source_slug"), ["source_slug"], unique=False)

    op.create_table(
        "participation_figure",
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("source_slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("source_quote", sa.Text(), nullable=False),
        sa.Column("quote_start", sa.Integer(), nullable=False),
        sa.Column("quote_end", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("event_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("metric", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("qualifier", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("counts_what", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("counts_what <> ''", name=op.f("ck_participation_figure_counts_what")),
        sa.CheckConstraint(
            "metric IN ('delegates', 'participants', 'countries', 'organizations')",
            name=op.f("ck_participation_figure_metric"),
        ),
        sa.CheckConstraint("origin IN ('seed', 'user')", name=op.f("ck_participation_figure_origin")),
        sa.CheckConstraint(
            "qualifier IN ('exact', 'at_least', 'approximately')", name=op.f("ck_participation_figure_qualifier")
        ),
        sa.CheckConstraint(
            "length(source_quote) = quote_end - quote_start", name=op.f("ck_participation_figure_quote_length")
        ),
        sa.CheckConstraint(
            "quote_start >= 0 AND quote_end > quote_start", name=op.f("ck_participation_figure_quote_offsets")
        ),
        sa.CheckConstraint("value >= 0", name=op.f("ck_participation_figure_value")),
        sa.ForeignKeyConstraint(["event_slug"], ["event.slug"], name=op.f("fk_participation_figure_event_slug_event")),
        sa.ForeignKeyConstraint(
            ["source_slug"], ["source.slug"], name=op.f("fk_participation_figure_source_slug_source")
        ),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_participation_figure")),
    )
    with op.batch_alter_table("participation_figure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_participation_figure_event_slug"), ["event_slug"], unique=False)
        batch_op.create_index(batch_op.f("ix_participation_figure_source_slug"), ["source_slug"], unique=False)

    op.create_table(
        "person",
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("source_slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("source_quote", sa.Text(), nullable=False),
        sa.Column("quote_start", sa.Integer(), nullable=False),
        sa.Column("quote_end", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("organization_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("name <> ''", name=op.f("ck_person_name")),
        sa.CheckConstraint("origin IN ('seed', 'user')", name=op.f("ck_person_origin")),
        sa.CheckConstraint("length(source_quote) = quote_end - quote_start", name=op.f("ck_person_quote_length")),
        sa.CheckConstraint("quote_start >= 0 AND quote_end > quote_start", name=op.f("ck_person_quote_offsets")),
        sa.ForeignKeyConstraint(
            ["organization_slug"], ["organization.slug"], name=op.f("fk_person_organization_slug_organization")
        ),
        sa.ForeignKeyConstraint(["source_slug"], ["source.slug"], name=op.f("fk_person_source_slug_source")),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_person")),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_organization_slug"), ["organization_slug"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_source_slug"), ["source_slug"], unique=False)

    op.create_table(
        "commitment",
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("source_slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("source_quote", sa.Text(), nullable=False),
        sa.Column("quote_start", sa.Integer(), nullable=False),
        sa.Column("quote_end", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("framework", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("event_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("stated_by_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("target_value", sa.Float(), nullable=True),
        sa.Column("target_unit", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("target_qualifier", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("due_date_inferred", sa.Boolean(), nullable=False),
        sa.Column("due_date_note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "NOT due_date_inferred OR (due_date IS NOT NULL AND due_date_note <> '')", name=op.f("ck_commitment_due")
        ),
        sa.CheckConstraint("origin IN ('seed', 'user')", name=op.f("ck_commitment_origin")),
        sa.CheckConstraint(
            "status IN ('not_assessed', 'not_started', 'limited', 'substantial', 'complete', 'withdrawn')",
            name=op.f("ck_commitment_status"),
        ),
        sa.CheckConstraint(
            "target_qualifier IS NULL OR target_qualifier IN ('exact', 'at_least', 'approximately')",
            name=op.f("ck_commitment_target_qualifier"),
        ),
        sa.CheckConstraint(
            "target_value IS NULL OR (target_value >= 0 AND target_unit <> '' AND target_qualifier IS NOT NULL)",
            name=op.f("ck_commitment_target"),
        ),
        sa.CheckConstraint("title <> '' AND text <> '' AND framework <> ''", name=op.f("ck_commitment_required_text")),
        sa.CheckConstraint("length(source_quote) = quote_end - quote_start", name=op.f("ck_commitment_quote_length")),
        sa.CheckConstraint("quote_start >= 0 AND quote_end > quote_start", name=op.f("ck_commitment_quote_offsets")),
        sa.ForeignKeyConstraint(["event_slug"], ["event.slug"], name=op.f("fk_commitment_event_slug_event")),
        sa.ForeignKeyConstraint(["source_slug"], ["source.slug"], name=op.f("fk_commitment_source_slug_source")),
        sa.ForeignKeyConstraint(["stated_by_slug"], ["person.slug"], name=op.f("fk_commitment_stated_by_slug_person")),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_commitment")),
    )
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commitment_due_date"), ["due_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_commitment_event_slug"), ["event_slug"], unique=False)
        batch_op.create_index(batch_op.f("ix_commitment_framework"), ["framework"], unique=False)
        batch_op.create_index(batch_op.f("ix_commitment_source_slug"), ["source_slug"], unique=False)
        batch_op.create_index(batch_op.f("ix_commitment_stated_by_slug"), ["stated_by_slug"], unique=False)
        batch_op.create_index(batch_op.f("ix_commitment_status"), ["status"], unique=False)

    op.create_table(
        "person_alias",
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("source_slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("source_quote", sa.Text(), nullable=False),
        sa.Column("quote_start", sa.Integer(), nullable=False),
        sa.Column("quote_end", sa.Integer(), nullable=False),
        sa.Column("alias", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("person_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint("alias <> ''", name=op.f("ck_person_alias_alias")),
        sa.CheckConstraint("origin IN ('seed', 'user')", name=op.f("ck_person_alias_origin")),
        sa.CheckConstraint("length(source_quote) = quote_end - quote_start", name=op.f("ck_person_alias_quote_length")),
        sa.CheckConstraint("quote_start >= 0 AND quote_end > quote_start", name=op.f("ck_person_alias_quote_offsets")),
        sa.ForeignKeyConstraint(["person_slug"], ["person.slug"], name=op.f("fk_person_alias_person_slug_person")),
        sa.ForeignKeyConstraint(["source_slug"], ["source.slug"], name=op.f("fk_person_alias_source_slug_source")),
        sa.PrimaryKeyConstraint("alias", name=op.f("pk_person_alias")),
    )
    with op.batch_alter_table("person_alias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_alias_person_slug"), ["person_slug"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_alias_source_slug"), ["source_slug"], unique=False)

    op.create_table(
        "statement",
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("source_slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("source_quote", sa.Text(), nullable=False),
        sa.Column("quote_start", sa.Integer(), nullable=False),
        sa.Column("quote_end", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("person_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("event_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.CheckConstraint("kind IN ('direct_quote', 'reported_speech')", name=op.f("ck_statement_kind")),
        sa.CheckConstraint("origin IN ('seed', 'user')", name=op.f("ck_statement_origin")),
        sa.CheckConstraint("length(source_quote) = quote_end - quote_start", name=op.f("ck_statement_quote_length")),
        sa.CheckConstraint("quote_start >= 0 AND quote_end > quote_start", name=op.f("ck_statement_quote_offsets")),
        sa.ForeignKeyConstraint(["event_slug"], ["event.slug"], name=op.f("fk_statement_event_slug_event")),
        sa.ForeignKeyConstraint(["person_slug"], ["person.slug"], name=op.f("fk_statement_person_slug_person")),
        sa.ForeignKeyConstraint(["source_slug"], ["source.slug"], name=op.f("fk_statement_source_slug_source")),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_statement")),
    )
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_statement_event_slug"), ["event_slug"], unique=False)
        batch_op.create_index(batch_op.f("ix_statement_person_slug"), ["person_slug"], unique=False)
        batch_op.create_index(batch_op.f("ix_statement_source_slug"), ["source_slug"], unique=False)

    op.create_table(
        "commitment_party",
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("commitment_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("organization_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.CheckConstraint("origin IN ('seed', 'user')", name=op.f("ck_commitment_party_origin")),
        sa.CheckConstraint("role IN ('party', 'responsible')", name=op.f("ck_commitment_party_role")),
        sa.ForeignKeyConstraint(
            ["commitment_slug"], ["commitment.slug"], name=op.f("fk_commitment_party_commitment_slug_commitment")
        ),
        sa.ForeignKeyConstraint(
            ["organization_slug"],
            ["organization.slug"],
            name=op.f("fk_commitment_party_organization_slug_organization"),
        ),
        sa.PrimaryKeyConstraint("commitment_slug", "organization_slug", "role", name=op.f("pk_commitment_party")),
    )
    with op.batch_alter_table("commitment_party", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commitment_party_organization_slug"), ["organization_slug"], unique=False)

    op.create_table(
        "commitment_theme",
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("commitment_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("theme_slug", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint("origin IN ('seed', 'user')", name=op.f("ck_commitment_theme_origin")),
        sa.ForeignKeyConstraint(
            ["commitment_slug"], ["commitment.slug"], name=op.f("fk_commitment_theme_commitment_slug_commitment")
        ),
        sa.ForeignKeyConstraint(["theme_slug"], ["theme.slug"], name=op.f("fk_commitment_theme_theme_slug_theme")),
        sa.PrimaryKeyConstraint("commitment_slug", "theme_slug", name=op.f("pk_commitment_theme")),
    )
    with op.batch_alter_table("commitment_theme", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commitment_theme_theme_slug"), ["theme_slug"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("commitment_theme", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitment_theme_theme_slug"))

    op.drop_table("commitment_theme")
    with op.batch_alter_table("commitment_party", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitment_party_organization_slug"))

    op.drop_table("commitment_party")
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statement_source_slug"))
        batch_op.drop_index(batch_op.f("ix_statement_person_slug"))
        batch_op.drop_index(batch_op.f("ix_statement_event_slug"))

    op.drop_table("statement")
    with op.batch_alter_table("person_alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_alias_source_slug"))
        batch_op.drop_index(batch_op.f("ix_person_alias_person_slug"))

    op.drop_table("person_alias")
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitment_status"))
        batch_op.drop_index(batch_op.f("ix_commitment_stated_by_slug"))
        batch_op.drop_index(batch_op.f("ix_commitment_source_slug"))
        batch_op.drop_index(batch_op.f("ix_commitment_framework"))
        batch_op.drop_index(batch_op.f("ix_commitment_event_slug"))
        batch_op.drop_index(batch_op.f("ix_commitment_due_date"))

    op.drop_table("commitment")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_source_slug"))
        batch_op.drop_index(batch_op.f("ix_person_organization_slug"))

    op.drop_table("person")
    with op.batch_alter_table("participation_figure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participation_figure_source_slug"))
        batch_op.drop_index(batch_op.f("ix_participation_figure_event_slug"))

    op.drop_table("participation_figure")
    with op.batch_alter_table("initiative", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_initiative_source_slug"))
        batch_op.drop_index(batch_op.f("ix_initiative_event_slug"))

    op.drop_table("initiative")
    with op.batch_alter_table("event_role", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_role_source_slug"))
        batch_op.drop_index(batch_op.f("ix_event_role_organization_slug"))

    op.drop_table("event_role")
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organization_source_slug"))

    op.drop_table("organization")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_source_slug"))

    op.drop_table("event")
    op.drop_table("theme")
    op.drop_table("source")
