"""The stakeholder deck: a 16:9 PowerPoint file of the current view, stamped with what it shows.

Charts are native PowerPoint charts (editable, restylable in PowerPoint); tables are native tables, split over as
many slides as needed with a bounded number of rows and cut-to-fit cell text, so nothing overflows a slide. Every
slide's footer gives the as-of date and the sources of its figures.
"""

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from tracker.domain import rules
from tracker.domain.vocab import STATUS_LABELS, STATUSES
from tracker.present import charts
from tracker.present.charts import STATUS_COLORS
from tracker.present.report import (
    INFERRED_NOTE,
    QUOTED_LISTED,
    TRACKER_RECORDS,
    Report,
    citation,
    fingerprint,
    fit,
    footer_text,
    headline_lines,
    left_out,
    pledges,
    rubric_line,
    shared_parties,
    view_title,
)

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
TITLE_TOP, TITLE_HEIGHT = Inches(0.35), Inches(0.9)
BODY_TOP = Inches(1.35)
FOOTER_TOP, FOOTER_HEIGHT = Inches(6.95), Inches(0.4)
BODY_BOTTOM = FOOTER_TOP - Inches(0.1)
ROWS_PER_SLIDE = 10  # commitments per table slide: with 2-line cells at 11 pt this fits the body
BODY_POINTS = 380  # points of text the body holds, for packing pledges onto slides
CHARS_PER_LINE = {16: 105, 14: 125, 13: 135}  # characters of a line across the body, by the font's size in points
ROW_HEIGHT = Inches(0.48)
HEADER_HEIGHT = Inches(0.4)
INK = RGBColor(0x26, 0x27, 0x30)
# The app's palette, not PowerPoint's default table style: blue headers (Okabe-Ito blue, as in the charts) and
# pale bands, with ink-coloured text.
HEADER_FILL = RGBColor(0x00, 0x72, 0xB2)
BAND_FILL = RGBColor(0xEE, 0xF4, 0xF9)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
MUTED = RGBColor(0x55, 0x55, 0x55)
TITLE_SLIDE, TITLE_ONLY = 0, 5


def build_deck(report: Report) -> bytes:
    """The deck of a view. A part with nothing to show (no deadlines, no updates, everyone party to everything) is
    left out and said once on the headline slide, never a slide of its own."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    _title_slide(prs, report)
    _headline_slide(prs, report)
    if not report.tracked:  # said on the headline slide; no slide of empty parts
        _sources_slide(prs, report)
        return _saved(prs, report)
    _status_slide(prs, report)
    if not report.deadlines.empty:
        _deadlines_slide(prs, report)
    if report.matched <= QUOTED_LISTED:
        _pledge_slides(prs, report)
    else:
        _commitment_slides(prs, report)
    if not report.participation.empty:
        _participation_slide(prs, report)
    if not report.matrix.empty and not shared_parties(report):
        _matrix_slides(prs, report)
    if not report.recent.empty:
        _updates_slide(prs, report)
    _sources_slide(prs, report)
    return _saved(prs, report)


def _saved(prs: PresentationType, report: Report) -> bytes:
    """The deck's bytes, saying it was made when the report was (at a release, when the release was published):
    the same deck twice is the same bytes."""
    made = report.made_at.astimezone(dt.UTC).replace(tzinfo=None)
    prs.core_properties.created = prs.core_properties.modified = made
    prs.core_properties.last_printed = made
    prs.core_properties.revision = 1
    buffer = io.BytesIO()
    prs.save(buffer)
    return _steady(buffer.getvalue(), made)


_MADE_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _steady(package: bytes, made: dt.datetime) -> bytes:
    """An Office file with every moment in it `made`: python-pptx stamps each part with the time it is saved, and
    each chart's embedded workbook says when it was written."""
    packed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as saved, zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as steady:
        for part in saved.infolist():
            data = saved.read(part.filename)
            if part.filename.endswith(".xlsx"):
                data = _steady(data, made)
            elif part.filename == "docProps/core.xml":
                data = _MADE_STAMP.sub(rb"\g<1>" + f"{made:%Y-%m-%dT%H:%M:%SZ}".encode() + rb"\2", data)
            stamped = zipfile.ZipInfo(part.filename, date_time=made.timetuple()[:6])
            stamped.compress_type = part.compress_type
            steady.writestr(stamped, data)
    return packed.getvalue()


# --- slide frame --------------------------------------------------------------------------------------------


def _slide(prs: PresentationType, title: str, report: Report, sources: Sequence[str]) -> Slide:
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    heading = slide.shapes.title
    heading.left, heading.top, heading.width, heading.height = MARGIN, TITLE_TOP, SLIDE_WIDTH - 2 * MARGIN, TITLE_HEIGHT
    heading.text = title
    paragraph = heading.text_frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    paragraph.runs[0].font.size = Pt(30)
    paragraph.runs[0].font.bold = True
    paragraph.runs[0].font.color.rgb = INK
    _footer(slide, report, sources)
    return slide


def _footer(slide: Slide, report: Report, sources: Sequence[str]) -> None:
    box = slide.shapes.add_textbox(MARGIN, FOOTER_TOP, SLIDE_WIDTH - 2 * MARGIN, FOOTER_HEIGHT)
    box.name = "Footer"
    frame = box.text_frame
    frame.word_wrap = True
    frame.text = footer_text(report, sources)
    run = frame.paragraphs[0].runs[0]
    run.font.size = Pt(11)
    run.font.color.rgb = MUTED


def _text(
    slide: Slide, lines: Sequence[str], *, top=BODY_TOP, size: int = 20, height=None, left=MARGIN, width=None
) -> None:
    box = slide.shapes.add_textbox(left, top, width or SLIDE_WIDTH - 2 * MARGIN, height or BODY_BOTTOM - top)
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.space_after = Pt(8)
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.font.color.rgb = INK


def _table(
    slide: Slide,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    limits: Sequence[int],
    *,
    top=BODY_TOP,
    size: int = 11,
) -> None:
    height = HEADER_HEIGHT + ROW_HEIGHT * len(rows)
    shape = slide.shapes.add_table(len(rows) + 1, len(header), MARGIN, top, SLIDE_WIDTH - 2 * MARGIN, height)
    table = shape.table
    for col, inches in enumerate(widths):
        table.columns[col].width = Inches(inches)
    table.rows[0].height = HEADER_HEIGHT
    for r in range(1, len(rows) + 1):
        table.rows[r].height = ROW_HEIGHT
    for col, name in enumerate(header):
        _cell(table.cell(0, col), name, size, bold=True, fill=HEADER_FILL, color=WHITE)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            _cell(table.cell(r, col), fit(value, limits[col]), size, fill=BAND_FILL if r % 2 == 0 else WHITE)


def _cell(cell, text: str, size: int, *, bold: bool = False, fill: RGBColor = WHITE, color: RGBColor = INK) -> None:
    cell.text = text
    cell.margin_top = cell.margin_bottom = Emu(30000)
    cell.fill.solid()
    cell.fill.fore_color.rgb = fill
    for paragraph in cell.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.color.rgb = color


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


# --- slides -------------------------------------------------------------------------------------------------


def _title_slide(prs: PresentationType, report: Report) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_SLIDE])
    title, subtitle = slide.shapes.title, slide.placeholders[1]
    # Room for a title of three lines (a view of several frameworks names each kind and the date).
    title.left, title.top, title.width, title.height = MARGIN, Inches(1.3), SLIDE_WIDTH - 2 * MARGIN, Inches(2.4)
    subtitle.left, subtitle.top, subtitle.width = MARGIN, Inches(4.0), SLIDE_WIDTH - 2 * MARGIN
    subtitle.height = Inches(2.2)
    title.text = view_title(report)
    for run in title.text_frame.paragraphs[0].runs:
        run.font.size = Pt(34)
    subtitle.text = (
        f"As of {report.as_of:%-d %B %Y}\n"
        f"Showing: {report.filter_words}\n"
        f"Generated {report.generated_on:%-d %B %Y} by the AI Standards Commitment Tracker"
    )
    for paragraph in subtitle.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(20)
    _footer(slide, report, report.all_sources)


def _headline_slide(prs: PresentationType, report: Report) -> None:
    slide = _slide(prs, "Headline figures", report, report.commitment_sources)
    _text(slide, [*headline_lines(report), *left_out(report), f"Showing: {report.filter_words}"], size=20)


def _status_slide(prs: PresentationType, report: Report) -> None:
    slide = _slide(prs, "Commitments by status and framework", report, report.commitment_sources)
    counts = report.by_framework
    # One bar per framework and kind: commitments and priorities are counted apart.
    groups = list(dict.fromkeys(zip(counts["framework"], counts["kind"], strict=True)))
    data = CategoryChartData(number_format="0")
    data.categories = [charts.group_label(framework, kind) for framework, kind in groups]
    present = [s for s in STATUSES if report.status_totals.get(s)]
    for status in present:
        part = counts[counts["status"] == status].set_index(["framework", "kind"])["commitments"]
        # A bar without this status gets no segment, and so no "Limited; 0" label.
        data.add_series(STATUS_LABELS[status], [int(part.get(group, 0)) or None for group in groups])
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_STACKED, MARGIN, BODY_TOP, SLIDE_WIDTH - 2 * MARGIN, BODY_BOTTOM - BODY_TOP, data
    )
    frame.name = "Status by framework"
    chart = frame.chart
    # The slide title says what the chart shows: with one series a reader would otherwise title the chart with the
    # series name ("Not assessed"), as PowerPoint and LibreOffice both do.
    chart.has_title = False
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.TOP
    chart.legend.include_in_layout = False
    chart.value_axis.has_title = True
    chart.value_axis.axis_title.text_frame.text = "Commitments or priorities (count)"
    chart.value_axis.minimum_scale = 0  # a count axis starts at zero, whatever the counts
    tallest = int(counts.groupby(["framework", "kind"])["commitments"].sum().max())
    chart.value_axis.major_unit = max(1, -(-tallest // 8))  # whole numbers: a count has no halves
    chart.value_axis.tick_labels.font.size = Pt(12)
    chart.category_axis.tick_labels.font.size = Pt(12)
    chart.value_axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
    chart.category_axis.reverse_order = True
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.has_data_labels = True
    plot.data_labels.position = XL_LABEL_POSITION.CENTER
    for series, status in zip(plot.series, present, strict=True):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(STATUS_COLORS[status].lstrip("#"))
        # The status is written on each segment, not left to colour: "Not assessed: 3", in the words' own
        # separator (PowerPoint and LibreOffice each put their own between a series name and a value).
        for point, value in zip(series.points, series.values, strict=True):
            if value:
                label = point.data_label
                label.position = XL_LABEL_POSITION.CENTER
                label.text_frame.text = f"{STATUS_LABELS[status]}: {int(value)}"
                label.text_frame.word_wrap = False
                run = label.text_frame.paragraphs[0].runs[0]
                run.font.size = Pt(12)
                run.font.color.rgb = RGBColor.from_string(charts.STATUS_TEXT_COLORS[status].lstrip("#"))


def _deadlines_slide(prs: PresentationType, report: Report) -> None:
    slide = _slide(prs, "Deadlines and countdowns", report, report.commitment_sources)
    rows = [
        [
            r.title,
            r.deadline,
            r.countdown,
            r.status_label,
            r.target,
        ]
        for r in report.deadlines.head(ROWS_PER_SLIDE).itertuples()
    ]
    _table(
        slide,
        ["Commitment", "Due", "Countdown", "Status", "Target"],
        rows,
        [4.6, 1.9, 1.7, 1.4, 2.73],
        [90, 26, 24, 18, 50],
    )


def _commitment_slides(prs: PresentationType, report: Report) -> None:
    listed = list(report.commitments.itertuples())
    rows = [
        [
            r.title,
            r.kind_label,
            r.status_label,
            r.parties or "none named",
            r.deadline,
            r.specificity_label,
        ]
        for r in listed
    ]
    pages = _chunks(rows, ROWS_PER_SLIDE)
    quotes = _chunks(listed, ROWS_PER_SLIDE)
    for number, page in enumerate(pages, start=1):
        suffix = f" ({number} of {len(pages)})" if len(pages) > 1 else ""
        slide = _slide(prs, f"Commitments{suffix}", report, report.commitment_sources)
        _table(
            slide,
            ["Commitment", "Kind", "Status", "Parties", "Due", "Specificity"],
            page,
            [4.35, 1.5, 1.3, 2.6, 1.45, 1.133],
            [110, 12, 16, 60, 24, 8],  # the longest seed title is 106 characters: titles are not cut
        )
        # The speaker sees each commitment's own words, verbatim, with where they come from.
        slide.notes_slide.notes_text_frame.text = "\n\n".join(
            f"{r.title}: \u201c{r.source_quote}\u201d ({r.source})" for r in quotes[number - 1]
        )
    if report.matched > len(report.commitments):
        _text(
            slide,
            [
                f"The deck lists the first {len(report.commitments)} of {report.matched} matching "
                "commitments; narrow the filters for the rest."
            ],
            top=BODY_BOTTOM - Inches(0.45),
            height=Inches(0.4),
            size=12,
        )


def _participation_slide(prs: PresentationType, report: Report) -> None:
    slide = _slide(prs, "Attendance, as stated", report, report.participation_sources)
    figures = report.participation
    # One small chart per metric: they count different things, so they never share an axis or a sum.
    metrics = list(dict.fromkeys(figures["metric"]))
    width = (SLIDE_WIDTH - 2 * MARGIN) // max(len(metrics), 1)
    height = Inches(2.6)
    for i, metric in enumerate(metrics):
        part = figures[figures["metric"] == metric]
        data = CategoryChartData(number_format="0")
        data.categories = list(part["event"])
        data.add_series(charts.metric_title(metric), [int(v) for v in part["value"]])
        left = MARGIN + width * i
        frame = slide.shapes.add_chart(
            XL_CHART_TYPE.COLUMN_CLUSTERED, left, BODY_TOP, width - Inches(0.15), height, data
        )
        frame.name = f"Participation: {metric}"
        chart = frame.chart
        chart.has_legend = False
        chart.has_title = True
        chart.chart_title.text_frame.text = charts.metric_title(metric)
        chart.value_axis.minimum_scale = 0  # a count axis starts at zero, whatever the counts
        # Room above the tallest bar for its label ("over 300"), clear of the chart's title.
        chart.value_axis.maximum_scale = _headroom(int(part["value"].max()))
        chart.value_axis.tick_labels.font.size = Pt(12)
        chart.category_axis.tick_labels.font.size = Pt(12)
        chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(14)
        plot = chart.plots[0]
        plot.has_data_labels = True
        plot.data_labels.font.size = Pt(12)
        for point, stated in zip(plot.series[0].points, part["as_stated"], strict=True):
            label = point.data_label.text_frame
            label.text = stated  # "over 300" where the text says "over 300"
            label.word_wrap = False  # on one line: "over" above "300" ran into the title
    _text(
        slide,
        [
            *charts.participation_notes(figures),
            "Figures keep the text's own words: " + charts.qualifier_notes(figures, arrows=False),
        ],
        top=BODY_TOP + height + Inches(0.2),
        size=13,
    )


def _matrix_slides(prs: PresentationType, report: Report) -> None:
    matrix = report.matrix
    if matrix.empty:
        slide = _slide(prs, "Who is party to what", report, report.commitment_sources)
        _text(slide, ["No organization is party to the filtered commitments."])
        return
    organizations = sorted(matrix["organization"].unique())
    commitments = list(dict.fromkeys(matrix["commitment"]))
    roles = {(r.commitment, r.organization): rules.marked(r.role, bool(r.inferred)) for r in matrix.itertuples()}
    org_pages = _chunks(organizations, 6)
    row_pages = _chunks(commitments, ROWS_PER_SLIDE)
    total = len(org_pages) * len(row_pages)
    number = 0
    for orgs in org_pages:
        for page in row_pages:
            number += 1
            suffix = f" ({number} of {total})" if total > 1 else ""
            slide = _slide(prs, f"Who is party to what{suffix}", report, report.commitment_sources)
            rows = [[c, *(roles.get((c, o), "").replace("_", " ") for o in orgs)] for c in page]
            org_width = min(1.6, 7.3 / len(orgs))
            _table(
                slide,
                ["Commitment", *orgs],
                rows,
                [12.333 - org_width * len(orgs)] + [org_width] * len(orgs),
                [95] + [24] * len(orgs),
                size=10,
            )


def _updates_slide(prs: PresentationType, report: Report) -> None:
    slide = _slide(prs, "Recent progress updates", report, [TRACKER_RECORDS])
    # What stands: an update a correction replaced is not among them (the Changes log keeps both).
    rows = [
        [f"#{r.id}", f"{r.as_of:%-d %b %Y}", r.commitment_title, r.status_label, r.kind_label, r.rationale]
        for r in report.recent.itertuples()
    ]
    _table(
        slide,
        ["#", "As of", "Commitment", "Status", "Kind", "Rationale"],
        rows,
        [0.7, 1.3, 4.0, 1.4, 1.4, 3.533],
        [6, 12, 80, 14, 14, 76],
    )


def _sources_slide(prs: PresentationType, report: Report) -> None:
    slide = _slide(prs, "Sources", report, report.all_sources)
    documents = list(report.documents.itertuples())
    lines = [citation(d) for d in documents]
    lines.append(
        f"Progress and corrections: {TRACKER_RECORDS}, each with its rationale and evidence (see the Changes log)."
    )
    lines.append(INFERRED_NOTE)
    lines.append(report.review)
    if documents:
        lines.append("Each document's SHA-256, to check a copy of its text, is in this slide's notes.")
    _text(slide, lines, size=16)
    slide.notes_slide.notes_text_frame.text = "\n".join(fingerprint(d) for d in documents)


def _headroom(tallest: int) -> int:
    """A round top for a count axis half as high again as its tallest bar, with room above it for its label."""
    top = max(1, tallest * 3 // 2)
    step = 10 ** max(len(str(top)) - 1, 0)
    return -(-top // step) * step


def _pledge_points(lines: list[tuple[str, int, str]]) -> int:
    """How tall a commitment's lines are on its slide, in points: each wrapped line at 1.2 times its size, the
    space after each and the gap below the last."""
    wrapped = sum(-(-len(text) // CHARS_PER_LINE[size]) * size * 1.2 + 3 for text, size, _ in lines)
    return int(wrapped) + 14


def _pledge_slides(prs: PresentationType, report: Report) -> None:
    """Each commitment's pledge, quoted verbatim, with its status in words, the latest evidence and its date, the
    deadline and who commits (report.pledges): a few to a slide, as many as fit."""
    listed = [(r, _pledge_lines(words)) for r, words in pledges(report)]
    pages: list[list] = [[]]
    used = 0
    for r, lines in listed:
        need = _pledge_points(lines)
        if pages[-1] and used + need > BODY_POINTS:
            pages.append([])
            used = 0
        pages[-1].append((r, lines))
        used += need
    for number, page in enumerate(pages, start=1):
        suffix = f" ({number} of {len(pages)})" if len(pages) > 1 else ""
        slide = _slide(prs, f"The commitments, in their own words{suffix}", report, report.commitment_sources)
        box = slide.shapes.add_textbox(MARGIN, BODY_TOP, SLIDE_WIDTH - 2 * MARGIN, BODY_BOTTOM - BODY_TOP)
        box.name = "Pledges"
        frame = box.text_frame
        frame.word_wrap = True
        first = True
        for _, lines in page:
            for i, (text, size, style) in enumerate(lines):
                paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
                first = False
                run = paragraph.add_run()
                run.text = text
                run.font.size, run.font.color.rgb = Pt(size), INK
                run.font.bold, run.font.italic = style == "bold", style == "quote"
                paragraph.space_after = Pt(14 if i == len(lines) - 1 else 3)  # a gap between commitments
        slide.notes_slide.notes_text_frame.text = "\n\n".join(
            f"{r.title}: \u201c{r.source_quote}\u201d ({r.source}) {rubric_line(report.assessed.get(r.slug))}".strip()
            for r, _ in page
        )


def _pledge_lines(words: tuple[str, str, str]) -> list[tuple[str, int, str]]:
    """A commitment's lines on its slide, with their size and style: title, quote, and what stands."""
    title, quote, stands = words
    return [(title, 16, "bold"), (f"\u201c{quote}\u201d", 14, "quote"), (stands, 13, "plain")]
