"""Source families: articles joined by copy edges count as one independent source."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from newsweave.models.relations import CopyEdge, SourceFamily


def source_families(
    articles: Iterable[str], edges: Iterable[CopyEdge], published: Mapping[str, str | None]
) -> list[SourceFamily]:
    """Connected components of the copy graph, each named after its original.

    The original is a member no edge points to; among several, the earliest published, then
    the smallest id. Naming a family after its original keeps its id stable when copies join.
    """
    parent: dict[str, str] = {a: a for a in articles}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    targets: set[str] = set()
    for edge in edges:
        for end in (edge.source, edge.target):
            parent.setdefault(end, end)
        targets.add(edge.target)
        root_a, root_b = find(edge.source), find(edge.target)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    members: dict[str, list[str]] = {}
    for article in parent:
        members.setdefault(find(article), []).append(article)
    families = []
    for group in members.values():
        roots = [a for a in group if a not in targets] or group
        original = min(roots, key=lambda a: (published.get(a) or "9999", a))
        families.append(SourceFamily(f"family-{original}", tuple(sorted(group))))
    return sorted(families, key=lambda f: f.id)
