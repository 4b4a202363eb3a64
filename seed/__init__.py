"""The seed: the source documents (documents/), the curated facts with their quotes (facts.yaml), the loader."""

from pathlib import Path

SEED_DIR = Path(__file__).resolve().parent
FACTS_FILE = SEED_DIR / "facts.yaml"
DOCUMENTS_DIR = SEED_DIR / "documents"


def document_in(name: str, *folders: Path) -> Path | None:
    """The document a facts file names, `name` in the first of `folders` that holds it, or None. A name with a
    folder in it, or a file that is a link leading anywhere outside its folder (after every link is resolved),
    is never read: a facts file must not publish any other file it can name."""
    if Path(name).name != name or name in ("", ".", ".."):
        return None
    for folder in folders:
        candidate = folder / name
        resolved = candidate.resolve()
        if resolved.parent == folder.resolve() and resolved.is_file():
            return resolved
    return None
