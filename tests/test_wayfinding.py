"""A way through the edition on a phone (issue 17): previous and next at the end of every
chapter and case in the edition's order, breadcrumbs on a case's page, its chapter marked
in the navigation, a compact contents list of long pages, and a phone menu whose sections
open instead of leading away.

The edition's order is read here from the data files as plain YAML (data/edition.yml's
chapters, each followed by its published practices by position), not from the code."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from browser import chromium_page, serve
from conftest import REPO

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CASE = "practices/three-pillar-approach-training-course/"


def reading_order() -> list[str]:
    """Every chapter's page, each followed by its cases' pages, as the data files say."""
    edition = yaml.safe_load((REPO / "data" / "edition.yml").read_text(encoding="utf-8"))
    records = [
        yaml.safe_load(p.read_text(encoding="utf-8")) for p in (REPO / "data" / "cases").rglob("*.yml")
    ]
    practices = [
        r
        for r in records
        if r["kind"] == "practice" and r["status"] == "published" and not r.get("retired_in")
    ]
    order = []
    for chapter in edition["chapters"]:
        order.append(f"chapters/{chapter['slug']}/")
        mine = sorted(
            (r for r in practices if r["chapter"] == chapter["number"]), key=lambda r: r["position"]
        )
        order += [f"practices/{r['id']}/" for r in mine]
    return order


class _Page(HTMLParser):
    """The links of a page's pager and breadcrumbs, its ids and headings, and the
    navigation items marked active."""

    def __init__(self):
        super().__init__()
        self.pager: dict[str, str] = {}
        self.crumbs: list[tuple[str, str]] = []
        self.ids: dict[str, str] = {}
        self.active_links: list[str] = []
        self._in: str | None = None
        self._href = ""
        self._text = ""
        self._heading: str | None = None
        self._heading_text = ""
        self._active_li = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "nav" and "breadcrumbs" in classes:
            self._in = "crumbs"
        if tag in ("h1", "h2", "h3") and a.get("id"):
            self._heading, self._heading_text = a["id"], ""
        if tag == "li" and "md-nav__item--active" in classes and "md-nav__item--nested" not in classes:
            self._active_li = True
        if tag == "a":
            self._href, self._text = a.get("href", ""), ""
            if "pager-next" in classes:
                self.pager["next"] = a["href"]
            if "pager-previous" in classes:
                self.pager["previous"] = a["href"]
            if self._active_li:
                self.active_links.append(a["href"])
                self._active_li = False

    def handle_data(self, data):
        self._text += data
        self._heading_text += data

    def handle_endtag(self, tag):
        if tag == "a" and self._in == "crumbs":
            self.crumbs.append((self._text.strip(), self._href))
        if tag == "nav" and self._in == "crumbs":
            self._in = None
        if tag in ("h1", "h2", "h3") and self._heading:
            self.ids[self._heading] = self._heading_text.strip().removesuffix("¶").strip()
            self._heading = None


def _parse(site: Path, path: str) -> _Page:
    page = _Page()
    page.feed((site / path / "index.html").read_text(encoding="utf-8"))
    return page


def _resolve(path: str, href: str) -> str:
    parts = path.strip("/").split("/")
    for step in href.split("#")[0].split("/"):
        if step == "..":
            parts.pop()
        elif step:
            parts.append(step)
    return "/".join(parts) + "/"


def test_next_and_previous_walk_the_whole_edition_in_its_order(built_site: Path):
    expected = reading_order()
    walked, path = [expected[0]], expected[0]
    while "next" in _parse(built_site, path).pager:
        path = _resolve(path, _parse(built_site, path).pager["next"])
        walked.append(path)
        assert len(walked) <= len(expected), walked
    assert walked == expected
    back = [path]
    while "previous" in _parse(built_site, path).pager:
        path = _resolve(path, _parse(built_site, path).pager["previous"])
        back.append(path)
    assert back == expected[::-1]


def test_a_cases_breadcrumbs_lead_to_its_chapter_and_section(built_site: Path):
    cases = [p for p in reading_order() if p.startswith("practices/")]
    assert len(cases) > 40
    for path in cases:
        page = _parse(built_site, path)
        (chapter_title, chapter_href), (section_title, section_href) = page.crumbs
        chapter = _resolve(path, chapter_href)
        assert chapter.startswith("chapters/") and section_href.split("#")[0] == chapter_href
        headings = _parse(built_site, chapter).ids
        assert headings[section_href.split("#")[1]] == section_title  # the section's own heading
        assert chapter_title == next(iter(headings.values()))  # the chapter's title (its h1)
        # The navigation marks that chapter, and nothing else.
        assert [_resolve(path, href) for href in page.active_links] == [chapter], path


def test_pages_outside_chapters_mark_no_chapter(built_site: Path):
    for path in ("members/in/", "glossary/", "explore/"):
        active = [_resolve(path, href) for href in _parse(built_site, path).active_links]
        assert not [p for p in active if p.startswith("chapters/")], path


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_next_at_the_end_of_a_case_leads_on(built_site: Path, viewport):
    order = reading_order()
    following = order[order.index(CASE) + 1]
    with serve(built_site) as url, chromium_page(viewport=viewport) as page:
        page.goto(url + CASE)
        pager = page.locator("nav.pager")
        pager.scroll_into_view_if_needed()
        for link in pager.get_by_role("link").all():
            assert link.is_visible() and link.bounding_box()["height"] >= 44  # easy to tap
        # The pager closes the page's text: nothing of the case comes after it.
        assert page.evaluate("document.querySelector('nav.pager').nextElementSibling") is None
        pager.get_by_role("link", name=re.compile("^Next: ")).click()
        page.wait_for_url(url + following)


def test_browse_in_the_phone_menu_opens_its_section(built_site: Path):
    with serve(built_site) as url, chromium_page(viewport=PHONE) as page:
        page.goto(url)
        page.locator("label.md-header__button[for=__drawer]").click()
        menu = page.locator("nav.md-nav--primary")
        menu.get_by_text("Browse", exact=True).first.click()
        explore = menu.get_by_role("link", name="Explore and filter")
        explore.wait_for(state="visible")
        assert page.url == url  # still here: the section opened
        explore.click()
        page.wait_for_url(url + "explore/")


def test_a_long_chapter_lists_its_sections_at_the_top_on_a_phone(built_site: Path):
    path = "chapters/good-practice-report-29/"
    with serve(built_site) as url, chromium_page(viewport=PHONE) as page:
        page.goto(url + path)
        contents = page.locator("details.page-contents")
        assert contents.is_visible() and contents.bounding_box()["y"] < PHONE["height"]
        sections = page.evaluate("[...document.querySelectorAll('article h2[id]')].map(h => '#' + h.id)")
        links = contents.locator("a")
        assert [a.get_attribute("href") for a in links.all()] == sections and len(sections) >= 3
        contents.locator("summary").click()
        links.nth(len(sections) - 1).click()
        page.wait_for_url(url + path + sections[-1])
        heading = page.locator(f"[id='{sections[-1][1:]}']").bounding_box()
        assert 0 <= heading["y"] < PHONE["height"]
    with serve(built_site) as url, chromium_page(viewport={"width": 1300, "height": 900}) as page:
        page.goto(url + path)  # where the theme's own contents stand beside the text
        assert page.locator("details.page-contents").is_hidden()
        assert page.locator(".md-sidebar--secondary nav.md-nav--secondary").is_visible()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_breadcrumbs_under_a_cases_title_lead_to_its_section(built_site: Path, viewport):
    with serve(built_site) as url, chromium_page(viewport=viewport) as page:
        page.goto(url + CASE)
        crumbs = page.locator("nav.breadcrumbs")
        title, first_crumb = page.locator("h1").bounding_box(), crumbs.bounding_box()
        assert title["y"] < first_crumb["y"] < viewport["height"]  # right under the title
        links = crumbs.get_by_role("link").all()
        assert [link.inner_text() for link in links] == ["1. Training Policy", "Members' practices"]
        assert all(link.bounding_box()["height"] >= 24 for link in links)  # WCAG 2.5.8
        links[1].click()
        page.wait_for_url(url + "chapters/training-policy/#members-practices")
        section = page.locator("[id='members-practices']")
        assert section.inner_text().removesuffix("¶").strip() == "Members' practices"
        assert 0 <= section.bounding_box()["y"] < viewport["height"]
