"""Re-check every stored quote against its source: the source's text still has the SHA-256 recorded for it, and the
characters at each fact's offsets are still the fact's quote. Each run is recorded (QuoteCheck), so the Sources
page can say when the quotes were last checked and what was found."""

import dataclasses

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from models.db import bump_revision, write_session
from models.evidence import sha256_of
from models.tables import QuoteCheck, Source, utcnow
from tracker.domain.facts import fact_id


@dataclasses.dataclass(frozen=True)
class Integrity:
    checked: int  # stored quotes checked
    sources: int
    mismatches: tuple[str, ...]  # one line per problem, naming the fact or the source

    @property
    def ok(self) -> bool:
        return not self.mismatches


def _evidence_tables() -> list[sa.Table]:
    return [t for t in SQLModel.metadata.sorted_tables if "source_quote" in t.columns and t.name != "source"]


def _key(table: sa.Table, row) -> str:
    return "/".join(str(getattr(row, c.name)) for c in table.primary_key.columns)


def verify_quotes(engine: Engine) -> Integrity:
    """Check every source's hash and every fact's quote; record the run; return what was found."""
    problems: list[str] = []
    checked = 0
    with engine.connect() as connection:
        texts = {}
        for source in connection.execute(sa.select(Source.slug, Source.text, Source.sha256)):
            texts[source.slug] = source.text
            if sha256_of(source.text) != source.sha256:
                problems.append(f"source:{source.slug}: its text no longer has the SHA-256 recorded for it")
        for table in _evidence_tables():
            columns = [*table.primary_key.columns, table.c.source_slug, table.c.source_quote]
            statement = sa.select(*columns, table.c.quote_start, table.c.quote_end).execution_options(yield_per=2000)
            for row in connection.execute(statement):
                checked += 1
                text = texts.get(row.source_slug, "")
                if text[row.quote_start : row.quote_end] != row.source_quote:
                    problems.append(
                        f"{fact_id(table.name, _key(table, row))}: the quote is not at characters "
                        f"{row.quote_start:,}-{row.quote_end:,} of source '{row.source_slug}'"
                    )
    with write_session(engine) as session:
        session.add(
            QuoteCheck(checked_at=utcnow(), checked=checked, mismatches=len(problems), report="\n".join(problems))
        )
        bump_revision(session)  # the Sources page shows the result on its next run
    return Integrity(checked, len(texts), tuple(problems))
