"""Reading stored passage fingerprints, wherever they are kept (large or recent table)."""

from __future__ import annotations

from newsweave.store import Store


def stored_prints(store: Store) -> list[tuple[int, str]]:
    rows = store.query(
        "SELECT hash, article_id FROM fingerprints"
        " UNION ALL SELECT hash, article_id FROM fingerprints_recent ORDER BY 1, 2"
    )
    return [(int(r[0]), str(r[1])) for r in rows]
