"""Reading on a phone (issue 17), in Chromium at 390x844 and at 1280x900: no page scrolls
sideways, tables become cards, the explorer fits a phone (count and words on top, folded
filter groups, no box scrolling inside the page, 44 px touch targets), nothing moves as a
page loads, and the charts keep their contrast in the dark scheme."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser import chromium_page, serve
from test_accessibility import PAGE_TYPES

expect = pytest.importorskip("playwright.sync_api").expect

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
TOUCH = 44  # px: the explorer's controls, the previous/next links (WCAG 2.5.8 asks 24)

# The sum of the layout shifts of a page since it started loading (what Lighthouse reports
# as Cumulative Layout Shift), read once the page is loaded.
LAYOUT_SHIFT = """() => new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  requestAnimationFrame(() => requestAnimationFrame(() => done(total)));
})"""


# Besides one page of each type, the pages whose tables the issue found too wide.
WIDE_TABLES = {
    "Evaluation Matrix": "practices/evaluation-matrix-training-program/",
    "Kirkpatrick (chapter 8)": "chapters/evaluation/",
}


@VIEWPORTS
def test_no_page_scrolls_sideways_nor_any_table_on_a_phone(built_site: Path, viewport):
    too_wide, scrolling_tables = {}, {}
    with serve(built_site) as url, chromium_page(viewport=viewport) as page:
        for name, path in {**PAGE_TYPES, **WIDE_TABLES}.items():
            assert (built_site / path / "index.html").is_file(), path
            page.goto(url + path, wait_until="networkidle")
            width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if width[0] > width[1]:
                too_wide[name] = width
            boxes = page.evaluate(
                """() => [...document.querySelectorAll('article table')]
                     .flatMap(t => [t, t.parentElement, t.closest('.md-typeset__scrollwrap')])
                     .filter(box => box && box.scrollWidth > box.clientWidth + 1).length"""
            )
            if boxes and viewport is PHONE:
                scrolling_tables[name] = boxes
    assert too_wide == {} and scrolling_tables == {}


def _on_phone_and_desktop(built_site: Path, path: str, script: str) -> tuple:
    """What `script` returns on the page at `path`, read on a phone, then on a desktop."""
    found = []
    with serve(built_site) as url:
        for viewport in (PHONE, DESKTOP):
            with chromium_page(viewport=viewport) as page:
                page.goto(url + path, wait_until="networkidle")
                found.append(page.evaluate(script))
    return found[0], found[1]


def test_tables_are_cards_on_a_phone_and_tables_on_a_desktop(built_site: Path):
    path = "practices/structured-comprehensive-annual-training-plan/"
    cells = """() => [...document.querySelectorAll('article table')].map(table => ({
        columns: table.querySelectorAll('thead th').length,
        display: getComputedStyle(table).display,
        scrolls: (box => box ? box.scrollWidth > box.clientWidth + 1 : false)(
          table.closest('.md-typeset__scrollwrap')),
        labels: [...table.querySelectorAll('tbody td')].filter(td => td.textContent.trim())
          .map(td => [td.getAttribute('data-label'), getComputedStyle(td, '::before').content]),
        headings: [...table.querySelectorAll('thead th')].map(th => th.textContent.trim()),
      }))"""
    phone, desktop = _on_phone_and_desktop(built_site, path, cells)
    wide = [t for t in phone if t["columns"] >= 3]
    assert wide, "the page was chosen for its wide tables"
    for table in wide:
        assert table["display"] == "block" and not table["scrolls"]
        # Each filled cell says its column: the heading, before the value.
        for label, before in table["labels"]:
            assert label in table["headings"] and before == f'"{label}: "'
    assert {t["display"] for t in desktop} <= {"table", "inline-block"}  # the theme's tables


@VIEWPORTS
def test_nothing_moves_while_a_page_loads(built_site: Path, viewport):
    shifts = {}
    with serve(built_site) as url, chromium_page(viewport=viewport) as page:
        for name in ("home", "chapter with chart and explorer", "practice", "explorer", "glossary", "member"):
            page.goto(url + PAGE_TYPES[name], wait_until="networkidle")
            shifts[name] = page.evaluate(LAYOUT_SHIFT)
    assert all(shift < 0.05 for shift in shifts.values()), shifts


def _box(page, selector: str) -> dict:
    return page.locator(selector).first.evaluate(
        "e => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; }"
    )


def test_explorer_on_a_phone_puts_the_results_first(built_site: Path):
    with serve(built_site) as url, chromium_page(viewport=PHONE) as page:
        page.goto(url + "explore/", wait_until="networkidle")
        status, words = _box(page, "[data-status]"), _box(page, ".explorer-words input")
        groups = page.locator("details.explorer-group")
        first_group, first_result = _box(page, "details.explorer-group"), _box(page, ".explorer-list li")
        # The count and the words box come first, then the folded groups, then the results,
        # which start on the first screen.
        assert status["bottom"] <= words["top"] < first_group["top"] < first_result["top"] < PHONE["height"]
        assert groups.count() >= 3 and all(not g.evaluate("d => d.open") for g in groups.all())
        # A group with a single value would filter nothing: none is offered.
        for fieldset in page.locator("fieldset[data-facet]").all():
            assert fieldset.locator("input[type=checkbox]").count() >= 2
        # Opened, a group shows every value in the page's own flow: nothing scrolls inside it.
        for group in groups.all():
            group.locator("summary").click()
        nested = page.evaluate(
            """() => [...document.querySelectorAll('.explorer *')].filter(e => {
                 const s = getComputedStyle(e);
                 return /(auto|scroll)/.test(s.overflowY + s.overflowX)
                   && (e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1);
               }).map(e => e.tagName + '.' + e.className)"""
        )
        assert nested == []


@VIEWPORTS
def test_explorer_controls_are_large_enough_to_tap(built_site: Path, viewport):
    with serve(built_site) as url, chromium_page(viewport=viewport) as page:
        page.goto(url + "explore/", wait_until="networkidle")
        for group in page.locator("details.explorer-group").all():
            group.locator("summary").click()
        heights = page.evaluate(
            """() => [...document.querySelectorAll(
                 '.explorer-facet label, .explorer-group > summary, .explorer-words input, .explorer-reset')]
               .map(e => [e.textContent.trim().slice(0, 30) || e.tagName,
                          e.getBoundingClientRect().height])"""
        )
    small = [(name, height) for name, height in heights if height < TOUCH]
    assert len(heights) > 20 and small == []


def test_explorer_words_filter_and_keep_the_address(built_site: Path):
    with serve(built_site) as url, chromium_page(viewport=PHONE) as page:
        page.goto(url + "explore/", wait_until="networkidle")
        everything = page.locator(".explorer-list li").count()
        page.get_by_label("Filter by words").fill("Kirkpatrick")
        expect(page).to_have_url(re.compile(r"[?&]words=Kirkpatrick"))  # the filter has run
        shown = page.locator(".explorer-list li:not([hidden])")
        texts = [t.lower() for t in shown.all_inner_texts()]
        assert 0 < len(texts) < everything and all("kirkpatrick" in t for t in texts)
        hidden = page.locator(".explorer-list li[hidden]").all_text_contents()
        assert not any("kirkpatrick" in t.lower() for t in hidden)
        status = page.locator("[data-status]").inner_text()
        assert status == f"{len(texts)} of {everything} records match"
        # The address reproduces the choice.
        page.goto(url + "explore/?words=kirkpatrick", wait_until="networkidle")
        assert page.get_by_label("Filter by words").input_value() == "kirkpatrick"
        assert page.locator(".explorer-list li:not([hidden])").count() == len(texts)


def _contrast(rgb_a: tuple[float, ...], rgb_b: tuple[float, ...]) -> float:
    def luminance(rgb):
        channels = [c / 255 for c in rgb[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(rgb_a), luminance(rgb_b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_charts_keep_their_contrast_in_both_schemes(built_site: Path, scheme: str):
    colours = """() => {
      const rgb = c => c.match(/[\\d.]+/g).map(Number);
      const bar = document.querySelector('.chart-bar'), label = document.querySelector('.chart-label');
      return {scheme: document.body.getAttribute('data-md-color-scheme'),
              background: rgb(getComputedStyle(document.body).backgroundColor),
              bar: rgb(getComputedStyle(bar).fill), label: rgb(getComputedStyle(label).fill)};
    }"""
    with serve(built_site) as url, chromium_page(viewport=PHONE, color_scheme=scheme) as page:
        page.goto(url + "chapters/training-policy/", wait_until="networkidle")
        found = page.evaluate(colours)
    assert found["scheme"] == ("slate" if scheme == "dark" else "default")  # the system's choice
    assert _contrast(found["bar"], found["background"]) >= 3  # WCAG 1.4.11, graphics
    assert _contrast(found["label"], found["background"]) >= 4.5  # WCAG 1.4.3, text


def test_a_repeated_category_shows_once_per_group_of_cards(built_site: Path):
    path = "practices/evaluation-matrix-training-program/"
    cells = """() => [...document.querySelector('article table').querySelectorAll('tbody tr')].map(row => {
        const cell = row.querySelector('td'); const box = cell.getBoundingClientRect();
        return [cell.textContent.trim(), box.width > 1 && box.height > 1]; })"""
    phone, desktop = _on_phone_and_desktop(built_site, path, cells)
    categories = [text for text, _ in phone]
    assert len(set(categories)) < len(categories)  # the page was chosen for its repeats
    # On a phone a category is shown where it changes, and stays in the text of every row
    # (screen readers read it); on a desktop every row shows it, as a table does.
    shown = [visible for _, visible in phone]
    assert shown == [i == 0 or categories[i] != categories[i - 1] for i in range(len(categories))]
    assert all(visible for _, visible in desktop) and [t for t, _ in desktop] == categories
