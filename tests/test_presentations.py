"""Decks, briefs and chart images: the same numbers as the dashboard, stamped, within their slides, and readable
by a second, independent reader (LibreOffice)."""

import dataclasses
import datetime as dt
import io
import pickle
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image
from pptx import Presentation
from pptx.util import Inches

from benchmarks.synthetic import add_commitments
from models.inputs import ProgressUpdateCreate
from tests.conftest import SCREENSHOTS, run_cli
from tracker.domain import rules
from tracker.domain.vocab import STATUS_LABELS
from tracker.present import charts, images, words
from tracker.present import figures as figures_of
from tracker.present.brief import build_brief
from tracker.present.deck import BODY_BOTTOM, FOOTER_TOP, ROWS_PER_SLIDE, build_deck
from tracker.present.report import gather, pledges
from tracker.read import queries
from tracker.read.filters import CommitmentFilter
from tracker.write import auth, writes

TODAY = dt.date(2026, 11, 22)
EVERYTHING = CommitmentFilter(as_of=TODAY)
SEOUL = dataclasses.replace(EVERYTHING, frameworks=("Seoul Statement",))
PLEDGES = "The commitments, in their own words"
# A Seoul-only deck: no deadline, no update and the same three parties to every pledge, so those parts are said
# on the headline slide, not given slides of their own; the four pledges fit one slide.
TITLES = [
    "Seoul Statement: where the four commitments stand, 22 November 2026",
    "Headline figures",
    "Commitments by status and framework",
    PLEDGES,
    "Attendance, as stated",
    "Sources",
]
# Everything: the twelve pledges over several slides, then every part.
ALL_TITLES = [
    "AI standards commitments: where the nine commitments and three priorities stand, 22 November 2026",
    "Headline figures",
    "Commitments by status and framework",
    "Deadlines and countdowns",
    PLEDGES,  # (1 of n) ... (n of n)
    "Attendance, as stated",
    "Who is party to what",
    "Recent progress updates",
    "Sources",
]


def titles(prs: Presentation) -> list[str]:
    """The slides' titles, the pledge slides' numbering "(1 of 4)" taken off and their run made one."""
    found = [re.sub(r" \(\d+ of \d+\)$", "", s.shapes.title.text) for s in prs.slides]
    return [t for n, t in enumerate(found) if n == 0 or t != found[n - 1]]


def pledge_slides(prs: Presentation) -> list:
    return [s for s in prs.slides if s.shapes.title.text.startswith(PLEDGES)]


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setenv("TRACKER_TODAY", TODAY.isoformat())


@pytest.fixture
def tracked(seeded):
    """The seed plus one recorded update, so every slide has something to show."""
    auth.add_user(seeded, username="alice", role="editor", password="a long enough password")
    writes.record_progress(
        seeded,
        actor=auth.cli_actor(seeded, "alice"),
        data=ProgressUpdateCreate(
            commitment_slug="samr-50-more-ai-standards",
            as_of=dt.date(2026, 6, 30),
            status="limited",
            progress_value=12,
            rationale="12 drafts published",
            evidence_url="https://example.org/samr",
        ),
    )
    return seeded


def deck(engine, f: CommitmentFilter = EVERYTHING) -> Presentation:
    return Presentation(io.BytesIO(build_deck(gather(engine, f))))


def slide_titled(prs: Presentation, title: str):
    return next(s for s in prs.slides if s.shapes.title is not None and s.shapes.title.text == title)


def test_the_deck_is_16_9_with_the_slides_in_order(tracked):
    prs = deck(tracked)
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))
    assert titles(prs) == ALL_TITLES
    assert len(pledge_slides(prs)) > 1
    assert [s.shapes.title.text for s in deck(tracked, SEOUL).slides] == TITLES


def test_the_title_slide_says_what_the_deck_shows(tracked):
    prs = deck(tracked, dataclasses.replace(EVERYTHING, frameworks=("Seoul Statement",), as_of=dt.date(2026, 10, 1)))
    assert prs.slides[0].shapes.title.text == "Seoul Statement: where the four commitments stand, 1 October 2026"
    subtitle = prs.slides[0].placeholders[1].text
    assert "As of 1 October 2026" in subtitle
    assert "Showing: framework Seoul Statement" in subtitle
    assert "Generated 22 November 2026" in subtitle


def test_every_slide_footer_carries_the_as_of_date_and_its_sources(tracked):
    for slide in deck(tracked).slides:
        footer = next(shape for shape in slide.shapes if shape.name == "Footer").text_frame.text
        assert footer.startswith("As of 22 November 2026 · Source: ")
    updates = slide_titled(deck(tracked), "Recent progress updates")
    assert "progress updates recorded in the tracker" in next(s for s in updates.shapes if s.name == "Footer").text
    table = next(shape for shape in updates.shapes if shape.has_table).table
    kinds = {table.cell(row, 4).text for row in range(1, len(table.rows))}
    assert kinds and kinds <= {"Update", "Correction"}  # in words, as the Changes log says them


def test_the_status_chart_holds_the_dashboard_numbers(tracked):
    for f in (
        EVERYTHING,
        dataclasses.replace(EVERYTHING, as_of=dt.date(2026, 6, 1)),
        dataclasses.replace(EVERYTHING, parties=("china",)),
    ):
        chart = next(
            s for s in slide_titled(deck(tracked, f), "Commitments by status and framework").shapes if s.has_chart
        ).chart
        plot = chart.plots[0]
        shown = {
            (fw, series.name): value or 0
            for series in plot.series
            for fw, value in zip(plot.categories, series.values, strict=True)
        }
        expected = {
            (charts.group_label(r.framework, r.kind), STATUS_LABELS[r.status]): r.commitments
            for r in queries.status_by_framework(tracked, f).itertuples()
            if r.commitments
        }
        assert {k: v for k, v in shown.items() if v} == expected
        assert chart.value_axis.minimum_scale == 0  # a count axis starts at zero
        # No chart title: with one status, readers would title it with that status alone.
        assert not chart.has_title


def test_the_participation_charts_hold_the_stated_figures(tracked):
    slide = slide_titled(deck(tracked), "Attendance, as stated")
    figures = words.figures(queries.participation(tracked, EVERYTHING))
    charted = {}
    for shape in slide.shapes:
        if shape.has_chart:
            plot = shape.chart.plots[0]
            labels = [point.data_label.text_frame.text for point in plot.series[0].points]
            for event, value, label in zip(plot.categories, plot.series[0].values, labels, strict=True):
                charted[(event, shape.chart.chart_title.text_frame.text)] = (value, label)
            assert shape.chart.value_axis.minimum_scale == 0  # every count axis starts at zero
    assert charted == {(r.event, charts.metric_title(r.metric)): (r.value, r.as_stated) for r in figures.itertuples()}
    assert charted[("Seoul summit", "Participants")] == (300, "over 300")
    assert ("WAIC 2025 forum", "Organizations") not in charted  # the 69 are not attendance
    assert "69" not in " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def test_charts_are_laid_out_again_for_a_phone_without_losing_what_they_say(tracked):
    as_of = dt.date(2026, 11, 22)
    matrix = charts.for_phone(
        charts.party_matrix_chart(
            queries.party_matrix(tracked, CommitmentFilter(as_of=as_of)),
            sources=["Seoul Statement announcement"],
            as_of=as_of,
        )
    )
    assert "<br>" in matrix.layout.title.text and "<br>" in matrix.layout.title.subtitle.text  # wrapped, not cut
    assert "as of 22 November 2026" in matrix.layout.title.subtitle.text.replace("<br>", " ")
    assert max(len(label) for label in matrix.layout.yaxis.ticktext) <= 24  # long titles cut short with "…"
    figures = words.figures(queries.participation(tracked, EVERYTHING))
    panels = charts.for_phone(charts.participation_chart(figures, sources=["S"], as_of=as_of))
    # Each panel keeps its own events and its title (the axis under it), in the units it counts.
    assert [axis.title.text for axis in (panels.layout.xaxis, panels.layout.xaxis2, panels.layout.xaxis3)] == [
        "Delegates (count)",
        "Countries represented (count)",
        "Participants (count)",
    ]
    assert all(panels.layout[name].tickvals is None for name in ("yaxis", "yaxis2", "yaxis3"))
    assert panels.layout.legend.orientation == "h" and panels.layout.font.size == 11
    # A bar every status trace skips keeps its label: the labels are the axis's, not the last trace's.
    status = charts.for_phone(figures_of.status_by_framework(tracked, EVERYTHING).figure)
    assert list(status.layout.yaxis.ticktext) == [
        "Seoul Statement: commit…",
        "WAIC 2025 forum: commit…",
        "WAIC 2025 forum: priori…",
    ]


def test_a_commitment_s_timeline_steps_through_its_updates_against_its_target(tracked):
    """The chart on a commitment's page and at its address. With a countable target: one axis in the target's
    unit, from zero; each recorded number labelled with its update's status (a superseded one left out); the
    target, the straight line to it on the deadline, and the deadline marked and named as inferred. The pace in
    words under it. Without a target: the status as labelled steps, on one axis."""
    from tracker.present import figures

    plan, as_of = "samr-50-more-ai-standards", dt.date(2026, 11, 22)
    alice = auth.cli_actor(tracked, "alice")
    described = {"commitment_slug": plan, "as_of": dt.date(2026, 9, 1), "evidence_url": "https://example.org/s"}
    wrong = writes.record_progress(
        tracked,
        actor=alice,
        data=ProgressUpdateCreate(**described, status="substantial", progress_value=30, rationale="30 drafts"),
    )
    writes.record_progress(
        tracked,
        actor=alice,
        data=ProgressUpdateCreate(
            **described,
            status="limited",
            progress_value=20,
            rationale="20 drafts",
            corrects_id=wrong.id,
            correction_reason="30 counted drafts twice",
        ),
    )
    made_on = queries.commitment_detail(tracked, plan, as_of)["made_on"]
    drawn = figures.timeline(tracked, plan, as_of)
    line, target, progress = drawn.figure.data
    assert list(line.x) == [made_on, dt.date(2026, 12, 31)] and list(line.y) == [0, 50]
    assert list(target.y) == [50, 50] and target.name == "Target: over 50 more AI-related standards"
    assert list(progress.x) == [dt.date(2026, 6, 30), dt.date(2026, 9, 1)] and list(progress.y) == [12, 20]
    assert list(progress.text) == ["Limited: 12", "Limited: 20"]
    layout = drawn.figure.layout
    assert "yaxis2" not in drawn.figure.to_dict()["layout"]  # one axis, in the target's unit
    assert layout.yaxis.title.text == "More AI-related standards (count)" and layout.yaxis.range[0] == 0
    (deadline,) = layout.shapes
    assert deadline.x0 == deadline.x1 == dt.date(2026, 12, 31)
    assert [a.text for a in layout.annotations] == [
        "Deadline: 31 Dec 2026 (inferred)",
        "On track: behind pace (inferred)",
    ]
    assert layout.title.text.startswith("Progress: ") and "as of 22 November 2026" in layout.title.subtitle.text
    assert "30 counted drafts twice" not in str(drawn.figure.to_dict())  # the table lists the correction
    assert len(drawn.numbers) == 3 and drawn.summary.startswith("2 updates up to 22 November 2026")
    # 20 of over 50 on 1 September; the straight line stood at about 33 that day: behind pace, on an inferred
    # deadline.
    assert drawn.summary.endswith("On track: behind pace (inferred).")

    seoul = figures.timeline(tracked, "seoul-ai-capacity-building", as_of).figure  # no target: one axis
    assert len(seoul.data) == 1 and "yaxis2" not in seoul.to_dict()["layout"] and not seoul.layout.showlegend
    assert list(seoul.layout.yaxis.ticktext)[0] == "Not assessed" and not seoul.layout.shapes
    assert charts.for_phone(seoul).data[0].textposition == "top right"


def test_a_timeline_as_of_a_day_before_the_commitment_was_made_draws_no_status_and_says_why(tracked):
    from tracker.present import figures

    drawn = figures.timeline(tracked, "samr-50-more-ai-standards", dt.date(2025, 7, 25))
    assert all(len(trace.x) == 0 for trace in drawn.figure.data)  # no status, progress or target drawn
    assert drawn.figure.layout.annotations[0].text == "Not yet made on 25 July 2025"
    assert drawn.figure.layout.xaxis.type == "date" and not drawn.figure.layout.showlegend
    assert drawn.summary == ("Not yet made on 25 July 2025: the commitment counts as made on 26 July 2025 (inferred).")
    made = figures.timeline(tracked, "samr-50-more-ai-standards", dt.date(2025, 7, 26))  # the day it was made
    pace_line, _, recorded = made.figure.data
    assert list(pace_line.x) == [dt.date(2025, 7, 26), dt.date(2026, 12, 31)] and len(recorded.x) == 0
    assert made.summary.startswith("No progress recorded up to 26 July 2025")


def test_every_chart_is_a_description_plotly_accepts_in_both_layouts(tracked):
    """Charts written as plain data are built without plotly's checks on every page run (charts.figure_of); here
    plotly checks each kind, wide and laid out for a phone, and finds them as they are."""
    import plotly.graph_objects as go

    from tracker.present import figures

    as_of = dt.date(2026, 11, 22)
    drawn = [
        figures.timeline(tracked, "samr-50-more-ai-standards", as_of),  # a target: its unit's axis
        figures.timeline(tracked, "seoul-ai-capacity-building", as_of),
        figures.timeline(tracked, "samr-50-more-ai-standards", dt.date(2025, 1, 1)),  # before it was made
        figures.status_by_framework(tracked, EVERYTHING),
        figures.party_matrix(tracked, EVERYTHING),
        figures.participation(tracked, dataclasses.replace(EVERYTHING, as_of=as_of)),
    ]
    for chart in drawn:
        for fig in (chart.figure, charts.for_phone(chart.figure)):
            spec = fig.to_dict()
            assert go.Figure(spec).to_dict() == spec  # checked: a misspelt property or a bad value raises
        kept = pickle.loads(pickle.dumps(chart))  # as the pages' cache keeps it
        assert kept.figure.to_dict() == chart.figure.to_dict() and kept.numbers.equals(chart.numbers)
        assert (kept.summary, kept.stem, kept.items) == (chart.summary, chart.stem, chart.items)
    with pytest.raises(ValueError, match="colour"):
        go.Figure(charts._merged(drawn[0].figure.to_dict(), {"layout": {"title": {"colour": "red"}}}))


def test_the_deck_follows_the_filters_and_the_as_of_date(tracked):
    def listed(f):
        notes = [s.notes_slide.notes_text_frame.text for s in pledge_slides(deck(tracked, f))]
        return [entry for text in notes for entry in text.split("\n\n")]

    assert len(listed(EVERYTHING)) == 12
    assert len(listed(SEOUL)) == 4
    assert len(listed(dataclasses.replace(EVERYTHING, as_of=dt.date(2025, 8, 1)))) == 8
    headline = slide_titled(deck(tracked), "Headline figures").shapes[-1].text_frame.text
    assert headline.startswith("9 commitments and 3 priorities tracked")


def test_each_commitment_of_the_view_is_quoted_verbatim_on_a_slide_with_what_stands(tracked):
    for f in (SEOUL, EVERYTHING):
        report = gather(tracked, f)
        prs = Presentation(io.BytesIO(build_deck(report)))
        shown = " ".join(
            shape.text_frame.text for slide in pledge_slides(prs) for shape in slide.shapes if shape.name == "Pledges"
        )
        for row in report.commitments.itertuples():
            assert f"\u201c{row.source_quote}\u201d" in shown, row.slug
    plan = gather(tracked, EVERYTHING)
    shown = deck_text(Presentation(io.BytesIO(build_deck(plan))))
    assert "Status: Limited (latest update as of 30 June 2026)" in shown
    assert "Latest evidence: 12 drafts published" in shown
    assert "On track: behind pace (inferred)" in shown  # 12 of over 50 where the line stood at 32 on 30 June
    assert "Deadline: 31 Dec 2026 (inferred)" in shown


def test_a_pledge_gives_the_update_its_status_comes_from_not_the_one_recorded_last(tracked):
    """The latest update by the day it describes stands, whatever order the updates were recorded in: a
    back-dated update recorded later does not become the pledge's "latest evidence"."""
    alice = auth.cli_actor(tracked, "alice")
    for day, words_ in ((dt.date(2026, 9, 30), "drafts under way"), (dt.date(2026, 3, 1), "back-dated note")):
        writes.record_progress(
            tracked,
            actor=alice,
            data=ProgressUpdateCreate(
                commitment_slug="samr-50-more-ai-standards",
                as_of=day,
                status="limited",
                rationale=words_,
                evidence_url="https://example.org/e",
            ),
        )
    (stands,) = [
        stands for r, (_, _, stands) in pledges(gather(tracked, EVERYTHING)) if r.slug == "samr-50-more-ai-standards"
    ]
    assert "(latest update as of 30 September 2026)" in stands and "Latest evidence: drafts under way" in stands


def test_a_view_with_nothing_in_it_says_why_once_and_has_no_empty_slides(tracked, tmp_path):
    """Before any commitment was made: the title, one headline saying so, and the sources; no chart or list of
    nothing. Filters that match nothing say it is the filters."""
    before = dataclasses.replace(EVERYTHING, as_of=dt.date(2025, 7, 1))
    prs = deck(tracked, before)
    assert [s.shapes.title.text for s in prs.slides] == [
        "AI standards commitments: none made yet, 1 July 2025",
        "Headline figures",
        "Sources",
    ]
    headline = " ".join(shape.text_frame.text for shape in prs.slides[1].shapes if shape.has_text_frame)
    assert "No commitment had been made by 1 July 2025." in headline and not re.search(r"(?<![\d.])0 ", headline)
    nothing = dataclasses.replace(EVERYTHING, search="no commitment says this")
    assert deck(tracked, nothing).slides[0].shapes.title.text.endswith("none match these filters, 22 November 2026")
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(build_brief(gather(tracked, before)))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "No commitment had been made by 1 July 2025." in text and "in their own words" not in text


def test_a_part_with_nothing_to_show_is_said_once_on_the_headline_slide_not_given_a_slide(tracked):
    prs = deck(tracked, SEOUL)
    headline = slide_titled(prs, "Headline figures").shapes[-1].text_frame.text
    assert "None of them sets a deadline." in headline
    assert "No progress has been recorded for any of them up to 22 November 2026." in headline
    assert "Every one names the same parties: IEC; ISO; ITU." in headline
    for slide in list(prs.slides)[1:]:  # every slide but the title holds a chart, a table or text beside its title
        body = [s for s in slide.shapes if s.name != "Footer" and s != slide.shapes.title]
        assert any(s.has_chart or s.has_table or (s.has_text_frame and s.text_frame.text.strip()) for s in body)
    everything = deck(tracked)
    for slide in everything.slides:
        for shape in slide.shapes:
            if shape.has_chart:
                axis = shape.chart.value_axis
                assert axis.minimum_scale == 0 and (axis.major_unit is None or axis.major_unit == int(axis.major_unit))


def test_long_lists_split_over_slides_and_nothing_leaves_its_slide(tracked):
    add_commitments(tracked, 25)
    prs = deck(tracked)
    commitment_slides = [s for s in prs.slides if s.shapes.title.text.startswith("Commitments (")]
    assert [s.shapes.title.text for s in commitment_slides] == [f"Commitments ({n} of 4)" for n in (1, 2, 3, 4)]
    for slide in prs.slides:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0
            assert shape.left + shape.width <= prs.slide_width, (slide.shapes.title.text, shape.name)
            assert shape.top + shape.height <= prs.slide_height, (slide.shapes.title.text, shape.name)
            if shape.has_table:
                assert len(shape.table.rows) <= ROWS_PER_SLIDE + 1
                assert shape.top + shape.height <= BODY_BOTTOM < FOOTER_TOP


RENDERED_VIEWS = {
    "everything": EVERYTHING,
    "seoul-statement": SEOUL,
    "waic-2025-forum": dataclasses.replace(EVERYTHING, frameworks=("WAIC 2025 forum",)),
    "before-the-events": dataclasses.replace(EVERYTHING, as_of=dt.date(2025, 7, 1)),
}


@pytest.mark.slow
@pytest.mark.parametrize("view", list(RENDERED_VIEWS))
def test_libreoffice_reads_the_deck_and_the_brief(tracked, tmp_path, view):
    """Each view's deck as LibreOffice draws it and its brief, a page a PNG, saved under test-artifacts/ to look
    at: every slide and page of everything, of each framework, and of a day before the events."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.fail("LibreOffice is missing: apt-get install -y libreoffice-impress (scripts/test.sh does it)")
    report = gather(tracked, RENDERED_VIEWS[view])
    (tmp_path / "deck.pptx").write_bytes(build_deck(report))
    (tmp_path / "brief.pdf").write_bytes(build_brief(report))
    for name in ("deck.pptx", "brief.pdf"):
        result = subprocess.run(
            [
                office,
                "--headless",
                f"-env:UserInstallation=file://{tmp_path}/profile",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path / "converted"),
                str(tmp_path / name),
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert result.returncode == 0, result.stderr
    assert pdf_pages((tmp_path / "converted" / "deck.pdf").read_bytes()) == len(build_deck_slides(report))
    assert pdf_pages((tmp_path / "converted" / "brief.pdf").read_bytes()) in (1, 2, 3)
    shots = SCREENSHOTS.parent / "presentations" / view
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    for pdf, stem in ((tmp_path / "converted" / "deck.pdf", "deck"), (tmp_path / "brief.pdf", "brief")):
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(shots / stem)], check=True, timeout=120)
    assert len(list(shots.glob("deck*.png"))) == len(build_deck_slides(report))


def build_deck_slides(report) -> list:
    return list(Presentation(io.BytesIO(build_deck(report))).slides)


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", data))


def test_the_brief_is_one_to_three_pages_with_its_stamps(tracked):
    data = build_brief(gather(tracked, EVERYTHING))
    assert data.startswith(b"%PDF")
    assert pdf_pages(data) in (1, 2, 3)


def test_the_brief_s_chart_text_prints_at_9_points_or_more(tracked, tmp_path):
    """Every chart image in the brief is placed at no more than 96 pixels an inch, so the charts' smallest type
    (12 pixels: the source line; every other text is larger) prints at 9 points or more."""
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(build_brief(gather(tracked, EVERYTHING)))
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    assert len(rows) == 2  # the status chart and the attendance chart
    for row in rows:
        x_ppi, y_ppi = float(row[12]), float(row[13])
        assert max(x_ppi, y_ppi) <= 96, row
        assert 12 / max(x_ppi, y_ppi) * 72 >= 9
    status = charts.status_by_framework_chart(
        queries.status_by_framework(tracked, EVERYTHING), sources=["S"], as_of=TODAY
    ).to_dict()
    sizes = [
        status["layout"]["template"]["layout"]["font"]["size"],
        status["layout"]["title"]["subtitle"]["font"]["size"],
    ]
    assert min(sizes) >= 12


def test_chart_images_have_the_requested_size_and_are_not_blank():
    figures = status_figure()
    png = images.render(figures, "png", width=1200, height=675)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (1200, 675)
    assert len(image.getcolors(maxcolors=1_000_000)) > 20  # text, bars and grid, not a blank canvas
    svg = images.render(figures, "svg", width=1600, height=900).decode("utf-8")
    assert 'width="1600"' in svg and "Commitments and priorities by framework and status" in svg
    assert "as of 22 November 2026" in svg


def status_figure():
    counts = pd.DataFrame(
        [{"framework": "Seoul Statement", "kind": "commitment", "status": "not_assessed", "commitments": 4}]
    )
    return charts.status_by_framework_chart(counts, sources=["Seoul Statement announcement"], as_of=TODAY)


def test_the_cli_writes_a_deck_and_a_brief(db_url, tmp_path):
    run_cli("seed", db_url=db_url, check=True)
    deck_result = run_cli(
        "deck", "--out", str(tmp_path / "d.pptx"), "--framework", "Seoul Statement", db_url=db_url, check=True
    )
    assert "deck of framework Seoul Statement as of 2026-11-22" in deck_result.stdout
    assert len(Presentation(str(tmp_path / "d.pptx")).slides) == len(TITLES)
    run_cli("brief", "--out", str(tmp_path / "b.pdf"), "--as-of", "2026-07-01", db_url=db_url, check=True)
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")
    refused = run_cli("deck", "--out", str(tmp_path / "x.pptx"), "--as-of", "2027-01-01", db_url=db_url)
    assert refused.returncode == 2 and "is in the future" in refused.stderr
    assert not (tmp_path / "x.pptx").exists()


def deck_text(prs: Presentation) -> str:
    """Every word of a deck: titles, text boxes, table cells, chart labels and categories, speaker notes."""
    words = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                words.append(shape.text_frame.text)
            if shape.has_table:
                words += [cell.text for row in shape.table.rows for cell in row.cells]
            if shape.has_chart:
                plot = shape.chart.plots[0]
                words += [str(c) for c in plot.categories] + [series.name for series in plot.series]
        if slide.has_notes_slide:
            words.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(words)


def brief_text(data: bytes, tmp_path) -> str:
    (tmp_path / "brief.pdf").write_bytes(data)
    result = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "brief.pdf"), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


def test_a_seoul_only_deck_and_brief_hold_nothing_from_waic(tracked, tmp_path):
    report = gather(tracked, SEOUL)
    assert report.recent.empty  # the one recorded update is about a WAIC commitment
    assert list(report.participation["event"].unique()) == ["Seoul summit"]
    assert report.all_sources == ["Seoul Statement announcement"]
    for text in (deck_text(Presentation(io.BytesIO(build_deck(report)))), brief_text(build_brief(report), tmp_path)):
        assert "WAIC" not in text and "Shanghai" not in text and "China" not in text
        assert "over 300" in text
    everything = deck_text(deck(tracked))
    assert "WAIC 2025 forum report" in everything and "12 drafts published" in everything


def test_decks_and_briefs_mark_every_inferred_value_they_show(tracked, tmp_path):
    report = gather(tracked, EVERYTHING)
    for text in (deck_text(Presentation(io.BytesIO(build_deck(report)))), brief_text(build_brief(report), tmp_path)):
        flat = " ".join(text.split())
        assert "31 Dec 2026 (inferred)" in flat  # the deadline, in the deadlines and commitments tables
        assert "China (inferred)" in flat  # "We'll continue": the party behind "we"
        assert "over 50 more AI-related standards" in flat or "over 50 more AI-" in flat
        assert "at least 50" not in flat


def test_each_commitment_carries_its_verbatim_quote_in_the_speaker_notes(tracked):
    prs = deck(tracked, SEOUL)
    notes = slide_titled(prs, PLEDGES).notes_slide.notes_text_frame.text
    assert "“Enhance public-private collaboration on AI capacity building.” (seoul-statement-announcement)" in notes


@pytest.mark.slow
def test_the_headline_counts_every_matching_commitment_not_the_rows_shown(seeded):
    from benchmarks.synthetic import add_progress_updates

    add_commitments(seeded, 10_000)
    add_progress_updates(seeded, 20_000)
    report = gather(seeded, EVERYTHING)
    with seeded.connect() as connection:
        with_deadline = connection.exec_driver_sql("SELECT count(*) FROM commitment WHERE due_date IS NOT NULL")
        with_deadline = with_deadline.scalar()
    assert with_deadline > queries.MAX_TABLE_ROWS  # more than a table shows
    assert report.counts.with_deadline == with_deadline
    table = queries.commitments_table(seeded, EVERYTHING, limit=None)
    open_rows = table[~table["status"].isin(rules.CLOSED_STATUSES)]
    passed = open_rows["days_left"] < 0
    assessed = open_rows["status"] != "not_assessed"
    assert report.counts.deadlines["overdue"] == int((passed & assessed).sum())
    assert report.counts.deadlines["passed_not_assessed"] == int((passed & ~assessed).sum())
    soon = (open_rows["days_left"] >= 0) & (open_rows["days_left"] <= 90)
    assert report.counts.deadlines["due_soon"] == int(soon.sum())
    closed_and_past = table[table["status"].isin(rules.CLOSED_STATUSES) & (table["days_left"] < 0)]
    assert len(closed_and_past) > 0  # the data holds completed commitments past their deadline, never counted


@pytest.mark.slow
def test_every_deck_brief_and_export_command_the_readme_shows_runs_as_written(seeded, db_url, tmp_path):
    import shlex

    from models.db import PROJECT_ROOT

    lines = [
        line.split("#")[0].strip()
        for line in (PROJECT_ROOT / "README.md").read_text(encoding="utf-8").splitlines()
        if line.startswith(".venv/bin/python -m tracker ") and line.split()[3] in ("deck", "brief", "export")
    ]
    assert any(" brief " in line for line in lines) and any(" deck " in line for line in lines)
    for number, line in enumerate(lines):
        args = shlex.split(line)[3:]
        if "--out" in args:  # written into the test's folder, not the project's
            args[args.index("--out") + 1] = str(tmp_path / f"{number}-{Path(args[args.index('--out') + 1]).name}")
        result = run_cli(*args, db_url=db_url)
        assert result.returncode == 0, (line, result.stderr)


def test_the_brief_names_its_view_and_quotes_each_commitment(tracked, tmp_path):
    report = gather(tracked, SEOUL)
    flat = " ".join(brief_text(build_brief(report), tmp_path).split())
    assert "Seoul Statement: where the four commitments stand, 22 November 2026" in flat
    for row in report.commitments.itertuples():
        assert " ".join(row.source_quote.split()) in flat, row.slug
    assert "Every one names the same parties: IEC; ISO; ITU." in flat
    assert "Deadlines and countdowns" not in flat and "Recent progress updates" not in flat  # said once instead
