"""Relating articles: duplicates, text reuse with aligned passages, who copied whom, families."""
