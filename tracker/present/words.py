"""Codes and values put into words: what pages, page CSVs, decks and briefs show beside the codes the reads return.

A CSV made from these frames carries both: the codes the CLI export carries (`not_assessed`), and the words beside
them (`status_label`: "Not assessed").
"""

import datetime as dt
import re
from typing import Any

import pandas as pd
from sqlalchemy.engine import Engine

from models.facts import BOOKKEEPING, BY_NAME
from tracker.domain import rules
from tracker.domain.codebook import COMMITMENT_KIND_LABELS
from tracker.domain.rules import marked
from tracker.domain.vocab import REPLY_STATUS_LABELS, STATUS_LABELS
from tracker.read import as_of, history, queries
from tracker.read.filters import CommitmentFilter

CODE = re.compile(r"[a-z]+(?:_[a-z]+)+")
# The flags of a commitment whose rating a committing party disputes, or whose value someone contests.
DISAGREES = "A committing party says otherwise"
CONTESTED = "Contested"
# The words commitments() adds, after the columns of tracker.read.queries.commitments_table.
COMMITMENT_WORDS = [
    "kind_label",
    "status_label",
    "specificity_label",
    "target",
    "progress",
    "deadline",
    "countdown",
    "flags",
    "pace",
    "made_on_words",
]


def nothing_in_view(f: CommitmentFilter) -> str:
    """Why a view holds no commitment, true to the reason: a date before any was made, or the filters."""
    if f.is_default:
        return f"No commitment had been made by {f.as_of:%-d %B %Y}."
    return f"No commitment matches these filters as of {f.as_of:%-d %B %Y}."


def parties_text(parties: tuple[tuple[str, bool], ...]) -> str:
    """ "IEC; ISO (inferred)": every output names an inferred party as such."""
    return "; ".join(marked(name, inferred) for name, inferred in parties)


def commitments(table: pd.DataFrame, day: dt.date | None = None) -> pd.DataFrame:
    """commitments_table's rows with their words: labels, the target and progress as the text states them, the
    deadline as written, the countdown and the flags, from the claims the as-of view worked out, and whether it is
    on track on `day`, the view's date (as_of.pace_of; today when none is given)."""
    words = table.copy()
    # Each column read once as a list, None where a value is missing: read value by value, a column of text
    # passes each one through pandas' Arrow array (a tenth of the Commitments page's CSV).
    column = {name: _values(table[name]) for name in table.columns}
    words["parties"] = [parties_text(parties) for parties in column["parties"]]
    words["themes"] = ["; ".join(themes) for themes in column["themes"]]
    words["kind_label"] = table["kind"].map(COMMITMENT_KIND_LABELS)
    words["status_label"] = table["status"].map(STATUS_LABELS)
    words["specificity_label"] = [f"{score} of 3" for score in column["specificity"]]
    targets = list(zip(column["target_value"], column["target_unit"], column["target_qualifier"], strict=True))
    words["target"] = [rules.target_text(_number(v), unit, q) for v, unit, q in targets]
    words["progress"] = [
        rules.progress_text(_number(progress), _number(v), unit, q)
        for progress, (v, unit, q) in zip(column["progress_value"], targets, strict=True)
    ]
    words["deadline"] = [
        rules.deadline_words(due, precision or "day", bool(inferred), short=True)
        for due, precision, inferred in zip(
            column["due_date"], column["due_date_precision"], column["due_date_inferred"], strict=True
        )
    ]
    words["countdown"] = [
        rules.countdown_words(state, None if days is None else int(days), status, due) if due is not None else ""
        for due, state, days, status in zip(
            column["due_date"], column["deadline_state"], column["days_left"], column["status"], strict=True
        )
    ]
    words["flags"] = [
        "; ".join(
            flag
            for flag in (
                rules.DEADLINE_FLAGS.get(state, ""),
                "Stale" if stale else "",
                DISAGREES if disagree else "",
                CONTESTED if contests else "",
            )
            if flag
        )
        for state, stale, disagree, contests in zip(
            column["deadline_state"], column["stale"], column["parties_disagree"], column["open_contests"], strict=True
        )
    ]
    words["pace"] = _paces(column, day or rules.today())
    words["made_on_words"] = [
        marked(rules.date_as_written(day), bool(inferred)) if day is not None else ""
        for day, inferred in zip(column["made_on"], column["made_on_inferred"], strict=True)
    ]
    return words


def _values(series: pd.Series) -> list[Any]:
    """The column's values as plain Python values, None for a missing one."""
    values = series.tolist()
    if not series.hasnans:
        return values
    return [None if missing else value for value, missing in zip(values, series.isna().tolist(), strict=True)]


def paces(table: pd.DataFrame, day: dt.date) -> list[str]:
    """Whether each commitment of a table of the view is on track on `day` (as_of.pace_of), in words; empty where
    there is no countable target and deadline."""
    return _paces({name: _values(table[name]) for name in as_of.PACE_CLAIMS}, day)


def _paces(column: dict[str, list[Any]], day: dt.date) -> list[str]:
    names = as_of.PACE_CLAIMS
    rows = zip(*(column[name] for name in names), strict=True)
    readings = (as_of.pace_of(dict(zip(names, row, strict=True)), day) for row in rows)
    return [str(pace) if pace.applies else "" for pace in readings]


def labelled(frame: pd.DataFrame, column: str, labels: dict[str, str]) -> pd.DataFrame:
    """`frame` with `column`'s words beside it (`column`_label), for codes such as a status or a kind."""
    words = frame.copy()
    words.insert(words.columns.get_loc(column) + 1, f"{column}_label", frame[column].map(labels))
    return words


def statuses(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    for column in columns:
        frame = labelled(frame, column, STATUS_LABELS)
    return frame


def changes(frame: pd.DataFrame) -> pd.DataFrame:
    """What changed between two dates, in words: the statuses before and after, and progress toward the target."""
    words = statuses(frame, "status_before", "status_after")
    for column in ("progress_before", "progress_after"):
        words[column] = [
            rules.progress_text(_number(value), _number(target), unit, qualifier)
            for value, target, unit, qualifier in zip(
                frame[column], frame["target_value"], frame["target_unit"], frame["target_qualifier"], strict=True
            )
        ]
    return words


def deadlines(engine: Engine, f: CommitmentFilter, limit: int) -> pd.DataFrame:
    """queries.deadlines in words (commitments()), read and put into words in one cached step."""
    return commitments(queries.deadlines(engine, f, limit), f.as_of)


def commitments_page(engine: Engine, f: CommitmentFilter, size: int, offset: int) -> tuple[pd.DataFrame, int]:
    """queries.commitments_page in words (commitments()), with the number of all matching commitments."""
    rows, total = queries.commitments_page(engine, f, size, offset)
    return commitments(rows, f.as_of), total


def changes_log(engine: Engine, **arguments: Any) -> pd.DataFrame:
    """history.changes_log with its words: the status (`status_label`) and the kind of entry (`kind_label`). A
    read with its words, so that pages cache both: put into words on every page run, 2,000 rows of them were a
    tenth of the Changes log's run."""
    log = statuses(history.changes_log(engine, **arguments), "status")
    log["kind_label"] = log["kind"].map(history.KIND_LABELS)
    # Each entry named as the log numbers it; one a correction replaced says so wherever it is listed, so that it
    # is never read as what stands: "Update #1, replaced by correction #2".
    log["entry"] = [
        f"{history.KIND_LABELS[kind]} #{number}" + (f", replaced by correction #{by}" if pd.notna(by) else "")
        for kind, number, by in zip(log["kind"], log["id"], log["corrected_by"], strict=True)
    ]
    return log


def changes_between(engine: Engine, start: dt.date, end: dt.date, f: CommitmentFilter, *, by: str) -> pd.DataFrame:
    """history.changes_between in words (changes()), read and put into words in one cached step."""
    return changes(history.changes_between(engine, start, end, f, by=by))


def figures(frame: pd.DataFrame) -> pd.DataFrame:
    """Stated figures in the text's own words: "over 300", "about 1,200", "65"."""
    words = frame.copy()
    words.insert(
        words.columns.get_loc("qualifier") + 1,
        "as_stated",
        [rules.figure_text(v, q) for v, q in zip(frame["value"], frame["qualifier"], strict=True)],
    )
    return words


def made_on_words(detail: dict[str, Any]) -> str:
    """The day a commitment counts as made (queries.commitment_detail), as written, marked where inferred."""
    return marked(rules.dated_words(detail["made_on"], detail["made_on_precision"]), detail["made_on_inferred"])


def event_roles(frame: pd.DataFrame) -> pd.DataFrame:
    """Who took part where, with the name, country or role the text does not state literally marked."""
    words = frame.copy()
    words["full_name"] = [marked(v, i) for v, i in zip(frame["full_name"], frame["name_inferred"], strict=True)]
    words["country"] = [marked(v, i) for v, i in zip(frame["country"], frame["country_inferred"], strict=True)]
    words["role"] = [marked(v.replace("_", "-"), i) for v, i in zip(frame["role"], frame["role_inferred"], strict=True)]
    words["kind"] = frame["kind"].str.replace("_", " ")  # the tracker's tag, in words: "standards body"
    return words


def people(frame: pd.DataFrame) -> pd.DataFrame:
    """People with their other spellings, their body and where they were quoted, inferences marked."""
    words = frame.copy()
    words["also_written"] = [
        "; ".join(f"{alias} (inferred to be the same person)" if merged else alias for alias, merged in aliases)
        for aliases in frame["also_written"]
    ]
    words["organization"] = [
        marked(v, i) for v, i in zip(frame["organization"], frame["organization_inferred"], strict=True)
    ]
    words["quoted_at"] = [
        "; ".join(
            f"{event} ({n} statement{'s' if n != 1 else ''}{', event inferred' if inferred else ''})"
            for event, n, inferred in quoted
        )
        for quoted in frame["quoted_at"]
    ]
    return words.drop(columns=["organization_inferred"])


def initiative_kinds(frame: pd.DataFrame) -> pd.DataFrame:
    return labelled(frame, "kind", queries.INITIATIVE_KIND_LABELS)


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def recorded_fields(kind: str, values: dict[str, Any]) -> pd.DataFrame:
    """Every field a fact of `kind` holds as its declaration names it (label, description) with its value in
    words, empty ones left out: a record shown whole, which a field added to the fact joins by itself."""
    rows = []
    for name, meta in BY_NAME[kind].fields.items():
        if name in BOOKKEEPING or name in ("quote_start", "quote_end"):
            continue
        value = values.get(name)
        if value is None or value == "" or (isinstance(value, float) and value != value):
            continue
        rows.append({"field": meta.label, "value": _value_words(value), "about": meta.description})
    return pd.DataFrame(rows, columns=["field", "value", "about"])


def _value_words(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return rules.format_number(value)
    text = str(value)
    return text.replace("_", " ") if CODE.fullmatch(text) else text  # a vocabulary's code, in words


def disagreement_words(parties: int) -> str:
    """Where committing parties state a status of their own that differs from ours (the `parties_disagree` claim)."""
    who = "A committing party says" if parties == 1 else f"{parties} committing parties say"
    return f"{who} otherwise: see their replies under How it is assessed."


def contested_words(contests: int) -> str:
    """Values contested and not yet resolved (the `open_contests` claim)."""
    values = "a value" if contests == 1 else f"{contests} values"
    return f"Contested: {values} of this commitment, not yet resolved (see Contested values)."


def reply_line(reply: dict, our_status: str) -> str:
    """A committing party's reply to one of our ratings, in a line beside it (the feed, the deck, the brief): its
    answer and date, its own status where it states one (and whether it differs from ours), its words verbatim.
    "China, 20 November 2026: responded; disagrees: says substantial, we rate limited: “…”"."""
    said = f"{reply['party_name']}, {reply['received_on']:%-d %B %Y}: {REPLY_STATUS_LABELS[reply['status']].lower()}"
    own = reply["party_status"]
    if own and own != our_status:
        said += f"; disagrees: says {STATUS_LABELS[own].lower()}, we rate {STATUS_LABELS[our_status].lower()}"
    elif own:
        said += f"; says {STATUS_LABELS[own].lower()}, as we do"
    if reply["text"]:
        said += f": \u201c{reply['text']}\u201d"
    return said
