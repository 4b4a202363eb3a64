"""The codebook: what the tracker counts as a commitment, and how every passage of a source is classified.

One definition, read by the Methodology page, the README's test and the seed's classification reasons. A reader
who knows these rules can predict the class of any passage: test the classes in the order given, and the first
that fits is the passage's class.
"""

from dataclasses import dataclass

from tracker.domain.vocab import PASSAGE_CLASSES


@dataclass(frozen=True)
class PassageClass:
    code: str
    label: str
    rule: str
    examples: tuple[str, ...]


CLASSES: tuple[PassageClass, ...] = (
    PassageClass(
        "summary",
        "Summary of a statement",
        "The passage speaks of a statement or joint commitment as a whole: that it was issued, or what it enshrines, "
        "sets out, outlines, reflects or underscores, or (as an announcement's opening sentence does) that its "
        "issuers pledged in general terms. A statement's commitments are counted once, where they are listed, so "
        'a summary adds none, whatever verbs it uses; where the text gives its own count ("four key '
        'commitments"), the commitments listed must agree with it.',
        (
            '"issued a joint commitment to advance the well-being of humanity"',
            '"outlines four key commitments"',
            '"This joint statement reflects our commitment to strengthening cooperation"',
            '"International standardization bodies have pledged to cooperate on standards for artificial '
            'intelligence" (the opening sentence of the announcement of the statement)',
        ),
    ),
    PassageClass(
        "commitment",
        "Commitment",
        "A stated future action with an actor: the text says someone pledges, commits, plans, will or will continue "
        'to do something ("have pledged to", "commitment to", "plans to", "We\'ll continue"). The party is who the '
        'text says commits, not the official who said it; a party the text does not name outright ("we", '
        '"international standardization bodies") is recorded as inferred, with what it is read from.',
        (
            '"China has published several AI-related standards and plans to develop over 50 more"',
            '"Together, IEC, ISO and ITU have pledged to:" and each listed item',
        ),
    ),
    PassageClass(
        "priority",
        "Priority",
        "An area the text calls a priority. It says where effort should go but no actor pledges an action, so it is "
        "tracked as its own kind and can be shown or hidden beside the commitments.",
        ('"three priorities for advancing AI governance, including ..."',),
    ),
    PassageClass(
        "initiative",
        "Initiative",
        "Something the text says was launched or unveiled at the event: initiatives, and collections of cases. "
        'Where the text says "several ..., including", only the named ones are recorded and the count is not '
        "the total.",
        ('"The forum launched several initiatives, including ..."', '"unveiled 10 outstanding cases"'),
    ),
    PassageClass(
        "figure",
        "Figure",
        "A number the text states about the event. Attendance figures count who came; any other number is a "
        "context figure, kept apart and never shown as attendance. The qualifier is the text's own word: "
        '"over 200" is over 200, not at least 200.',
        (
            '"Over 200 delegates"',
            '"69 Chinese organizations currently contribute to ITU\'s standardization activities"',
        ),
    ),
    PassageClass(
        "aim",
        "Statement of aim or need",
        'A purpose or a need without a pledge of action: "aim to", "aiming to", "must", "the need for", "calls '
        'for". Not tracked as a commitment.',
        ('"the three organizations aim to ensure ..."', '"we must urgently establish a guiding framework"'),
    ),
    PassageClass(
        "context",
        "Context",
        "Everything else: headlines and headings, where and when an event took place, who organized it and who "
        "spoke, views and opinions, credits and links.",
        ('"Standards are technical tools to uphold the principles we want to live by"',),
    ),
)
assert {c.code for c in CLASSES} == set(PASSAGE_CLASSES), "every passage class needs its rule here"

BY_CODE = {c.code: c for c in CLASSES}
LABELS = {c.code: c.label for c in CLASSES}
ORDER_RULE = (
    "Test the classes in this order; a passage takes the first that fits, and may back several facts (one "
    "sentence can hold two commitments, or name three organizations)."
)
COMMITMENT_KIND_LABELS = {"commitment": "Commitment", "priority": "Priority"}
KIND_NAMES = {"commitment": "commitment", "priority": "priority"}
KIND_PLURALS = {"commitment": "commitments", "priority": "priorities"}


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def counted(kinds: dict[str, int], joined: str = ", ", *, spelt: bool = False) -> str:
    """ "9 commitments, 3 priorities": how many of each kind, in the codebook's order, those with none left out
    ("none" when all are). Commitments and priorities are counted apart wherever a number of them is shown.
    `spelt`: numbers up to ten in words, as a title reads ("the four commitments")."""

    def number(n: int) -> str:
        return NUMBER_WORDS[n] if spelt and n < len(NUMBER_WORDS) else f"{n:,}"

    parts = [
        f"{number(kinds[k])} {KIND_NAMES[k] if kinds[k] == 1 else KIND_PLURALS[k]}" for k in KIND_NAMES if kinds.get(k)
    ]
    return joined.join(parts) or "none"


def kinds_in_words(kinds: list[str]) -> str:
    """How many of each kind a list holds: "11 commitments, 3 priorities" (kinds in the codebook's order)."""
    return counted({kind: kinds.count(kind) for kind in KIND_NAMES})


INFERENCE_RULE = (
    'A value the text does not state literally (a year, a country, an expanded name, a party behind "we", a '
    'deadline from "end of next year", two spellings taken as one person) is stored as inferred with what it '
    "rests on, and shown as inferred wherever it appears. Where it rests on outside knowledge, the reason says so "
    "and says which."
)
TAGS_RULE = "Themes and organization kinds are the tracker's own tags for finding things, not claims of the texts."
