"""``newsweave bench``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from newsweave.cli.app import QuietOption, app, handles_errors
from newsweave.cli.console import TerminalProgress, out, print_json
from newsweave.errors import UsageError, shown


@app.command()
@handles_errors
def bench(
    sizes: Annotated[str, typer.Option(help="Corpus sizes, comma-separated.")] = "1000,10000,50000",
    adds: Annotated[
        int, typer.Option(help="Articles added one at a time to each filled store.")
    ] = 20,
    web: Annotated[int, typer.Option(help="Requests per page for the web latency figures.")] = 50,
    data: Annotated[
        Path | None, typer.Option("--data", help="Benchmarks folder the corpora are built from.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    quiet: QuietOption = False,
) -> None:
    """Throughput per stage, growth with corpus size, peak memory, and the cost of adding one
    article, on synthetic corpora built from the benchmark texts."""
    from newsweave.bench.measure import percentile
    from newsweave.bench.run import run_bench
    from newsweave.eval.datasets import benchmarks_root

    try:
        size_list = [int(s) for s in sizes.split(",") if s.strip()]
    except ValueError:
        size_list = []
    if not size_list or min(size_list) < 1:
        raise UsageError(
            f"--sizes must be positive whole numbers separated by commas, not {shown(sizes)}"
        )
    root = data or benchmarks_root()
    if root is None:
        raise UsageError("benchmark texts not found: pass --data or set NEWSWEAVE_BENCHMARKS")
    report = run_bench(
        root, size_list, adds=adds, web_requests=web, progress=TerminalProgress(not quiet)
    )
    if as_json:
        print_json(report.as_json())
        return
    stages = list(report.rows[0].seconds) if report.rows else []
    table = Table(
        "articles",
        *(f"{s} /s" for s in stages),
        "core /s",
        "peak MB",
        "add one p50/p95 ms",
        "web p95 ms",
        title="newsweave bench",
    )
    for row in report.rows:
        web_p95 = ", ".join(f"{k} {percentile(v, 0.95):.0f}" for k, v in row.web_ms.items()) or "-"
        adds_text = (
            f"{percentile(row.add_ms, 0.5):.0f} / {percentile(row.add_ms, 0.95):.0f}"
            if row.add_ms
            else "-"
        )
        table.add_row(
            str(row.articles),
            *(f"{row.rate(s):.0f}" for s in stages),
            f"{row.rate():.0f}",
            f"{row.peak_mb:.0f}",
            adds_text,
            web_p95,
        )
    out.print(table)
    if report.machine is not None:
        out.print(f"machine: {report.machine.describe()}")
    exponent = report.growth_exponent()
    if exponent is not None:
        out.print(f"growth exponent of core time with size: {exponent:.2f} (1.00 is linear)")
