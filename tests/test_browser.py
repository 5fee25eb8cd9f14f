"""What a member does in a real browser: search for a practice, follow links, read terms."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from browser import chromium_page, serve


def _heading(page) -> str:
    return page.locator("h1").inner_text().removesuffix("¶")  # the permalink sign


def _search(page, words: str) -> None:
    page.locator("input.md-search__input").click()
    page.keyboard.type(words, delay=20)  # Material searches on key events, as a person types


def test_search_by_a_word_of_the_body_reaches_the_case(built_site: Path):
    with serve(built_site) as url, chromium_page() as page:
        page.goto(url)
        _search(page, "flexibility")
        result = page.locator(".md-search-result__item a", has_text="Three-Pillar").first
        result.wait_for(timeout=15_000)
        result.click()
        page.wait_for_url("**/practices/three-pillar-approach-training-course/**")
        assert _heading(page) == "Case 2: A Three-Pillar Approach to Training Course"


def test_pages_make_no_request_to_another_host(built_site: Path):
    hosts = set()
    with serve(built_site) as url, chromium_page() as page:
        page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname))
        for path in (
            "",
            "chapters/training-policy/",
            "practices/three-pillar-approach-training-course/",
            "glossary/",
        ):
            page.goto(url + path, wait_until="networkidle")
        _search(page, "policy")
        page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    assert hosts == {"127.0.0.1"}


def test_chapter_page_leads_to_case_and_case_back_to_chapter(built_site: Path):
    with serve(built_site) as url, chromium_page() as page:
        page.goto(url + "chapters/training-policy/")
        page.get_by_role("link", name="Read the case").first.click()
        assert _heading(page) == "Case 1: Comprehensive Strategy for Sustainable Workforce Development"
        page.locator("article").get_by_role("link", name="Training Policy").first.click()
        assert _heading(page) == "1. Training Policy"


def test_acronym_shows_its_meaning_on_hover(built_site: Path):
    with serve(built_site) as url, chromium_page() as page:
        page.goto(url + "practices/three-pillar-approach-training-course/")
        abbr = page.locator("article abbr", has_text="OJT").first
        assert abbr.get_attribute("title") == "On-the-Job Training"
        abbr.hover()
        # Material's tooltips feature turns the title into a visible tooltip on hover.
        page.get_by_text("On-the-Job Training").filter(visible=True).first.wait_for(timeout=5_000)


def test_offline_copy_works_from_the_file_system(built_site: Path, tmp_path: Path):
    import zipfile

    with zipfile.ZipFile(built_site / "downloads" / "compendium-2026-offline.zip") as archive:
        archive.extractall(tmp_path)
    home = tmp_path / "compendium" / "index.html"
    assert (tmp_path / "compendium" / "downloads" / "compendium-2026.pdf").is_file()
    hosts = set()
    with chromium_page() as page:
        page.on("request", lambda request: hosts.add(urlsplit(request.url).scheme))
        page.goto(home.as_uri())
        # Navigation works without a server ...
        page.locator("nav.md-nav--primary").get_by_role("link", name="1. Training Policy").first.click()
        assert _heading(page) == "1. Training Policy"
        # ... and so does search.
        _search(page, "flexibility")
        result = page.locator(".md-search-result__item a", has_text="Three-Pillar").first
        result.wait_for(timeout=15_000)
        result.click()
        assert _heading(page) == "Case 2: A Three-Pillar Approach to Training Course"
        assert page.url.startswith("file://")
    assert hosts <= {"file", "data", "blob"}


def test_referenced_by_link_leads_to_the_referring_record(built_site: Path):
    with serve(built_site) as url, chromium_page() as page:
        page.goto(url + "practices/comprehensive-strategy-sustainable-workforce/")
        referenced = page.locator("p", has_text="Referenced by:")
        referenced.get_by_role("link", name="Case 2: A Three-Pillar Approach to Training Course").click()
        assert _heading(page) == "Case 2: A Three-Pillar Approach to Training Course"
        page.locator("p", has_text="See also:").get_by_role("link").first.click()
        assert _heading(page) == "Case 1: Comprehensive Strategy for Sustainable Workforce Development"


def test_download_pdf_link_serves_the_pdf(built_site: Path):
    with serve(built_site) as url, chromium_page() as page:
        page.goto(url + "chapters/training-policy/")
        link = page.get_by_role("link", name="Download the PDF")
        assert link.is_visible()
        response = page.request.get(page.evaluate("el => el.href", link.element_handle()))
        assert response.status == 200 and response.body()[:5] == b"%PDF-"
        with page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename == "compendium-2026.pdf"
