"""What every page shares, in one import: `from app_pages import common as ui`.

Pages are thin scripts: read the filters, call the core through `ui.query`, render. Each part lives in its own
module under app_pages/ui/ (data: engine and cached reads; cards: a commitment in a list; frame: the top of a page;
account: sign-in; editing: the forms on a commitment's page; filters: the sidebar, one view for every page;
output: data links, charts, decks; presentation: present mode; text: stored text shown as text; history: a fact's
own corrections; fields: a fact's field as a form field). Nothing here knows SQL.
"""

from app_pages.ui.account import (
    clear_problems,
    current_actor,
    field_problem,
    form_problems,
    oidc_configured,
    write_failed,
    writer,
)
from app_pages.ui.cards import LIST_PAGE_SIZE, commitment_addresses, commitment_card, commitment_link, log_card
from app_pages.ui.data import clear_query_cache, engine, query
from app_pages.ui.filters import (
    EARLIEST_AS_OF,
    FILTER_KEYS,
    as_of_control,
    commitment_filter,
    filter_caption,
    filter_names,
)
from app_pages.ui.frame import end_page, header, stop
from app_pages.ui.history import fact_history
from app_pages.ui.keys import scroll_to
from app_pages.ui.output import chart, data_links, presentation_downloads
from app_pages.ui.presentation import presenting
from app_pages.ui.text import (
    CHOOSE_MANY,
    code_words,
    empty,
    escape_markdown,
    highlighted_paragraphs,
    labelled,
    no_commitments,
    plain,
    shown_by,
    shown_table,
    table,
    url_select,
)

__all__ = [
    "CHOOSE_MANY",
    "EARLIEST_AS_OF",
    "FILTER_KEYS",
    "as_of_control",
    "chart",
    "clear_problems",
    "code_words",
    "clear_query_cache",
    "commitment_addresses",
    "commitment_card",
    "log_card",
    "end_page",
    "stop",
    "scroll_to",
    "LIST_PAGE_SIZE",
    "commitment_filter",
    "commitment_link",
    "current_actor",
    "data_links",
    "empty",
    "engine",
    "fact_history",
    "escape_markdown",
    "field_problem",
    "filter_caption",
    "filter_names",
    "form_problems",
    "header",
    "highlighted_paragraphs",
    "labelled",
    "no_commitments",
    "oidc_configured",
    "presentation_downloads",
    "plain",
    "presenting",
    "query",
    "shown_by",
    "shown_table",
    "table",
    "url_select",
    "write_failed",
    "writer",
]
