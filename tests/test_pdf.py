"""The PDF of the edition, read back: text, outline, contents page numbers, links, metadata."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from compendium.check import build_compendium
from conftest import REPO, TODAY


@pytest.fixture(scope="module")
def pdf(built_site: Path) -> Path:
    return built_site / "downloads" / "compendium-2026.pdf"


@pytest.fixture(scope="module")
def reader(pdf: Path) -> PdfReader:
    return PdfReader(pdf)


@pytest.fixture(scope="module")
def pages_text(reader: PdfReader) -> list[str]:
    # pypdf's layout mode reads each page from top to bottom, running header first; one string per page.
    return [" ".join(page.extract_text(extraction_mode="layout").split()) for page in reader.pages]


@pytest.fixture(scope="module")
def compendium():
    return build_compendium(REPO, today=TODAY)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_every_chapter_and_case_title_is_in_the_pdf(pages_text, compendium):
    whole = " ".join(pages_text)
    missing = [c.title for c in compendium.edition.chapters if c.title not in whole]
    missing += [
        f"Case {n}: {compendium.records[i].title}"
        for i, n in compendium.case_numbers.items()
        if _flat(f"Case {n}: {compendium.records[i].title}") not in whole
    ]
    assert missing == []


def _outline(reader: PdfReader, items=None, depth=0):
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            yield from _outline(reader, item, depth + 1)
        else:
            yield depth, item.title, reader.get_destination_page_number(item) + 1


def test_outline_has_every_chapter_at_the_top_level(reader, compendium):
    top = [title for depth, title, _ in _outline(reader) if depth == 0]
    for chapter in compendium.edition.chapters:
        assert any(chapter.title in title for title in top), chapter.title
    assert "Annex 3: Acronyms and glossary" in top


def test_contents_page_numbers_match_where_chapters_start(reader, pages_text, compendium):
    outline = {title: page for depth, title, page in _outline(reader) if depth == 0}
    contents = " ".join(t for t in pages_text if t.startswith("Contents"))
    checked = 0
    for chapter in compendium.edition.chapters:
        if not 1 <= chapter.number <= 9:
            continue
        heading = f"{chapter.number}. {chapter.title}"
        printed = int(re.search(re.escape(heading) + r"\s*\.*\s*(\d+)", contents).group(1))
        assert printed == outline[heading]
        assert (
            pages_text[printed - 1].split(" ", len(heading.split()) + 1)[-1].startswith(heading)
            or heading in pages_text[printed - 1][:200]
        )
        checked += 1
    assert checked == 9


def test_internal_links_jump_to_pages_inside_the_document(reader):
    internal = external = 0
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            destination = annotation.get_object().get("/Dest")
            if action is not None and action.get("/S") == "/URI":
                external += 1
                assert str(action["/URI"]).startswith(("https://", "http://", "mailto:"))
            elif destination is not None or (action is not None and action.get("/S") == "/GoTo"):
                internal += 1
                target = destination if destination is not None else action["/D"]
                if isinstance(target, str) or hasattr(target, "startswith"):
                    assert str(target) in reader.named_destinations, target
                else:
                    assert reader.get_page_number(target[0].get_object()) >= 0
    assert internal > 300 and external > 0


def test_outside_links_show_their_address_in_print(pages_text):
    whole = " ".join(pages_text)
    assert (
        "<https://www.rocb-ap.org/index.php>" in whole.replace(" ", "")
        or "<https://www.rocb-ap.org/index.php>" in whole
    )


def test_document_metadata(reader):
    meta = reader.metadata
    assert meta.title == "Compendium of Training Management in Asia-Pacific, Edition 2026"
    assert meta.author.startswith("ROCB A/P")
    assert "/Lang" in reader.trailer["/Root"] and reader.trailer["/Root"]["/Lang"] == "en"


def test_a4_pages_and_cover(reader, pages_text):
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert "Compendium of Training Management in Asia-Pacific" in pages_text[0]
    assert "Edition 2026" in pages_text[0] and "As of 20 May 2026" in pages_text[0]


def test_every_chapter_starts_on_a_new_page_under_its_running_header(reader, pages_text):
    for depth, title, page in _outline(reader):
        if depth == 0 and title != "Contents":
            # The running header repeats the chapter title at the top of its first page.
            assert pages_text[page - 1].startswith(title), (title, pages_text[page - 1][:80])


def test_pdf_is_linked_from_every_page_of_the_site(built_site: Path):
    pages = list(built_site.rglob("*.html"))
    without = [p for p in pages if "downloads/compendium-2026.pdf" not in p.read_text(encoding="utf-8")]
    assert pages and without == []
