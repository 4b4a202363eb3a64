"""Editing in the app, with AppTest: signed-in editors record and correct progress, viewers cannot, and a save
made stale by someone else's is refused with the editor's input kept on screen."""

import datetime as dt
import re
import time

import pytest
import sqlalchemy as sa
import streamlit
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from app_pages import common
from app_pages.ui import cards as ui_cards
from models import inputs
from models.db import PROJECT_ROOT, REVISION_READ_SECONDS
from models.fields import field_metas
from models.inputs import CommitmentUpdate, ProgressUpdateCreate, SourceCreate
from models.tables import Commitment, CommitmentParty, Event, FactChange, Organization
from tracker.domain import codebook
from tracker.read import history, queries
from tracker.read.filters import CommitmentFilter
from tracker.write import auth, writes
from tracker.write.integrity import verify_quotes

APP = str(PROJECT_ROOT / "app.py")
PLAN = "samr-50-more-ai-standards"
PASSWORD = "a long enough password"


@pytest.fixture
def app(seeded, db_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("TRACKER_TODAY", "2026-11-22")
    streamlit.cache_data.clear()
    auth.add_user(seeded, username="alice", role="editor", password=PASSWORD)
    auth.add_user(seeded, username="victor", role="viewer", password=PASSWORD)

    def open_page(path: str, actor: auth.Actor | None = None, **params: str) -> AppTest:
        test = AppTest.from_file(APP, default_timeout=30)
        for key, value in params.items():
            test.query_params[key] = value
        if actor:
            test.session_state["actor"] = actor
        test.switch_page(path)
        test.run()
        assert not test.exception, [e.value for e in test.exception]
        return test

    return open_page


def text_of(test: AppTest) -> str:
    return "\n".join(
        e.value for kind in ("markdown", "caption", "info", "error", "success", "warning") for e in getattr(test, kind)
    )


def _blocks(node):
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _blocks(child)


def block_keys(test: AppTest) -> list[str]:
    """The keys of the page's keyed containers, in page order (a container's id ends in "-<key>")."""
    return [block.proto.id.split("-", 2)[2] for block in test.get("flex_container") if block.proto.id]


def text_of_block(test: AppTest, key: str) -> str:
    """The Markdown and page links inside the container of `key`, as one text."""
    block = next(b for b in test.get("flex_container") if b.proto.id.endswith(f"-{key}"))
    return "\n".join(
        str(getattr(e, "value", "") or getattr(getattr(e, "proto", None), "label", "")) for e in _blocks(block)
    )


def fill_update(test: AppTest, *, rationale="12 drafts published", url="https://example.org/samr") -> None:
    test.selectbox(key="record_status").set_value("limited")
    test.date_input(key="record_as_of").set_value(dt.date(2026, 3, 1))
    test.number_input(key="record_progress").set_value(12.0)
    test.text_area(key="record_rationale").input(rationale)
    test.text_input(key="record_evidence_url").input(url)


def test_an_editor_signs_in_with_the_sidebar_form_and_records_an_update(app, seeded):
    test = app("app_pages/commitment.py", commitment=PLAN)
    assert "Sign in as an editor" in text_of(test)
    test.text_input(key="sign_in_username").input("alice")
    test.text_input(key="sign_in_password").input(PASSWORD)
    test.button(key="sign_in_submit").click().run()
    assert "Signed in as **alice** · editor" in text_of(test)
    fill_update(test)
    test.button(key="record_submit").click().run()
    assert not test.exception and not test.error
    log = history.changes_log(seeded)
    assert list(zip(log["status"], log["progress_value"], log["recorded_by"], strict=True)) == [
        ("limited", 12.0, "alice")
    ]
    assert "**Status as of 22 November 2026:** Limited" in text_of(test)
    assert test.text_area(key="record_rationale").value == ""  # the form is empty again, ready for the next


def test_a_wrong_password_is_refused_in_plain_words(app):
    test = app("app_pages/overview.py")
    test.text_input(key="sign_in_username").input("alice")
    test.text_input(key="sign_in_password").input("wrong password")
    test.button(key="sign_in_submit").click().run()
    assert [e.value for e in test.error] == ["Wrong username or password\\."]  # Markdown source: shown as typed
    assert "actor" not in test.session_state


def test_an_account_added_from_the_cli_can_sign_in_without_a_restart(seeded, db_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    streamlit.cache_data.clear()
    with seeded.begin() as connection:
        connection.execute(sa.text("DELETE FROM user_account"))
    test = AppTest.from_file(APP, default_timeout=30)
    test.run()
    assert any("no accounts exist yet" in c.value for c in test.caption)
    auth.add_user(seeded, username="first", role="admin", password=PASSWORD)
    time.sleep(REVISION_READ_SECONDS)  # as soon as the app reads the data revision again, as for any other write
    test.run()
    assert not any("no accounts exist yet" in c.value for c in test.caption)
    assert [t for t in test.text_input if t.key == "sign_in_username"]


def test_a_viewer_sees_no_editor_form(app, seeded):
    viewer = auth.sign_in(seeded, "victor", PASSWORD)
    test = app("app_pages/commitment.py", actor=viewer, commitment=PLAN)
    assert "recording changes needs the editor role" in text_of(test)
    assert not [b for b in test.button if b.key == "record_submit"]


def test_an_update_without_evidence_is_refused_and_the_input_kept(app, seeded):
    editor = auth.sign_in(seeded, "alice", PASSWORD)
    test = app("app_pages/commitment.py", actor=editor, commitment=PLAN)
    fill_update(test, url="")
    test.button(key="record_submit").click().run()
    assert "needs evidence" in test.error[0].value
    assert test.text_area(key="record_rationale").value == "12 drafts published"
    assert history.changes_log(seeded).empty


def test_an_update_with_several_problems_lists_them_all_at_once_in_words(app, seeded):
    """A missing rationale (a field's own problem) does not hide that the status needs evidence (a rule across
    fields): both are listed under the form, each in words, and nothing is written."""
    editor = auth.sign_in(seeded, "alice", PASSWORD)
    test = app("app_pages/commitment.py", actor=editor, commitment=PLAN)
    fill_update(test, url="")
    test.text_area(key="record_rationale").input("")
    test.button(key="record_submit").click().run()
    (listed,) = [e.value for e in test.error if e.value.startswith("Not saved")]
    assert listed == (
        "Not saved. Please correct:\n- rationale\\: is required\n- a status of limited needs evidence\\: a link "
        "\\(http or https\\) or an excerpt"
    )
    assert history.changes_log(seeded).empty


def test_a_save_made_stale_by_another_editor_is_refused_showing_what_changed(app, seeded):
    auth.add_user(seeded, username="bob", role="editor", password=PASSWORD)
    editor = auth.sign_in(seeded, "alice", PASSWORD)
    test = app("app_pages/commitment.py", actor=editor, commitment=PLAN)  # alice opens the form
    bob = auth.sign_in(seeded, "bob", PASSWORD)
    writes.record_progress(
        seeded,
        actor=bob,
        data=ProgressUpdateCreate(
            commitment_slug=PLAN,
            as_of=dt.date(2026, 6, 1),
            status="substantial",
            rationale="30 drafts",
            evidence_url="https://example.org/bob",
        ),
    )
    fill_update(test, rationale="alice's reading")
    test.button(key="record_submit").click().run()
    message = test.error[0].value
    assert "was changed by bob" in message and "substantial as of 2026\\-06\\-01" in message
    assert "- latest update: now \\#" in message and "you saw ," not in message
    assert test.text_area(key="record_rationale").value == "alice's reading"
    assert list(history.changes_log(seeded)["recorded_by"]) == ["bob"]
    test.button(key="record_submit").click().run()  # having seen the change, alice saves deliberately
    assert list(history.changes_log(seeded)["recorded_by"]) == ["alice", "bob"]


def test_an_editor_corrects_an_update(app, seeded):
    editor = auth.sign_in(seeded, "alice", PASSWORD)
    first = writes.record_progress(
        seeded,
        actor=editor,
        data=ProgressUpdateCreate(
            commitment_slug=PLAN,
            as_of=dt.date(2026, 3, 1),
            status="substantial",
            progress_value=30,
            rationale="x",
            evidence_url="https://example.org/x",
        ),
    )
    test = app("app_pages/commitment.py", actor=editor, commitment=PLAN)
    test.selectbox(key="fix_id").set_value(first.id)
    test.selectbox(key="fix_status").set_value("limited")
    test.date_input(key="fix_as_of").set_value(dt.date(2026, 3, 1))
    test.number_input(key="fix_progress").set_value(12.0)
    test.text_area(key="fix_rationale").input("12 drafts")
    test.text_input(key="fix_evidence_url").input("https://example.org/y")
    test.text_area(key="fix_reason").input("30 counted drafts in consultation")
    test.button(key="fix_submit").click().run()
    log = history.changes_log(seeded)
    assert list(log["kind"]) == ["correction", "update"] and log.iloc[0]["corrects_id"] == first.id
    assert "**Progress:** 12 of over 50 more AI\\-related standards" in text_of(test)


def test_a_correction_form_opened_before_someone_else_saved_is_refused_with_what_changed(app, seeded):
    editor = auth.sign_in(seeded, "alice", PASSWORD)
    data = {"commitment_slug": PLAN, "as_of": dt.date(2026, 3, 1), "rationale": "x", "evidence_url": "https://e.org"}
    first = writes.record_progress(seeded, actor=editor, data=ProgressUpdateCreate(status="substantial", **data))
    test = app("app_pages/commitment.py", actor=editor, commitment=PLAN)  # the form opens on the first update
    # Meanwhile another editor records an update: the correction form was built from the record before it.
    writes.record_progress(seeded, actor=editor, data=ProgressUpdateCreate(status="limited", **data))
    test.text_area(key="fix_reason").input("counted again")
    test.button(key="fix_submit").click().run()
    assert any(e.value.startswith("Not saved") for e in test.error)
    assert list(history.changes_log(seeded)["kind"]) == ["update", "update"]  # nothing written
    assert test.text_area(key="fix_reason").value == "counted again"  # the input is kept to submit again
    test.button(key="fix_submit").click().run()  # now against the record as it is
    assert list(history.changes_log(seeded)["kind"])[0] == "correction"
    assert history.changes_log(seeded).iloc[0]["corrects_id"] == first.id


def test_the_changes_log_lists_updates_newest_first(app, seeded):
    editor = auth.sign_in(seeded, "alice", PASSWORD)
    for day, status in (("2026-03-01", "limited"), ("2026-06-01", "substantial")):
        writes.record_progress(
            seeded,
            actor=editor,
            data=ProgressUpdateCreate(
                commitment_slug=PLAN,
                as_of=dt.date.fromisoformat(day),
                status=status,
                rationale="r",
                evidence_url="https://example.org/r",
            ),
        )
    test = app("app_pages/changes.py", **{"from": "2026-01-01", "log_table_view": "true"})
    # (a dataframe without row selection has no element id: find each table by its columns)
    log = next(df.value for df in test.dataframe if "recorded_by" in df.value.columns)
    assert list(log["status_label"]) == ["Substantial", "Limited"]
    differences = next(df.value for df in test.dataframe if "status_after" in df.value.columns)
    assert list(differences["status_after_label"]) == ["Substantial"]
    assert any(c.value.startswith("2 entries, newest recorded first") for c in test.caption)


def test_a_changes_log_longer_than_the_page_holds_says_there_are_more(app, seeded, monkeypatch):
    editor = auth.sign_in(seeded, "alice", PASSWORD)
    for month in (3, 4, 5):
        writes.record_progress(
            seeded,
            actor=editor,
            data=ProgressUpdateCreate(
                commitment_slug=PLAN,
                as_of=dt.date(2026, month, 1),
                status="limited",
                rationale="r",
                evidence_url="https://example.org/r",
            ),
        )
    monkeypatch.setattr(history, "MAX_LOG_ROWS", 2)
    test = app("app_pages/changes.py", log_table_view="true")
    log = next(df.value for df in test.dataframe if "recorded_by" in df.value.columns)
    assert list(log["as_of"]) == [dt.date(2026, 5, 1), dt.date(2026, 4, 1)]  # the newest two
    assert any(c.value.startswith("The newest 2 entries") and "There are more" in c.value for c in test.caption)
    monkeypatch.setattr(history, "MAX_LOG_ROWS", 3)  # exactly as many as it holds: no more to tell of
    assert any(c.value.startswith("3 entries, newest") for c in app("app_pages/changes.py").caption)


def test_the_changes_log_reads_as_cards_a_page_at_a_time_each_saying_how_it_stands(app, seeded, monkeypatch):
    """Each entry a card (on a phone as on a wide screen): kind, day described and status, the commitment as a
    link, why, the evidence, who recorded it; a corrected one says it no longer stands; 25 to a page."""
    editor = auth.sign_in(seeded, "alice", PASSWORD)
    record = lambda **values: writes.record_progress(  # noqa: E731
        seeded, actor=editor, data=ProgressUpdateCreate(commitment_slug=PLAN, rationale="r", **values)
    )
    wrong = record(as_of=dt.date(2026, 3, 1), status="limited", evidence_url="https://example.org/a")
    record(
        as_of=dt.date(2026, 3, 1),
        status="limited",
        progress_value=9,
        evidence_quote="nine drafts",
        corrects_id=wrong.id,
        correction_reason="the count was missing",
    )
    test = app("app_pages/changes.py")
    assert not [df for df in test.dataframe if "recorded_by" in df.value.columns]  # cards, not a table
    cards = {key: text_of_block(test, key) for key in block_keys(test) if key.startswith("card_log_")}
    assert set(cards) == {f"card_log_{wrong.id}", f"card_log_{wrong.id + 1}"}
    old, fix = cards[f"card_log_{wrong.id}"], cards[f"card_log_{wrong.id + 1}"]
    assert f"#{wrong.id} · Update · as of 1 March 2026 · Limited" in old and "Replaced by correction" in old
    assert "example.org/a" in old and "Recorded by alice" in old
    assert "Corrects #" in fix and "the count was missing" in fix and "progress 9" in fix and "nine drafts" in fix
    monkeypatch.setattr(ui_cards, "LIST_PAGE_SIZE", 1)
    monkeypatch.setattr(common, "LIST_PAGE_SIZE", 1)
    test = app("app_pages/changes.py", log_page="2")
    assert [k for k in block_keys(test) if k.startswith("card_log_")] == [f"card_log_{wrong.id}"]  # newest first


SEOUL = "seoul-statement-announcement"
TEXT = (PROJECT_ROOT / "seed" / "documents" / "004_4c18e10789c3dabd.txt").read_text(encoding="utf-8")


def paste(test: AppTest, quote: str) -> AppTest:
    """Find a quote through the page's paste box, as an editor without a mouse would."""
    test.text_area(key=f"paste_{SEOUL}").input(quote)
    return test.button(key=f"find_{SEOUL}").click().run()


WIDGETS = (
    "text_input", "text_area", "selectbox", "multiselect", "button", "segmented_control", "radio", "checkbox",
    "date_input", "number_input",
)  # fmt: skip


def widget_keys(test: AppTest) -> list[str]:
    return [w.key for kind in WIDGETS for w in test.get(kind) if getattr(w, "key", None)]


def choose_kind(test: AppTest, kind: str) -> AppTest:
    """Say what the selected passage states, as the editor clicks it."""
    return test.segmented_control(key=next(k for k in widget_keys(test) if k.startswith("kind_"))).set_value(kind).run()


def form_key(test: AppTest, kind: str, field: str) -> str:
    """The key of a field of the form now shown (keys carry the passage, a hyphenated slug and offsets, and the save
    count: "commitment_kind_" is not the start of "commitment_kind_note_...")."""
    return next(k for k in widget_keys(test) if re.fullmatch(rf"{kind}_{field}_[a-z0-9-]+_\d+_\d+_\d+", k))


def test_an_editor_pastes_a_quote_chooses_its_occurrence_and_adds_an_organization(app, seeded):
    test = app("app_pages/contribute.py", actor=auth.sign_in(seeded, "alice", PASSWORD), source=SEOUL)
    paste(test, "the World Standards Organization")
    assert "quote not found" in test.error[0].value
    paste(test, "the World\nStandards   Cooperation")  # copied with a line break and extra spaces
    occurrences = test.radio(key=f"paste_choice_{SEOUL}")
    assert len(occurrences.options) == 2 and occurrences.value is None  # nothing chosen for the editor
    occurrences.set_value(3934).run()
    assert "characters 3,934–3,965" in text_of(test)
    test.segmented_control(key=f"kind_{SEOUL}_3934_3965").set_value("organization").run()
    assert test.selectbox(key=form_key(test, "organization", "kind")).value is None  # choices start blank
    test.text_input(key=form_key(test, "organization", "name")).input("World Standards Cooperation")
    test.selectbox(key=form_key(test, "organization", "kind")).set_value("standards_cooperation")
    test.button(key=form_key(test, "organization", "submit")).click().run()
    assert "already exists as 'world-standards-cooperation'" in test.error[0].value.replace("\\", "")

    paste(test, "in Seoul, Republic of Korea")
    start = TEXT.index("in Seoul, Republic of Korea")
    choose_kind(test, "organization")
    test.text_area(key=form_key(test, "organization", "quote")).input("Republic of Korea")  # shortened
    test.text_input(key=form_key(test, "organization", "name")).input("Republic of Korea")
    test.selectbox(key=form_key(test, "organization", "kind")).set_value("country")
    test.button(key=form_key(test, "organization", "submit")).click().run()
    assert "Added organization 'republic-of-korea'." in test.success[0].value.replace("\\", "")
    with Session(seeded) as session:
        added = session.get(Organization, "republic-of-korea")
        logged = session.exec(select(FactChange).where(FactChange.fact == "organization:republic-of-korea")).one()
    assert (added.created_by, added.quote_start, added.source_quote) == ("alice", start + 10, "Republic of Korea")
    assert (logged.action, logged.changed_by) == ("added", "alice")
    # The form is empty again, ready for the next fact from the same passage.
    assert test.text_input(key=form_key(test, "organization", "name")).value == ""


def test_a_name_close_to_a_known_organization_is_shown_before_it_is_added(app, seeded):
    test = app("app_pages/contribute.py", actor=auth.sign_in(seeded, "alice", PASSWORD), source=SEOUL)
    paste(test, "International Electrotechnical Commission (IEC)")
    choose_kind(test, "organization")
    test.text_input(key=form_key(test, "organization", "name")).input("Intl. Electrotechnical Commission")
    test.selectbox(key=form_key(test, "organization", "kind")).set_value("standards_body")
    test.button(key=form_key(test, "organization", "submit")).click().run()
    warning = test.warning[0].value.replace("\\", "")
    assert "Similar entries already exist: International Electrotechnical Commission (iec)" in warning
    with Session(seeded) as session:
        assert session.exec(select(Organization).where(Organization.name.startswith("Intl"))).first() is None


@pytest.mark.parametrize(
    ("kind", "model"),
    [
        ("commitment", inputs.CommitmentCreate),
        ("organization", inputs.OrganizationCreate),
        ("event", inputs.EventCreate),
        ("figure", inputs.ParticipationFigureCreate),
        ("initiative", inputs.InitiativeCreate),
        ("person", inputs.PersonCreate),
        ("statement", inputs.StatementCreate),
        ("role", inputs.EventRoleCreate),
        ("alias", inputs.AliasCreate),
    ],
)
def test_each_kind_s_form_asks_for_every_field_its_declaration_asks_for_with_the_declared_label(
    app, seeded, kind, model
):
    test = app("app_pages/contribute.py", actor=auth.sign_in(seeded, "alice", PASSWORD), source=SEOUL)
    choose_kind(paste(test, "The summit brought together over 300 participants"), kind)
    asked = {
        name: meta
        for name, meta in field_metas(model).items()
        if meta.asked and name not in inputs.EvidenceIn.model_fields and name != "aliases"
    }
    assert asked  # every kind asks for something
    labels = {w.key: w.label for kind_ in WIDGETS for w in test.get(kind_) if getattr(w, "key", None)}
    for name, meta in asked.items():
        key = form_key(test, kind, name)
        if name not in ("parties", "metric", "themes"):  # the page's own widgets, with their own words
            assert labels[key] == meta.label, name
    assert not any(
        re.fullmatch(rf"{kind}_{name}_[a-z0-9-]+_\d+_\d+_\d+", k) for k in labels for name in ("slug", "status")
    )  # made by the app, never asked


def test_a_refused_entry_on_the_contribute_page_shows_every_problem_at_once_each_beside_its_field(app, seeded):
    test = app("app_pages/contribute.py", actor=auth.sign_in(seeded, "alice", PASSWORD), source=SEOUL)
    paste(test, "have pledged to cooperate on standards")
    kind = next(k for k in widget_keys(test) if k.startswith("kind_"))
    test.segmented_control(key=kind).set_value("commitment").run()
    title = test.text_input(key=form_key(test, "commitment", "title"))
    assert title.value == "Cooperate on standards"  # a draft from the words after "pledged to"
    title.input("")
    test.text_area(key=form_key(test, "commitment", "text")).input("Words never said")
    test.button(key=form_key(test, "commitment", "submit")).click().run()
    form = next(block for block in test.get("form") if block.proto.form.form_id.startswith("add_commitment"))
    children = list(form.children.values())
    keys = [getattr(child, "key", None) for child in children]
    after_title = children[keys.index(form_key(test, "commitment", "title")) + 1]
    assert after_title.type == "error" and after_title.value == "title\\: is required"
    assert test.text_area(key=form_key(test, "commitment", "text")).value == "Words never said"  # kept
    after_text = children[keys.index(form_key(test, "commitment", "text")) + 1]
    assert after_text.type == "error" and "must be a part of its evidence quote" in after_text.value
    # Both at once: a refused field does not hide a rule across fields (only what the editor can correct: the
    # slug, made by the app, is not named).
    assert [e.value for e in test.error if e.value.startswith("Not saved")] == [
        "Not saved. Please correct:\n- title\\: is required\n- the commitment's text must be a part of its "
        "evidence quote, word for word"
    ]
    test.text_input(key=form_key(test, "commitment", "title")).input("Cooperate on AI standards")
    test.button(key=form_key(test, "commitment", "submit")).click().run()
    assert any("part of its evidence quote, word for word" in e.value for e in test.error)
    # Another passage's form starts clean: the refused form's problems are its own.
    paste(test, "in Seoul, Republic of Korea")
    choose_kind(test, "commitment")
    assert not [e.value for e in test.error]


def test_a_deadline_more_than_ten_years_off_is_kept_and_every_date_field_takes_the_dates_facts_allow(app, seeded):
    test = app("app_pages/contribute.py", actor=auth.sign_in(seeded, "alice", PASSWORD), source=SEOUL)
    paste(test, "have pledged to cooperate on standards")
    choose_kind(test, "commitment")
    due = form_key(test, "commitment", "title").replace("_title_", "_due_date_", 1)
    date_field = test.date_input(key=due)
    assert (date_field.min, date_field.max) == (dt.date(1900, 1, 1), dt.date(2199, 12, 31))
    test.text_area(key=form_key(test, "commitment", "text")).input("cooperate on standards")
    test.selectbox(key=form_key(test, "commitment", "kind")).set_value("commitment")
    test.date_input(key=due).set_value(dt.date(2045, 6, 30))
    test.button(key=form_key(test, "commitment", "submit")).click().run()
    assert not [e.value for e in test.error], [e.value for e in test.error]
    # Saved only once the editor has decided about what the form warns of: no party named or inferred.
    warning = next(w.value for w in test.warning if w.value.startswith("Please check"))
    assert "no one is named as committing" in warning
    test.checkbox(key=form_key(test, "commitment", "decided")).check()
    test.button(key=form_key(test, "commitment", "submit")).click().run()
    with Session(seeded) as session:
        added = session.exec(select(Commitment).where(Commitment.title == "Cooperate on standards")).one()
    assert added.due_date == dt.date(2045, 6, 30)  # more than ten years from today, stored as given


def test_an_inferred_party_is_entered_with_its_reason_and_a_quote_used_twice_asks_for_a_decision(app, seeded):
    test = app("app_pages/contribute.py", actor=auth.sign_in(seeded, "alice", PASSWORD), source=SEOUL)
    paste(test, "have pledged to cooperate on standards")
    choose_kind(test, "commitment")

    def fill(title: str) -> None:
        test.text_input(key=form_key(test, "commitment", "title")).input(title)
        test.text_area(key=form_key(test, "commitment", "text")).input("cooperate on standards")
        test.selectbox(key=form_key(test, "commitment", "kind")).set_value("commitment")
        test.multiselect(key=form_key(test, "commitment", "inferred_parties")).set_value(["iso"])
        test.text_input(key=form_key(test, "commitment", "inferred_why")).input("the statement is ISO's own")

    fill("Cooperate on standards")
    test.button(key=form_key(test, "commitment", "submit")).click().run()
    assert not [w.value for w in test.warning if w.value.startswith("Please check")]  # a party, inferred
    with Session(seeded) as session:
        party = session.exec(
            select(CommitmentParty).where(CommitmentParty.commitment_slug == "cooperate-on-standards")
        ).one()
    assert (party.organization_slug, party.inferred, party.inference_note) == (
        "iso",
        True,
        "the statement is ISO's own",
    )
    fill("Cooperate on standards again")
    test.button(key=form_key(test, "commitment", "submit")).click().run()
    warning = next(w.value for w in test.warning if w.value.startswith("Please check")).replace("\\", "")
    assert "this quote already backs the commitment cooperate-on-standards" in warning


def test_an_editor_corrects_where_a_commitment_was_made_to_none_when_the_document_itself_states_it(app, seeded):
    test = app("app_pages/commitment.py", actor=auth.sign_in(seeded, "alice", PASSWORD), commitment=PLAN)
    event = test.selectbox(key="edit_event_slug")
    assert event.value == "waic-2025-ai-standardization-forum"
    assert "None: stated in the document itself" in event.options
    event.select_index(0)
    test.text_input(key="edit_reason").input("stated in the plan, not at the forum")
    test.button(key="edit_submit").click().run()
    assert not [e.value for e in test.error], [e.value for e in test.error]
    with Session(seeded) as session:
        assert session.get(Commitment, PLAN).event_slug is None


def test_a_new_documents_passages_are_classified_with_the_codebook_and_listed_on_the_methodology_page(
    app, seeded, db_url
):
    from tests.conftest import run_cli
    from tracker.read import provenance

    documents = PROJECT_ROOT / "tests" / "documents"
    run_cli("contribute", str(documents / "lakeside_forum.yaml"), "--by", "alice", db_url=db_url, check=True)
    source = "lakeside-forum-report"
    test = app("app_pages/contribute.py", actor=auth.sign_in(seeded, "alice", PASSWORD), source=source)
    expander = next(e for e in test.expander if e.label.startswith("Classify the document's passages"))
    still = int(expander.label.split("(")[1].split(" ")[0].replace(",", ""))
    assert still > 0
    classes = [s for s in test.selectbox if s.key and s.key.startswith(f"class_{source}_")]
    assert classes and {s.value for s in classes} <= set(codebook.LABELS.values()) | set(codebook.LABELS)
    test.button(key=f"classify_submit_{source}").click().run()
    assert not test.exception and not [e.value for e in test.error], [e.value for e in test.error]
    share = provenance.classified_share(seeded).set_index("source").loc[source]
    assert 0 < share.classified <= share.words
    listed = provenance.passages(seeded, (source,))
    assert len(listed) == min(len(classes), still) and all(listed["reason"].str.strip() != "")
    page = app("app_pages/methodology.py")
    assert "in classified passages" in text_of(page) and "Lakeside" in text_of(page)


def test_a_figure_on_a_quote_that_already_backs_a_figure_asks_for_a_decision(app, seeded):
    test = app("app_pages/contribute.py", actor=auth.sign_in(seeded, "alice", PASSWORD), source=SEOUL)
    paste(test, "The summit brought together over 300 participants from 65 countries")
    choose_kind(test, "figure")
    quote = test.text_area(key=form_key(test, "figure", "quote"))
    sentence = next(p.source_quote for p in stored_figures(seeded) if p.slug == "seoul-summit-participants")
    quote.input(sentence)
    test.number_input(key=form_key(test, "figure", "quote").replace("_quote_", "_value_", 1)).set_value(300)
    test.selectbox(key=form_key(test, "figure", "qualifier")).set_value("over")
    test.selectbox(key=form_key(test, "figure", "metric")).set_value("participants")
    test.text_input(key=form_key(test, "figure", "counts_what")).input("participants")
    test.selectbox(key=form_key(test, "figure", "kind")).set_value("attendance")
    test.button(key=form_key(test, "figure", "submit")).click().run()
    assert not [e.value for e in test.error], [e.value for e in test.error]
    warnings = [w.value.replace("\\", "") for w in test.warning if w.value.startswith("Please check")]
    assert (
        warnings
        and "this quote already backs the figure seoul-summit-countries, seoul-summit-participants" in (warnings[0])
    )


def stored_figures(engine):
    from models.tables import ParticipationFigure

    with Session(engine) as session:
        return list(session.exec(select(ParticipationFigure)))


def test_clicking_the_kind_already_chosen_keeps_its_form(app, seeded):
    test = app("app_pages/contribute.py", actor=auth.sign_in(seeded, "alice", PASSWORD), source=SEOUL)
    paste(test, "have pledged to cooperate on standards")
    kind = next(k for k in widget_keys(test) if k.startswith("kind_"))
    test.segmented_control(key=kind).set_value("commitment").run()
    test.segmented_control(key=kind).set_value(None).run()  # the same option clicked again
    assert test.segmented_control(key=kind).value == "commitment"
    assert form_key(test, "commitment", "title")


def test_with_no_accounts_the_app_is_read_only_and_says_who_starts_it_without_a_shell_command(
    seeded, db_url, monkeypatch
):
    monkeypatch.setenv("DATABASE_URL", db_url)
    streamlit.cache_data.clear()
    test = AppTest.from_file(APP, default_timeout=30)
    test.switch_page("app_pages/overview.py")
    test.run()
    assert "administrator creates the first account" in text_of(test)
    for page in ("overview", "sources", "methodology", "commitments"):  # the public is never told to run a command
        test.switch_page(f"app_pages/{page}.py")
        test.run()
        assert "python -m" not in text_of(test) and "tracker users" not in text_of(test), page


@pytest.mark.parametrize(
    ("end", "words"),
    [
        (lambda engine, actor: auth.end_session(engine, actor.token), "has ended"),  # another tab
        (lambda engine, actor: auth.set_password(engine, "alice", "a new long password"), "has ended"),
        (lambda engine, actor: auth.set_active(engine, "alice", False), "has ended"),
        (lambda engine, actor: auth.set_role(engine, "alice", "viewer"), "is now a viewer"),
    ],
    ids=["signed out in another tab", "new password", "disabled", "demoted"],
)
def test_an_editor_whose_sign_in_ends_elsewhere_cannot_save_and_keeps_what_they_typed(app, seeded, end, words):
    test = app("app_pages/commitment.py", commitment=PLAN)
    test.text_input(key="sign_in_username").input("alice")
    test.text_input(key="sign_in_password").input(PASSWORD)
    test.button(key="sign_in_submit").click().run()
    fill_update(test)  # typed while, in another tab or on the server, the sign-in ends
    end(seeded, test.session_state["actor"])
    test.button(key="record_submit").click().run()  # the page run reads the session again, the write too
    assert not test.exception
    assert words in text_of(test)
    assert ("Signed in as" in text_of(test)) == (words == "is now a viewer")
    assert "Not saved" in test.error[0].value
    assert test.text_area(key="record_rationale").value == "12 drafts published"  # the input is still there
    assert history.changes_log(seeded).empty
    # Signing in again (with whatever is now right) saves what was typed.
    if words == "is now a viewer":  # still signed in: the role is back on the next run
        auth.set_role(seeded, "alice", "editor")
        test.run()
    else:
        auth.set_active(seeded, "alice", True)
        auth.set_password(seeded, "alice", PASSWORD)
        test.text_input(key="sign_in_username").input("alice")
        test.text_input(key="sign_in_password").input(PASSWORD)
        test.button(key="sign_in_submit").click().run()
    assert "Signed in as **alice** · editor" in text_of(test)
    assert test.text_area(key="record_rationale").value == "12 drafts published"
    test.button(key="record_submit").click().run()
    assert list(history.changes_log(seeded)["rationale"]) == ["12 drafts published"]


def test_hostile_text_in_a_target_unit_is_shown_as_text_in_the_form_label(app, seeded):
    hostile = "![x](https://e.example/x.png) [a](data:,hi) :material/warning: abc\u202edef"  # fits the column
    with seeded.begin() as connection:
        connection.execute(
            sa.text("UPDATE commitment SET target_unit = :unit WHERE slug = :slug"), {"unit": hostile, "slug": PLAN}
        )
    test = app("app_pages/commitment.py", actor=auth.sign_in(seeded, "alice", PASSWORD), commitment=PLAN)
    label = next(n.label for n in test.number_input if n.key == "record_progress")
    assert "![x](" not in label and "](data:" not in label and ":material/warning:" not in label
    assert len(hostile) <= 80
    assert "\u202e" not in label and "abc\\[U\\+202E\\]def" in label  # the override shown, not obeyed
    assert "\\!\\[x\\]\\(https\\:" in label


def test_the_correction_form_starts_from_the_update_it_corrects_and_the_save_is_confirmed_on_the_page(app, seeded):
    editor = auth.sign_in(seeded, "alice", PASSWORD)
    first = writes.record_progress(
        seeded,
        actor=editor,
        data=ProgressUpdateCreate(
            commitment_slug=PLAN,
            as_of=dt.date(2026, 3, 1),
            status="substantial",
            progress_value=30,
            rationale="30 drafts counted",
            evidence_url="https://example.org/x",
        ),
    )
    test = app("app_pages/commitment.py", actor=editor, commitment=PLAN)
    form = {
        w.key: w.value
        for kind in ("selectbox", "date_input", "number_input", "text_area", "text_input")
        for w in getattr(test, kind)
        if w.key and w.key.startswith("fix_")
    }
    assert form["fix_id"] == first.id and form["fix_status"] == "substantial"
    assert form["fix_as_of"] == dt.date(2026, 3, 1)  # not today's date: a correction of one number keeps the date
    assert (form["fix_progress"], form["fix_rationale"], form["fix_evidence_url"]) == (
        30.0,
        "30 drafts counted",
        "https://example.org/x",
    )
    test.number_input(key="fix_progress").set_value(12.0)
    test.text_area(key="fix_reason").input("18 of them were still in consultation")
    test.button(key="fix_submit").click().run()
    assert [s.value for s in test.success if "Recorded correction" in s.value]
    test.run()  # the confirmation stays after the next run, not only as a pop-up
    assert [s.value for s in test.success if "Recorded correction" in s.value]
    correction = history.changes_log(seeded).iloc[0]
    assert (correction["as_of"], correction["progress_value"]) == (dt.date(2026, 3, 1), 12.0)


def test_a_refused_update_lists_every_problem_in_words(app, seeded):
    test = app("app_pages/commitment.py", actor=auth.sign_in(seeded, "alice", PASSWORD), commitment=PLAN)
    test.selectbox(key="record_status").set_value("limited")
    test.text_input(key="record_evidence_url").input("ftp://example.org/x")
    test.button(key="record_submit").click().run()
    message = next(e.value for e in test.error if e.value.startswith("Not saved"))
    assert "rationale\\: is required" in message
    assert "evidence link\\: must be an http\\:\u2060// or https\\:\u2060// address" in message
    assert "String should" not in message and "Value error" not in message
    assert history.changes_log(seeded).empty
    # Each problem also stands beside its field: the alert follows the field's widget in the form.
    form = next(block for block in test.get("form") if block.proto.form.form_id == "record_form")
    order = [
        ("field", child.key) if getattr(child, "key", None) else ("error", child.value)
        for child in form.children.values()
        if getattr(child, "key", None) or child.type == "error"
    ]
    rationale = order.index(("field", "record_rationale"))
    assert order[rationale + 1] == ("error", "rationale\\: is required")
    link = order.index(("field", "record_evidence_url"))
    assert order[link + 1][0] == "error" and order[link + 1][1].startswith("evidence link\\: must be")
    assert test.text_input(key="record_evidence_url").value == "ftp://example.org/x"  # the input is kept
    test.text_area(key="record_rationale").input("Drafts out for comment")
    test.text_input(key="record_evidence_url").input("https://example.org/drafts")
    test.button(key="record_submit").click().run()
    assert not [e for e in test.error if e.value.startswith("Not saved")]  # gone once the form is saved
    assert len(history.changes_log(seeded)) == 1


def test_the_sources_page_says_when_the_quotes_were_last_checked_and_what_was_found(app, seeded):
    test = app("app_pages/sources.py")
    assert "have not been re-checked against their sources yet" in text_of(test)
    verify_quotes(seeded)
    streamlit.cache_data.clear()  # another process's write shows within the revision check's 2 s; here, at once
    test = app("app_pages/sources.py")
    assert "all 113 match their sources' text and SHA-256" in text_of(test)
    with seeded.begin() as connection:
        connection.execute(sa.text("UPDATE source SET text = text || ' ' WHERE slug = 'seoul-statement-announcement'"))
    verify_quotes(seeded)
    streamlit.cache_data.clear()  # another process's write shows within the revision check's 2 s; here, at once
    test = app("app_pages/sources.py")
    warning = test.warning[0].value.replace("\\", "").replace("\u2060", "")
    assert "(113 quotes): 1 problem found" in warning
    assert "source:seoul-statement-announcement: its text no longer has the SHA-256 recorded for it" in warning


def test_an_editor_corrects_an_organization_with_a_reason_and_the_changes_log_shows_it(app, seeded):
    test = app("app_pages/contribute.py", actor=auth.sign_in(seeded, "alice", PASSWORD), source=SEOUL)
    test.segmented_control(key="fix_kind").set_value("organization").run()
    assert test.selectbox(key="fix_key_organization").value is None  # nothing chosen for the editor
    test.selectbox(key="fix_key_organization").set_value("world-standards-cooperation").run()
    acronym = next(w for w in test.text_input if w.key.startswith("fix_organization_world-standards-cooperation_acr"))
    acronym.input("WSC")
    test.button(key="fix_submit_organization").click().run()
    assert any("say why the organization is corrected" in e.value for e in test.error)
    test.text_input(key="fix_reason_world-standards-cooperation").input("The cooperation's own site uses WSC")
    test.button(key="fix_submit_organization").click().run()
    assert "Corrected organization 'world-standards-cooperation'." in test.success[0].value.replace("\\", "")
    with Session(seeded) as session:
        saved = session.get(Organization, "world-standards-cooperation")
    assert (saved.acronym, saved.updated_by) == ("WSC", "alice")
    log = history.fact_changes(seeded, "organization:world-standards-cooperation")
    assert (log["what_changed"].iloc[0], log["reason"].iloc[0]) == (
        "acronym: '' → 'WSC'",
        "The cooperation's own site uses WSC",
    )
    # The fact on its document's page, as of 22 November 2026 (before the correction): what it read then.
    fact = "organization:world-standards-cooperation"
    test = app("app_pages/sources.py", source=SEOUL, fact=fact)
    (note,) = [i.value.replace("\\", "") for i in test.info if "Corrected after 22 November 2026" in i.value]
    assert "As it stood on 22 November 2026: acronym: ''" in note
    assert any("Why: The cooperation's own site uses WSC" in m.value.replace("\\", "") for m in test.markdown)
    test = app("app_pages/changes.py")
    shown = [frame.value for frame in test.dataframe if "what_changed" in frame.value.columns]
    assert len(shown) == 1
    entry = shown[0].iloc[0]
    assert (entry["fact"], entry["action"], entry["changed_by"]) == (
        "organization:world-standards-cooperation",
        "corrected",
        "alice",
    )


def test_an_editor_retracts_a_figure_with_a_reason_and_one_others_rest_on_is_refused_with_the_list(app, seeded):
    test = app("app_pages/contribute.py", actor=auth.sign_in(seeded, "alice", PASSWORD), source=SEOUL)
    test.selectbox(key="retract_kind").set_value("organization").run()
    assert test.selectbox(key="retract_key_organization").value is None  # nothing chosen for the editor
    test.selectbox(key="retract_key_organization").set_value("iso")
    test.text_input(key="retract_reason_organization").input("Named by mistake")
    test.button(key="retract_submit_organization").click().run()
    # Shown escaped for Markdown, with a word joiner after each colon (so no ":name:" turns into an icon).
    refusals = [e.value.replace("\\", "").replace("\u2060", "") for e in test.error]
    assert any("standing facts rest on 'iso'" in e and "commitment:seoul-" in e for e in refusals)
    assert history.fact_changes(seeded, "organization:iso").empty
    test.selectbox(key="retract_kind").set_value("participation_figure").run()
    test.selectbox(key="retract_key_participation_figure").set_value("seoul-summit-countries")
    test.button(key="retract_submit_participation_figure").click().run()
    assert any("say why the participation figure is retracted" in e.value for e in test.error)
    test.text_input(key="retract_reason_participation_figure").input("Counted twice")
    test.button(key="retract_submit_participation_figure").click().run()
    assert "Retracted participation figure 'seoul-summit-countries'." in test.success[0].value.replace("\\", "")
    today = dt.date.today()
    assert "seoul-summit-countries" not in set(queries.participation(seeded, CommitmentFilter(as_of=today))["slug"])
    log = history.fact_changes(seeded, "participation_figure:seoul-summit-countries")
    assert (log["action"].iloc[0], log["changed_by"].iloc[0], log["reason"].iloc[0]) == (
        "retracted", "alice", "Counted twice",
    )  # fmt: skip


def test_a_long_document_is_annotated_a_part_at_a_time_with_its_suggestions(app, seeded):
    editor = auth.sign_in(seeded, "alice", PASSWORD)
    report = (PROJECT_ROOT / "tests" / "documents" / "lakeside_forum.txt").read_text(encoding="utf-8")
    long_text = "\n".join(f"Section {n}.\n{report}" for n in range(120))  # about 48,000 characters
    writes.add_source(seeded, data=SourceCreate(slug="long-report", label="Long report", text=long_text), actor=editor)
    test = app("app_pages/contribute.py", actor=editor, source="long-report")
    assert any("Suggested passages in part 1" in m.value for m in test.markdown)
    assert any(c.value.startswith("The first 60 of ") for c in test.caption)
    assert len([b for b in test.button if b.key and b.key.startswith("use_long-report_")]) == 60


def test_a_commitments_page_lists_its_corrections_and_shows_what_it_read_on_an_earlier_as_of_date(app, seeded):
    editor = auth.sign_in(seeded, "alice", PASSWORD)
    with Session(seeded) as session:
        commitment = session.get(Commitment, PLAN)
        started_from = {name: getattr(commitment, name) for name in CommitmentUpdate.model_fields}
        version, title = commitment.version, commitment.title
    writes.update_commitment(
        seeded, slug=PLAN, changes=CommitmentUpdate(**started_from | {"title": "Over 50 more AI standards"}),
        expected_version=version, started_from=started_from, actor=editor, reason="Shorter, in the text's words",
    )  # fmt: skip
    test = app("app_pages/commitment.py", commitment=PLAN)  # as of 22 November 2026, before the correction was made
    shown = text_of(test).replace("\\", "")
    assert "corrected: title: " in shown and "Why: Shorter, in the text's words" in shown
    (note,) = [i.value.replace("\\", "") for i in test.info if "Corrected after 22 November 2026" in i.value]
    assert f"As it stood on 22 November 2026: title: '{title}'" in note


def test_an_event_the_text_dates_only_to_a_month_is_added_with_its_precision(app, seeded):
    test = app("app_pages/contribute.py", actor=auth.sign_in(seeded, "alice", PASSWORD), source=SEOUL)
    paste(test, "The International Summit on AI Standards")
    choose_kind(test, "event")
    test.text_input(key=form_key(test, "event", "name")).input("A summit in December")
    test.text_input(key=form_key(test, "event", "short_name")).input("December summit")
    start = next(w for w in test.date_input if w.key.startswith("event_start_"))
    start.set_value(dt.date(2025, 12, 2))
    precision = test.selectbox(key=form_key(test, "event", "dates_precision"))
    assert precision.value == "day"  # the text gives a day unless the editor says otherwise
    precision.set_value("month")
    test.button(key=form_key(test, "event", "submit")).click().run()
    assert "Added event 'december-summit'." in test.success[0].value.replace("\\", "")
    with Session(seeded) as session:
        added = session.get(Event, "december-summit")
    assert (added.start_date, added.end_date, added.dates_precision) == (
        dt.date(2025, 12, 31), dt.date(2025, 12, 31), "month",
    )  # fmt: skip


# --- due process: review, rubric, reply, contest ---------------------------------------------------------------


def test_a_draft_waits_on_the_review_page_until_a_second_editor_approves_it(app, seeded, monkeypatch):
    monkeypatch.setenv("TRACKER_REVIEW", "second-editor")
    auth.add_user(seeded, username="bob", role="editor", password=PASSWORD)
    alice, bob = auth.sign_in(seeded, "alice", PASSWORD), auth.sign_in(seeded, "bob", PASSWORD)
    page = app("app_pages/commitment.py", alice, commitment=PLAN)
    fill_update(page)
    page.button(key="record_submit").click().run()
    assert "Saved as draft #1" in text_of(page) and "second editor approves it" in text_of(page)
    assert queries.commitment_detail(seeded, PLAN, dt.date(2026, 11, 22))["status"] == "not_assessed"

    for path in ("app_pages/commitment.py", "app_pages/changes.py", "app_pages/overview.py"):
        assert "12 drafts published" not in text_of(app(path, commitment=PLAN)), path  # readers see no draft
    assert "Drafts of this commitment that readers do not see yet" in text_of(
        app("app_pages/commitment.py", alice, commitment=PLAN)
    )
    anonymous = app("app_pages/review.py")
    assert "Drafts are for editors" in text_of(anonymous) and "12 drafts published" not in text_of(anonymous)
    own = app("app_pages/review.py", alice)
    assert "Yours: a second editor reviews it." in text_of(own)
    assert own.button(key="draft_1_approve").disabled
    second = app("app_pages/review.py", bob)
    assert "12 drafts published" in text_of(second)
    second.button(key="draft_1_approve").click().run()
    assert "Approved draft \\#1" in text_of(second)
    assert queries.commitment_detail(seeded, PLAN, dt.date(2026, 11, 22))["status"] == "limited"
    shown = text_of(app("app_pages/commitment.py", commitment=PLAN))
    assert "approved by bob, a second editor" in shown


def test_the_commitment_page_shows_the_rubric_and_takes_a_contest_from_any_account(app, seeded, monkeypatch):
    # A contest stands from the day it is opened, on the clock: the page looks at the tracker as of today.
    monkeypatch.setenv("TRACKER_TODAY", dt.datetime.now(dt.UTC).date().isoformat())
    victor = auth.sign_in(seeded, "victor", PASSWORD)
    page = app("app_pages/commitment.py", victor, commitment=PLAN)
    assert "Some of it done" in text_of(page)  # the rubric the seeded test database carries
    page.button(key="contest_submit").click().run()
    assert "Not saved" in text_of(page)  # no reason given
    page.text_area(key="contest_reason").input("The deadline year is not stated.")
    page.button(key="contest_submit").click().run()
    assert "Contest \\#1 is open" in text_of(page)
    assert "Contested: a value of this commitment" in text_of(page)
