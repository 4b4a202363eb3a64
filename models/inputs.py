"""Input models: every write, from the seed file or from an editor, is validated by one of these first.

SQLModel table models do not validate on construction, so nothing reaches a table without passing through an
`...Create` model here. Field names match the table columns; evidence is given as a source slug and a verbatim
quote, and the writer computes the quote's offsets (see models.evidence.find_quote).
"""

import re
from typing import Annotated, Any

from pydantic import AfterValidator, StringConstraints, ValidationError, create_model, model_validator
from sqlmodel import Field, SQLModel

from models.evidence import within
from models.facts import BY_MODEL
from models.fields import (
    MAX_NUMBER,
    MAX_SOURCE_CHARS,
    HttpUrl,
    LongText,
    Number,
    Quote,
    RequiredLongText,
    Slug,
    Text,
    UrlLines,
    _no_nul,
    field_metas,
)
from models.tables import (
    Commitment,
    CommitmentParty,
    Contest,
    Event,
    EventRole,
    Inference,
    Initiative,
    Organization,
    ParticipationFigure,
    PartyReply,
    Passage,
    Person,
    PersonAlias,
    ProgressUpdate,
    Rubric,
    Source,
    Statement,
    Theme,
    UserAccount,
)
from tracker.domain.rules import period_end, today
from tracker.domain.vocab import METRIC_PATTERN, REPLY_STATUS_LABELS, SLUG_PATTERN, STATUS_LABELS, Role

__all__ = [
    "MAX_NUMBER",
    "MAX_SOURCE_CHARS",
    "HttpUrl",
    "LongText",
    "Number",
    "Quote",
    "RequiredLongText",
    "Slug",
    "Text",
    "UrlLines",
]

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]


def column_text(table: type[SQLModel], column: str, *, required: bool = False) -> Any:
    """A text input exactly as long as its table column allows: the column's length is the one definition, so
    what passes validation always fits the database (on SQLite, which would store more, as on PostgreSQL)."""
    length = table.__table__.columns[column].type.length
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1 if required else 0, max_length=length),
        AfterValidator(_no_nul),
    ]


class Input(SQLModel):
    model_config = {"extra": "forbid"}  # a misspelt field in the seed file is an error, not silently ignored

    def broken_rules(self) -> list[tuple[str, str]]:
        """Every rule across fields this input breaks, each as (the field to fix, what is wrong, in words). Each
        class of rules adds its own to those of the classes it builds on. Also read on a form's values whose
        fields were refused (every_problem): a value that is missing breaks none of these rules.

        Here: every field declared as the text's own words (`quoted`) is a verbatim part of the evidence quote (a
        paraphrase would be a claim the text does not make)."""
        quote = getattr(self, "source_quote", None)
        if not quote:
            return []
        broken = []
        for name, meta in field_metas(type(self)).items():
            words = getattr(self, name, None)
            if meta.quoted and words and within(words, quote) is None:
                what = "the commitment's text" if name == "text" else f"the {name.replace('_', ' ')}"
                broken.append((name, f"{what} must be a part of its evidence quote, word for word"))
        return broken

    @model_validator(mode="after")
    def _rules(self) -> "Input":
        if broken := self.broken_rules():
            raise ValueError("; ".join(words for _, words in broken))
        return self


def stated_fields(table: type[SQLModel], *, only: tuple[str, ...] = (), leave: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields a person gives for a fact of `table`, as its declaration has them (type, limits, label,
    description): every field that says what the text states, or `only` those, less those to `leave` (set by the
    app). A field added to the table is a field of its input from then on."""
    kind = BY_MODEL[table]
    names = only or tuple(name for name in kind.stated if name not in leave)
    return {name: (table.model_fields[name].annotation, table.model_fields[name]) for name in names}


# Every input model made from a table's declarations, with its table: what the tests check each against.
DERIVED: list[tuple[type[SQLModel], type[SQLModel]]] = []
# The input model that makes a new row of each table: what every row coming in passes, however it comes (a form,
# the CLI, a facts file, a data package).
CREATES: dict[type[SQLModel], type[SQLModel]] = {}


def derived_input(
    name: str, table: type[SQLModel], base: type[SQLModel], *, creates: bool = True, **options: Any
) -> type[SQLModel]:
    """The input model `name` for a fact of `table`: its declared fields, and `base`'s own fields and rules.
    `creates`: it is the model a new row of `table` passes (an edit's model is not)."""
    fields = stated_fields(table, **options)
    fields = {field: spec for field, spec in fields.items() if field not in base.model_fields}
    model = create_model(name, __base__=base, __module__=__name__, **fields)
    model.__doc__ = base.__doc__
    DERIVED.append((model, table))
    if creates:
        CREATES.setdefault(table, model)
    return model


class EvidenceIn(Input):
    """A fact's evidence: the quote as pasted or selected, and, where it occurs more than once, where it starts
    (the selection's offset, or the occurrence the editor chose). The stored quote is the document's own
    characters at the offsets found (models.evidence.find_quote)."""

    source_slug: Slug
    source_quote: Quote
    quote_start: int | None = Field(default=None, ge=0)

    def words_in_quote(self) -> str | None:
        """Words of the fact that must lie within its quote (a commitment's own words), or None."""
        return None


class _SourceRules(Input):
    """A document as an editor adds it (its SHA-256 is worked out from its text)."""

    def broken_rules(self) -> list[tuple[str, str]]:
        broken = super().broken_rules()
        precision = getattr(self, "published_on_precision", None)
        if precision not in (None, "day") and getattr(self, "published_on", None) is None:
            broken.append(("published_on", f"a publication date known to the {precision} needs its date"))
        return broken

    @model_validator(mode="after")
    def _period(self) -> "_SourceRules":
        """A publication date known to a month, quarter or year is stored as the period's last day."""
        if self.published_on_precision != "day" and self.published_on is not None:
            self.published_on = period_end(self.published_on, self.published_on_precision)
        return self


SourceCreate = derived_input("SourceCreate", Source, _SourceRules, leave=("sha256",))


class _OrganizationRules(EvidenceIn):
    """An organization, with the quote that names it."""


OrganizationCreate = derived_input("OrganizationCreate", Organization, _OrganizationRules)


class _AliasRules(EvidenceIn):
    """Another spelling of a person's name, with the quote that writes it so."""


AliasCreate = derived_input("AliasCreate", PersonAlias, _AliasRules, only=("alias",))


class _PersonRules(EvidenceIn):
    """A person, with the quote that names them and the other spellings of their name."""

    aliases: list[AliasCreate] = Field(default_factory=list)  # type: ignore[valid-type]


PersonCreate = derived_input("PersonCreate", Person, _PersonRules)


class _EventRules(EvidenceIn):
    """An event, with the quote that names it."""

    def broken_rules(self) -> list[tuple[str, str]]:
        broken = super().broken_rules()
        start, end = getattr(self, "start_date", None), getattr(self, "end_date", None)
        precision = getattr(self, "dates_precision", None) or "day"
        if start is not None and end is not None:
            if precision != "day" and period_end(start, precision) != period_end(end, precision):
                broken.append(("end_date", f"start_date and end_date are in different {precision}s"))
            elif precision == "day" and end < start:
                broken.append(("end_date", "end_date is before start_date"))
        if getattr(self, "dates_inferred", False) and not getattr(self, "inference_note", None):
            broken.append(("inference_note", "inferred dates need an inference_note saying why"))
        return broken

    @model_validator(mode="after")
    def _dates(self) -> "_EventRules":
        if self.dates_precision != "day":
            # Known only to a period ("in March 2026"): both dates are its last day, the earliest the text vouches for.
            self.start_date = self.end_date = period_end(self.start_date, self.dates_precision)
        return self


EventCreate = derived_input("EventCreate", Event, _EventRules)


class _EventRoleRules(EvidenceIn):
    """What an organization did at an event, with the quote that says so."""


EventRoleCreate = derived_input("EventRoleCreate", EventRole, _EventRoleRules)


class _StatementRules(EvidenceIn):
    """What a person said at an event; the quote is the statement."""


StatementCreate = derived_input("StatementCreate", Statement, _StatementRules)


class _ThemeRules(Input):
    """A theme: the tracker's own tag."""


ThemeCreate = derived_input("ThemeCreate", Theme, _ThemeRules)


class _PartyRules(Input):
    """Who commits: an organization and its role, inferred with a reason where the text does not name it."""

    def broken_rules(self) -> list[tuple[str, str]]:
        broken = super().broken_rules()
        if getattr(self, "inferred", False) and not getattr(self, "inference_note", None):
            broken.append(("inference_note", "an inferred party needs an inference_note saying what it rests on"))
        return broken


PartyIn = derived_input("PartyIn", CommitmentParty, _PartyRules, leave=("commitment_slug",))


class TargetAndDeadline(Input):
    """The rules a commitment's measurable target and deadline keep, as both a new commitment and an edit give
    them."""

    def broken_rules(self) -> list[tuple[str, str]]:
        broken = super().broken_rules()
        value = getattr(self, "target_value", None)
        unit, qualifier = getattr(self, "target_unit", None), getattr(self, "target_qualifier", None)
        if value is not None and (not unit or qualifier is None):
            broken.append(("target_unit", "a numeric target needs a target_unit and a target_qualifier"))
        # A target that is not a number ("a common framework") is given in words alone, as target_note.
        if value is None and (unit or qualifier):
            broken.append(("target_value", "target_unit and target_qualifier need a target_value"))
        due, precision = getattr(self, "due_date", None), getattr(self, "due_date_precision", None) or "day"
        if precision != "day" and due is None:
            broken.append(("due_date", f"a deadline known to the {precision} needs its date"))
        if getattr(self, "due_date_inferred", False) and (due is None or not getattr(self, "due_date_note", None)):
            broken.append(("due_date_note", "an inferred due_date needs the date and a due_date_note saying why"))
        return broken

    @model_validator(mode="after")
    def _period(self) -> "TargetAndDeadline":
        if self.due_date_precision != "day" and self.due_date is not None:
            self.due_date = period_end(self.due_date, self.due_date_precision)
        return self


class _CommitmentRules(TargetAndDeadline, EvidenceIn):
    """A commitment or a priority with its quote, who commits and its themes. Its event may be none: made in the
    document itself, it counts from the document's publication date."""

    parties: list[PartyIn] = Field(default_factory=list)  # type: ignore[valid-type]
    themes: list[Slug] = Field(default_factory=list)

    def words_in_quote(self) -> str:
        return self.text

    def broken_rules(self) -> list[tuple[str, str]]:
        broken = super().broken_rules()
        parties = [p for p in getattr(self, "parties", None) or [] if isinstance(p, PartyIn)]
        if len({(p.organization_slug, p.role) for p in parties}) != len(parties):
            broken.append(("parties", "a party is listed twice with the same role"))
        themes = getattr(self, "themes", None) or []
        if len(set(themes)) != len(themes):
            broken.append(("themes", "a theme is listed twice"))
        return broken


CommitmentCreate = derived_input("CommitmentCreate", Commitment, _CommitmentRules)


class _InitiativeRules(EvidenceIn):
    """An initiative or a collection of cases, with the quote that says it was launched or unveiled."""


InitiativeCreate = derived_input("InitiativeCreate", Initiative, _InitiativeRules)


class _FigureRules(EvidenceIn):
    """A number stated at an event, in the text's own word for it ("over 200")."""


ParticipationFigureCreate = derived_input("ParticipationFigureCreate", ParticipationFigure, _FigureRules)


class _InferenceRules(Input):
    """A value the text does not state literally: which fact, which field, and what the value rests on."""


InferenceCreate = derived_input("InferenceCreate", Inference, _InferenceRules)


class _PassageRules(EvidenceIn):
    """A passage of a source with its class under the codebook and the reason for it."""


PassageCreate = derived_input("PassageCreate", Passage, _PassageRules, leave=("slug",))


def _reason_with_what_it_corrects(values: Input, missing: str, stray: str) -> list[tuple[str, str]]:
    """The rule of an append-only fact that replaces an earlier one (`corrects_id`): a reason with it, and none
    without it; each broken in its kind's words."""
    corrects, reason = getattr(values, "corrects_id", None), getattr(values, "correction_reason", None)
    if corrects is not None and not reason:
        return [("correction_reason", missing)]
    if corrects is None and reason:
        return [("correction_reason", stray)]
    return []


class _ProgressRules(Input):
    """A progress update as an editor or a script gives it; who and when are set by the app."""

    def broken_rules(self) -> list[tuple[str, str]]:
        broken = super().broken_rules()
        described, status = getattr(self, "as_of", None), getattr(self, "status", None)
        if described is not None and described > today():
            broken.append(
                ("as_of", f"as of {described:%-d %B %Y} is in the future: an update describes a day that has passed")
            )
        if status not in (None, "not_started") and not (
            getattr(self, "evidence_url", None) or getattr(self, "evidence_quote", None)
        ):
            label = STATUS_LABELS.get(status, status).lower()
            evidence = "where you looked" if status == "no_evidence_found" else "evidence"
            broken.append(
                ("evidence_url", f"a status of {label} needs {evidence}: a link (http or https) or an excerpt")
            )
        broken += _reason_with_what_it_corrects(
            self,
            "a correction must say why it corrects the earlier update",
            "a correction reason goes with the update it corrects (corrects_id)",
        )
        return broken


ProgressUpdateCreate = derived_input(
    "ProgressUpdateCreate",
    ProgressUpdate,
    _ProgressRules,
    leave=("id", "recorded_by", "recorded_at", "reviewed_by", "reviewed_at"),
)


class _RubricRules(Input):
    """What would count as limited, substantial and complete for one commitment, in words; who and when are set by
    the app. A rubric after the first replaces the one before and says why."""

    def broken_rules(self) -> list[tuple[str, str]]:
        return super().broken_rules() + _reason_with_what_it_corrects(
            self,
            "a new rubric must say why it replaces the one before",
            "a reason for replacing goes with the rubric it replaces",
        )


RubricCreate = derived_input(
    "RubricCreate", Rubric, _RubricRules, leave=("id", "written_by", "written_at", "reviewed_by", "reviewed_at")
)


class _ReplyRules(Input):
    """A committing party's reply to a rating, verbatim, with its date and channel; who recorded it is set by the
    app."""

    def broken_rules(self) -> list[tuple[str, str]]:
        broken = super().broken_rules()
        status, text = getattr(self, "status", None), getattr(self, "text", None)
        if status == "responded" and not text:
            broken.append(("text", "a reply marked responded needs the party's words, verbatim"))
        if getattr(self, "party_status", None) is not None and status not in (None, "responded"):
            label = REPLY_STATUS_LABELS.get(status, status).lower()
            broken.append(("party_status", f"the party's own status comes with a reply, not with '{label}'"))
        received = getattr(self, "received_on", None)
        if received is not None and received > today():
            broken.append(("received_on", f"{received:%-d %B %Y} is in the future"))
        return broken


PartyReplyCreate = derived_input(
    "PartyReplyCreate", PartyReply, _ReplyRules, leave=("id", "commitment_slug", "recorded_by", "recorded_at")
)


class _ContestRules(Input):
    """A value contested, with why and, where there is some, the evidence."""


ContestCreate = derived_input(
    "ContestCreate",
    Contest,
    _ContestRules,
    only=("commitment_slug", "value", "shown", "reason", "evidence_url", "evidence_quote"),
)


class _Resolution(Input):
    def broken_rules(self) -> list[tuple[str, str]]:
        broken = super().broken_rules()
        if getattr(self, "resolution", None) == "corrected" and not getattr(self, "correction", None):
            broken.append(("correction", "a value corrected names its correction ('progress_update:12')"))
        return broken


ContestResolution = derived_input(
    "ContestResolution",
    Contest,
    _Resolution,
    creates=False,
    only=("resolution", "resolution_note", "correction"),
)


class _CommitmentCorrection(TargetAndDeadline):
    """The fields an editor may correct on an existing commitment (those its declaration marks correctable). The
    quote is found again in the same source (forgivingly, and stored as the document has it) and the commitment's
    own words within it."""


CommitmentUpdate = derived_input(
    "CommitmentUpdate", Commitment, _CommitmentCorrection, creates=False, only=BY_MODEL[Commitment].correctable
)


USERNAME_PATTERN = r"^[A-Za-z0-9._@+-]{2,120}$"


class UserCreate(Input):
    username: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=120, pattern=r"^[A-Za-z0-9._@+-]{2,120}$")
    ]
    display_name: column_text(UserAccount, "display_name") = ""
    role: Role = "viewer"
    # Empty for someone who signs in through OpenID Connect only.
    password: Annotated[str, StringConstraints(max_length=200)] = ""
    # The one party a representative (role `party`) may reply for.
    party_slug: str | None = Field(default=None, max_length=80)

    def broken_rules(self) -> list[tuple[str, str]]:
        broken = super().broken_rules()
        role, party = getattr(self, "role", None), getattr(self, "party_slug", None)
        if role == "party" and not party:
            broken.append(("party_slug", "a party's representative needs the party they reply for (--party SLUG)"))
        if party and not re.fullmatch(SLUG_PATTERN, party):
            broken.append(("party_slug", f"'{party[:40]}' is not an organization's slug (lowercase words and hyphens)"))
        if party and role not in (None, "party"):
            broken.append(("party_slug", "only a party's representative (role party) names a party"))
        if (password := getattr(self, "password", None)) and len(password) < 10:
            broken.append(("password", "a password needs at least 10 characters"))
        return broken


# How a field is named to the person who typed it, where its name alone would read as code.
FIELD_WORDS = {
    "as_of": "as of (the date the update describes)",
    "evidence_url": "evidence link",
    "evidence_quote": "evidence excerpt",
    "corrects_id": "update to correct",
    "correction_reason": "why the correction",
    "progress_value": "progress",
    "source_quote": "evidence quote",
    "source_slug": "source",
    "event_slug": "event",
    "target_value": "target",
    "due_date": "deadline",
    "due_date_note": "why the deadline is inferred",
    "slug": "slug (short name)",
}


def validation_problems(error: ValidationError) -> list[str]:
    """Every problem of a refused input, each in words a person can act on: "rationale: is required"."""
    problems = []
    for item in error.errors():
        field = " ".join(FIELD_WORDS.get(str(part), str(part).replace("_", " ")) for part in item["loc"])
        problems.append(f"{field}: {_in_words(item)}" if field else _in_words(item))
    return problems


class InputProblems(ValueError):
    """An input refused with every problem it has, by the field each belongs to ("" for the input as a whole), in
    words (every_problem)."""

    def __init__(self, by_field: dict[str, list[str]]):
        self.by_field = by_field
        super().__init__("; ".join(p for problems in by_field.values() for p in problems))


def every_problem(model: type[Input], values: dict[str, Any]) -> Input:
    """`model(**values)`, or InputProblems listing every problem at once: each refused field's, and, where a field
    was refused (so the rules across fields did not run), every rule the other values already break."""
    try:
        return model(**values)
    except ValidationError as error:
        by_field = problems_by_field(error)
        by_field.pop("", None)  # the rules across fields, all in one message: listed one by one below
        rough = model.model_construct(**{k: v for k, v in values.items() if k not in by_field})
        try:
            broken = rough.broken_rules()
        except (TypeError, ValueError):  # a value of the wrong type that no field refused: its own problem stands
            broken = []
        for field, words in broken:
            if field not in by_field:
                by_field.setdefault(field, []).append(words)
        if not by_field:  # a rule of a nested input (a party's, say): as the validation said it
            by_field = problems_by_field(error)
        raise InputProblems(by_field) from error


def problems_by_field(error: ValidationError) -> dict[str, list[str]]:
    """The same problems as validation_problems, grouped by the input field they belong to (its name), for a form
    that shows each beside its field; problems of the whole input (a rule across fields) are under ""."""
    grouped: dict[str, list[str]] = {}
    for item, words in zip(error.errors(), validation_problems(error), strict=True):
        field = str(item["loc"][0]) if item["loc"] else ""
        grouped.setdefault(field, []).append(words)
    return grouped


_PATTERN_WORDS = {
    SLUG_PATTERN: "must be lowercase letters and digits in words joined by hyphens, e.g. oecd-ai-principles",
    METRIC_PATTERN: "must be a name in words (letters, spaces and hyphens), e.g. Member States",
    r"^[A-Za-z0-9._@+-]{2,120}$": "must be 2 to 120 letters, digits or . _ @ + -, without spaces",
}


def _in_words(item: dict) -> str:
    kind, context = item["type"], item.get("ctx", {})
    if kind == "missing" or (kind == "string_too_short" and context.get("min_length") == 1):
        return "is required"
    if kind == "string_too_long":
        return f"is too long: at most {context['max_length']:,} characters"
    if kind in ("less_than_equal", "greater_than_equal", "greater_than"):
        bound = context.get("le", context.get("ge", context.get("gt")))
        word = {"less_than_equal": "at most", "greater_than_equal": "at least", "greater_than": "more than"}[kind]
        return f"must be {word} {bound:,}"
    if kind.startswith(("date_", "datetime_")):
        return "is not a date in the form YYYY-MM-DD"
    if kind in ("float_parsing", "int_parsing", "float_type", "int_type"):
        return "must be a number"
    if kind == "string_pattern_mismatch":
        return _PATTERN_WORDS.get(context.get("pattern", ""), "is not in the expected form")
    return item["msg"].removeprefix("Value error, ")


def validation_message(error: ValidationError) -> str:
    """Every problem of a refused input on one line (the CLI's form): "rationale: is required; ..."."""
    return "; ".join(validation_problems(error))
