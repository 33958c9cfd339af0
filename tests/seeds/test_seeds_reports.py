"""Markdown and HTML reports on the seeds; untrusted text stays inert in the HTML report."""

from __future__ import annotations

import json
import re
from pathlib import Path

from builders.inputs import write
from newsweave.report.export import build_export, validate_export
from newsweave.report.html import export_html
from newsweave.report.markdown import export_markdown
from newsweave.workspace import Workspace


def test_markdown_report_has_each_section(seeded: Workspace) -> None:
    report = export_markdown(seeded.store)
    for heading in ("### Summary", "### Quotes", "### Facts",
                    "### What each outlet adds and leaves out", "### Copies", "### Storyline",
                    "### Sources"):  # fmt: skip
        assert heading in report, heading
    assert "| corroborated | 3 |" in report and "rewrite" in report
    # Every outlet's wording of a quote, marked against the canonical one, with its citations.
    quotes = report[report.index("### Quotes") : report.index("### Facts")]
    assert "independent source(s): “" in quotes
    assert re.search(r"\n  - (insertion|substitution)[^\n]*\{\+[^\n]*\+\}[^\n]* \[\d\]", quotes)


def test_html_report_is_one_self_contained_file(seeded: Workspace, tmp_path: Path) -> None:
    html = export_html(seeded.store)
    assert html.startswith("<!doctype html>")
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert 'class="copy-graph"' in html and "<h3>Summary</h3>" in html
    for story in build_export(seeded.store)["stories"]:
        assert f'id="{story["id"]}"' in html


def test_export_with_facts_and_summaries_follows_the_schema(seeded: Workspace) -> None:
    data = build_export(seeded.store)
    validate_export(data)
    assert data["schema_version"] == "1.4"
    assert all(story["summary"] is not None for story in data["stories"])
    statuses = {f["status"] for f in data["facts"]}
    assert {"corroborated", "single-source"} <= statuses
    json.dumps(data)


def test_untrusted_text_is_escaped_in_the_html_report(tmp_path: Path, workspace: Workspace) -> None:
    record = {
        "title": "<script>alert('t')</script><img src=x onerror=alert(1)>",
        "text": "A storm hit the <b>coast</b> on Monday. <script>alert(2)</script> Officials said "
        "the damage was severe. javascript:alert(3) Residents were told to stay indoors.",
        "source": "<i>Evil</i> Outlet",
        "url": "javascript:alert(4)",
    }
    workspace.run([str(write(tmp_path / "x.json", json.dumps(record)))])
    html = export_html(workspace.store)
    assert "<script>alert" not in html and "<img src=x" not in html and "<i>Evil</i>" not in html
    assert "&lt;script&gt;" in html
    markdown = export_markdown(workspace.store)
    assert "<script>" not in markdown
