"""The codebook: one definition, shown on the Methodology page and in the README, applied to every passage."""

from models.db import PROJECT_ROOT
from tracker.domain import codebook
from tracker.read import provenance

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_states_every_class_of_the_codebook_in_its_order():
    section = README.split("### Methodology: what counts as a commitment")[1].split("### Inferred values")[0]
    positions = [section.index(f"**{passage_class.label}**") for passage_class in codebook.CLASSES]
    assert positions == sorted(positions)


def test_the_readme_says_nothing_stronger_than_the_documents():
    assert "three initiatives launched" not in README
    assert "300+" not in README and "at least 50" not in README
    assert "several initiatives launched (three" in README
    assert "the year, 2025, is inferred" in README


def test_every_passage_has_a_class_of_the_codebook_and_a_reason(seeded):
    passages = provenance.passages(seeded)
    assert set(passages["classification"]) == set(codebook.LABELS)  # every class is used on these two documents
    assert all(reason.strip() for reason in passages["reason"])
    commitments = passages[passages["classification"] == "commitment"]
    assert len(commitments) == 9  # 4 WAIC sentences; 5 Seoul passages (the lead-in and its 4 items)


def test_kinds_are_counted_in_words():
    assert codebook.kinds_in_words(["commitment"] * 11 + ["priority"] * 3) == "11 commitments, 3 priorities"
    assert codebook.kinds_in_words(["priority"]) == "1 priority"
    assert codebook.kinds_in_words([]) == "none"
