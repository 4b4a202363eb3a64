"""Hand-written SQL of every commitment's status with its lists: the same 38 columns and values as the commitments
file (commitments.csv), written for each database as one would by hand, to time the file against.

The values are the file's before it makes them safe for spreadsheets and words them (`tests/test_by_hand.py`
checks they are the same). Each statement takes the as-of date as `:d`, and `:soon` and `:stale` (the last day
that counts as due soon, and the first day a look no longer keeps a commitment fresh) and `:next_day` (the first
moment after the as-of date), worked out from it by `parameters`.

Each looks up what a commitment needs once, in a fenced inner query, and works out the rest from that. The best
found by hand at 100,000 commitments and 1,000,000 updates:
- SQLite: a seek on the covering index (commitment, as_of, id, status, progress, recorded_at) for each value of
  the latest update (status, day) and of the latest with a number (number, day). One seek for the update's id and
  its row by key was twice as slow: the seeks read the index alone.
- PostgreSQL: one LEFT JOIN LATERAL for the latest update (id, status, day) and one for the latest with a number.
- On both, the last look is an aggregate of the commitment's updates, and the lists, the reply count and the
  contest count are correlated subqueries on their indexes. A single pass over every update (a window or a GROUP
  BY) was slower on both.
"""

import datetime as dt

from tracker.domain import rules
from tracker.present.exports import COMMITMENTS_FILE

CLOSED = ", ".join(f"'{status}'" for status in sorted(rules.CLOSED_STATUSES))
# The stored columns are read as they are, named as in the file (from its declaration); the lists and the claims
# are the work written by hand.
STORED = ", ".join(
    f"c.{field} AS {name}" for field, name in zip(COMMITMENTS_FILE.stored_fields, COMMITMENTS_FILE.stored, strict=True)
)
COLUMNS = ", ".join(
    (*COMMITMENTS_FILE.stored, "parties", "themes", "status", "progress_value", "progress_on", "last_update")
    + ("made_on", "made_on_inferred")
)

# The latest update dated by then that no correction replaces ({also}: with a number, for progress).
LATEST = """
    FROM progress_update x
    WHERE x.commitment_slug = c.slug AND x.as_of <= :d {also}
      AND NOT EXISTS (SELECT 1 FROM progress_update y WHERE y.corrects_id = x.id)
    ORDER BY x.as_of DESC, x.id DESC LIMIT 1"""
WITH_A_NUMBER = "AND x.progress_value IS NOT NULL"

# What is looked up for each commitment, beside its lists: {status}, {last_update}, {progress_value},
# {progress_on}, {rated} (the id of the update its status comes from), {last_checked}, {opened}, {resolved}.
LOOKED_UP = """
    {status} AS status, {progress_value} AS progress_value, {progress_on} AS progress_on,
    {last_update} AS last_update, coalesce(e.start_date, s.published_on) AS made_on,
    coalesce(e.dates_inferred, c.event_slug IS NULL AND EXISTS (
        SELECT 1 FROM inference i WHERE i.fact = 'source:' || c.source_slug AND i.field = 'published_on'
    )) AS made_on_inferred,
    {last_checked} AS last_checked,
    (CASE WHEN EXISTS (SELECT 1 FROM commitment_party cp WHERE cp.commitment_slug = c.slug AND NOT cp.inferred)
          THEN 1 ELSE 0 END)
        + (CASE WHEN c.due_date IS NOT NULL THEN 1 ELSE 0 END)
        + (CASE WHEN c.target_value IS NOT NULL THEN 1 ELSE 0 END) AS specificity,
    (SELECT max(r.id) FROM rubric r WHERE r.commitment_slug = c.slug) AS rubric,
    (SELECT count(*) FROM party_reply r JOIN progress_update rated ON rated.id = r.update_id
     WHERE r.commitment_slug = c.slug AND r.update_id = {rated} AND r.party_status IS NOT NULL
       AND r.party_status <> rated.status AND r.received_on <= :d
       AND NOT EXISTS (SELECT 1 FROM party_reply later WHERE later.update_id = r.update_id
                       AND later.party_slug = r.party_slug AND later.received_on <= :d AND later.id > r.id)
    ) AS parties_disagree,
    (SELECT count(*) FROM contest k WHERE k.commitment_slug = c.slug AND {opened} <= :d
       AND (k.resolved_at IS NULL OR {resolved} > :d)) AS open_contests"""

# The rest, worked out from what was looked up (the inner query is `v`).
WORKED_OUT = f"""
    CASE WHEN v.due_date IS NULL THEN 'no_deadline'
         WHEN v.status IN ({CLOSED}) THEN 'closed'
         WHEN v.due_date < :d AND v.status = 'not_assessed' THEN 'passed_not_assessed'
         WHEN v.due_date < :d THEN 'overdue'
         WHEN v.due_date <= :soon THEN 'due_soon'
         ELSE 'on_track' END AS deadline_state,
    {{days_left}} AS days_left,
    v.status NOT IN ({CLOSED}) AND coalesce(v.last_checked, v.made_on) < :stale AS stale,
    v.specificity, v.due_date IS NOT NULL OR v.target_value IS NOT NULL AS verifiable,
    v.rubric, v.parties_disagree, v.open_contests"""

STANDING = """
    LEFT JOIN event e ON e.slug = c.event_slug
    LEFT JOIN source s ON s.slug = c.source_slug
    WHERE (c.retracted_at IS NULL OR c.retracted_at >= :next_day)
      AND (e.start_date <= :d OR (c.event_slug IS NULL AND s.published_on <= :d))"""


def _statement(
    *, lists: str, joins: str, looked_up: dict[str, str], days_left: str, collate: str, no_limit: str
) -> str:
    inner = f"SELECT {STORED},{lists},{LOOKED_UP.format(**looked_up)}\nFROM commitment c{joins}{STANDING}"
    outer = f"SELECT {COLUMNS},{WORKED_OUT.format(days_left=days_left)}"
    # The inner query fenced (OFFSET 0), so neither database folds it in and repeats its lookups.
    return f"{outer}\nFROM ({inner}\nLIMIT {no_limit} OFFSET 0) v\nORDER BY v.slug{collate}"


def _seek(value: str, also: str = "") -> str:
    return f"(SELECT x.{value}{LATEST.format(also=also)})"


COMMITMENTS_BY_HAND = {
    "sqlite": _statement(
        lists="""
    coalesce((SELECT group_concat(item, '; ') FROM (
        SELECT cp.organization_slug || CASE WHEN cp.inferred THEN ' (inferred)' ELSE '' END AS item
        FROM commitment_party cp WHERE cp.commitment_slug = c.slug ORDER BY cp.organization_slug)), '') AS parties,
    coalesce((SELECT group_concat(theme_slug, '; ') FROM (
        SELECT ct.theme_slug FROM commitment_theme ct WHERE ct.commitment_slug = c.slug ORDER BY ct.theme_slug)),
        '') AS themes""",
        joins="",
        looked_up={
            "status": f"coalesce({_seek('status')}, c.status)",
            "last_update": _seek("as_of"),
            "progress_value": _seek("progress_value", WITH_A_NUMBER),
            "progress_on": _seek("as_of", WITH_A_NUMBER),
            "rated": _seek("id"),
            "last_checked": """(SELECT max(CASE WHEN date(u.recorded_at) <= :d
        THEN max(u.as_of, date(u.recorded_at)) ELSE u.as_of END)
        FROM progress_update u WHERE u.commitment_slug = c.slug AND u.as_of <= :d)""",
            "opened": "date(k.opened_at)",
            "resolved": "date(k.resolved_at)",
        },
        days_left="CAST(julianday(v.due_date) - julianday(:d) AS INTEGER)",
        collate="",
        no_limit="-1",
    ),
    "postgresql": _statement(
        lists="""
    coalesce((SELECT string_agg(cp.organization_slug || CASE WHEN cp.inferred THEN ' (inferred)' ELSE '' END, '; '
        ORDER BY cp.organization_slug COLLATE "C")
        FROM commitment_party cp WHERE cp.commitment_slug = c.slug), '') AS parties,
    coalesce((SELECT string_agg(ct.theme_slug, '; ' ORDER BY ct.theme_slug COLLATE "C")
        FROM commitment_theme ct WHERE ct.commitment_slug = c.slug), '') AS themes""",
        joins=f"""
    LEFT JOIN LATERAL (SELECT x.id, x.status, x.as_of{LATEST.format(also="")}) l ON true
    LEFT JOIN LATERAL (SELECT x.progress_value, x.as_of{LATEST.format(also=WITH_A_NUMBER)}) p ON true""",
        looked_up={
            "status": "coalesce(l.status, c.status)",
            "last_update": "l.as_of",
            "progress_value": "p.progress_value",
            "progress_on": "p.as_of",
            "rated": "l.id",
            "last_checked": """(SELECT max(CASE WHEN CAST(u.recorded_at AS DATE) <= :d
        THEN GREATEST(u.as_of, CAST(u.recorded_at AS DATE)) ELSE u.as_of END)
        FROM progress_update u WHERE u.commitment_slug = c.slug AND u.as_of <= :d)""",
            "opened": "CAST(k.opened_at AS DATE)",
            "resolved": "CAST(k.resolved_at AS DATE)",
        },
        days_left="v.due_date - CAST(:d AS DATE)",
        collate=' COLLATE "C"',
        no_limit="ALL",
    ),
}


def parameters(as_of: dt.date, dialect: str) -> dict[str, object]:
    """The statement's parameters for `as_of`: on SQLite as text, as it stores dates and moments; dates elsewhere."""
    values = {
        "d": as_of,
        "soon": as_of + dt.timedelta(days=rules.DUE_SOON_DAYS),
        "stale": as_of - dt.timedelta(days=rules.stale_after_days()),
        "next_day": rules.end_of_day(as_of),
    }
    if dialect == "sqlite":
        moment = "%Y-%m-%d %H:%M:%S.%f"
        return {k: v.strftime(moment) if isinstance(v, dt.datetime) else v.isoformat() for k, v in values.items()}
    return values


def inlined(as_of: dt.date) -> str:
    """The PostgreSQL statement with its parameters written in, on one line, for `psql \\copy` (which takes none)."""
    literals = {
        name: f"TIMESTAMPTZ '{value.isoformat()}'" if isinstance(value, dt.datetime) else f"DATE '{value}'"
        for name, value in parameters(as_of, "postgresql").items()
    }
    statement = COMMITMENTS_BY_HAND["postgresql"]
    for name in sorted(literals, key=len, reverse=True):
        statement = statement.replace(f":{name}", literals[name])
    return " ".join(statement.split())
