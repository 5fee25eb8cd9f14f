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
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        out["pdf_pages"] = int(next(l.split()[-1] for l in info.splitlines() if l.startswith("Pages:")))
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


def report_lines(m: dict) -> list[str]:
    kb = lambda n: f"{n / 1024:,.0f} kB"
    lines = [
        "## The real edition: PDF, downloads and size budgets",
        "",
        f"`bench/edition.py` on the repository's own data ({m['records']} published records), in the same run.",
        "",
        "| Measure | Value | Goal | Result |",
        "| --- | --- | --- | --- |",
        f"| `compendium build` (site, PDF and offline copy) | {m['build_s']:.1f} s | | |",
        f"| PDF written by WeasyPrint | {m['pdf_s']:.1f} s, {m['pdf_bytes'] / 1e6:.2f} MB, {m['pdf_pages']} A4 pages | under 60 s and 10 MB | {'**pass**' if m['pdf_s'] < 60 and m['pdf_bytes'] < 10e6 else '**FAIL**'} |",
        f"| Offline copy (zip, PDF inside) | {m['offline_bytes'] / 1e6:.2f} MB | | |",
        f"| Search index | {m['index_raw'] / 1e6:.2f} MB raw, {kb(m['index_gzip'])} gzip | under 1 MB gzip | {'**pass**' if m['index_gzip'] < 1024 * 1024 else '**FAIL**'} |",
    ]
    for path, (total, count) in m["first_load"].items():
        verdict = "**pass**" if total < 500 * 1024 else "**FAIL**"
        goal = "under 500 kB" if path.startswith("practices/") else ""
        lines.append(
            f"| First visit to `/{path}`: every file fetched, gzip | {kb(total)} in {count} files | {goal} | {verdict if goal else ''} |"
        )
    lines += [
        "",
        "A first visit fetches the page, the theme's CSS and JavaScript, the site's own script and "
        "stylesheet, the search worker and the search index (Material loads it at once); sizes are "
        "each file compressed with gzip level 9, as a web server would send it.",
        "",
    ]
    return lines
