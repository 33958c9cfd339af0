"""Read-side queries: a story's detail reads the passages of who copied whom, not of every pair."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import newsweave.store.relations as relations
from builders.inputs import write
from builders.stories import ORIGINAL, text, wire_copy
from newsweave.queries import story_copies, story_detail
from newsweave.store.stories import load_stories
from newsweave.workspace import Workspace


def _record(body: str, outlet: str, date: str) -> str:
    return json.dumps({"title": "Earthquake report", "text": body, "source": outlet, "date": date})


def test_story_detail_decodes_the_derivation_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "in" / "original.json", _record(text(ORIGINAL), "Wire", "2024-03-05"))
    for n in (1, 2, 3, 4):
        write(
            tmp_path / "in" / f"copy{n}.json",
            _record(wire_copy(), f"Outlet {n}", f"2024-03-0{n + 5}"),
        )
    with Workspace.open(str(tmp_path / "w.db")) as ws:
        ws.run([str(tmp_path / "in")])
        [story] = load_stories(ws.store)
        decoded = []
        read = relations._edge_from

        def counted(row: object) -> relations.CopyEdge:
            edge = read(row)  # type: ignore[arg-type]
            decoded.append((edge.source, edge.target))
            return edge

        monkeypatch.setattr(relations, "_edge_from", counted)
        detail = story_detail(ws.store, story)
        # Five reports of one wire story: ten pairs share text, four articles were copied.
        assert detail.copy_pairs == 10 and detail.other_copy_pairs == 6
        assert sorted(decoded) == sorted((e.source, e.target) for e in detail.derivation)
        assert len(detail.derivation) == 4 and all(e.passages for e in detail.derivation)
        assert len({e.source for e in detail.derivation}) == 1
        # Every pair is still there, paged, with its passages.
        every, total = story_copies(ws.store, story, detail.copy_pairs, 0)
        assert total == 10 and len(every) == 10 and all(e.passages for e in every)
        assert set(detail.derivation) <= set(every)
