"""Presentation: words, charts, CSV, decks, briefs and chart images, made from what the reads return."""
