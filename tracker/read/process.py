"""The assessment process as it stands on a date (tracker.write.review writes it): a commitment's rubric, the rating
in force and who reviewed it, each committing party's reply to that rating, and the values contested. Pages, the
API, decks and briefs read `due_process`; its counts (a party disagreeing, values contested) are claims of the one
as-of view (`parties_disagree`, `open_contests`), so lists, files and headlines agree with it.

Drafts are for editors only (`drafts`, `rounds`, `round_needs`): no reader's output reads them.
"""

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from models.tables import (
    AssessmentRound,
    Commitment,
    CommitmentParty,
    Contest,
    Draft,
    DraftComment,
    Organization,
    PartyReply,
    ProgressUpdate,
    Rubric,
)
from tracker.domain import rules
from tracker.domain.settings import settings
from tracker.read.as_of import commitments_view
from tracker.read.expressions import org_display_name, rating_expression, standing_replies
from tracker.read.filters import CommitmentFilter


def due_process(engine: Engine, slug: str, as_of: dt.date) -> dict[str, Any]:
    """What readers see of a commitment's assessment on `as_of`: `review` (second-editor or single), `rubric` (in
    force: the latest, which every rating is read against) and `rubrics` (every one, newest first), `rating` (the
    update the status comes from, with its author and reviewer), `replies` (each committing party's reply in force
    to that rating, or none recorded, and whether its own status differs from ours) and `contests` (every one
    opened by then, resolved by then or open)."""
    end = rules.end_of_day(as_of)
    with engine.connect() as connection:
        rubrics = [
            dict(row._mapping)
            for row in connection.execute(
                sa.select(Rubric).where(Rubric.commitment_slug == slug).order_by(Rubric.id.desc())
            )
        ]
        rating_id = connection.execute(
            sa.select(rating_expression(as_of)).select_from(Commitment).where(Commitment.slug == slug)
        ).scalar()
        rating = None
        if rating_id is not None:
            rating = dict(
                connection.execute(sa.select(ProgressUpdate).where(ProgressUpdate.id == rating_id)).one()._mapping
            )
        parties = connection.execute(
            sa.select(Organization.slug, org_display_name().label("name"))
            .join(CommitmentParty, CommitmentParty.organization_slug == Organization.slug)
            .where(CommitmentParty.commitment_slug == slug, CommitmentParty.role == "party")
            .order_by(org_display_name())
        ).all()
        answered = replies_to(engine, [rating_id], as_of).get(rating_id, []) if rating_id is not None else []
        by_party = {}
        for reply in answered:
            del reply["party_name"]  # the reply's own columns: its party is named in the list below
            by_party[reply["party_slug"]] = reply
        replies = []
        for party in parties:
            reply = by_party.get(party.slug)
            differs = bool(reply and rating and reply["party_status"] and reply["party_status"] != rating["status"])
            replies.append({"party": party.slug, "party_name": party.name, "reply": reply, "differs": differs})
        contests = []
        for row in connection.execute(
            sa.select(Contest).where(Contest.commitment_slug == slug, Contest.opened_at < end).order_by(Contest.id)
        ):
            contest = dict(row._mapping)
            if contest["resolved_at"] is not None and contest["resolved_at"] >= end:  # not resolved yet by then
                contest |= {"resolution": None, "resolution_note": "", "correction": "", "resolved_by": None}
                contest["resolved_at"] = None
            contests.append(contest)
    return {
        "review": settings().review,
        "rubric": rubrics[0] if rubrics else None,
        "rubrics": rubrics,
        "rating": rating,
        "replies": replies,
        "contests": contests,
    }


def replies_to(engine: Engine, update_ids: list[int], as_of: dt.date) -> dict[int, list[dict[str, Any]]]:
    """Each party's reply in force on `as_of` to each of the updates `update_ids`, by update: what a list of
    ratings (the Atom feed) shows beside each."""
    if not update_ids:
        return {}
    reply, standing = standing_replies(as_of)
    statement = (
        sa.select(
            *(getattr(reply, column.name) for column in PartyReply.__table__.columns),
            org_display_name().label("party_name"),
        )
        .join(Organization, Organization.slug == reply.party_slug)
        .where(reply.update_id.in_(update_ids), *standing)
        .order_by(reply.update_id, "party_name")
    )
    found: dict[int, list[dict[str, Any]]] = {}
    with engine.connect() as connection:
        for row in connection.execute(statement):
            found.setdefault(row.update_id, []).append(dict(row._mapping))
    return found


def review_words() -> str:
    """How assessments are reviewed, in a sentence every output carries."""
    if settings().single_review:
        return (
            "Assessments are single-reviewed: each rating and rubric is published by the editor who wrote it, with "
            "no second editor's check."
        )
    return "Every rating and rubric is approved by a second editor before it is published."


# --- for editors ----------------------------------------------------------------------------------------------


def drafts(engine: Engine, *, states: tuple[str, ...] = ("pending", "approved"), slug: str | None = None) -> list:
    """Drafts in `states` (of one commitment, with `slug`), oldest first, each with its commitment's title, its
    values and its comments."""
    with engine.connect() as connection:
        statement = (
            sa.select(*Draft.__table__.columns, Commitment.title.label("commitment_title"))
            .join(Commitment, Commitment.slug == Draft.commitment_slug)
            .where(Draft.state.in_(states))
            .order_by(Draft.id)
        )
        if slug is not None:
            statement = statement.where(Draft.commitment_slug == slug)
        found = [dict(row._mapping) for row in connection.execute(statement)]
        ids = [draft["id"] for draft in found]
        comments: dict[int, list] = {}
        for row in connection.execute(
            sa.select(DraftComment).where(DraftComment.draft_id.in_(ids)).order_by(DraftComment.id)
        ):
            comments.setdefault(row.draft_id, []).append(dict(row._mapping))
    for draft in found:
        draft["values"] = json.loads(draft["payload"])
        draft["comments"] = comments.get(draft["id"], [])
    return found


def rounds(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        return [
            dict(row._mapping)
            for row in connection.execute(sa.select(AssessmentRound).order_by(AssessmentRound.id.desc()))
        ]


def round_needs(engine: Engine, assessment: dict[str, Any], as_of: dt.date) -> list[dict[str, Any]]:
    """Each commitment standing on `as_of` that the round has not dealt with: no rubric yet, or no update
    recorded since the round opened and none in the round waiting; with what it needs, in words."""
    opened = assessment["opened_at"]
    view = commitments_view(CommitmentFilter(as_of=as_of), columns=("slug", "title", "status", "rubric")).subquery()
    rated = sa.select(ProgressUpdate.commitment_slug).where(ProgressUpdate.recorded_at >= opened)
    drafted = sa.select(Draft.commitment_slug).where(
        Draft.round_id == assessment["id"], Draft.kind == "progress_update", Draft.state.in_(("pending", "approved"))
    )
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(view.c.slug, view.c.title, view.c.status, view.c.rubric).where(
                view.c.slug.not_in(rated), view.c.slug.not_in(drafted)
            )
        ).all()
    return [
        {
            "slug": row.slug,
            "title": row.title,
            "needs": "a rubric, then a rating" if row.rubric is None else "a rating (or a look) this round",
        }
        for row in rows
    ]
