"""Source families: articles joined by copy edges count as one independent source."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from newsweave.models.relations import SourceFamily, family_id_for


class Components:
    """Union-find over article ids; each group is named by its smallest id."""

    def __init__(self, articles: Iterable[str] = ()) -> None:
        self._parent: dict[str, str] = {a: a for a in articles}

    def find(self, x: str) -> str:
        parent = self._parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self._parent[max(root_a, root_b)] = min(root_a, root_b)

    def groups(self) -> list[list[str]]:
        members: dict[str, list[str]] = {}
        for article in list(self._parent):
            members.setdefault(self.find(article), []).append(article)
        return list(members.values())


def source_families(
    articles: Iterable[str],
    links: Iterable[tuple[str, str]],
    published: Mapping[str, str | None],
) -> list[SourceFamily]:
    """Connected components of the copy graph given as (source, target) links."""
    components = Components(articles)
    targets: set[str] = set()
    for source, target in links:
        components.join(source, target)
        targets.add(target)
    return name_families(components.groups(), targets, published)


def name_families(
    groups: Iterable[Iterable[str]], targets: set[str], published: Mapping[str, str | None]
) -> list[SourceFamily]:
    """Each group named after its original: a member no edge points to (``targets`` are the
    articles some edge points to); among several, the earliest published, then the smallest
    id. Naming a family after its original keeps its id stable when copies join."""
    families = []
    for members in groups:
        group = sorted(members)
        roots = [a for a in group if a not in targets] or group
        original = min(roots, key=lambda a: (published.get(a) or "9999", a))
        families.append(SourceFamily(family_id_for(original), tuple(group)))
    return sorted(families, key=lambda f: f.id)
