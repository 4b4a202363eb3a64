"""Candidate facts in a new document, found by rules over its text (no model, nothing downloaded).

A suggestion is a passage (a sentence or a list item) with what the rules read in it: commitment language ("will",
"commit", "pledge", "plan to", "by <date>"), numbers with what they count, and the names and acronyms of
organizations the tracker already knows. It fills in a form; nothing is saved until an editor confirms it. The
rules say why each passage was suggested, so an editor can judge the reading.
"""

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Iterator

from anyascii import anyascii

from tracker.domain.rules import period_end
from tracker.domain.text import one_line
from tracker.domain.vocab import METRICS, SLUG_PATTERN

_COMMITMENT = re.compile(
    r"\b(?:will|shall|commit(?:s|ted|ment)?|pledge[sd]?|plans? to|planned to|intends? to|undertakes? to|"
    r"agreed to|vows? to)\b|将|承诺|计划|力争|确保",
    re.IGNORECASE,
)
_MONTHS = {name: number for number, name in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}  # fmt: skip
_QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_DEADLINES: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"\bby (?:the end of )?Q([1-4]) (\d{4})\b", re.IGNORECASE), "quarter"),
    (
        re.compile(
            r"\bby (?:the end of )?the (first|second|third|fourth|1st|2nd|3rd|4th) quarter of (\d{4})\b", re.IGNORECASE
        ),
        "quarter",
    ),  # fmt: skip
    (re.compile(r"\bby (\d{1,2}) (" + "|".join(_MONTHS) + r") (\d{4})\b", re.IGNORECASE), "day"),
    (re.compile(r"\bby (?:the end of )?(" + "|".join(_MONTHS) + r") (\d{4})\b", re.IGNORECASE), "month"),
    (re.compile(r"\bby (?:the end of )?(\d{4})\b", re.IGNORECASE), "year"),
    (re.compile(r"(?:到|在)?(\d{4})年(?:底|前|年底)"), "year"),
)
_QUALIFIERS = (
    (re.compile(r"^(?:over|more than|above|in excess of)$", re.IGNORECASE), "over"),
    (re.compile(r"^(?:at least|no fewer than|a minimum of)$", re.IGNORECASE), "at_least"),
    (re.compile(r"^(?:about|around|approximately|some|nearly|almost)$", re.IGNORECASE), "approximately"),
    (re.compile(r"^(?:up to|as many as)$", re.IGNORECASE), "up_to"),
)
_NUMBER = re.compile(
    r"\b(?:((?i:over|more than|above|at least|no fewer than|about|around|approximately|nearly|up to|as many as))\s+)?"
    r"(\d{1,3}(?:,\d{3})+|\d+)\s+((?:more\s+|new\s+|additional\s+)?(?:[A-Za-z][\w-]*\s+){0,3}?[A-Za-z][a-z-]*s)\b"
)
_MONTH_NAMES = "|".join(_MONTHS)
_DATES = re.compile(rf"\b(\d{{1,2}})(?:\s*[-–]\s*(\d{{1,2}}))?\s+({_MONTH_NAMES})\s+(\d{{4}})\b", re.IGNORECASE)
# "the Northern Standards Council (NSC)": a name in capitals followed by its acronym in brackets.
_NAMED = re.compile(r"((?:[A-Z][\w’'-]*|of|for|on|and|the|de|du)(?:\s+(?:[A-Z][\w’'-]*|of|for|on|and|the|de|du))*)"
                    r"\s+\(([A-Z][A-Za-z0-9&-]{1,11})\)")  # fmt: skip
# Words saying a number counts who came to the event: then it is an attendance figure, not a context one.
_ATTENDED = re.compile(
    r"\b(?:attend\w*|took part|take part|participat\w*|gathered|joined|convened|registered)\b|出席|参加|参会"
)
# A sentence ends at its stop (a Chinese one with no space after it), or after a quotation mark or bracket that
# closes right after the stop (“... in 2026.”), at a blank line, and before a list item. A
# single line break ends a passage only after a short line (a heading or a list line) that the next line does not
# continue in lower case: a sentence wrapped across lines stays one passage.
_SENTENCE_END = re.compile(
    r"(?<=[.!?])\s+|(?<=[.!?][”’\"')\]])\s+|(?<=[。！？])\s*|(?<=[。！？][”’」』）])\s*"
    r"|\n[ \t]*(?:\n\s*)+|\n(?=[ \t]*(?:[-•*·]|\d+[.)])\s)|\n"
)
_STOPS = (".", "!", "?", ":", ";", "。", "！", "？", "：", "；")
_CLOSING = "”’\"')]」』）"  # quotation marks and brackets that may close a sentence after its stop
WRAPPED_LINE = 40  # characters: a line at least this long, ending without a stop, was wrapped


@dataclasses.dataclass(frozen=True)
class Target:
    value: float
    qualifier: str
    unit: str


@dataclasses.dataclass(frozen=True)
class Deadline:
    due_date: dt.date
    precision: str
    words: str  # the words the deadline was read from ("by Q2 2027")


@dataclasses.dataclass(frozen=True)
class Name:
    """An organization a passage names with its acronym, as the text writes both."""

    name: str
    acronym: str


@dataclasses.dataclass(frozen=True)
class Suggestion:
    start: int
    end: int
    text: str
    kind: str  # "commitment", "figure" or "mention"
    reasons: tuple[str, ...]
    organizations: tuple[str, ...] = ()  # slugs of known organizations named in the passage
    target: Target | None = None
    deadline: Deadline | None = None
    dates: tuple[dt.date, dt.date] | None = None  # the days an event took place, where the passage gives them
    attendance: bool = False  # the number counts who came ("150 delegates ... attended")
    names: tuple[Name, ...] = ()  # organizations named with an acronym, known or not
    title: str = ""  # a draft title from a pledge's own words, for the editor to keep or change


@dataclasses.dataclass(frozen=True)
class Known:
    """An organization the tracker has, by the names a text may call it."""

    slug: str
    names: tuple[str, ...]


def passages(text: str) -> list[tuple[int, int]]:
    """Sentences and lines of `text` as (start, end), without surrounding spaces or list markers."""
    spans, position = [], 0
    for boundary in [*_SENTENCE_END.finditer(text), None]:
        if boundary is not None and boundary.group() == "\n" and _wrapped(text, boundary.start()):
            continue
        if boundary is not None and boundary.end() == boundary.start() == position:
            continue
        end = boundary.start() if boundary else len(text)
        piece = text[position:end]
        lead = len(piece) - len(piece.lstrip(" \t-•*·"))
        start, stop = position + lead, position + len(piece.rstrip())
        if stop > start:
            spans.append((start, stop))
        position = boundary.end() if boundary else len(text)
    return spans


def _wrapped(text: str, at: int) -> bool:
    """Whether the single line break at `at` wraps a sentence: the next line goes on in lower case, or the line
    before is long and ends without a stop."""
    after = text[at + 1 : at + 2]
    if after.islower():
        return True
    line = text[text.rfind("\n", 0, at) + 1 : at].rstrip()
    return len(line) >= WRAPPED_LINE and not line.rstrip(_CLOSING).endswith(_STOPS)


def suggestions(text: str, known: list[Known]) -> list[Suggestion]:
    """Every passage with commitment language, a number that counts something, a date, or an organization's name."""
    found = []
    for start, end in passages(text):
        item = reading(text[start:end], known, start=start)
        if item.reasons:
            found.append(item)
    return found


def _pledge_words(passage: str) -> Iterator[re.Match]:
    """The passage's commitment language. "the Lakeside Pledge" names a document: a capitalised word counts only
    where it starts the passage."""
    return (m for m in _COMMITMENT.finditer(passage) if m.start() == 0 or not m.group()[0].isupper())


def reading(passage: str, known: list[Known], *, start: int = 0) -> Suggestion:
    """What the rules read in one passage (a suggested one, or any an editor selected)."""
    reasons = []
    language = sorted({m.group().lower() for m in _pledge_words(passage)})
    if language:
        reasons.append("commitment language: " + ", ".join(f'"{word}"' for word in language))
    deadline = read_deadline(passage)
    if deadline:
        reasons.append(f'a deadline: "{deadline.words}"')
    target = read_target(passage)
    attendance = bool(target and target.unit in METRICS and _ATTENDED.search(passage))
    if target:
        reasons.append(f"a number: {target.value:g} {target.unit}" + (" who came" if attendance else ""))
    organizations = named_organizations(passage, known)
    if organizations:
        reasons.append("names known organizations")
    names = new_names(passage)
    if names:
        reasons.append("names organizations with acronyms: " + ", ".join(n.acronym for n in names))
    dates = None if language or deadline else read_dates(passage)
    if dates:
        reasons.append("dates: " + " to ".join(sorted({d.isoformat() for d in dates})))
    if language or deadline:
        kind = "commitment"
    elif target:
        kind = "figure"
    elif names:
        kind = "organization"
    elif dates:
        kind = "event"
    else:
        kind = "mention"
    return Suggestion(
        start=start,
        end=start + len(passage),
        text=passage,
        kind=kind,
        reasons=tuple(reasons),
        organizations=organizations,
        target=target,
        deadline=deadline,
        dates=dates,
        names=names,
        attendance=attendance,
        title=draft_title(passage) if language or deadline else "",
    )


TITLE_LIMIT = 80  # characters of a draft title, cut at a word


def draft_title(passage: str) -> str:
    """A draft title from what a pledge says it will do: the words after its commitment word, up to its deadline or
    the sentence's end ("NSC and CDA will publish 12 testing standards by Q2 2027." gives "Publish 12 testing
    standards"; "The programme will be extended to all services." gives "Programme to be extended to all services";
    "局将于2026年底前发布10项标准。" gives "发布10项标准"). Empty when no such words follow one. Only a draft: the
    form shows it for the editor to change."""
    for match in _pledge_words(passage):
        if match.group().lower() == "commitment":
            continue  # the noun: no action follows it
        rest = one_line(passage[match.end() :])
        rest = re.sub(r"^(?:to|that it will|that they will|will)\s+", "", rest, flags=re.IGNORECASE)
        rest = re.sub(r"^[于在到]", "", rest)  # Chinese: "将于2026年底前发布…", the deadline before the action
        if deadline := read_deadline(rest):
            at = rest.index(deadline.words)
            rest = rest[at + len(deadline.words) :].lstrip("前") if at == 0 else rest[:at]
        if re.match(r"be\s", rest):  # "The programme will be extended ...": what is done to its subject
            subject = re.sub(r"^(?:the|this|these|our)\s+", "", one_line(passage[: match.start()]), flags=re.I)
            rest = f"{subject.strip()} to {rest}" if subject.strip() else rest
        rest = re.split(r"[.;:!?。；：！？]", rest, maxsplit=1)[0].strip(" ,，")
        if len(rest) > TITLE_LIMIT:
            rest = rest[:TITLE_LIMIT].rsplit(" ", 1)[0] if " " in rest[:TITLE_LIMIT] else rest[:TITLE_LIMIT]
        if rest:
            return rest[0].upper() + rest[1:]
    return ""


def read_dates(passage: str) -> tuple[dt.date, dt.date] | None:
    """The first day or range of days a passage gives ("2-3 December 2025", "15 March 2026")."""
    match = _DATES.search(passage)
    if not match:
        return None
    first, last, month, year = match.groups()
    try:
        start = dt.date(int(year), _MONTHS[month.lower()], int(first))
        end = dt.date(int(year), _MONTHS[month.lower()], int(last)) if last else start
    except ValueError:
        return None
    return (start, end) if end >= start else None


def new_names(passage: str) -> tuple[Name, ...]:
    """Organizations a passage names with an acronym in brackets: "the Coastal Digital Agency (CDA)"."""
    found = []
    for match in _NAMED.finditer(passage):
        name = re.sub(r"^(?:(?:the|and|of|for|on)\s+)+", "", match.group(1), flags=re.IGNORECASE).strip()
        words = name.split()
        # Keep the words that the acronym could stand for: the last len(acronym) + a few capitalised ones.
        initials = [w for w in words if w[:1].isupper()]
        if len(initials) < 2 and not name.isupper():
            continue
        found.append(Name(one_line(name), match.group(2)))
    return tuple(dict.fromkeys(found))


def read_deadline(passage: str) -> Deadline | None:
    for pattern, precision in _DEADLINES:
        match = pattern.search(passage)
        if not match:
            continue
        groups = match.groups()
        if precision == "quarter":
            quarter = int(groups[0]) if groups[0].isdigit() else _QUARTER_WORDS[groups[0].lower()]
            day = dt.date(int(groups[1]), 3 * quarter, 1)
        elif precision == "day":
            day = dt.date(int(groups[2]), _MONTHS[groups[1].lower()], int(groups[0]))
        elif precision == "month":
            day = dt.date(int(groups[1]), _MONTHS[groups[0].lower()], 1)
        else:
            day = dt.date(int(groups[0]), 1, 1)
        return Deadline(period_end(day, precision), precision, match.group())
    return None


def read_target(passage: str) -> Target | None:
    for match in _NUMBER.finditer(passage):
        words, number, unit = match.groups()
        unit = re.sub(r"^(?:more|new|additional)\s+", "", unit).strip()
        if re.fullmatch(r"(?:19|20)\d\d", number) and not words:
            continue  # a year, not a count
        qualifier = next((q for pattern, q in _QUALIFIERS if words and pattern.match(words)), "exact")
        return Target(float(number.replace(",", "")), qualifier, unit)
    return None


def named_organizations(passage: str, known: list[Known]) -> tuple[str, ...]:
    found = []
    for organization in known:
        for name in organization.names:
            if name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", passage):
                found.append(organization.slug)
                break
    return tuple(found)


def near_matches(names: list[str], known: list[Known]) -> tuple[str, ...]:
    """Known organizations or people one of whose names is close to one of `names`: the same words whatever the
    case, spacing or accents, one inside the other, or nearly the same spelling ("Cho Sung-hwan", "Cho Sunghwan")."""

    def plain(value: str) -> str:
        return " ".join(re.findall(r"[a-z0-9]+", anyascii(value).lower()))

    wanted = [plain(name) for name in names if plain(name)]
    found = []
    for candidate in known:
        for name in map(plain, candidate.names):
            if name and any(
                name == w
                or (min(len(name), len(w)) > 3 and (f" {name} " in f" {w} " or f" {w} " in f" {name} "))
                or difflib.SequenceMatcher(None, name, w).ratio() >= 0.85
                for w in wanted
            ):
                found.append(candidate.slug)
                break
    return tuple(found)


def slug_for(name: str, taken: set[str] | frozenset[str] = frozenset(), *, limit: int = 60) -> str:
    """An ASCII slug for a name in any script: "Société Générale" gives "societe-generale", "上海" gives
    "shang-hai". A slug already `taken` gets a number ("wsc-2")."""
    ascii_name = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", anyascii(name))
    words = re.findall(r"[a-z0-9]+", ascii_name.lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    slug = slug or "item"
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    assert re.fullmatch(SLUG_PATTERN, candidate), candidate
    return candidate
