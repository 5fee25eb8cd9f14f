"""The real edition's PDF as a reader sees its pages: headings kept with their text, words
broken only where the language hyphenates them, nothing outside the text area, short
placeholders for figures that are not reproduced, addresses printed once, and each case's
web address under its title. Read back from the PDF's text, its structure tree (which line
is a heading, a paragraph, a table cell) and its page boxes."""

from __future__ import annotations

import dataclasses
import html
import re
from itertools import pairwise
from pathlib import Path

import pyphen
import pytest
from pypdf import PdfReader

from compendium.book import book_html
from compendium.check import build_compendium
from compendium.pdf import write_pdf
from compendium.site import Site
from conftest import REPO, TODAY, copy_project
from pdf_reading import HEADINGS, Line, read_lines

MM = 72 / 25.4
# book.css: @page margins (top and bottom 22 mm, left and right 20 mm).
SIDE, TOP_BOTTOM = 20 * MM, 22 * MM
HYPHENS = ("\u2010", "-", "\u00ad")


@pytest.fixture(scope="module")
def compendium():
    return build_compendium(REPO, today=TODAY)


def _pages(lines: list[Line]) -> dict[int, list[Line]]:
    """The lines of each page that readers read (no running head, no page number), top down."""
    pages: dict[int, list[Line]] = {}
    for line in lines:
        if line.kind != "Artifact":
            pages.setdefault(line.page, []).append(line)
    return pages


def _web_addresses(built_site: Path) -> dict[str, str]:
    """Each case's address, as its own page on the site gives it (its canonical link)."""
    found = {}
    for page in (built_site / "practices").glob("*/index.html"):
        link = re.search(r'<link rel="canonical" href="([^"]+)"', page.read_text(encoding="utf-8"))
        if link:
            found[page.parent.name] = html.unescape(link.group(1))
    return found


def heading_problems(lines: list[Line], addresses: set[str]) -> tuple[list[str], int]:
    """Headings not followed, on their page, by at least two lines of what follows them
    (a case's web address is part of its title, not of what follows), unless all of their
    section is there; and how many headings start in the last 15% of their page."""
    pages = _pages(lines)
    problems, low = [], 0
    for number, page in sorted(pages.items()):
        at = 0
        while at < len(page):
            if page[at].kind not in HEADINGS:
                at += 1
                continue
            heading = [page[at]]
            at += 1
            while at < len(page) and page[at].block == heading[0].block:
                heading.append(page[at])
                at += 1
            following = []
            end = at
            while end < len(page) and page[end].kind not in HEADINGS:
                following.append(page[end])
                end += 1
            # Lines as the eye counts them: the cells of one table row are one line.
            text = {round(line.y) for line in following if line.text not in addresses}
            section_ends_here = (
                end < len(page) or not pages.get(number + 1) or (pages[number + 1][0].kind in HEADINGS)
            )
            if heading[0].y < 0.15 * 842:
                low += 1
            if len(text) < 2 and not section_ends_here:
                title = " ".join(line.text for line in heading)
                problems.append(f"page {number + 1}: {title!r} with {[line.text for line in following]}")
    return problems, low


def test_every_heading_keeps_two_lines_of_its_text_on_its_page(lines, built_site):
    # Those in the last 15% of a page included: each is followed there by its text.
    problems, _ = heading_problems(lines, set(_web_addresses(built_site).values()))
    assert problems == []


def test_the_check_finds_a_heading_left_alone_at_the_foot_of_a_page():
    """The rule above, on lines laid out as the edition was before: a case's title and its
    member at the foot of page 1, its text on page 2."""

    def line(page, y, kind, block, text):
        return Line(page, y, SIDE, kind, block, [(SIDE, text)])

    layout = [
        line(0, 700, "/P", 1, "Some text"),
        line(0, 686, "/P", 1, "more text"),
        line(0, 110, "/H3", 2, "Case 2: A Three-Pillar Approach"),
        line(0, 90, "/P", 3, "An anonymous member administration"),
        line(1, 780, "/P", 4, "The text of the case"),
        line(1, 766, "/P", 4, "goes on here."),
    ]
    problems, low = heading_problems(layout, set())
    assert problems == [
        "page 1: 'Case 2: A Three-Pillar Approach' with ['An anonymous member administration']"
    ]
    assert low == 1
    # Kept together on page 2 instead, or followed by two lines of its text on page 1: fine.
    moved = [*layout[:2], line(1, 800, "/H3", 2, "Case 2"), line(1, 790, "/P", 3, "A member"), *layout[4:]]
    assert heading_problems(moved, set()) == ([], 0)
    kept = [*layout[:4], line(0, 76, "/P", 4, "The text of the case"), line(1, 780, "/P", 4, "goes on.")]
    assert heading_problems(kept, set())[0] == []


def _source_words(compendium) -> set[str]:
    body = book_html(compendium).split("<body>", 1)[1]
    return set(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def broken_words(lines: list[Line], words: set[str]) -> tuple[list[str], list[tuple[str, int]]]:
    """Words a table cell breaks between two lines other than at a hyphenation point of
    the word (with three letters or more on each side), and the hyphenations found."""
    dictionary = pyphen.Pyphen(lang="en")
    cells: dict[tuple[int, int], list[Line]] = {}
    for line in lines:
        if line.kind in ("/TD", "/TH"):
            cells.setdefault((line.page, line.block), []).append(line)
    problems, hyphenated = [], []
    for (page, _), cell in cells.items():
        tokens = [line.text.split() for line in sorted(cell, key=lambda line: -line.y)]
        carried = None  # the word a hyphen carries to the next line
        for before, after in pairwise(tokens):
            if not before or not after:
                continue
            first, last = after[0], carried if carried and len(before) == 1 else before[-1]
            carried = None
            if last.endswith(HYPHENS):
                if last + first in words or last[:-1] + "-" + first in words:
                    continue  # broken after a hyphen the word has
                word = last[:-1] + first
                carried = word if len(after) == 1 else None
                clean = word.strip(".,;:()\"'")
                cut = len(last[:-1].lstrip("(\"'"))
                hyphenated.append((clean, cut))
                if not any(clean in w for w in words) or cut not in dictionary.positions(clean):
                    problems.append(f"page {page + 1}: {last} {first} (not a hyphenation point of {clean!r})")
                elif cut < 3 or len(clean) - cut < 3:
                    problems.append(f"page {page + 1}: {last} {first} (fewer than three letters on a side)")
            elif last + first in words and not (last in words and first in words) and not last.endswith("/"):
                problems.append(f"page {page + 1}: {last} | {first} (a word broken without a hyphen)")
    return problems, hyphenated


def lines_ended_early(lines: list[Line]) -> list[str]:
    """Lines of a paragraph or list item that stop after a word or two while the line below,
    in the same block and on the same page, is full: a break the layout had no reason for."""
    blocks: dict[int, list[Line]] = {}
    for line in lines:
        if line.kind in ("/P", "/LI", "/LBody") and line.block:
            blocks.setdefault(line.block, []).append(line)
    return [
        f"page {line.page + 1}: {line.text!r} then {below.text[:40]!r}"
        for block in blocks.values()
        for line, below in pairwise(block)
        if line.page == below.page and len(below.text) > 60 and len(line.text) * 3 < len(below.text)
    ]


def test_no_line_of_a_paragraph_stops_early(lines):
    assert lines_ended_early(lines) == []


def test_the_early_break_check_finds_the_layout_weasyprint_made_alone(tmp_path):
    """WeasyPrint 70 left "speed" alone on a line (page 3 of the edition) where a run of text
    ending in a space before an inline element filled the line; `space_inside_inline` is why
    the book no longer shows it. Laid out alone, with the book's style sheet, both ways."""
    import weasyprint

    from compendium.book import template_text
    from compendium.pdf import space_inside_inline

    paragraph = (
        "<p>The Head reads this result as a sign that human resources are the foundation for change "
        "and speed up whatever a Customs administration sets out to achieve, and that Members look "
        'to the <abbr title="World Customs Organization">WCO</abbr> for help in this area.</p>'
    )

    def laid_out(html: str) -> list[Line]:
        target = tmp_path / "paragraph.pdf"
        style = f"<style>{template_text('book.css')}</style>"
        page = f'<html lang="en"><head>{style}</head><body>{html}</body></html>'
        weasyprint.HTML(string=page).write_pdf(target, pdf_variant="pdf/ua-1")
        return read_lines(PdfReader(target))

    fixed = laid_out(space_inside_inline(paragraph))
    assert lines_ended_early(fixed) == []
    assert [line.text for line in fixed if line.kind == "/P"][1].startswith("speed up whatever")
    # The check itself sees the break when it is there (the layout before the fix).
    before = laid_out(paragraph)
    if [line.text for line in before if line.kind == "/P"][1] == "speed":
        assert lines_ended_early(before) == [
            "page 1: 'speed' then 'up whatever a Customs administration set'"
        ]


def test_table_cells_break_words_only_where_the_language_hyphenates_them(lines, compendium):
    problems, hyphenated = broken_words(lines, _source_words(compendium))
    assert problems == []
    # Long words only (book.css: twelve letters, nine in tables of seven columns or more).
    assert hyphenated and [word for word, _ in hyphenated if len(word) < 9] == []


def test_the_word_check_finds_the_breaks_of_the_old_layout(compendium):
    """What the edition printed before (issue 19), read by the same check."""
    words = _source_words(compendium)

    def cell(block, *texts):
        return [Line(0, 700 - 12 * n, SIDE, "/TD", block, [(SIDE, t)]) for n, t in enumerate(texts)]

    old = (
        cell(1, "Le", "vel")
        + cell(2, "Re\u2010", "ac\u2010", "tion")
        + cell(3, "N", "o.")
        + cell(4, "Time", "s")
    )
    problems, _ = broken_words(old, words)
    assert len(problems) == 4, problems
    fine = cell(5, "Leadership") + cell(6, "Administrations that answered the question\u2010", "naire")
    assert broken_words(fine, words)[0] == []


def test_nothing_is_drawn_outside_the_text_area(reader):
    """Tables fit the page: no border or line of text beyond the margins (page boxes)."""
    outside = []
    for number, page in enumerate(reader.pages):
        width = float(page.mediabox.width)
        xs: list[float] = []  # where rectangles and lines are drawn (borders, backgrounds, charts)

        def before(operator, operands, cm, tm, xs=xs):
            if operator == b"re":
                x, y, w, _ = (float(value) for value in operands)
                xs.extend(cm[0] * px + cm[2] * y + cm[4] for px in (x, x + w))
            elif operator in (b"m", b"l"):
                xs.append(cm[0] * float(operands[0]) + cm[2] * float(operands[1]) + cm[4])

        page.extract_text(visitor_operand_before=before)
        if xs and (min(xs) < SIDE - 1 or max(xs) > width - SIDE + 1):
            outside.append((number + 1, round(min(xs)), round(max(xs))))
    assert outside == []


def test_text_starts_inside_the_margins(lines, reader):
    width = float(reader.pages[0].mediabox.width)
    height = float(reader.pages[0].mediabox.height)
    outside = [
        (line.page + 1, line.text[:40])
        for line in lines
        if line.kind != "Artifact"
        and not (SIDE - 1 < line.x < width - SIDE and TOP_BOTTOM < line.y < height - TOP_BOTTOM)
    ]
    assert outside == []


def test_figures_not_reproduced_are_one_short_line_in_one_wording(lines, compendium):
    missing = sum(1 for r in compendium.records.values() for image in r.images if image.missing)
    blocks: dict[int, list[Line]] = {}
    for line in lines:
        if line.kind == "/P":
            blocks.setdefault(line.block, []).append(line)
    placeholders = [block for block in blocks.values() if block[0].text.startswith("Figure not reproduced")]
    assert len(placeholders) == missing > 40
    for block in placeholders:
        text = " ".join(line.text for line in block)
        assert re.fullmatch(
            r"Figure not reproduced(: [^\n]+)?\.( Courtesy of the Customs administration of [^.]+\.)?", text
        )
        assert "(not reproduced" not in text and "Figure credited" not in text
        assert len(block) <= 2  # lines: one, or two for the longest captions
    assert sum(len(block) for block in placeholders) < 1.2 * missing


def test_outside_addresses_are_printed_once(reader):
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert text.count("https://www.rocb-ap.org/index.php") == 1
    assert "<https://www.rocb-ap.org" not in text and "<mailto:" not in text


def test_a_link_whose_text_is_not_its_address_prints_the_address_after_it(tmp_path):
    project = copy_project(tmp_path / "project")
    compendium = build_compendium(project, today=TODAY)
    record_id, record = next(iter(compendium.records.items()))
    body = (
        record.body + "\n\nSee [the office's site](https://www.rocb-ap.org/) or <https://example.org/bare>.\n"
    )
    records = {**compendium.records, record_id: record.model_copy(update={"body": body})}
    target = write_pdf(dataclasses.replace(compendium, records=records), project, tmp_path / "book.pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(target).pages)
    assert "the office's site <https://www.rocb-ap.org/>" in text
    assert text.count("https://example.org/bare") == 1


def test_each_case_prints_its_web_address_under_its_title(lines, compendium, built_site):
    addresses = _web_addresses(built_site)
    assert addresses, "the case pages give no address (mkdocs.yml's site_url is set)"
    site = Site(compendium)
    pages = _pages(lines)
    checked = 0
    for record_id, address in addresses.items():
        heading = site.record_heading(compendium.records[record_id])
        for page in pages.values():
            titles = [
                at for at, line in enumerate(page) if line.kind in HEADINGS and heading.startswith(line.text)
            ]
            for at in titles:
                end = at
                while page[end + 1].block == page[at].block:
                    end += 1
                assert page[end + 1].text == address, (heading, page[end + 1].text)
                checked += 1
    assert checked == len(addresses) == len([r for r in compendium.records.values() if site.has_own_page(r)])


def test_a_case_prints_the_address_the_site_gives_it(tmp_path):
    project = copy_project(tmp_path / "project")
    compendium = build_compendium(project, today=TODAY)
    book = book_html(compendium, "https://example.org/compendium/")
    cases = [r for r in compendium.records.values() if Site(compendium).has_own_page(r)]
    assert cases
    for record in cases:
        address = f"https://example.org/compendium/practices/{record.id}/"
        assert f'<p class="web-address"><a href="{address}" class="bare">{address}</a></p>' in book
    assert 'class="web-address"' not in book_html(compendium).split("</style>", 1)[1]  # no address, no line
