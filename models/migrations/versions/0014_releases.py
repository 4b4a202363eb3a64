"""Citable releases: the whole data as it stood when published, kept as its data package with a content hash, a
note and what changed since the release before. The database refuses any change to a release but recording its
identifier once, and refuses deleting one.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 16:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNCHANGED = " AND ".join(
    f"NEW.{column} = OLD.{column}"
    for column in (
        "version", "published_at", "published_by", "as_of", "note", "content_hash", "added", "corrected",
        "retracted", "package",
    )
) + " AND NEW.previous IS NOT DISTINCT FROM OLD.previous"
ONLY_IDENTIFIER = f"OLD.identifier IS NULL AND NEW.identifier IS NOT NULL AND {UNCHANGED}"
MESSAGE = "releases are immutable: publish a new release instead (only an identifier may be recorded, once)"


def upgrade() -> None:
    op.create_table(
        "data_release",
        sa.Column("version", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("published_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("published_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("content_hash", sqlmodel.sql.sqltypes.AutoString(length=71), nullable=False),
        sa.Column("previous", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("corrected", sa.Integer(), nullable=False),
        sa.Column("retracted", sa.Integer(), nullable=False),
        sa.Column("package", sa.LargeBinary(), nullable=False),
        sa.Column("identifier", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.CheckConstraint("length(trim(note)) > 0", name=op.f("ck_data_release_note")),
        sa.CheckConstraint("length(content_hash) = 71", name=op.f("ck_data_release_content_hash")),
        sa.CheckConstraint(
            "added >= 0 AND corrected >= 0 AND retracted >= 0", name=op.f("ck_data_release_counts")
        ),
        sa.ForeignKeyConstraint(["previous"], ["data_release.version"], name=op.f("fk_data_release_previous_data_release")),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_data_release")),
    )
    if op.get_bind().dialect.name == "sqlite":
        only_identifier = ONLY_IDENTIFIER.replace("IS NOT DISTINCT FROM", "IS")
        op.execute(
            "CREATE TRIGGER data_release_no_update BEFORE UPDATE ON data_release "
            f"WHEN NOT ({only_identifier}) BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        )
        op.execute(
            "CREATE TRIGGER data_release_no_delete BEFORE DELETE ON data_release "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        )
    else:
        op.execute(
            "CREATE FUNCTION data_release_immutable() RETURNS trigger AS $$ BEGIN "
            f"IF TG_OP = 'UPDATE' AND {ONLY_IDENTIFIER} THEN RETURN NEW; END IF; "
            f"RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER data_release_immutable BEFORE UPDATE OR DELETE ON data_release "
            "FOR EACH ROW EXECUTE FUNCTION data_release_immutable()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS data_release_no_update")
        op.execute("DROP TRIGGER IF EXISTS data_release_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS data_release_immutable ON data_release")
        op.execute("DROP FUNCTION IF EXISTS data_release_immutable()")
    op.drop_table("data_release")
