"""Presenting results: the versioned JSON export (and its schema), JSON Lines, Markdown."""
