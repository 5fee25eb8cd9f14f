"""How to cite a record: the APA-style text on the page and the BibTeX, RIS and CSL-JSON
files, for a member's practice (its own page) and a WCO tool excerpt (on its chapter's
page), each naming the edition, its date, the record's stable address and its id."""

from __future__ import annotations

import datetime
import json
import re
from html import unescape
from pathlib import Path

import pytest

from browser import chromium_page, serve
from compendium.check import build_compendium
from compendium.citation import (
    Reference,
    apa_plain,
    bibtex,
    citation_files,
    csl_json,
    history,
    reference,
    ris,
)
from compendium.site import Site
from conftest import REPO, TODAY

PRACTICE = "three-pillar-approach-training-course"  # Case 2 of Chapter 1, anonymous
TOOL = "training-policy-definition"  # a WCO tool excerpt on the Chapter 1 page
SITE_URL = "https://compendium.example.org/edition/"


@pytest.fixture(scope="module")
def site() -> Site:
    return Site(build_compendium(REPO, today=TODAY), site_url=SITE_URL)


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def test_the_reference_names_edition_date_stable_address_and_id(site: Site):
    practice = apa_plain(reference(site, site.compendium.records[PRACTICE]))
    assert practice == (
        "ROCB A/P. (2026). Case 2: A Three-Pillar Approach to Training Course. In Compendium of "
        "Training Management in Asia-Pacific (Edition 2026, Chapter 1: Training Policy). ROCB A/P, the "
        "WCO Regional Office for Capacity Building for Asia/Pacific. "
        f"{SITE_URL}practices/{PRACTICE}/ (Record {PRACTICE}; added 2026-05-20)"
    )
    tool = reference(site, site.compendium.records[TOOL])
    assert tool.url == f"{SITE_URL}chapters/training-policy/#{TOOL}"  # its place on the chapter page
    assert tool.title == "What a training policy expresses" and tool.part == "Chapter 1: Training Policy"
    assert f"(Record {TOOL}; added 2026-05-20)" in apa_plain(tool)


def test_a_named_record_is_cited_under_its_member_and_an_anonymous_one_never(site: Site):
    named = next(r for r in site.compendium.records.values() if r.attribution == "named" and r.partners)
    names = [site.compendium.members[c].name for c in (named.member, *named.partners)]
    author = reference(site, named).author
    assert author.startswith("Customs administration of ") and all(name in author for name in names)
    anonymous = site.compendium.records[PRACTICE]
    assert reference(site, anonymous).author == "ROCB A/P"


def test_the_files_hold_the_same_reference_in_each_format(site: Site):
    ref = reference(site, site.compendium.records[TOOL])
    entry = bibtex(ref)
    assert entry.startswith(f"@incollection{{compendium2026-{TOOL},\n") and entry.endswith("\n}\n")
    fields = dict(re.findall(r"^  (\w+) = \{(.*)\},$", entry, re.MULTILINE))
    assert fields == {
        "author": "{ROCB A/P}",
        "title": "What a training policy expresses",
        "booktitle": "Compendium of Training Management in Asia-Pacific",
        "edition": "2026",
        "chapter": "Chapter 1: Training Policy",
        "publisher": "ROCB A/P, the WCO Regional Office for Capacity Building for Asia/Pacific",
        "year": "2026",
        "url": f"{SITE_URL}chapters/training-policy/\\#{TOOL}",
        "note": f"Record {TOOL}; added 2026-05-20",
    }
    lines = ris(ref).split("\r\n")
    assert lines[0] == "TY  - CHAP" and lines[-2:] == ["ER  -", ""]
    tags = dict(line.split("  - ", 1) for line in lines[1:-2])
    assert tags["TI"] == ref.title and tags["UR"] == ref.url and tags["ID"] == TOOL
    assert tags["ET"] == "2026" and tags["DA"] == "2026/05/20" and tags["PY"] == "2026"
    [item] = json.loads(csl_json(ref))
    assert item["type"] == "chapter" and item["URL"] == ref.url and item["edition"] == "2026"
    assert item["issued"] == {"date-parts": [[2026, 5, 20]]} and item["id"] == f"compendium2026-{TOOL}"
    assert item["container-title"] == "Compendium of Training Management in Asia-Pacific"


def test_hostile_text_cannot_break_out_of_a_field_of_any_format():
    hostile = Reference(
        id="x",
        author="A & B",
        title="50% {unbalanced \\ #1 $x^2_y ~ \nER  - \nTY  - JOUR",
        container="C",
        edition="2026",
        part="P",
        publisher="P",
        issued=datetime.date(2026, 5, 20),
        added=datetime.date(2026, 5, 20),
        updated=None,
        url="https://example.org/a%20b#c",
    )
    entry = bibtex(hostile)
    title = re.search(r"^  title = \{(.*)\},$", entry, re.MULTILINE).group(1)
    bare = re.sub(r"\\textbackslash\{\}|\\[\^~]\{\}|\\[{}%&#$_]", "", title)
    assert "{" not in bare and "}" not in bare  # every brace of the title is escaped
    assert "\\%" in title and "\\&" in entry and "\\#" in title and "\\$" in title and "\\_" in title
    assert entry.count("\n  ") == 9  # one line a field: the line break became a space
    assert [line for line in ris(hostile).split("\r\n") if line.startswith(("ER", "TY"))] == [
        "TY  - CHAP",
        "ER  -",
    ]
    assert json.loads(csl_json(hostile))[0]["title"] == hostile.title


def test_every_record_has_its_three_files(site: Site):
    files = citation_files(site)
    assert len(files) == 3 * len(site.compendium.records)
    assert {f"cite/{PRACTICE}.bib", f"cite/{PRACTICE}.ris", f"cite/{PRACTICE}.csl.json"} <= set(files)


def _cite_box(html: str, after: str) -> str:
    start = html.index(after)
    box = html[html.index('<details class="cite"', start) :]
    return box[: box.index("</details>")]


def test_pages_offer_the_citation_and_its_files(built_site: Path):
    """The built site: the practice's page and the WCO tool's place on its chapter page."""
    site_url = json.loads((built_site / "api" / "v1" / "index.json").read_text())["site"]
    site = Site(build_compendium(REPO, today=TODAY), site_url=site_url)
    for record_id, page in ((PRACTICE, f"practices/{PRACTICE}"), (TOOL, "chapters/training-policy")):
        record = site.compendium.records[record_id]
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        box = _cite_box(html, f'id="{record_id}"' if record_id == TOOL else "<h1")
        assert "<summary>Cite this record</summary>" in box
        expected = apa_plain(reference(site, record))
        assert expected in _text(box), _text(box)
        assert history(record) in _text(box)
        links = re.findall(r'<a download="" href="([^"]+)">([^<]+)</a>', box)
        assert [name for _, name in links] == ["BibTeX", "RIS", "CSL-JSON"]
        for href, _ in links:
            file = (built_site / page / href).resolve()
            assert file.is_file() and record_id in file.read_text(encoding="utf-8")
            assert reference(site, record).url in file.read_text(encoding="utf-8").replace("\\#", "#")


def test_a_reader_downloads_the_bibtex_file_from_the_page(built_site: Path):
    with serve(built_site) as url, chromium_page() as page:
        page.goto(url + f"practices/{PRACTICE}/")
        page.get_by_text("Cite this record").click()
        with page.expect_download() as download:
            page.locator("details.cite").get_by_role("link", name="BibTeX").click()
        assert download.value.suggested_filename == f"{PRACTICE}.bib"
        text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith(f"@incollection{{compendium2026-{PRACTICE},")
