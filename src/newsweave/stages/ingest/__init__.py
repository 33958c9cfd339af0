"""Reading inputs: paths -> ``Source`` (bytes) -> ``Document`` records, by sniffed format.

Supported: plain text (with an optional leading header such as `` date 2025-03-26``), HTML,
JSON and JSON Lines records, RSS/Atom feeds, WARC / WARC.gz, gzip of any of these, folders
(recursively) and stdin (``-``). Anything else becomes a ``Problem`` naming the file.
"""
