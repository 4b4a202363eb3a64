"""The controlled vocabularies of the tracker.

Each tuple is the single source for three things: the input models' allowed values, the database's CHECK
constraints, and the labels pages show. Order matters where a scale is ordered (statuses, specificity).
"""

from typing import Literal, get_args

# Status scale for commitments, after the Open Government Partnership's completion scale.
# `not_assessed` is the state before anyone recorded anything; progress updates use the rest.
Status = Literal["not_assessed", "not_started", "limited", "substantial", "complete", "withdrawn"]
STATUSES: tuple[str, ...] = get_args(Status)
UpdateStatus = Literal["not_started", "limited", "substantial", "complete", "withdrawn"]
UPDATE_STATUSES: tuple[str, ...] = get_args(UpdateStatus)
STATUS_LABELS = {
    "not_assessed": "Not assessed",
    "not_started": "Not started",
    "limited": "Limited",
    "substantial": "Substantial",
    "complete": "Complete",
    "withdrawn": "Withdrawn",
}

# How a stated number relates to the real one: "over 300" is at_least 300.
Qualifier = Literal["exact", "at_least", "approximately"]
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)
QUALIFIER_SYMBOLS = {"exact": "", "at_least": "+", "approximately": "~"}

OrganizationKind = Literal[
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

# What an organization is to a commitment: `party` pledged it (jointly or alone, often through an official's
# words); `responsible` is the body whose own programme the text describes as the one to deliver it.
PartyRole = Literal["party", "responsible"]
PARTY_ROLES: tuple[str, ...] = get_args(PartyRole)

InitiativeKind = Literal["initiative", "case_collection"]
INITIATIVE_KINDS: tuple[str, ...] = get_args(InitiativeKind)

# Participation metrics count different things and are never added up.
Metric = Literal["delegates", "participants", "countries", "organizations"]
METRICS: tuple[str, ...] = get_args(Metric)

StatementKind = Literal["direct_quote", "reported_speech"]
STATEMENT_KINDS: tuple[str, ...] = get_args(StatementKind)

Origin = Literal["seed", "user"]
ORIGINS: tuple[str, ...] = get_args(Origin)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def sql_in(column: str, values: tuple[str, ...]) -> str:
    """A CHECK constraint body limiting `column` to `values` (literals from this module, never user input)."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


# Who may do what. Everyone may read; editors record progress and add data; admins also manage accounts.
Role = Literal["viewer", "editor", "admin"]
ROLES: tuple[str, ...] = get_args(Role)
WRITER_ROLES = ("editor", "admin")
