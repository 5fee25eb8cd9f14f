"""Size budgets for readers on slow links (sizes, not timings: they do not vary by machine)."""

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import urlsplit

from browser import chromium_page, serve

CASE_PAGE_BUDGET = 500 * 1024  # bytes transferred, gzip-compressed, for a first visit
SEARCH_INDEX_BUDGET = 1024 * 1024  # gzip-compressed


def first_load_bytes(site: Path, path: str) -> dict[str, int]:
    """Every file a first visit to `path` fetches, with its gzip-compressed size."""
    fetched: dict[str, int] = {}
    with serve(site) as url, chromium_page() as page:
        page.on("requestfinished", lambda request: fetched.setdefault(urlsplit(request.url).path, 0))
        page.goto(url + path, wait_until="networkidle")
    for name in fetched:
        local = site / name.lstrip("/")
        if local.is_dir():
            local = local / "index.html"
        # Every request is for a file of the site: one missing would be a broken page, not 0 bytes.
        assert local.is_file(), f"{path} requests {name}, which is not a file of the site"
        fetched[name] = len(gzip.compress(local.read_bytes(), 9))
    return fetched


def test_case_page_first_load_stays_under_500_kb_compressed(built_site: Path):
    files = first_load_bytes(built_site, "practices/structured-comprehensive-annual-training-plan/")
    assert any(name.endswith(".js") for name in files) and any(name.endswith(".css") for name in files)
    assert sum(files.values()) < CASE_PAGE_BUDGET, files


def test_search_index_stays_under_1_mb_compressed(built_site: Path):
    index = (built_site / "search" / "search_index.json").read_bytes()
    assert len(gzip.compress(index, 9)) < SEARCH_INDEX_BUDGET
