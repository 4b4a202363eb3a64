"""The brief: one to three A4 pages of the current view for people who read rather than present.

The same content and stamps as the deck (tracker.present.report), with the charts as images
(tracker.present.images). Written with fpdf2 in a Unicode font from the system (the sources quote with
typographic marks the PDF core fonts lack).
"""

import io
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from tracker.domain.errors import TrackerError
from tracker.present import charts, images
from tracker.present.report import (
    INFERRED_NOTE,
    TRACKER_RECORDS,
    Report,
    citation,
    fit,
    footer_text,
    headline_lines,
    left_out,
    pledges,
    rubric_line,
    view_title,
)

FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
)
MAX_ROWS = 18  # commitments listed in the brief; it says how many more the deck and the CSV hold
PAGE_WIDTH = 180  # mm of text width on A4 with 15 mm margins
# Chart images are drawn at this many pixels to a millimetre of page (91 pixels an inch): the charts' smallest
# type, 12 pixels, prints at 9.5 points, their body type (14 pixels) at 11.
PIXELS_PER_MM = 3.6


class BriefUnavailable(TrackerError, RuntimeError):
    """The brief cannot be written here; the message says what to install."""


class _Brief(FPDF):
    def __init__(self, report: Report) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report = report
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=20)
        regular, bold = _fonts()
        self.add_font("Body", "", regular)
        self.add_font("Body", "B", bold)
        self.set_title(view_title(report))
        self.set_creator("AI Standards Commitment Tracker")

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("Body", size=7.5)
        self.set_text_color(85, 85, 85)
        self.multi_cell(0, 3.5, f"{footer_text(self.report, self.report.all_sources)} · page {self.page_no()}")


def _fonts() -> tuple[str, str]:
    for regular, bold in FONT_CANDIDATES:
        if Path(regular).is_file() and Path(bold).is_file():
            return regular, bold
    raise BriefUnavailable("the brief needs a Unicode font: install it with `apt-get install -y fonts-dejavu-core`")


def build_brief(report: Report) -> bytes:
    pdf = _Brief(report)
    pdf.set_creation_date(report.made_at)  # the same brief twice is the same bytes
    pdf.add_page()
    _heading(pdf, report)
    _headline(pdf, report)
    if not report.tracked:  # said in the headline; no section of empty parts
        _sources(pdf, report)
        return bytes(pdf.output())
    _status_chart(pdf, report)
    # A part with nothing to show is said once in the headline (report.left_out), not given a section.
    if not report.deadlines.empty:
        _deadlines(pdf, report)
    _commitments(pdf, report)
    if not report.participation.empty:
        _participation(pdf, report)
    if not report.recent.empty:
        _updates(pdf, report)
    _sources(pdf, report)
    return bytes(pdf.output())


def _h2(pdf: FPDF, text: str, *, room: float = 30) -> None:
    """A section heading, on a new page unless `room` millimetres fit under it on this one."""
    if pdf.get_y() + room > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(3)
    pdf.set_font("Body", "B", 12)
    pdf.set_text_color(38, 39, 48)
    pdf.cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _para(pdf: FPDF, text: str, size: float = 9.5) -> None:
    pdf.set_font("Body", size=size)
    pdf.set_text_color(38, 39, 48)
    pdf.multi_cell(0, 4.8, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _table(pdf: FPDF, header: list[str], rows: list[list[str]], widths: tuple[int, ...]) -> None:
    pdf.set_font("Body", size=8)
    with pdf.table(
        col_widths=widths,
        line_height=4.2,
        text_align="LEFT",
        first_row_as_headings=True,
        headings_style=_heading_style(),
    ) as table:
        for values in [header, *rows]:
            row = table.row()
            for value in values:
                row.cell(value)


def _heading_style() -> FontFace:
    return FontFace(emphasis="BOLD", fill_color=(234, 240, 246))


def _chart(pdf: FPDF, fig, width: float, height: float) -> None:
    """A chart image `width` by `height` millimetres of page, drawn at PIXELS_PER_MM."""
    png = images.render(fig, "png", width=round(width * PIXELS_PER_MM), height=round(height * PIXELS_PER_MM))
    pdf.image(io.BytesIO(png), w=width)


def _heading(pdf: FPDF, report: Report) -> None:
    pdf.set_font("Body", "B", 17)
    pdf.set_text_color(38, 39, 48)
    pdf.multi_cell(0, 8, view_title(report), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Body", size=9)
    pdf.set_text_color(85, 85, 85)
    pdf.multi_cell(
        0,
        4.5,
        f"As of {report.as_of:%-d %B %Y} · Showing: {report.filter_words} · Generated "
        f"{report.generated_on:%-d %B %Y} by the AI Standards Commitment Tracker",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )


def _headline(pdf: FPDF, report: Report) -> None:
    _h2(pdf, "Headline figures")
    _para(
        pdf,
        " ".join(line if line.endswith(".") else f"{line}." for line in [*headline_lines(report), *left_out(report)]),
    )


def _status_chart(pdf: FPDF, report: Report) -> None:
    fig = charts.status_by_framework_chart(report.by_framework, sources=report.commitment_sources, as_of=report.as_of)
    _chart(pdf, fig, PAGE_WIDTH, fig.layout.height / PIXELS_PER_MM)  # its bars as tall as on the page
    _para(pdf, charts.status_by_framework_summary(report.by_framework), size=8.5)


def _deadlines(pdf: FPDF, report: Report) -> None:
    _h2(pdf, "Deadlines and countdowns")
    rows = [
        [
            fit(r.title, 80),
            r.deadline,
            r.countdown,
            r.status_label,
        ]
        for r in report.deadlines.head(6).itertuples()
    ]
    _table(pdf, ["Commitment", "Due", "Countdown", "Status"], rows, (90, 35, 30, 25))


def _commitments(pdf: FPDF, report: Report) -> None:
    """Each commitment in its own words: its title, its quote verbatim, and what stands, in one short block."""
    _h2(pdf, "The commitments, in their own words")
    listed = pledges(report)[:MAX_ROWS]
    for r, (title, quote, stands) in listed:
        pdf.set_font("Body", "B", 9)
        pdf.set_text_color(38, 39, 48)
        pdf.multi_cell(0, 4.2, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        _para(pdf, f"\u201c{quote}\u201d", size=8.5)
        pdf.set_text_color(85, 85, 85)
        pdf.set_font("Body", size=8)
        pdf.multi_cell(0, 3.9, stands, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if rubric := rubric_line(report.assessed.get(r.slug)):
            pdf.multi_cell(0, 3.9, rubric, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.5)
    if report.matched > len(listed):
        _para(pdf, f"The first {len(listed)} of {report.matched}; the deck and the CSV download list them all.", 8)


def _participation(pdf: FPDF, report: Report) -> None:
    metrics = report.participation["metric"].nunique()
    _h2(pdf, "Attendance, as stated", room=20 + 28 * metrics)
    fig = charts.participation_chart(report.participation, sources=report.participation_sources, as_of=report.as_of)
    _chart(pdf, fig, 160, 25 + 42 * metrics)
    _para(
        pdf,
        " ".join([*charts.participation_notes(report.participation), charts.qualifier_notes(report.participation)]),
        size=8,
    )


def _updates(pdf: FPDF, report: Report) -> None:
    _h2(pdf, "Recent progress updates")
    # What stands: an update a correction replaced is not among them (the Changes log keeps both).
    rows = [
        [
            f"#{r.id}",
            f"{r.as_of:%-d %b %Y}",
            fit(r.commitment_title, 60),
            r.status_label,
            r.kind_label,
            fit(r.rationale, 50),
        ]
        for r in report.recent.head(5).itertuples()
    ]
    _table(pdf, ["#", "As of", "Commitment", "Status", "Kind", "Rationale"], rows, (10, 22, 58, 22, 22, 46))


def _sources(pdf: FPDF, report: Report) -> None:
    _h2(pdf, "Sources")
    for d in report.documents.itertuples():
        _para(pdf, citation(d), size=8.5)
    _para(pdf, f"Progress: {TRACKER_RECORDS}. {INFERRED_NOTE} {report.review}", size=8.5)
