"""How a fact is addressed everywhere: in links, in inferences, in the Changes log and in the integrity report."""


def fact_id(kind: str, key: str) -> str:
    """A fact's stable address: its table and its key, e.g. "commitment:samr-50-more-ai-standards"."""
    return f"{kind}:{key}"
