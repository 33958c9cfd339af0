"""Reading articles back: whole, or only the fields a stage needs."""

from __future__ import annotations

from pathlib import Path

from builders.inputs import article_html, write
from newsweave.store.articles import clustering_fields, load_articles
from newsweave.workspace import Workspace


def test_clustering_fields_are_those_of_the_whole_articles_in_their_order(tmp_path: Path) -> None:
    write(tmp_path / "b.html", article_html(title="Ferry strike ends"))
    write(tmp_path / "a.html", article_html())
    # Plain text without a header: no title, date or outlet.
    write(tmp_path / "c.txt", "Harbour workers returned on Monday after a week away.\n")
    with Workspace.open(str(tmp_path / "w.db")) as ws:
        ws.run([str(tmp_path)])
        articles = load_articles(ws.store)
        expected = [
            (
                a.id,
                a.title.value if a.title else None,
                a.text,
                a.published.value if a.published else None,
                a.outlet.value if a.outlet else None,
            )
            for a in articles
        ]
        found = clustering_fields(ws.store, reversed([a.id for a in articles]))
    assert found == expected
    assert [f[1] for f in found] == ["Council approves budget", "Ferry strike ends", None]
    assert any(f[3] for f in found) and found[2][3:] == (None, None)
