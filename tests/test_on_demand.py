"""What loads only when a reader needs it (issue 17): no page downloads the search index
until the reader starts a search; a large edition's first search loads a bounded index
(every page's title and first words) with the whole one a button away; a large edition's
explorer lists its first records and loads the others when the reader filters.

"Large" is set low here (mkdocs.yml, extra.on_demand) so that the edition itself is one."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser import chromium_page, serve
from conftest import REPO, copy_project, mkdocs_build
from test_explorer import INDIA, _current_record_files

expect = pytest.importorskip("playwright.sync_api").expect
INDEX_FILES = ("search_index.json", "search_index.js", "first.json")
BUDGET_KB = 40  # the first search's budget in the large edition below
LISTED = 40  # records the large edition's explorer lists


def _requests(page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda request: seen.append(urlsplit(request.url).path))
    return seen


def _search(page, words: str) -> None:
    page.locator("label[for=__search]").first.click()
    page.keyboard.type(words, delay=20)


def test_no_page_loads_the_search_index_until_a_search_starts(built_site: Path):
    with serve(built_site) as url, chromium_page(viewport={"width": 390, "height": 844}) as page:
        seen = _requests(page)
        for path in (
            "",
            "explore/",
            "chapters/training-policy/",
            "practices/three-pillar-approach-training-course/",
        ):
            page.goto(url + path, wait_until="networkidle")
        page.mouse.wheel(0, 3000)  # reading: scrolling, following a link
        page.locator("nav.breadcrumbs").get_by_role("link", name="1. Training Policy").click()
        page.wait_for_load_state("networkidle")
        assert not [p for p in seen if p.endswith(INDEX_FILES)]
        # The reader taps the search box: the index comes, and the search finds words of
        # a record's text (the edition's index is small: every word, at once).
        _search(page, "flexibility")
        page.locator(".md-search-result__item", has_text="Three-Pillar").first.wait_for(timeout=15_000)
        assert [p for p in seen if p.endswith(INDEX_FILES)] == ["/search/first.json"]
    first = (built_site / "search" / "first.json").read_bytes()
    assert first == (built_site / "search" / "search_index.json").read_bytes()


def test_the_search_keyboard_shortcut_starts_the_search_too(built_site: Path):
    with serve(built_site) as url, chromium_page() as page:
        seen = _requests(page)
        page.goto(url + "glossary/", wait_until="networkidle")
        assert not [p for p in seen if p.endswith(INDEX_FILES)]
        page.keyboard.press("/")  # Material's shortcut: focus the search box
        page.keyboard.type("Kirkpatrick", delay=20)
        page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
        assert "/search/first.json" in seen


@pytest.fixture(scope="module")
def large_edition(tmp_path_factory) -> Path:
    """The edition built as a large one: the explorer lists LISTED records, the first
    search may load BUDGET_KB of index."""
    project = tmp_path_factory.mktemp("large") / "project"
    chapters = tuple(p.name for p in (REPO / "data" / "cases").iterdir() if p.is_dir())
    copy_project(project, chapters=chapters)
    if (REPO / "CONTRIBUTING.md").is_file() and not (project / "CONTRIBUTING.md").exists():
        shutil.copy(REPO / "CONTRIBUTING.md", project / "CONTRIBUTING.md")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"explorer_records: \d+", f"explorer_records: {LISTED}", config)
    config = re.sub(r"first_search_kb: \d+", f"first_search_kb: {BUDGET_KB}", config)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = project.parent / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


def test_a_large_editions_first_search_loads_a_bounded_index(large_edition: Path):
    full = json.loads((large_edition / "search" / "search_index.json").read_text(encoding="utf-8"))
    raw = (large_edition / "search" / "first.json").read_bytes()
    first = json.loads(raw)
    assert len(gzip.compress(raw, 6)) <= BUDGET_KB * 1000 < len(gzip.compress(json.dumps(full).encode(), 6))
    # Every page is still there with its title, and every section but a case's summary on
    # its chapter's page (the case's own page is there); the text is its first words.
    kept = {d["location"]: d["title"] for d in first["docs"]}
    pages = {d["location"].rstrip("/").rsplit("/", 1)[-1] for d in full["docs"] if "#" not in d["location"]}
    for entry in full["docs"]:
        if entry["location"] in kept:
            assert kept[entry["location"]] == entry["title"]
        else:
            assert "#" in entry["location"] and entry["location"].split("#")[1] in pages, entry["location"]
    assert "practices/three-pillar-approach-training-course/" in kept
    assert first["config"] == full["config"]
    assert first["full"]["location"] == "search/search_index.json"
    case = next(
        d for d in first["docs"] if d["location"] == "practices/three-pillar-approach-training-course/"
    )
    assert "flexibility" not in case["text"]


def test_a_large_editions_search_finds_every_word_once_asked(large_edition: Path):
    with serve(large_edition) as url, chromium_page(viewport={"width": 390, "height": 844}) as page:
        seen = _requests(page)
        page.goto(url, wait_until="networkidle")
        _search(page, "Three-Pillar")  # a title: found from the first index
        page.locator(".md-search-result__item", has_text="Three-Pillar").first.wait_for(timeout=15_000)
        page.keyboard.press("Control+A")
        page.keyboard.type("flexibility", delay=20)  # a word deep in a case's text: not yet
        button = page.get_by_role(
            "button", name=re.compile(r"Search every word of every page \(\d+ kB to load\)")
        )
        button.wait_for(timeout=15_000)
        expect(page.locator(".md-search-result__meta")).to_have_text("No matching documents")
        assert [p for p in seen if p.endswith(INDEX_FILES)] == ["/search/first.json"]
        button.click()
        page.locator(".md-search-result__item", has_text="Three-Pillar").first.wait_for(timeout=15_000)
        assert [p for p in seen if p.endswith(INDEX_FILES)] == [
            "/search/first.json",
            "/search/search_index.json",
        ]


def _listed(page) -> list[str]:
    return [a.strip() for a in page.locator(".explorer-list li:not([hidden]) > a").all_inner_texts()]


def test_a_large_editions_explorer_lists_its_first_records_and_loads_the_rest(large_edition: Path):
    everything = _current_record_files()
    data = json.loads((large_edition / "explore-records.json").read_text(encoding="utf-8"))["records"]
    titles = [row[0] for row in data]
    assert len(titles) == everything
    with serve(large_edition) as url, chromium_page(viewport={"width": 390, "height": 844}) as page:
        seen = _requests(page)
        page.goto(url + "explore/", wait_until="networkidle")
        assert _listed(page) == titles[:LISTED]
        assert (
            page.locator("[data-status]").inner_text() == f"{everything} records (the first {LISTED} listed)"
        )
        assert not [p for p in seen if p.endswith(".json")]
        # A filter searches every record, not only those listed.
        page.locator("summary", has_text="Member").click()
        page.get_by_role("checkbox", name="India").check()
        expect(page.locator("[data-status]")).to_have_text(f"{len(INDIA)} of {everything} records match")
        assert _listed(page) == INDIA
        assert [p for p in seen if p.endswith(".json")] == ["/explore-records.json"]
        # Links written from the data lead to the records' pages.
        page.get_by_role("link", name=INDIA[1], exact=True).click()  # shown in its chapter
        page.wait_for_load_state()
        target = page.evaluate(
            "document.getElementById(decodeURIComponent(location.hash.slice(1))).textContent"
        )
        assert target.removesuffix("¶") == INDIA[1]
        # Without a filter, the next records come a hundred at a time.
        page.goto(url + "explore/", wait_until="networkidle")
        page.get_by_role("button", name="Show 100 more").click()
        expect(page.locator(".explorer-list li")).to_have_count(min(LISTED + 100, everything))
        assert _listed(page) == titles[: LISTED + 100]


def test_a_large_editions_explorer_without_javascript_says_where_every_record_is(large_edition: Path):
    with serve(large_edition) as url, chromium_page(java_script_enabled=False) as page:
        page.goto(url + "explore/")
        assert len(_listed(page)) == LISTED
        note = page.locator(".explorer-more")
        assert (
            note.is_visible() and f"first {LISTED} of {_current_record_files()} records" in note.inner_text()
        )
        data = page.request.get(note.locator("a").evaluate("a => a.href"))
        assert len(data.json()["records"]) == _current_record_files()
