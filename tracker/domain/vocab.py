"""The controlled vocabularies of the tracker.

Each tuple is the single source for three things: the input models' allowed values, the database's CHECK
constraints, and the labels pages show. Order matters where a scale is ordered (statuses, specificity).
"""

from typing import Literal, get_args

# Status scale for commitments, after the Open Government Partnership's completion scale, with why a rating is
# missing said exactly: `not_assessed` is the state before anyone recorded anything (no one has looked);
# `no_evidence_found` is a look that found nothing (where it looked is its evidence, when is the day it
# describes); `not_applicable` says the scale does not apply. Progress updates use all but `not_assessed`.
Status = Literal[
    "not_assessed", "no_evidence_found", "not_applicable", "not_started", "limited", "substantial", "complete",
    "withdrawn",
]  # fmt: skip
STATUSES: tuple[str, ...] = get_args(Status)
UpdateStatus = Literal[
    "no_evidence_found", "not_applicable", "not_started", "limited", "substantial", "complete", "withdrawn"
]  # fmt: skip
UPDATE_STATUSES: tuple[str, ...] = get_args(UpdateStatus)
STATUS_LABELS = {
    "not_assessed": "Not assessed",
    "no_evidence_found": "No evidence found",
    "not_applicable": "Not applicable",
    "not_started": "Not started",
    "limited": "Limited",
    "substantial": "Substantial",
    "complete": "Complete",
    "withdrawn": "Withdrawn",
}
# What each status says, and its SDMX observation status (the OBS_STATUS code list) for statistical users: a
# rating is a normal value (A); no one having looked is data that exist but were not collected (L); a look that
# found nothing leaves the value missing (O); a scale that does not apply is a value that cannot exist (M).
STATUS_MEANINGS = {
    "not_assessed": "No one has looked yet: no progress update has been recorded.",
    "no_evidence_found": "Someone looked and found no evidence either way: the update says where and when.",
    "not_applicable": "The scale does not apply to this commitment: the update says why.",
    "not_started": "Looked: nothing has been done yet.",
    "limited": "Some progress, well short of the commitment.",
    "substantial": "Much of the commitment is done.",
    "complete": "The commitment is fulfilled.",
    "withdrawn": "The commitment was dropped by those who made it.",
}
SDMX_OBS_STATUS = {
    "not_assessed": ("L", "Data exist but were not collected"),
    "no_evidence_found": ("O", "Missing value"),
    "not_applicable": ("M", "Missing value; data cannot exist"),
    **{status: ("A", "Normal value") for status in ("not_started", "limited", "substantial", "complete", "withdrawn")},
}
assert set(STATUS_MEANINGS) == set(SDMX_OBS_STATUS) == set(STATUSES) == set(STATUS_LABELS)

# How a stated number relates to the real one, in the text's own word: "over 300" is `over` 300 (more than 300),
# which is not "at least 300". QUALIFIER_WORDS is how each reads before the number ("exact" reads as the number).
Qualifier = Literal["exact", "over", "at_least", "approximately", "up_to"]
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)
QUALIFIER_WORDS = {"exact": "", "over": "over", "at_least": "at least", "approximately": "about", "up_to": "up to"}

# `country` and `city` are parties in their own right where a text says "China's commitment" or "Shanghai's
# commitment": the tracker records who the text says commits, not the body its speaker works for.
OrganizationKind = Literal[
    "country",
    "city",
    "standards_body",
    "standards_cooperation",
    "ministry",
    "regulator",
    "city_government",
    "government_agency",
    "organizing_committee",
    "alliance",
    "research_lab",
    "research_institute",
    "bank",
    "other",
]
ORGANIZATION_KINDS: tuple[str, ...] = get_args(OrganizationKind)

# What an organization did at an event, as the texts state it. `participant` is an organization whose official
# spoke at the event (the texts name the speaker and their organization).
EventRole = Literal["issuer", "host", "guide", "supporter", "co_organizer", "participant"]
EVENT_ROLES: tuple[str, ...] = get_args(EventRole)

# What an organization is to a commitment: `party` is who the text says commits ("IEC, ISO and ITU have pledged",
# "China's commitment"); `responsible` is a body the text names as the one to deliver it. Who *said* it is the
# commitment's `stated_by` person, and the body they speak for is that person's organization.
PartyRole = Literal["party", "responsible"]
PARTY_ROLES: tuple[str, ...] = get_args(PartyRole)

InitiativeKind = Literal["initiative", "case_collection"]
INITIATIVE_KINDS: tuple[str, ...] = get_args(InitiativeKind)

# Figures count different things and are never added up. `attendance` counts who came to the event; `context` is
# any other number stated there ("69 Chinese organizations currently contribute to ITU's standardization
# activities"), which is never shown as attendance.
# METRICS are the names offered first; an editor may name what another figure counts ("member states"), in
# words (METRIC_PATTERN), kept as typed.
Metric = Literal["delegates", "participants", "countries", "organizations"]
METRICS: tuple[str, ...] = get_args(Metric)
METRIC_PATTERN = r"^[^\W\d_](?:[^\W\d_]| |-){0,39}$"  # words of letters (any script), spaces and hyphens, as typed
FigureKind = Literal["attendance", "context"]
FIGURE_KINDS: tuple[str, ...] = get_args(FigureKind)

# How precisely a deadline is known, as the text writes it: "by Q2 2027" is known to the quarter. The date stored is
# the period's last day, which the deadline rules count to (see tracker.domain.rules.date_as_written).
DatePrecision = Literal["day", "month", "quarter", "year"]
DATE_PRECISIONS: tuple[str, ...] = get_args(DatePrecision)

# What an editor did to a fact: every one is an entry in the Changes log (models.tables.FactChange).
FactAction = Literal["added", "corrected", "retracted"]
FACT_ACTIONS: tuple[str, ...] = get_args(FactAction)

# What the tracker counts as a commitment (see tracker.domain.codebook for the rules and their words). Commitments and
# priorities are tracked; the other classes describe the rest of each document's passages.
CommitmentKind = Literal["commitment", "priority"]
COMMITMENT_KINDS: tuple[str, ...] = get_args(CommitmentKind)
PassageClass = Literal["commitment", "priority", "aim", "initiative", "figure", "summary", "context"]
PASSAGE_CLASSES: tuple[str, ...] = get_args(PassageClass)

StatementKind = Literal["direct_quote", "reported_speech"]
STATEMENT_KINDS: tuple[str, ...] = get_args(StatementKind)

Origin = Literal["seed", "user"]
ORIGINS: tuple[str, ...] = get_args(Origin)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def sql_in(column: str, values: tuple[str, ...]) -> str:
    """A CHECK constraint body limiting `column` to `values` (literals from this module, never user input)."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


# Who may do what. Everyone may read; any account may contest a value; a party's representative (`party`) may
# also reply for the one party their account names; editors record progress and add data; admins also manage
# accounts.
Role = Literal["viewer", "party", "editor", "admin"]
ROLES: tuple[str, ...] = get_args(Role)
WRITER_ROLES = ("editor", "admin")

# The statuses that rate progress against what a commitment promised: each needs the commitment's rubric (what
# would count as limited, substantial and complete for it) written before it.
RATINGS = ("limited", "substantial", "complete")

# How far an editor's update or rubric has got on its way to readers (models.tables.Draft): `pending` waits for a
# second editor; `approved` in an open assessment round waits for the round to be published; `sent_back` was
# returned with a reason; `published` is in the tracker for everyone.
DraftState = Literal["pending", "approved", "sent_back", "published"]
DRAFT_STATES: tuple[str, ...] = get_args(DraftState)
DRAFT_STATE_LABELS = {
    "pending": "Waiting for a second editor",
    "approved": "Approved, published with its round",
    "sent_back": "Sent back",
    "published": "Published",
}
DraftKind = Literal["progress_update", "rubric"]
DRAFT_KINDS: tuple[str, ...] = get_args(DraftKind)

# A committing party's answer to a rating (models.tables.PartyReply), after the UN's Universal Periodic Review and
# OGP's government comments. `no_response` is never read as agreement.
ReplyStatus = Literal["invited", "no_response", "acknowledged", "responded", "declined"]
REPLY_STATUSES: tuple[str, ...] = get_args(ReplyStatus)
REPLY_STATUS_LABELS = {
    "invited": "Invited to reply",
    "no_response": "No response (not agreement)",
    "acknowledged": "Acknowledged, no view given",
    "responded": "Responded",
    "declined": "Declined to reply",
}
ReplyChannel = Literal["email", "letter", "meeting", "phone", "website", "public_statement", "tracker_account"]
REPLY_CHANNELS: tuple[str, ...] = get_args(ReplyChannel)
REPLY_CHANNEL_LABELS = {
    "email": "E-mail",
    "letter": "Letter",
    "meeting": "Meeting",
    "phone": "Phone",
    "website": "The party's website",
    "public_statement": "Public statement",
    "tracker_account": "The party's account on this tracker",
}

# The values of a commitment anyone with an account may contest (models.tables.Contest), and how one ends: `kept`
# (checked, it stands) or `corrected` (with a link to the correction).
ContestedValue = Literal["status", "progress_value", "due_date", "target_value", "parties", "made_on", "text"]
CONTESTED_VALUES: tuple[str, ...] = get_args(ContestedValue)
CONTESTED_VALUE_LABELS = {
    "status": "Status",
    "progress_value": "Progress (number reached)",
    "due_date": "Deadline",
    "target_value": "Target",
    "parties": "Who commits",
    "made_on": "Day made",
    "text": "Text of the commitment",
}
Resolution = Literal["kept", "corrected"]
RESOLUTIONS: tuple[str, ...] = get_args(Resolution)
RESOLUTION_LABELS = {"kept": "Checked and kept", "corrected": "Corrected"}
