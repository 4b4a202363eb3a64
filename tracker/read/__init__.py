"""Reads: the filter registry and every query behind pages, exports, decks and the API. Returns codes and values."""
