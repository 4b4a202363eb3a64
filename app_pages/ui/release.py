"""Which data the pages show: the live data, or a release (`?release=2026.12`), chosen in the sidebar and kept in
the address, so a link to a page at a release opens it as that release held the data. At a release every page says
so at its top, every link and file it gives stays at the release, and nothing can be edited (editing is on the
live data). Every page ends with what it shows (the stamp) and how to cite it, in words, BibTeX and CITATION.cff,
pointing to the release's address, and carries schema.org Dataset markup."""

import html
import json

import streamlit as st

from app_pages.ui.data import live_query
from app_pages.ui.presentation import presenting
from app_pages.ui.text import escape_markdown
from tracker.domain.settings import edition, enter_release
from tracker.present import releases
from tracker.read.filters import CommitmentFilter

KEY = "release"
LIVE = ""


def _known() -> list[releases.ReleaseInfo]:
    return live_query(releases.releases)


def _base() -> str:
    return (st.context.url or "").split("?")[0].rsplit("/", 1)[0] if st.context.url else ""


def choose_release() -> releases.ReleaseInfo | None:
    """The release the address asks for, made the data every output of this run shows (None: the live data). An
    address naming no release there is stops the page with a message in words and a way back to the live data."""
    asked = st.query_params.get(KEY, LIVE)
    enter_release(None)
    if not asked:
        return None
    try:
        info = live_query(releases.release, asked)
    except releases.ReleaseError as exc:
        st.error(f"{escape_markdown(str(exc))}. [Show the live data](?)", icon=":material/error:")
        st.stop()
    enter_release(info.edition)
    return info


def release_control() -> None:
    """The sidebar's choice of data: live, or one of the releases (newest first), kept in the address."""
    # A bound select box writes its choice's label in the address: a release is labelled by its version alone, so
    # the address reads ?release=2026.12.
    labels = {LIVE: "Live data (unreleased changes included)"} | {info.version: info.version for info in _known()}
    st.sidebar.selectbox(
        "Data",
        list(labels),
        format_func=labels.__getitem__,
        key=KEY,
        bind="query-params",
        help="The live data, or a release: a dated, hashed version of the data that a citation, an embed or a file "
        "can point back to, unchanged by later corrections (Releases lists them, with their dates and notes).",
    )


def release_banner(info: releases.ReleaseInfo | None) -> None:
    if info is None or presenting():
        return
    st.info(
        f"You are looking at **release {escape_markdown(info.version)}**, published "
        f"{info.published_at:%-d %B %Y at %H:%M} UTC (data {escape_markdown(info.content_hash[:19])}…): the data as "
        f"it stood then, unchanged by anything recorded since. Choose *Live data* under Data in the sidebar for the "
        "data as it stands now.",
        icon=":material/bookmark:",
    )


def cite_this(f: CommitmentFilter | None) -> None:
    """The end of every page: which data it shows, and how to cite it (the release shown, or the latest; the live
    data has no address that stays the same, so it is cited only with its date)."""
    if presenting():
        return
    info = _shown_or_latest()
    st.caption(escape_markdown(releases.stamp_words(f)))
    with st.expander("Cite this", icon=":material/format_quote:"):
        base = _base()
        if info is None:
            st.markdown(
                "No release has been published yet: the live data changes as corrections are recorded. Cite it with "
                "the date you read it, or ask an admin to publish a release (Releases)."
            )
        else:
            if edition() is None:
                st.markdown(
                    f"The live data changes as corrections are recorded: cite the latest release, "
                    f"**{escape_markdown(info.version)}**, whose address always shows what it held."
                )
            st.markdown("**In words**")
            st.code(releases.citation_words(info, base), language=None, wrap_lines=True)
            st.markdown("**BibTeX**")
            st.code(releases.citation_bibtex(info, base), language="latex")
            st.markdown("**CITATION.cff**")
            st.code(releases.citation_cff(info, base), language="yaml")
    _dataset_markup(info)


def _shown_or_latest() -> releases.ReleaseInfo | None:
    at = edition()
    if at is not None:
        return live_query(releases.release, at.version)
    known = _known()
    return known[0] if known else None


def _dataset_markup(info: releases.ReleaseInfo | None) -> None:
    """schema.org Dataset markup, for citation tools and search engines (JSON escaped so that no text can end the
    script element)."""
    document = json.dumps(releases.dataset_jsonld(info, _base()), ensure_ascii=True).replace("<", "\\u003c")
    st.html(f'<script type="application/ld+json">{document}</script>', unsafe_allow_javascript=True, width="content")


def embed_box(slug: str, title: str) -> None:
    """How to embed the commitment's status card and its progress chart elsewhere: an iframe's address and
    images, live or frozen at a release, as the person embedding chooses."""
    if presenting():
        return
    with st.expander("Embed this commitment", icon=":material/code:"):
        at = edition()
        choices = {LIVE: "Live: follows the data as it changes"} | {
            info.version: f"Frozen at release {info.version}" for info in _known()
        }
        chosen = st.radio(
            "Embed",
            list(choices),
            index=list(choices).index(at.version) if at is not None else 0,
            format_func=choices.__getitem__,
            key=f"embed_{slug}",
            help="A frozen embed shows what the release held, whatever is corrected later; a live one follows the "
            "tracker and says it is live.",
        )
        card = f"{_base()}/export/embed/commitment/{slug}"
        at_release = f"release={chosen}" if chosen else ""
        safe_title = html.escape(title)
        st.markdown("**Status card** (an iframe)")
        st.code(
            f'<iframe src="{card}{"?" + at_release if at_release else ""}" title="{safe_title}: status" '
            'width="640" height="190" style="border:1px solid #767676"></iframe>',
            language="html",
            wrap_lines=True,
        )
        st.markdown("**Images**: the status card, and the progress chart")
        st.code(
            f"{card}.svg{'?' + at_release if at_release else ''}\n"
            f"{_base()}/export/charts/timeline.png?commitment={slug}{'&' + at_release if at_release else ''}",
            language=None,
        )
