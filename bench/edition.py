"""The real 2026 edition, as published: `compendium build` time, the PDF (time, size,
pages), the EPUB, the offline copy, and the size budgets a reader on a slow link sees."""

from __future__ import annotations

import gzip
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def measure_edition(site: Path) -> dict:
    """Build the repository's data as published into `site` (kept: the phone measurements
    read the same site) and measure it."""
    sys.path.insert(0, str(REPO / "tests"))
    from pypdf import PdfReader

    from bench.lighthouse import build_edition
    from browser import chromium_page, serve  # noqa: F401  (Debian's Chromium, as the tests use it)
    from compendium.check import build_compendium
    from compendium.pdf import write_pdf
    from test_budgets import first_load_bytes

    out: dict = {}
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        build_edition(site)
        out["build_s"] = time.perf_counter() - started
        compendium = build_compendium(REPO)
        started = time.perf_counter()
        pdf = write_pdf(compendium, REPO, Path(scratch) / "book.pdf")
        out["pdf_s"] = time.perf_counter() - started
        out["pdf_bytes"] = pdf.stat().st_size
        out["pdf_pages"] = len(PdfReader(pdf).pages)
        book = site / "downloads" / f"compendium-{compendium.edition.edition}"
        out["offline_bytes"] = book.with_name(book.name + "-offline.zip").stat().st_size
        out["epub_bytes"] = book.with_name(book.name + ".epub").stat().st_size
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


# The books (issue 19): the whole published build, and each book's size.
BUILD_GOAL_S = 60.0
PDF_GOAL_BYTES = 2_000_000
EPUB_GOAL_BYTES = 1_000_000


def edition_goals(m: dict | None) -> list[tuple[str, str, bool | None]]:
    """The real edition's goals for the goal table: (what, measured, met or None)."""
    names = (
        f"`compendium build` of the real edition (site, PDF, EPUB, offline copy) within {BUILD_GOAL_S:g} s",
        "The PDF at most 2 MB",
        "The EPUB at most 1 MB",
    )
    if not m:
        return [(name, "not measured", None) for name in names]
    epub = m.get("epub_bytes")
    return [
        (names[0], f"{m['build_s']:.1f} s", m["build_s"] <= BUILD_GOAL_S),
        (names[1], f"{m['pdf_bytes'] / 1e6:.2f} MB", m["pdf_bytes"] <= PDF_GOAL_BYTES),
        (
            names[2],
            "not measured" if epub is None else f"{epub / 1e6:.2f} MB",
            None if epub is None else epub <= EPUB_GOAL_BYTES,
        ),
    ]


def report_lines(m: dict) -> list[str]:
    """The report's section on the real edition, from `measure_edition()`'s figures."""
    from bench.goals import verdict

    build, pdf, epub = (verdict(ok) for _, _, ok in edition_goals(m))
    epub_size = f"{m['epub_bytes'] / 1e6:.2f} MB" if "epub_bytes" in m else "not measured"
    lines = [
        "## The real edition: PDF, EPUB, downloads and size budgets",
        "",
        f"`bench/edition.py` on the repository's own data ({m['records']} published records), "
        "in the same run.",
        "",
        "| Measure | Value | Goal | Result |",
        "| --- | --- | --- | --- |",
        f"| `compendium build` (site, PDF, EPUB and offline copy) | {m['build_s']:.1f} s "
        f"| at most {BUILD_GOAL_S:g} s | {build} |",
        f"| PDF written by WeasyPrint (alone) | {m['pdf_s']:.1f} s, {m['pdf_bytes'] / 1e6:.2f} MB, "
        f"{m['pdf_pages']} A4 pages | at most 2 MB | {pdf} |",
        f"| EPUB | {epub_size} | at most 1 MB | {epub} |",
        f"| Offline copy (zip, books inside) | {m['offline_bytes'] / 1e6:.2f} MB | | |",
        f"| Search index | {m['index_raw'] / 1e6:.2f} MB raw, {_kb(m['index_gzip'])} gzip | under 1 MB gzip "
        f"| {verdict(m['index_gzip'] < 1024 * 1024)} |",
    ]
    for path, (total, count) in m["first_load"].items():
        budget = path.startswith("practices/")  # case pages have a budget; the others are shown
        goal, result = ("under 500 kB", verdict(total < 500 * 1024)) if budget else ("", "")
        lines.append(
            f"| First visit to `/{path}`: every file fetched, gzip | {_kb(total)} in {count} files "
            f"| {goal} | {result} |"
        )
    lines += [
        "",
        "A first visit fetches the page, the theme's CSS and JavaScript and the site's own scripts "
        "and stylesheet; the search index waits until the reader starts a search. Sizes are each "
        "file compressed with gzip level 9, as a web server would send it.",
        "",
    ]
    return lines
