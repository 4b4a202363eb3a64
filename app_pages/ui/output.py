"""What a page gives away, at addresses any app server answers: the rows shown as CSV and JSON, charts with
their images and numbers, the deck and the brief."""

from urllib.parse import urlencode

import streamlit as st

from app_pages.ui.presentation import for_projector, present_query, presenting
from app_pages.ui.text import escape_markdown
from tracker.present import images
from tracker.present.charts import for_phone
from tracker.present.figures import Chart
from tracker.read.filters import CommitmentFilter
from tracker.web.addresses import BRIEF as BRIEF_PATH
from tracker.web.addresses import DECK as DECK_PATH
from tracker.web.addresses import chart as chart_path
from tracker.web.addresses import params_of


def data_links(csv: str, *, json: str | None = None, atom: str | None = None, what: str = "This table") -> None:
    """Where the rows shown can be had as data: CSV (and for Excel, with a byte-order mark), JSON, an Atom feed.
    Addresses, not files held for this session: any app server answers them, and they can be shared."""
    if presenting():
        return
    parts = [f"[CSV]({csv})", f"[CSV for Excel]({with_excel(csv)})"]
    if json:
        parts.append(f"[JSON]({json})")
    if atom:
        parts.append(f"[Atom feed]({atom})")
    st.markdown(
        f"{what} as " + " · ".join(parts),
        help="Text that a spreadsheet could run as a formula starts with an added apostrophe ('). The CSV for "
        "Excel is the same file with a byte-order mark, so Excel reads its UTF-8 correctly.",
    )


def with_excel(address: str) -> str:
    return f"{address}{'&' if '?' in address else '?'}excel=true"


def chart(drawn: Chart, *, name: str, query: str, key: str, phone_lines: list[str] | None = None) -> None:
    """A chart, the sentence that says what it shows, and links to the chart as PNG and SVG at presentation size
    (title, sources and as-of date drawn in) and to its numbers as CSV, at the chart's own address (`name` and
    the page's `query`, tracker.web.charts). On a phone the chart is laid out again for the narrow screen, or
    replaced by `phone_lines` (Markdown, one line an item) where a grid cannot fit."""
    fig = drawn.figure
    # Drawn twice, for wide screens and for phones; the page style shows one (display: none hides the other from
    # screen readers too).
    with st.container(key=f"wide_only_{key}"):
        shown = for_projector(fig) if presenting() else fig
        st.plotly_chart(shown, theme=None, key=key, config={"displaylogo": False})
    with st.container(key=f"narrow_only_{key}"):
        if phone_lines is None:
            st.plotly_chart(for_phone(fig), theme=None, key=f"{key}_phone", config={"displaylogo": False})
        else:
            st.markdown(f"**{escape_markdown(fig.layout.title.text or '')}**")
            st.markdown("\n".join(f"- {line}" for line in phone_lines))
    if presenting():
        st.markdown(f"### {escape_markdown(drawn.summary)}")
        return
    st.caption(escape_markdown(drawn.summary))
    size = f"{images.PRESENTATION_WIDTH} × {images.PRESENTATION_HEIGHT} pixels"
    numbers = f"{chart_path(name, 'csv')}?{query}"
    st.markdown(
        f"This chart as [PNG]({chart_path(name, 'png')}?{query}) · [SVG]({chart_path(name, 'svg')}?{query}) · its "
        f"numbers as [CSV]({numbers}) · [CSV for Excel]({with_excel(numbers)})",
        help=f"Images at presentation size ({size}), with the title, sources and as-of date drawn in.",
    )


def presentation_downloads(f: CommitmentFilter) -> None:
    """The current view as a PowerPoint deck and as a PDF brief, at addresses any app server answers (the files
    are built when asked for, and kept by view and data revision), and the page in present mode."""
    query = urlencode(params_of(f))
    with st.container(horizontal=True, key="presentation_downloads"):
        st.link_button(
            "Download deck",
            url=f"{DECK_PATH}?{query}",
            icon=":material/slideshow:",
            type="primary",
            help="A 16:9 PowerPoint deck of this view with native, editable charts; stamped with the as-of date, "
            "the filters and the sources.",
        )
        st.link_button(
            "Download brief (PDF)",
            url=f"{BRIEF_PATH}?{query}",
            icon=":material/picture_as_pdf:",
            help="One to three pages of this view for reading, with the charts as images.",
        )
        st.link_button(
            "Present (opens in a new tab)",
            url=f"?{present_query()}",
            icon=":material/co_present:",
            help="This page without sidebar and controls, in large type, one chart per screen.",
        )
