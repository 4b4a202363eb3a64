"""Claims no stronger than the text: commitment kinds, the text's own qualifiers ("over"), inferred parties,
context figures apart from attendance, countries and cities as parties, inferences with their reasons, and every
passage of every source classified by the codebook.

On SQLite a changed CHECK constraint means copying the table (batch mode); models.db.migrate turns foreign keys
off around migrations, as SQLite's own procedure for schema changes asks, and checks them again afterwards.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 18:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_QUALIFIERS = "('exact', 'at_least', 'approximately')"
NEW_QUALIFIERS = "('exact', 'over', 'at_least', 'approximately', 'up_to')"
OLD_KINDS = (
    "('standards_body', 'standards_cooperation', 'ministry', 'regulator', 'city_government', 'government_agency', "
    "'organizing_committee', 'alliance', 'research_lab', 'research_institute', 'bank', 'other')"
)
NEW_KINDS = OLD_KINDS.replace("('standards_body'", "('country', 'city', 'standards_body'")


def _audit_columns() -> list[sa.Column]:
    return [
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    ]


def _replace_check(batch_op, name: str, condition: str) -> None:
    batch_op.drop_constraint(op.f(name), type_="check")
    batch_op.create_check_constraint(op.f(name), condition)


def _copying(table: str):
    """Alter `table`, by copying it on SQLite (the only way to change its CHECK constraints there)."""
    recreate = "always" if op.get_bind().dialect.name == "sqlite" else "auto"
    return op.batch_alter_table(table, recreate=recreate)


def upgrade() -> None:
    with _copying("organization") as batch_op:
        _replace_check(batch_op, "ck_organization_kind", f"kind IN {NEW_KINDS}")

    with _copying("commitment") as batch_op:
        batch_op.add_column(sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False,
                                      server_default="commitment"))
        batch_op.add_column(sa.Column("kind_note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("target_note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False,
                                      server_default=""))
        _replace_check(batch_op, "ck_commitment_target_qualifier",
                       f"target_qualifier IS NULL OR target_qualifier IN {NEW_QUALIFIERS}")
        batch_op.create_check_constraint(op.f("ck_commitment_kind"), "kind IN ('commitment', 'priority')")
        batch_op.create_index(op.f("ix_commitment_kind"), ["kind"], unique=False)

    with _copying("commitment_party") as batch_op:
        batch_op.add_column(sa.Column("inferred", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("inference_note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False,
                                      server_default=""))
        batch_op.create_check_constraint(op.f("ck_commitment_party_inference_reason"), "NOT inferred OR inference_note <> ''")

    with _copying("participation_figure") as batch_op:
        batch_op.add_column(sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False,
                                      server_default="attendance"))
        _replace_check(batch_op, "ck_participation_figure_qualifier", f"qualifier IN {NEW_QUALIFIERS}")
        batch_op.create_check_constraint(op.f("ck_participation_figure_kind"), "kind IN ('attendance', 'context')")

    op.create_table(
        "inference",
        *_audit_columns(),
        sa.Column("fact", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("field", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.CheckConstraint("origin IN ('seed', 'user')", name=op.f("ck_inference_origin")),
        sa.CheckConstraint("reason <> ''", name=op.f("ck_inference_reason")),
        sa.PrimaryKeyConstraint("fact", "field", name=op.f("pk_inference")),
    )
    op.create_table(
        "passage",
        sa.Column("source_slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("source_quote", sa.Text(), nullable=False),
        sa.Column("quote_start", sa.Integer(), nullable=False),
        sa.Column("quote_end", sa.Integer(), nullable=False),
        *_audit_columns(),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("classification", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.CheckConstraint(
            "classification IN ('commitment', 'priority', 'aim', 'initiative', 'figure', 'summary', 'context')",
            name=op.f("ck_passage_classification"),
        ),
        sa.CheckConstraint("origin IN ('seed', 'user')", name=op.f("ck_passage_origin")),
        sa.CheckConstraint("reason <> ''", name=op.f("ck_passage_reason")),
        sa.CheckConstraint("length(source_quote) = quote_end - quote_start", name=op.f("ck_passage_quote_length")),
        sa.CheckConstraint("quote_start >= 0 AND quote_end > quote_start", name=op.f("ck_passage_quote_offsets")),
        sa.ForeignKeyConstraint(["source_slug"], ["source.slug"], name=op.f("fk_passage_source_slug_source")),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_passage")),
        sa.UniqueConstraint("source_slug", "quote_start", name=op.f("uq_passage_source_start")),
    )
    with op.batch_alter_table("passage", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_passage_classification"), ["classification"], unique=False)
        batch_op.create_index(batch_op.f("ix_passage_source_slug"), ["source_slug"], unique=False)


def downgrade() -> None:
    op.drop_table("passage")
    op.drop_table("inference")
    with _copying("participation_figure") as batch_op:
        batch_op.drop_constraint(op.f("ck_participation_figure_kind"), type_="check")
        _replace_check(batch_op, "ck_participation_figure_qualifier", f"qualifier IN {OLD_QUALIFIERS}")
        batch_op.drop_column("kind")
    with _copying("commitment_party") as batch_op:
        batch_op.drop_constraint(op.f("ck_commitment_party_inference_reason"), type_="check")
        batch_op.drop_column("inference_note")
        batch_op.drop_column("inferred")
    with _copying("commitment") as batch_op:
        batch_op.drop_index(op.f("ix_commitment_kind"))
        batch_op.drop_constraint(op.f("ck_commitment_kind"), type_="check")
        _replace_check(batch_op, "ck_commitment_target_qualifier",
                       f"target_qualifier IS NULL OR target_qualifier IN {OLD_QUALIFIERS}")
        batch_op.drop_column("target_note")
        batch_op.drop_column("kind_note")
        batch_op.drop_column("kind")
    with _copying("organization") as batch_op:
        _replace_check(batch_op, "ck_organization_kind", f"kind IN {OLD_KINDS}")
