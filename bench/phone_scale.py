"""What a phone reader downloads at scale (issue 17): the explorer's first load and the
first search, on the real edition and on a synthetic corpus of 10,000 records.

    .venv/bin/python bench/phone_scale.py [--sizes 10000] [--keep DIR]

For each corpus (the repository's own data, then `bench/corpus.py` corpora of the given
sizes, seed 7), the site is built with `mkdocs build --strict` (no PDF), served on
loopback with gzip (bench/lighthouse.py's server, as GitHub Pages serves it), and
Chromium, at 390x844, measures every byte transferred (compressed, as on the wire):

- the explorer's first load (`/explore/`, until the network is idle);
- a first visit to the home page, then what the first search adds (the reader taps the
  search box and types a word): the search index the search loads;
- the explorer's first filter (a tick in "Kind of record"): the data of every record,
  when the page lists only the first ones;
- for reference, the whole search index compressed (the button "Search every word of
  every page" loads it).

Figures are measured, never asserted in tests. From another script:

    from bench.phone_scale import measure_project, scale_table
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
for path in (REPO, REPO / "src", REPO / "tests"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from bench.lighthouse import serve_gzip  # noqa: E402


@dataclass(frozen=True)
class Transfers:
    name: str
    records: int
    explorer_first_load: int  # bytes transferred, compressed
    explorer_requests: int
    explorer_listed: int  # records the explorer's page lists
    home_first_load: int
    first_search: int  # what starting a search adds
    first_search_files: tuple[str, ...]
    first_filter: int  # what the explorer's first filter adds
    full_index_gzip: int
    full_index_raw: int


def build(project: Path, site: Path) -> None:
    env = {**os.environ, "COMPENDIUM_PDF": "0", "NO_MKDOCS_2_WARNING": "1"}
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-q",
        "-f",
        str(project / "mkdocs.yml"),
        "-d",
        str(site),
    ]
    subprocess.run(command, check=True, cwd=project, env=env)


def _load(page, url: str, action=None) -> tuple[int, list[str]]:
    """Bytes transferred (compressed bodies and headers) by what follows: a visit to `url`,
    or `action` when url is None."""
    sizes: list[tuple[str, int]] = []

    def finished(request) -> None:
        try:
            s = request.sizes()
        except Exception:  # noqa: BLE001 (a request that failed: nothing transferred)
            return
        sizes.append((urlsplit(request.url).path, s["responseBodySize"] + s["responseHeadersSize"]))

    page.on("requestfinished", finished)
    try:
        if url is not None:
            page.goto(url, wait_until="networkidle")
        else:
            action()
            page.wait_for_load_state("networkidle")
    finally:
        page.remove_listener("requestfinished", finished)
    return sum(size for _, size in sizes), [name for name, _ in sizes]


def measure_site(name: str, site: Path, records: int) -> Transfers:
    from playwright.sync_api import expect

    from browser import chromium_page

    index = (site / "search" / "search_index.json").read_bytes()
    with serve_gzip(site) as url:
        with chromium_page(viewport={"width": 390, "height": 844}) as page:
            explorer, explorer_files = _load(page, url + "explore/")
            listed = page.locator(".explorer-list li").count()

            def tick() -> None:
                page.locator("summary", has_text="Kind of record").click()
                page.locator("fieldset[data-facet=kind] input").first.check()
                expect(page.locator("[data-status]")).not_to_contain_text("Searching", timeout=120_000)

            first_filter, _ = _load(page, None, tick)
        with chromium_page(viewport={"width": 390, "height": 844}) as page:
            home, _ = _load(page, url)

            def search() -> None:
                page.locator("label[for=__search]").first.click()
                page.keyboard.type("training", delay=20)
                page.locator(".md-search-result__item").first.wait_for(timeout=120_000)

            first_search, search_files = _load(page, None, search)
    return Transfers(
        name=name,
        records=records,
        explorer_first_load=explorer,
        explorer_requests=len(explorer_files),
        explorer_listed=listed,
        home_first_load=home,
        first_search=first_search,
        first_search_files=tuple(f for f in search_files if f.endswith(".json")),
        first_filter=first_filter,
        full_index_gzip=len(gzip.compress(index, 6)),
        full_index_raw=len(index),
    )


def measure_project(name: str, project: Path, scratch: Path) -> Transfers:
    from compendium.check import build_compendium

    site = scratch / f"site-{name}"
    build(project, site)
    records = len(build_compendium(project).current)
    return measure_site(name, site, records)


def _kb(size: int) -> str:
    return f"{size / 1_000_000:.2f} MB" if size >= 1_000_000 else f"{size / 1000:.0f} kB"


def scale_table(results: list[Transfers]) -> str:
    lines = [
        "| | " + " | ".join(f"{r.name} ({r.records:,} records)" for r in results) + " |",
        "| --- | " + " | ".join("---:" for _ in results) + " |",
    ]
    rows = [
        (
            "Explorer, first load (every file, compressed)",
            lambda r: f"{_kb(r.explorer_first_load)} in {r.explorer_requests} requests",
        ),
        ("Records the explorer's page lists", lambda r: f"{r.explorer_listed:,}"),
        ("Explorer, first filter adds", lambda r: _kb(r.first_filter)),
        ("Home page, first load", lambda r: _kb(r.home_first_load)),
        ("Before any search: search index downloaded", lambda r: "none"),
        (
            "First search adds",
            lambda r: f"{_kb(r.first_search)} ({', '.join(r.first_search_files) or 'nothing'})",
        ),
        (
            "Whole search index (every word), compressed / raw",
            lambda r: f"{_kb(r.full_index_gzip)} / {_kb(r.full_index_raw)}",
        ),
    ]
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in results) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000", help="corpus sizes, comma-separated (default 10000)")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    args = parser.parse_args(argv)
    from bench.corpus import generate

    scratch = args.keep or Path(tempfile.mkdtemp(prefix="compendium-phone-"))
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        results = [measure_project("the edition", REPO, scratch)]
        print(f"phone_scale: {results[-1]}", file=sys.stderr, flush=True)
        for size in (int(s) for s in args.sizes.split(",") if s.strip()):
            project = scratch / f"corpus-{size}"
            shutil.rmtree(project, ignore_errors=True)
            generate(project, size, seed=7)
            results.append(measure_project(f"corpus of {size:,}", project, scratch))
            print(f"phone_scale: {results[-1]}", file=sys.stderr, flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(scratch, ignore_errors=True)
    print(scale_table(results))


if __name__ == "__main__":
    main()
