"""Reading stored passage fingerprints, wherever they are kept (large, recent or pending)."""

from __future__ import annotations

import numpy as np

from newsweave.store import Store


def stored_prints(store: Store) -> list[tuple[int, str]]:
    rows = store.query(
        "SELECT hash, article_id FROM fingerprints"
        " UNION ALL SELECT hash, article_id FROM fingerprints_recent ORDER BY 1, 2"
    )
    found = [(int(r[0]), str(r[1])) for r in rows]
    for article, blob in store.query("SELECT article_id, hashes FROM fingerprints_pending"):
        found += [(int(h), str(article)) for h in np.frombuffer(blob, dtype="<i8")]
    return sorted(found)
