"""The copy graph as an SVG drawn on the server: articles as boxes, one column per source
family, an arrow from each original to what was copied from it. Labels are escaped (article
titles and outlets are untrusted)."""

from __future__ import annotations

from html import escape

from newsweave.queries import StoryDetail

BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 220, 44, 70, 18, 12
COLOURS = {"duplicate": "#8a5300", "copy": "#b3261e", "rewrite": "#6a1b9a"}


def copy_graph_svg(detail: StoryDetail, number_of: dict[str, int]) -> str:
    """An SVG of the story's articles by family, with its copy edges (empty when none)."""
    families = detail.overview.families
    by_id = {a.id: a for a in detail.articles}
    position: dict[str, tuple[int, int]] = {}
    for column, family in enumerate(families):
        for row, article_id in enumerate(family.articles):
            position[article_id] = (
                MARGIN + column * (BOX_W + GAP_X),
                MARGIN + row * (BOX_H + GAP_Y),
            )
    if not position:
        return ""
    width = MARGIN * 2 + len(families) * BOX_W + (len(families) - 1) * GAP_X
    height = MARGIN * 2 + max(len(f.articles) for f in families) * (BOX_H + GAP_Y) - GAP_Y
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="copy-graph" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        'aria-label="who copied whom">',
        "<defs>",
        *(
            f'<marker id="arrow-{kind}" markerWidth="10" markerHeight="8" refX="9" refY="4" '
            f'orient="auto"><path d="M0,0 L10,4 L0,8 z" fill="{colour}"/></marker>'
            for kind, colour in COLOURS.items()
        ),
        "</defs>",
    ]
    for edge in detail.derivation:
        if edge.source not in position or edge.target not in position:
            continue
        (x1, y1), (x2, y2) = position[edge.source], position[edge.target]
        colour = COLOURS.get(edge.kind, "#555")
        start = (x1 + BOX_W, y1 + BOX_H // 2) if x2 > x1 else (x1 + BOX_W // 2, y1 + BOX_H)
        end = (x2, y2 + BOX_H // 2) if x2 > x1 else (x2 + BOX_W // 2, y2)
        parts.append(
            f'<line x1="{start[0]}" y1="{start[1]}" x2="{end[0]}" y2="{end[1]}" stroke="{colour}" '
            f'stroke-width="2" marker-end="url(#arrow-{edge.kind})"><title>{escape(edge.kind)}'
            f"</title></line>"
        )
    for article_id, (x, y) in position.items():
        article = by_id.get(article_id)
        outlet = article.outlet.value if article and article.outlet else "unknown outlet"
        title = (
            article.title.value
            if article and article.title
            else (article.text[:60] if article else "")
        )
        parts.append(
            f'<g><rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="5" fill="#fff" '
            f'stroke="#8e8e93"/><text x="{x + 8}" y="{y + 18}" font-size="12" font-weight="600">'
            f"[{number_of.get(article_id, 0)}] {escape(_clip(outlet, 26))}</text>"
            f'<text x="{x + 8}" y="{y + 34}" font-size="11" fill="#555">{escape(_clip(title, 34))}'
            f"</text><title>{escape(title)}</title></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
