"""The seed: the source documents (documents/), the curated facts with their quotes (facts.yaml), the loader."""

from pathlib import Path

SEED_DIR = Path(__file__).resolve().parent
FACTS_FILE = SEED_DIR / "facts.yaml"
DOCUMENTS_DIR = SEED_DIR / "documents"
