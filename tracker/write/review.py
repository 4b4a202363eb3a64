"""Due process: how an assessment reaches readers, and how those it concerns answer it.

- **A rubric before a rating.** `submit_rubric` writes (or replaces) what would count as limited, substantial and
  complete for a commitment; a rating without one is refused (writes.check_progress).
- **A second editor before publication.** `submit_progress` and `submit_rubric` make a Draft, which is not in the
  tracker's facts: no page, answer, feed or file can show it. A second editor `approve`s it (it is published, with
  both names and times) or `send_back`s it with a reason; `comment` keeps the discussion with it. With
  TRACKER_REVIEW=single they are published at once, and every output says assessments are single-reviewed.
- **Assessment rounds.** While a round is open, new drafts belong to it and approved ones wait; `publish_round`
  publishes them all in one transaction.
- **Right of reply.** `record_reply` keeps a committing party's answer to a rating verbatim, by an editor or by
  the party's own representative (whose account may reply for that party only).
- **Contested values.** Any account may `contest` a value of a commitment; an editor `resolve`s it (kept, or
  corrected with a link to the correction), and the thread stays.

Every function is one transaction that checks the actor's role against the database, and raises WriteError (or
PermissionDenied) with a sentence for the user, writing nothing.
"""

import datetime as dt
import json
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session

from models.db import bump_revision, write_session
from models.inputs import ContestCreate, ContestResolution, PartyReplyCreate, ProgressUpdateCreate, RubricCreate
from models.tables import (
    AssessmentRound,
    Commitment,
    CommitmentParty,
    Contest,
    Draft,
    DraftComment,
    FactChange,
    PartyReply,
    ProgressUpdate,
    Rubric,
    utcnow,
)
from tracker.domain.settings import settings
from tracker.write.auth import Actor, PermissionDenied, require_account, require_writer
from tracker.write.writes import WriteError, progress_target, publish_progress, rubric_of

INPUTS = {"progress_update": ProgressUpdateCreate, "rubric": RubricCreate}


@dataclass(frozen=True)
class Submitted:
    """What became of an editor's submission: a draft waiting for a second editor, or (single review) the row
    published at once."""

    draft: Draft | None
    published: ProgressUpdate | Rubric | None

    @property
    def words(self) -> str:
        if self.published is not None:
            what = "update" if isinstance(self.published, ProgressUpdate) else "rubric"
            return f"Published {what} #{self.published.id} (single review: no second editor checks it)."
        return f"Saved as draft #{self.draft.id}: a second editor reviews it before readers see it (Review page)."


# --- rubrics and progress: drafts and their review -------------------------------------------------------------


def submit_progress(
    engine, *, data: ProgressUpdateCreate, actor: Actor | None, expected_version: int | None = None
) -> Submitted:
    """An editor's progress update or correction: checked now as it will be on publication, then a draft (or, with
    single review, published)."""
    with write_session(engine) as session:
        account = require_writer(session, actor)
        commitment = progress_target(session, data, expected_version)
        if settings().single_review:
            return Submitted(None, publish_progress(session, commitment, data, account.username))
        return Submitted(_draft(session, "progress_update", data, account.username), None)


def submit_rubric(engine, *, data: RubricCreate, actor: Actor | None) -> Submitted:
    """An editor's rubric for a commitment (or a new one replacing the one in force)."""
    with write_session(engine) as session:
        account = require_writer(session, actor)
        _check_rubric(session, data)
        if settings().single_review:
            return Submitted(None, _publish_rubric(session, data, account.username))
        return Submitted(_draft(session, "rubric", data, account.username), None)


def _check_rubric(session: Session, data: RubricCreate) -> None:
    if session.get(Commitment, data.commitment_slug) is None:
        raise WriteError(f"there is no commitment '{data.commitment_slug}'")
    current = rubric_of(session, data.commitment_slug)
    if current is not None and data.corrects_id != current.id:
        raise WriteError(
            f"'{data.commitment_slug}' has rubric #{current.id}: a new one replaces it (corrects #{current.id}) "
            "and says why"
        )
    if current is None and data.corrects_id is not None:
        raise WriteError(f"'{data.commitment_slug}' has no rubric yet to replace")


def _publish_rubric(
    session: Session,
    data: RubricCreate,
    written_by: str,
    reviewed_by: str | None = None,
    at: dt.datetime | None = None,
    *,
    written_at: dt.datetime | None = None,
) -> Rubric:
    rubric = Rubric(
        **data.model_dump(),
        written_by=written_by,
        written_at=written_at or utcnow(),
        reviewed_by=reviewed_by,
        reviewed_at=at,
    )
    session.add(rubric)
    bump_revision(session)
    session.flush()
    return rubric


def _draft(session: Session, kind: str, data: ProgressUpdateCreate | RubricCreate, username: str) -> Draft:
    open_round = _open_round(session)
    draft = Draft(
        kind=kind,
        commitment_slug=data.commitment_slug,
        payload=data.model_dump_json(),
        submitted_by=username,
        round_id=open_round.id if open_round else None,
    )
    session.add(draft)
    bump_revision(session)
    session.flush()
    return draft


def _pending(session: Session, draft_id: int) -> Draft:
    draft = session.get(Draft, draft_id, with_for_update=True)
    if draft is None:
        raise WriteError(f"there is no draft #{draft_id}")
    if draft.state != "pending":
        raise WriteError(f"draft #{draft_id} is {draft.state.replace('_', ' ')}, not waiting for review")
    return draft


def _second_editor(session: Session, actor: Actor | None, draft: Draft) -> str:
    account = require_writer(session, actor)
    if account.username == draft.submitted_by:
        raise PermissionDenied(f"draft #{draft.id} is yours: a second editor reviews it")
    return account.username


def approve(engine, *, draft_id: int, actor: Actor | None, note: str = "") -> Draft:
    """A second editor approves a draft: it is published now, or, in a round still open, when the round is."""
    with write_session(engine) as session:
        draft = _pending(session, draft_id)
        username = _second_editor(session, actor, draft)
        draft.decided_by, draft.decided_at, draft.decision_note = username, utcnow(), note.strip()
        draft.state = "approved"
        held = draft.round_id is not None and session.get(AssessmentRound, draft.round_id).published_at is None
        if not held:
            _publish(session, draft)
        bump_revision(session)
        session.flush()
        return draft


def _publish(session: Session, draft: Draft) -> None:
    """The approved draft in the record, checked again against the record as it is now (a rubric replaced, an
    update corrected meanwhile)."""
    data = INPUTS[draft.kind].model_validate_json(draft.payload)
    if draft.kind == "rubric":
        _check_rubric(session, data)
        row = _publish_rubric(
            session, data, draft.submitted_by, draft.decided_by, draft.decided_at, written_at=draft.submitted_at
        )
    else:
        commitment = progress_target(session, data, None)
        row = publish_progress(session, commitment, data, draft.submitted_by, draft.decided_by, draft.decided_at)
    draft.state, draft.published_id = "published", row.id


def send_back(engine, *, draft_id: int, actor: Actor | None, reason: str) -> Draft:
    """A second editor returns a draft to its author, saying why; it is never published."""
    if not reason.strip():
        raise WriteError("say why the draft is sent back: its author reads it")
    with write_session(engine) as session:
        draft = _pending(session, draft_id)
        username = _second_editor(session, actor, draft)
        draft.decided_by, draft.decided_at, draft.decision_note = username, utcnow(), reason.strip()
        draft.state = "sent_back"
        bump_revision(session)
        session.flush()
        return draft


def comment(engine, *, draft_id: int, actor: Actor | None, text: str) -> DraftComment:
    if not text.strip():
        raise WriteError("a comment needs words")
    with write_session(engine) as session:
        account = require_writer(session, actor)
        if session.get(Draft, draft_id) is None:
            raise WriteError(f"there is no draft #{draft_id}")
        note = DraftComment(draft_id=draft_id, written_by=account.username, text=text.strip()[:2000])
        session.add(note)
        bump_revision(session)
        session.flush()
        return note


# --- rounds ---------------------------------------------------------------------------------------------------


def _open_round(session: Session) -> AssessmentRound | None:
    return session.execute(
        sa.select(AssessmentRound).where(AssessmentRound.published_at.is_(None)).order_by(AssessmentRound.id)
    ).scalar()


def open_round(engine, *, name: str, actor: Actor | None) -> AssessmentRound:
    name = " ".join(name.split())
    if not name or len(name) > 80:
        raise WriteError("a round needs a name of 1 to 80 characters, such as 'December 2026'")
    with write_session(engine) as session:
        account = require_writer(session, actor)
        if (current := _open_round(session)) is not None:
            raise WriteError(f"round '{current.name}' is open: publish it before opening another")
        if session.execute(sa.select(AssessmentRound.id).where(AssessmentRound.name == name)).first():
            raise WriteError(f"a round named '{name}' already exists")
        opened = AssessmentRound(name=name, opened_by=account.username)
        session.add(opened)
        bump_revision(session)
        session.flush()
        return opened


def publish_round(engine, *, round_id: int, actor: Actor | None) -> list[Draft]:
    """Every approved draft of the round published at one moment, in the order submitted; drafts still waiting
    for review stay drafts (they are published when approved)."""
    with write_session(engine) as session:
        account = require_writer(session, actor)
        assessment = session.get(AssessmentRound, round_id, with_for_update=True)
        if assessment is None:
            raise WriteError(f"there is no round #{round_id}")
        if assessment.published_at is not None:
            raise WriteError(f"round '{assessment.name}' was published on {assessment.published_at:%-d %B %Y}")
        approved = list(
            session.execute(
                sa.select(Draft).where(Draft.round_id == round_id, Draft.state == "approved").order_by(Draft.id)
            ).scalars()
        )
        for draft in approved:
            _publish(session, draft)
        assessment.published_by, assessment.published_at = account.username, utcnow()
        bump_revision(session)
        session.flush()
        return approved


# --- replies and contests -------------------------------------------------------------------------------------


def record_reply(engine, *, data: PartyReplyCreate, actor: Actor | None) -> PartyReply:
    """A committing party's reply to a rating. An editor records it for any party of the commitment; a party's
    representative only for their own party, through their account."""
    with write_session(engine) as session:
        account = require_account(session, actor, "sign in as an editor or as the party's representative to reply")
        if account.role == "party":
            if account.party_slug != data.party_slug:
                raise PermissionDenied(f"'{account.username}' may reply for {account.party_slug} only")
            if data.channel != "tracker_account":
                raise WriteError("a reply through a representative's account comes by the tracker_account channel")
        elif account.role not in ("editor", "admin"):
            raise PermissionDenied("sign in as an editor or as the party's representative to reply")
        update = session.get(ProgressUpdate, data.update_id)
        if update is None:
            raise WriteError(f"there is no progress update #{data.update_id} to reply to")
        parties = session.execute(
            sa.select(CommitmentParty.organization_slug).where(
                CommitmentParty.commitment_slug == update.commitment_slug, CommitmentParty.role == "party"
            )
        ).scalars()
        if data.party_slug not in set(parties):
            raise WriteError(f"{data.party_slug} is not a party to '{update.commitment_slug}'")
        if data.received_on < update.as_of:
            raise WriteError(f"the reply's date {data.received_on} is before the rating's ({update.as_of})")
        reply = PartyReply(**data.model_dump(), commitment_slug=update.commitment_slug, recorded_by=account.username)
        session.add(reply)
        bump_revision(session)
        session.flush()
        return reply


def contest(engine, *, data: ContestCreate, actor: Actor | None) -> Contest:
    """Anyone with an account contests a value of a commitment, with a reason (and evidence where they have it)."""
    with write_session(engine) as session:
        account = require_account(session, actor, "sign in to contest a value")
        if session.get(Commitment, data.commitment_slug) is None:
            raise WriteError(f"there is no commitment '{data.commitment_slug}'")
        opened = Contest(**data.model_dump(), opened_by=account.username)
        session.add(opened)
        bump_revision(session)
        session.flush()
        return opened


def resolve(engine, *, contest_id: int, data: ContestResolution, actor: Actor | None) -> Contest:
    """An editor resolves a contested value: kept (checked, it stands) or corrected, naming the correction."""
    if data.resolution is None:
        raise WriteError("say how the contest ends: kept or corrected")
    if not data.resolution_note:
        raise WriteError("say what you found: the person who contested it reads it")
    with write_session(engine) as session:
        account = require_writer(session, actor)
        found = session.get(Contest, contest_id, with_for_update=True)
        if found is None:
            raise WriteError(f"there is no contest #{contest_id}")
        if found.resolution is not None:
            raise WriteError(f"contest #{contest_id} was resolved by {found.resolved_by}")
        if data.resolution == "corrected":
            _check_correction(session, data.correction, found.commitment_slug)
        for name, value in data.model_dump().items():
            setattr(found, name, value)
        found.resolved_by, found.resolved_at = account.username, utcnow()
        bump_revision(session)
        session.flush()
        return found


CORRECTIONS = {"progress_update": ProgressUpdate, "rubric": Rubric, "fact_change": FactChange}


def _check_correction(session: Session, address: str, slug: str) -> None:
    """A correction a contest names: a progress update, rubric or change to a fact that exists, by its address."""
    kind, _, number = address.partition(":")
    model = CORRECTIONS.get(kind)
    row = session.get(model, int(number)) if model is not None and number.isdigit() else None
    if row is None:
        raise WriteError(f"'{address}' names no correction: give one as progress_update:12, rubric:3 or fact_change:5")
    if getattr(row, "commitment_slug", slug) != slug:
        raise WriteError(f"'{address}' is a correction of another commitment, not of '{slug}'")


def draft_values(draft: Draft) -> dict:
    """A draft's fields as submitted."""
    return json.loads(draft.payload)
