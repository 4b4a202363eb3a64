"""How a fact is addressed everywhere: in links, in inferences, in the Changes log and in the integrity report."""


def fact_id(kind: str, key: str) -> str:
    """A fact's stable address: its table and its key, e.g. "commitment:samr-50-more-ai-standards"."""
    return f"{kind}:{key}"


# Each kind of fact (a table's name) as pages and files name it.
FACT_KINDS: dict[str, str] = {
    "commitment": "Commitment",
    "participation_figure": "Participation figure",
    "initiative": "Initiative",
    "event": "Event",
    "event_role": "Role at an event",
    "organization": "Organization",
    "person": "Person",
    "person_alias": "Other spelling of a name",
    "statement": "Statement",
    "source": "Document",
}


# What describes a document, apart from its text: the Sources page's "About this document" and sources.csv.
DOCUMENT_FIELDS = (
    "slug", "label", "title", "publisher", "published_on", "published_on_precision", "url", "other_urls", "file",
    "sha256",
)  # fmt: skip


# What an editor may correct on each kind of fact (a table's name). A source's text is not among them: every quote's
# offsets stand on it (a new version of a document is a new source).
CORRECTABLE_FIELDS: dict[str, tuple[str, ...]] = {
    "organization": ("name", "acronym", "kind", "country", "note"),
    "person": ("name", "role", "organization_slug"),
    "event": (
        "name",
        "short_name",
        "city",
        "country",
        "start_date",
        "end_date",
        "dates_precision",
        "dates_inferred",
        "inference_note",
    ),
    "source": ("label", "title", "publisher", "published_on", "published_on_precision", "url", "other_urls"),
}
