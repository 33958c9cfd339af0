"""Cleaning: from a stored document to an article (clean text, removed spans, metadata)."""
