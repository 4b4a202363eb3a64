"""The seed: true to its documents, complete, idempotent, and respectful of what users recorded."""

import hashlib
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from sqlmodel import Session, select

from models.db import write_session
from models.tables import (
    Commitment,
    CommitmentParty,
    Event,
    EventRole,
    Initiative,
    Organization,
    ParticipationFigure,
    Person,
    PersonAlias,
    Source,
    Statement,
)
from seed.loader import DOCUMENTS_DIR, FACTS_FILE, SeedError, apply_seed, load_rows
from tests.conftest import table_counts
from tracker.exports import export_tables

SHARED_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
EVIDENCE_TABLES = [
    Organization, Person, PersonAlias, Event, EventRole, Statement, Commitment, Initiative, ParticipationFigure,
]  # fmt: skip


def write_facts(tmp_path: Path, edit) -> Path:
    """A copy of the facts file with `edit(raw)` applied."""
    raw = yaml.safe_load(FACTS_FILE.read_text(encoding="utf-8"))
    edit(raw)
    path = tmp_path / "facts.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_documents_are_the_recorded_bytes():
    facts = yaml.safe_load(FACTS_FILE.read_text(encoding="utf-8"))
    for source in facts["sources"]:
        data = (DOCUMENTS_DIR / source["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == source["sha256"]


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout")
def test_documents_are_byte_for_byte_the_shared_seeds():
    shared = sorted(SHARED_SEEDS.iterdir())
    assert [p.name for p in shared] == sorted(p.name for p in DOCUMENTS_DIR.glob("*.txt"))
    for original in shared:
        assert (DOCUMENTS_DIR / original.name).read_bytes() == original.read_bytes()


def test_every_quote_is_found_at_its_stored_offsets(seeded):
    checked = 0
    with Session(seeded) as session:
        texts = {s.slug: s.text for s in session.exec(select(Source))}
        for model in EVIDENCE_TABLES:
            for row in session.exec(select(model)):
                assert texts[row.source_slug][row.quote_start : row.quote_end] == row.source_quote
                checked += 1
    assert checked == 64


def test_every_commitment_text_is_verbatim_in_its_source(seeded):
    with Session(seeded) as session:
        texts = {s.slug: s.text for s in session.exec(select(Source))}
        for commitment in session.exec(select(Commitment)):
            assert commitment.text in texts[commitment.source_slug]


def test_seoul_statement_has_four_commitments_pledged_by_iec_iso_itu(seeded):
    with Session(seeded) as session:
        seoul = session.exec(select(Commitment).where(Commitment.framework == "Seoul Statement")).all()
        assert len(seoul) == 4
        for commitment in seoul:
            parties = session.exec(
                select(CommitmentParty.organization_slug).where(CommitmentParty.commitment_slug == commitment.slug)
            ).all()
            assert sorted(parties) == ["iec", "iso", "itu"]
            assert commitment.due_date is None and commitment.target_value is None
            assert commitment.event_slug == "seoul-ai-standards-summit-2025"


def test_samr_plan_is_at_least_50_standards_due_end_2026_inferred(seeded):
    with Session(seeded) as session:
        plan = session.get(Commitment, "samr-50-more-ai-standards")
    assert (plan.target_value, plan.target_unit, plan.target_qualifier) == (50, "AI-related standards", "at_least")
    assert plan.due_date.isoformat() == "2026-12-31"
    assert plan.due_date_inferred is True
    assert "end of next year" in plan.due_date_note


def test_waic_forum_commitments_are_the_ones_the_officials_stated(seeded):
    with Session(seeded) as session:
        waic = session.exec(select(Commitment.slug).where(Commitment.framework == "WAIC 2025 forum")).all()
    assert sorted(waic) == [
        "samr-50-more-ai-standards",
        "waic-cooperation-with-standards-organizations",
        "waic-engage-international-community",
        "waic-inclusive-cooperation-ecosystem",
        "waic-industrial-ai-applications",
        "waic-security-and-mutual-trust",
    ]


def test_every_seeded_commitment_starts_not_assessed(seeded):
    with Session(seeded) as session:
        statuses = set(session.exec(select(Commitment.status)))
    assert statuses == {"not_assessed"}


def test_event_years_are_inferred_with_reasons(seeded):
    with Session(seeded) as session:
        seoul = session.get(Event, "seoul-ai-standards-summit-2025")
        waic = session.get(Event, "waic-2025-ai-standardization-forum")
    assert (seoul.start_date.isoformat(), seoul.end_date.isoformat()) == ("2025-12-02", "2025-12-03")
    assert seoul.dates_inferred and "2025 summit" in seoul.inference_note
    assert waic.start_date.isoformat() == waic.end_date.isoformat() == "2025-07-26"
    assert waic.dates_inferred and "Saturday" in waic.inference_note


def test_one_person_per_human_with_both_spellings(seeded):
    with Session(seeded) as session:
        cho = session.exec(select(Person).where(Person.name == "Cho Sung-hwan")).one()
        aliases = session.exec(select(PersonAlias.alias).where(PersonAlias.person_slug == cho.slug)).all()
        assert aliases == ["Sung Hwan Cho"]
        assert session.exec(select(Person).where(Person.name == "Sung Hwan Cho")).first() is None
        assert cho.organization_slug == "iso"


def test_participation_figures_keep_their_qualifiers(seeded):
    with Session(seeded) as session:
        figures = {f.slug: (f.metric, f.value, f.qualifier) for f in session.exec(select(ParticipationFigure))}
    assert figures == {
        "waic-forum-delegates": ("delegates", 200, "at_least"),
        "seoul-summit-participants": ("participants", 300, "at_least"),
        "seoul-summit-countries": ("countries", 65, "exact"),
        "waic-chinese-organizations-in-itu": ("organizations", 69, "exact"),
    }


def test_initiatives_and_the_ten_cases(seeded):
    with Session(seeded) as session:
        rows = {i.slug: (i.kind, i.item_count) for i in session.exec(select(Initiative))}
    assert rows == {
        "ai-powered-industry-application-governance": ("initiative", None),
        "ai-technology-ethics-and-assessment": ("initiative", None),
        "global-technical-guidelines-for-industrial-ai": ("initiative", None),
        "outstanding-cases-ai-sustainable-development": ("case_collection", 10),
    }


def test_event_roles_as_the_texts_state_them(seeded):
    with Session(seeded) as session:
        roles = {(r.organization_slug, r.role) for r in session.exec(select(EventRole))}
    assert {("iec", "issuer"), ("iso", "issuer"), ("itu", "issuer")} <= roles
    assert {
        ("waic-organizing-committee", "guide"),
        ("aim-global-center-of-excellence", "host"),
        ("shanghai-ai-research-laboratory", "supporter"),
        ("china-electronics-standardization-institute", "supporter"),
        ("bank-of-china-shanghai-branch", "co_organizer"),
    } <= roles


def test_sources_publisher_is_empty_where_the_text_names_none(seeded):
    with Session(seeded) as session:
        sources = session.exec(select(Source)).all()
    assert {s.publisher for s in sources} == {""}
    assert {s.url for s in sources} == {""}


def test_second_seed_inserts_and_updates_nothing(seeded):
    report = apply_seed(seeded)
    assert sum(report.inserted.values()) == 0
    assert sum(report.updated.values()) == 0
    assert report.unchanged["commitment"] == 10


def test_seeding_twice_gives_the_same_export(engine, tmp_path):
    apply_seed(engine)
    export_tables(engine, tmp_path / "first")
    apply_seed(engine)
    export_tables(engine, tmp_path / "second")
    for first in sorted((tmp_path / "first").iterdir()):
        assert first.read_bytes() == (tmp_path / "second" / first.name).read_bytes(), first.name


def test_seed_keeps_what_users_added_and_changed(seeded):
    with write_session(seeded) as session:
        iso = session.get(Organization, "iso")
        iso.country = "Switzerland"
        iso.updated_by = "editor@example.org"
        start = session.get(Source, "seoul-statement-announcement").text.index("IEC")
        session.add(
            Organization(
                slug="cen-cenelec", name="CEN-CENELEC", kind="standards_body", origin="user",
                created_by="editor@example.org", source_slug="seoul-statement-announcement",
                source_quote="IEC", quote_start=start, quote_end=start + 3,
            )
        )  # fmt: skip
    before = table_counts(seeded)
    report = apply_seed(seeded)
    assert report.kept["organization"] == 1
    assert table_counts(seeded) == before
    with Session(seeded) as session:
        assert session.get(Organization, "iso").country == "Switzerland"
        assert session.get(Organization, "cen-cenelec") is not None


def test_seed_refreshes_a_seeded_row_nobody_edited(seeded):
    with Session(seeded) as session:
        session.execute(sa.update(Organization).where(Organization.slug == "itu").values(name="Old name"))
        session.commit()
    report = apply_seed(seeded)
    assert report.updated["organization"] == 1
    with Session(seeded) as session:
        itu = session.get(Organization, "itu")
    assert itu.name == "International Telecommunication Union"
    assert itu.updated_at is not None


def test_loader_refuses_a_quote_that_is_not_in_its_document(tmp_path):
    def edit(raw):
        raw["organizations"][3]["source_quote"] = "The three work together as the World Standards Organization."

    with pytest.raises(SeedError) as error:
        load_rows(write_facts(tmp_path, edit))
    message = str(error.value)
    assert "facts.yaml" in message
    assert "organizations[3] 'world-standards-cooperation'" in message
    assert "quote not found verbatim" in message


def test_loader_explains_a_quote_that_differs_only_in_quotation_marks(tmp_path):
    def edit(raw):
        raw["statements"][-1]["source_quote"] = raw["statements"][-1]["source_quote"].replace("“", '"')

    with pytest.raises(SeedError, match="quotation marks are ignored"):
        load_rows(write_facts(tmp_path, edit))


def test_loader_refuses_an_unknown_reference(tmp_path):
    def edit(raw):
        raw["commitments"][2]["event_slug"] = "no-such-event"

    with pytest.raises(SeedError, match=r"commitments\[2\] 'seoul-multistakeholder-community': event_slug"):
        load_rows(write_facts(tmp_path, edit))


def test_loader_refuses_an_invalid_fact_naming_it(tmp_path):
    def edit(raw):
        raw["participation_figures"][0]["qualifier"] = "more_or_less"

    with pytest.raises(SeedError, match=r"participation_figures\[0\] 'waic-forum-delegates': qualifier"):
        load_rows(write_facts(tmp_path, edit))


def test_loader_refuses_a_changed_document(tmp_path):
    def edit(raw):
        raw["sources"][0]["sha256"] = "0" * 64

    with pytest.raises(SeedError, match="differs from its recorded sha256"):
        load_rows(write_facts(tmp_path, edit))
