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
    Passage,
    Person,
    PersonAlias,
    Source,
    Statement,
)
from seed.loader import DOCUMENTS_DIR, FACTS_FILE, SeedError, apply_seed, load_rows
from tests.conftest import table_counts
from tracker.present.exports import export_tables

SHARED_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
EVIDENCE_TABLES = [
    Organization,
    Person,
    PersonAlias,
    Event,
    EventRole,
    Statement,
    Commitment,
    Initiative,
    ParticipationFigure,
    Passage,
]


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
    assert checked == 68 + 45  # facts, and the passages that cover both documents


def test_every_commitment_text_is_verbatim_in_its_source(seeded):
    with Session(seeded) as session:
        texts = {s.slug: s.text for s in session.exec(select(Source))}
        for commitment in session.exec(select(Commitment)):
            assert commitment.text in texts[commitment.source_slug]


def parties_of(session: Session, slug: str) -> list[tuple[str, bool]]:
    rows = session.exec(
        select(CommitmentParty.organization_slug, CommitmentParty.inferred).where(
            CommitmentParty.commitment_slug == slug
        )
    )
    return sorted((organization, bool(inferred)) for organization, inferred in rows)


SEOUL_LISTED = {
    "seoul-socio-technical-dimensions",
    "seoul-standards-and-human-rights",
    "seoul-multistakeholder-community",
    "seoul-ai-capacity-building",
}


def test_the_seoul_statements_four_listed_commitments_name_iec_iso_itu_as_parties(seeded):
    with Session(seeded) as session:
        seoul = session.exec(select(Commitment).where(Commitment.framework == "Seoul Statement")).all()
        # "four key commitments": the opening sentence and "This joint statement reflects our commitment" are
        # summaries of the statement (the codebook's first rule) and add none.
        assert {c.slug for c in seoul} == SEOUL_LISTED
        for commitment in seoul:
            assert commitment.due_date is None and commitment.target_value is None
            assert commitment.event_slug == "seoul-ai-standards-summit-2025"
            assert parties_of(session, commitment.slug) == [("iec", False), ("iso", False), ("itu", False)]


def test_who_commits_is_who_the_text_says_commits_not_who_said_it(seeded):
    with Session(seeded) as session:
        assert parties_of(session, "samr-50-more-ai-standards") == [("china", False)]  # "China ... plans to"
        assert session.get(Commitment, "samr-50-more-ai-standards").stated_by_slug == "xiao-han"
        assert parties_of(session, "china-ai-for-new-industrialization") == [("china", False)]
        assert parties_of(session, "waic-cooperation-with-standards-organizations") == [("china", False)]
        assert parties_of(session, "waic-engage-international-community") == [("china", True)]  # "We'll continue"
        assert parties_of(session, "shanghai-pioneering-ai-through-standardization") == [("shanghai", False)]
        # The officials' bodies are who said it, never a party.
        bodies = session.exec(
            select(CommitmentParty).where(CommitmentParty.organization_slug.in_(("miit", "samr")))
        ).all()
        assert bodies == []
        for party in session.exec(select(CommitmentParty).where(CommitmentParty.inferred)):
            assert party.inference_note.strip()


def test_the_three_priorities_are_their_own_kind_with_no_party(seeded):
    with Session(seeded) as session:
        priorities = session.exec(select(Commitment).where(Commitment.kind == "priority")).all()
        assert {c.slug for c in priorities} == {
            "waic-inclusive-cooperation-ecosystem",
            "waic-industrial-ai-applications",
            "waic-security-and-mutual-trust",
        }
        for priority in priorities:
            assert parties_of(session, priority.slug) == []
            assert "three priorities" in priority.kind_note
        for commitment in session.exec(select(Commitment)):
            assert commitment.kind_note.strip(), commitment.slug


def test_the_plan_is_over_50_more_standards_due_end_2026_inferred(seeded):
    with Session(seeded) as session:
        plan = session.get(Commitment, "samr-50-more-ai-standards")
    assert (plan.target_value, plan.target_unit, plan.target_qualifier) == (50, "more AI-related standards", "over")
    assert "already published" in plan.target_note
    assert plan.due_date.isoformat() == "2026-12-31"
    assert plan.due_date_inferred is True
    assert "end of next year" in plan.due_date_note


def test_waic_forum_commitments_are_the_ones_the_officials_stated(seeded):
    with Session(seeded) as session:
        waic = session.exec(select(Commitment.slug).where(Commitment.framework == "WAIC 2025 forum")).all()
    assert sorted(waic) == [
        "china-ai-for-new-industrialization",
        "samr-50-more-ai-standards",
        "shanghai-pioneering-ai-through-standardization",
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
    assert seoul.dates_inferred and "outside knowledge" in seoul.inference_note
    assert "2025 summit" not in seoul.inference_note  # no circular reason
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
        figures = {f.slug: (f.kind, f.metric, f.value, f.qualifier) for f in session.exec(select(ParticipationFigure))}
    assert figures == {
        "waic-forum-delegates": ("attendance", "delegates", 200, "over"),
        "seoul-summit-participants": ("attendance", "participants", 300, "over"),
        "seoul-summit-countries": ("attendance", "countries", 65, "exact"),
        "waic-chinese-organizations-in-itu": ("context", "organizations", 69, "exact"),  # not attendance
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
    assert sum(report.removed.values()) == 0
    assert report.unchanged["commitment"] == 12


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
                slug="cen-cenelec",
                name="CEN-CENELEC",
                kind="standards_body",
                origin="user",
                created_by="editor@example.org",
                source_slug="seoul-statement-announcement",
                source_quote="IEC",
                quote_start=start,
                quote_end=start + 3,
            )
        )
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
        raw["organizations"][5]["source_quote"] = "The three work together as the World Standards Organization."

    with pytest.raises(SeedError) as error:
        load_rows(write_facts(tmp_path, edit))
    message = str(error.value)
    assert "facts.yaml" in message
    assert "organizations[5] 'world-standards-cooperation'" in message
    assert "quote not found" in message


def test_loader_stores_the_documents_own_characters_for_a_quote_typed_with_straight_quotes(tmp_path):
    exact = {}

    def edit(raw):
        exact["quote"] = raw["statements"][-1]["source_quote"]
        raw["statements"][-1]["source_quote"] = exact["quote"].replace("“", '"').replace("”", '"')

    rows = load_rows(write_facts(tmp_path, edit))
    assert "“" in exact["quote"]
    stored = [row.values["source_quote"] for row in rows if row.model is Statement]
    assert stored[-1] == exact["quote"]


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


def test_the_passages_classify_every_word_of_both_documents(seeded):
    with Session(seeded) as session:
        for source in session.exec(select(Source)):
            spans = sorted(
                (p.quote_start, p.quote_end)
                for p in session.exec(select(Passage).where(Passage.source_slug == source.slug))
            )
            covered = [False] * len(source.text)
            for start, end in spans:
                for i in range(start, end):
                    assert not covered[i], "passages overlap"
                    covered[i] = True
            left = "".join(ch for ch, done in zip(source.text, covered, strict=True) if not done)
            assert left.replace("-", "").strip() == "", source.slug  # only spacing and list markers


def test_every_commitment_quote_lies_in_a_passage_classed_commitment_or_priority(seeded):
    with Session(seeded) as session:
        passages = session.exec(select(Passage)).all()
        for commitment in session.exec(select(Commitment)):
            at = commitment.quote_start + commitment.source_quote.index(commitment.text)
            holding = [
                p for p in passages if p.source_slug == commitment.source_slug and p.quote_start <= at < p.quote_end
            ]
            assert [p.classification for p in holding] == [commitment.kind], commitment.slug


def test_the_passages_the_trust_review_named_are_commitments(seeded):
    wanted = [
        "Shanghai's commitment to pioneering AI development and governance through standardization",
        "China's commitment to leveraging AI for new industrialization",
        "We'll continue to engage with the international community",
    ]
    with Session(seeded) as session:
        texts = [c.text for c in session.exec(select(Commitment).where(Commitment.kind == "commitment"))]
    for phrase in wanted:
        assert any(phrase in text for text in texts), phrase


def test_loader_refuses_passages_that_leave_text_unclassified(tmp_path):
    def edit(raw):
        raw["passages"] = [p for p in raw["passages"] if "Key commitments" not in p["source_quote"]]

    with pytest.raises(SeedError, match='no passage classifies "Key commitments"'):
        load_rows(write_facts(tmp_path, edit))


def test_loader_refuses_an_inference_about_a_fact_that_does_not_exist(tmp_path):
    def edit(raw):
        raw["inferences"].append({"fact": "organization:nobody", "field": "country", "reason": "a guess"})

    with pytest.raises(SeedError, match="'organization:nobody' names no fact"):
        load_rows(write_facts(tmp_path, edit))


def test_a_refreshed_seed_removes_a_party_it_no_longer_holds(seeded):
    with write_session(seeded) as session:
        session.add(
            CommitmentParty(
                commitment_slug="samr-50-more-ai-standards",
                organization_slug="samr",
                role="responsible",
                origin="seed",
                created_by="seed",
            )
        )
    report = apply_seed(seeded)
    assert report.removed["commitment_party"] == 1
    with Session(seeded) as session:
        assert parties_of(session, "samr-50-more-ai-standards") == [("china", False)]


@pytest.mark.parametrize("named", ["../../../../../../../../etc/hostname", "/etc/hostname", "../facts.yaml"])
def test_a_facts_file_cannot_publish_a_file_outside_the_documents_folder(tmp_path, named):
    def edit(raw):
        raw["sources"][0]["file"] = named
        target = Path(DOCUMENTS_DIR, named).resolve()  # with its true hash: only the folder rule stands in the way
        raw["sources"][0]["sha256"] = hashlib.sha256(target.read_bytes()).hexdigest() if target.is_file() else ""

    with pytest.raises(SeedError) as error:
        load_rows(write_facts(tmp_path, edit))
    assert f"file '{named}' must be the name of a file in" in str(error.value)


def test_an_empty_section_is_a_section_with_nothing_in_it_not_a_crash(tmp_path):
    def edit(raw):
        raw["themes"] = []

    with pytest.raises(SeedError) as error:  # the commitments still name themes: they are now unknown
        load_rows(write_facts(tmp_path, edit))
    assert "theme 'socio-technical' unknown" in str(error.value)

    def edit_both(raw):
        raw["themes"] = []
        for commitment in raw["commitments"]:
            commitment["themes"] = []

    assert load_rows(write_facts(tmp_path, edit_both))  # loads: no theme anywhere


def test_loader_refuses_a_reference_to_a_fact_the_file_does_not_give(tmp_path):
    def edit(raw):
        raw["commitments"][0]["event_slug"] = "no-such-event"

    with pytest.raises(SeedError, match="event_slug 'no-such-event' names no event"):
        load_rows(write_facts(tmp_path, edit))
