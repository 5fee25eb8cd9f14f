"""The PDF of the edition, read back: text, outline, contents page numbers, links, metadata,
and its tagging for assistive technology (PDF/UA-1: structure tree, language, headings,
tables, figures, artifacts). How its pages are set is tests/test_typesetting.py."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from compendium.check import build_compendium
from compendium.site import Site
from compendium.site.charts import bar_charts
from conftest import REPO, TODAY
from pdf_reading import HEADINGS, structure_root, walk


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
        # That page opens with the chapter's running header, then the chapter's own heading.
        assert pages_text[printed - 1].startswith(f"{heading} {heading} "), pages_text[printed - 1][:120]
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


# ----------------------------------------------------------------------------------------
# Tagged PDF (PDF/UA-1)

XMP = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "prism": "http://prismstandard.org/namespaces/basic/2.0/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
}


@pytest.fixture(scope="module")
def elements(reader: PdfReader) -> list[tuple[int, DictionaryObject]]:
    document = structure_root(reader)["/K"]
    document = document[0] if isinstance(document, list) else document
    return list(walk(document.get_object()))


def test_the_pdf_is_tagged_as_pdf_ua_1(reader: PdfReader, built_pdf: Path):
    catalog = reader.trailer["/Root"]
    assert built_pdf.read_bytes().startswith(b"%PDF-1.7")
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == "en"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True  # the title, not the file name
    assert structure_root(reader)["/K"] is not None
    assert all(page.get("/Tabs") == "/S" for page in reader.pages)  # links in structure order
    assert len(list(_outline(reader))) > 200  # bookmarks: chapters, sections, records
    assert built_pdf.stat().st_size <= 2_000_000  # the budget, structure tree included


def test_xmp_metadata_names_the_edition(reader: PdfReader, compendium):
    rdf = ElementTree.fromstring(reader.trailer["/Root"]["/Metadata"].get_object().get_data())
    edition = compendium.edition

    def values(name: str) -> list[str]:
        prefix, local = name.split(":")
        found = [*rdf.iter(f"{{{XMP[prefix]}}}{local}")]
        items = [item.text or "" for element in found for item in element.iter(f"{{{XMP['rdf']}}}li")]
        return items or [element.text or "" for element in found]

    assert values("pdfuaid:part") == ["1"]
    assert values("dc:title") == [f"{edition.title}, Edition {edition.edition}"]
    assert values("dc:publisher") == [edition.publisher]
    assert values("dc:language") == ["en"]
    assert values("dc:date") == [edition.as_of.isoformat()]
    assert values("prism:edition") == [str(edition.edition)]
    assert values("xmp:ModifyDate") == [compendium.last_changed.isoformat()]


def test_headings_are_tagged_in_order_and_none_is_empty(elements, lines):
    levels = [int(str(e["/S"])[2]) for _, e in elements if str(e.get("/S")) in HEADINGS]
    assert levels[:2] == [1, 1]  # the cover's title, then the first chapter
    assert [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1] == []  # no level skipped
    with_text = {line.block for line in lines if line.kind in HEADINGS}
    headings = [e for _, e in elements if str(e.get("/S")) in HEADINGS]
    assert len(headings) > 250
    assert [e for e in headings if e.indirect_reference and e.indirect_reference.idnum not in with_text] == []


def test_every_chart_is_a_figure_with_its_alternative_text(elements, compendium):
    charts = [chart.title for r in compendium.records.values() for chart in bar_charts(r)]
    figures = [str(e.get("/Alt", "")) for _, e in elements if e.get("/S") == "/Figure"]
    assert len(charts) > 10
    assert sorted(figures) == sorted(charts)


def test_tables_have_header_cells_that_head_their_columns(elements):
    tables = [(depth, e) for depth, e in elements if e.get("/S") == "/Table"]
    assert len(tables) > 60
    for _, table in tables:
        cells = [cell for _, cell in walk(table) if cell.get("/S") in ("/TH", "/TD")]
        heads = [cell for cell in cells if cell["/S"] == "/TH"]
        assert heads, "a table without header cells"
        ids = {str(cell["/ID"]) for cell in heads}
        assert all(cell["/A"]["/Scope"] == "/Column" for cell in heads)
        for cell in cells:
            if cell["/S"] == "/TD":
                assert {str(i) for i in cell["/A"]["/Headers"]} <= ids and cell["/A"]["/Headers"]


def test_running_heads_and_page_numbers_are_artifacts_and_nothing_else_is(lines, reader, compendium):
    site = Site(compendium)
    heads = {site.chapter_heading(c) for c in compendium.edition.chapters}
    heads |= {"Contents", site.glossary_heading()}
    artifacts = [line for line in lines if line.kind == "Artifact"]
    assert {line.text for line in artifacts} <= heads | {str(n) for n in range(1, len(reader.pages) + 1)}
    numbered = {line.page for line in artifacts if line.text == str(line.page + 1)}
    assert numbered == set(range(1, len(reader.pages)))  # every page but the cover
    assert [line for line in lines if line.kind in ("Untagged", "/Document")] == []


def test_link_annotations_belong_to_link_elements_and_are_printed(reader):
    parents = {}
    tree = structure_root(reader)["/ParentTree"]
    numbers = tree["/Nums"]
    for at in range(0, len(numbers), 2):
        parents[int(numbers[at])] = numbers[at + 1]
    links = 0
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            assert int(annotation["/F"]) & 4, "an annotation that does not print"
            if annotation["/Subtype"] == "/Link":
                element = parents[int(annotation["/StructParent"])].get_object()
                assert element["/S"] == "/Link"
                links += 1
    assert links > 300
