"""The real 2026 edition, as published: `compendium build` time, the PDF (time, size,
pages), the offline copy, and the size budgets a reader on a slow link sees."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def measure_edition() -> dict:
    """Build the repository's data as published and measure it."""
    sys.path.insert(0, str(REPO / "tests"))
    from pypdf import PdfReader

    from browser import chromium_page, serve  # noqa: F401  (Debian's Chromium, as the tests use it)
    from compendium.check import build_compendium
    from compendium.pdf import write_pdf
    from test_budgets import first_load_bytes

    out: dict = {}
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "compendium.cli", "build", "--root", str(REPO), "--site-dir", str(site)],
            check=True,
            capture_output=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        out["build_s"] = time.perf_counter() - started
        compendium = build_compendium(REPO)
        started = time.perf_counter()
        pdf = write_pdf(compendium, REPO, Path(scratch) / "book.pdf")
        out["pdf_s"] = time.perf_counter() - started
        out["pdf_bytes"] = pdf.stat().st_size
        out["pdf_pages"] = len(PdfReader(pdf).pages)
        out["offline_bytes"] = (
            (site / "downloads" / f"compendium-{compendium.edition.edition}-offline.zip").stat().st_size
        )
        out["records"] = len(compendium.records)
        index = (site / "search" / "search_index.json").read_bytes()
        out["index_raw"], out["index_gzip"] = len(index), len(gzip.compress(index, 9))
        out["first_load"] = {}
        for path in (
            "practices/three-pillar-approach-training-course/",
            "practices/structured-comprehensive-annual-training-plan/",
            "chapters/training-policy/",
            "explore/",
        ):
            files = first_load_bytes(site, path)
            out["first_load"][path] = (sum(files.values()), len(files))
    return out


def _kb(n: float) -> str:
    return f"{n / 1024:,.0f} kB"


def _verdict(ok: bool) -> str:
    return "**pass**" if ok else "**FAIL**"


def report_lines(m: dict) -> list[str]:
    """The report's section on the real edition, from `measure_edition()`'s figures."""
    pdf_ok = m["pdf_s"] < 60 and m["pdf_bytes"] < 10e6
    lines = [
        "## The real edition: PDF, downloads and size budgets",
        "",
        f"`bench/edition.py` on the repository's own data ({m['records']} published records), "
        "in the same run.",
        "",
        "| Measure | Value | Goal | Result |",
        "| --- | --- | --- | --- |",
        f"| `compendium build` (site, PDF and offline copy) | {m['build_s']:.1f} s | | |",
        f"| PDF written by WeasyPrint | {m['pdf_s']:.1f} s, {m['pdf_bytes'] / 1e6:.2f} MB, "
        f"{m['pdf_pages']} A4 pages | under 60 s and 10 MB | {_verdict(pdf_ok)} |",
        f"| Offline copy (zip, PDF inside) | {m['offline_bytes'] / 1e6:.2f} MB | | |",
        f"| Search index | {m['index_raw'] / 1e6:.2f} MB raw, {_kb(m['index_gzip'])} gzip | under 1 MB gzip "
        f"| {_verdict(m['index_gzip'] < 1024 * 1024)} |",
    ]
    for path, (total, count) in m["first_load"].items():
        budget = path.startswith("practices/")  # case pages have a budget; the others are shown
        goal, result = ("under 500 kB", _verdict(total < 500 * 1024)) if budget else ("", "")
        lines.append(
            f"| First visit to `/{path}`: every file fetched, gzip | {_kb(total)} in {count} files "
            f"| {goal} | {result} |"
        )
    lines += [
        "",
        "A first visit fetches the page, the theme's CSS and JavaScript, the site's own script and "
        "stylesheet, the search worker and the search index (Material loads it at once); sizes are "
        "each file compressed with gzip level 9, as a web server would send it.",
        "",
    ]
    return lines
