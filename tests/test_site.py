"""The built site itself: pages, links, search index, navigation, and what must never appear."""

from __future__ import annotations

import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pypdf import PdfReader

from conftest import compendium_build, mkdocs_build


class _Links(HTMLParser):
    """Collects hrefs and element ids of one HTML page."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.abbrs: dict[str, str] = {}
        self._abbr: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag == "abbr":
            self._abbr = attrs.get("title", "")

    def handle_data(self, data):
        if self._abbr is not None:
            self.abbrs[data] = self._abbr
            self._abbr = None


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _page(site: Path, url: str) -> Path:
    return site / url.strip("/") / "index.html" if url.strip("/") else site / "index.html"


def test_every_chapter_practice_member_source_and_topic_has_a_page(built_site: Path, compendium):
    expected = ["", "glossary", "practices", "members", "sources", "topics", "explore", "whats-new"]
    expected += [f"chapters/{c.slug}" for c in compendium.edition.chapters]
    expected += [f"practices/{r.id}" for r in compendium.records.values() if r.kind == "practice"]
    expected += [f"members/{code.lower()}" for code in compendium.members]
    expected += [f"sources/{s}" for s in compendium.sources]
    expected += [f"topics/{t}" for t in compendium.tags]
    missing = [url for url in expected if not _page(built_site, url).is_file()]
    assert missing == []


def test_practice_page_shows_case_number_chapter_member_and_dates(built_site: Path):
    html = _page(built_site, "practices/three-pillar-approach-training-course").read_text(encoding="utf-8")
    assert "Case 2: A Three-Pillar Approach to Training Course" in html
    assert 'href="../../chapters/training-policy/"' in html
    assert "An anonymous member administration" in html
    assert "2026-05-20" in html
    # An anonymous case has no "edit this page": its file is where a private repository
    # keeps the member's name.
    assert "/edit/main/data/cases/" not in html
    # The course types are a real table, not pasted text.
    assert re.search(r"<table>.*Comprehensive Training Course.*</table>", html, re.S)


def test_every_internal_link_and_anchor_resolves(built_site: Path):
    broken = []
    pages = {p: _parse(p) for p in built_site.rglob("*.html")}
    for page, parsed in pages.items():
        if page.name == "404.html":
            continue  # served at any address, so its links are absolute by design
        for href in parsed.hrefs:
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("mailto:", "//")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(built_site)} -> {href}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in pages[target].ids:
                broken.append(f"{page.relative_to(built_site)} -> {href} (no such anchor)")
    assert broken == []


def test_related_records_link_both_ways(built_site: Path):
    case2 = _parse(_page(built_site, "practices/three-pillar-approach-training-course"))
    case1 = _parse(_page(built_site, "practices/comprehensive-strategy-sustainable-workforce"))
    # Case 2 lists Case 1 under "see also"; Case 1 lists Case 2 under "referenced by".
    assert "../comprehensive-strategy-sustainable-workforce/" in case2.hrefs
    assert "../three-pillar-approach-training-course/" in case1.hrefs


def test_citations_link_to_source_pages_that_list_their_records(built_site: Path):
    chapter = _parse(_page(built_site, "chapters/training-policy"))
    assert "../../sources/wco-fppcp-2015/" in chapter.hrefs
    source = _page(built_site, "sources/wco-fppcp-2015").read_text(encoding="utf-8")
    assert "What a training policy expresses" in source and "p. 83" in source


def test_glossary_terms_link_to_the_glossary_and_show_their_meaning_on_hover(built_site: Path):
    page = _parse(_page(built_site, "practices/three-pillar-approach-training-course"))
    assert "../../glossary/#ojt" in page.hrefs
    assert page.abbrs.get("OJT") == "On-the-Job Training"
    assert "ojt" in _parse(_page(built_site, "glossary")).ids


def test_navigation_holds_chapters_and_indexes_not_cases(built_site: Path):
    home = _page(built_site, "").read_text(encoding="utf-8")
    nav = home[home.index('<nav class="md-nav md-nav--primary"') : home.index("md-sidebar--secondary")]
    assert 'href="chapters/training-policy/"' in nav and 'href="practices/"' in nav
    assert 'href="practices/three-pillar-approach-training-course/"' not in nav


def test_search_index_finds_records_by_title_body_member_and_tag(built_site: Path):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = {d["location"]: d for d in index["docs"]}
    text = " ".join(d["title"] + " " + d["text"] for d in index["docs"])
    assert "Case 2: A Three-Pillar Approach to Training Course" in text
    assert "Comprehensive Strategy for Sustainable Workforce Development" in text
    case = docs["practices/three-pillar-approach-training-course/"]
    assert "flexibility, international viewpoints" in case["text"]  # body
    assert "Course structure" in case["text"]  # tag
    # A named member's record is found by the member's name, in its own search entry.
    example = docs["chapters/good-practice-report-29/#vanuatu-mea-workshop-law-review"]
    assert "Vanuatu" in example["title"] + example["text"]


def test_atom_feed_is_published_and_announced(built_site: Path):
    import xml.etree.ElementTree as ET

    feed = ET.parse(built_site / "feed.xml").getroot()
    assert (
        feed.tag == "{http://www.w3.org/2005/Atom}feed"
        and len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == 50
    )
    assert 'type="application/atom+xml"' in _page(built_site, "chapters/training-policy").read_text(
        encoding="utf-8"
    )


def test_list_pages_stay_out_of_search_so_results_lead_to_records(built_site: Path):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    roots = {d["location"].split("#")[0] for d in index["docs"]}
    assert not roots & {"explore/", "whats-new/", "topics/", "practices/"}
    assert (
        "practices/three-pillar-approach-training-course/" in roots and "chapters/training-policy/" in roots
    )
    # A topic is searched by its name (issue 18), and so are the sources.
    assert {"topics/e-learning/", "topics/kirkpatrick/", "sources/wco-geoat/"} <= roots


def test_footer_names_the_edition_and_its_date(built_site: Path):
    html = _page(built_site, "").read_text(encoding="utf-8")
    assert "Edition 2026, as of 20 May 2026" in html


# A page loads a resource from elsewhere through these; links a reader clicks (<a>) are fine.
EXTERNAL_RESOURCE = re.compile(
    r"""<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc=["']?(?:https?:)?//[^"'\s>]+"""
    # a canonical link names the page's own public address; it loads nothing
    r"""|<link\b(?![^>]*\brel=["']?canonical\b)[^>]*\bhref=["']?(?:https?:)?//[^"'\s>]+"""
    r"""|url\(\s*["']?(?:https?:)?//[^)]+|@import\s+["']?(?:https?:)?//\S+""",
    re.IGNORECASE,
)


def test_no_page_or_stylesheet_loads_anything_from_another_host(built_site: Path):
    found = {
        f"{path.relative_to(built_site)}: {match}"
        for path in [*built_site.rglob("*.html"), *built_site.rglob("*.css")]
        for match in EXTERNAL_RESOURCE.findall(path.read_text(encoding="utf-8"))
    }
    assert found == set()


def test_external_resource_pattern_catches_the_usual_forms():
    samples = [
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">',
        '<script src="//cdn.example.org/x.js"></script>',
        "body { background: url('https://example.org/a.png') }",
        '@import "https://example.org/a.css";',
    ]
    assert [bool(EXTERNAL_RESOURCE.search(s)) for s in samples] == [True, True, True, True]
    assert not EXTERNAL_RESOURCE.search('<a href="https://www.rocb-ap.org/">ROCB A/P</a>')


# ----------------------------------------------------------------------------------------
# Privacy: drafts, anonymous members and editors' contacts never reach any output


DRAFT = """\
id: secret-draft-practice
kind: practice
chapter: 1
position: 90
title: Zanzibar Draft Practice Title
summary: Quokka draft summary.
attribution: named
member: KR
status: draft
added: 2026-05-20
"""

ANONYMOUS = """\
id: anonymous-practice
kind: practice
chapter: 1
position: 95
title: A Practice Whose Owner Is Private
summary: An anonymous summary.
body: Their story.
attribution: anonymous
member: KR
contact:
  name: Wilhelmina Editorperson
  email: wilhelmina@example.org
status: published
added: 2026-05-20
"""


def test_drafts_anonymous_members_and_contacts_appear_in_no_output(project: Path, tmp_path: Path):
    folder = project / "data" / "cases" / "01-training-policy"
    (folder / "secret-draft-practice.yml").write_text(DRAFT, encoding="utf-8")
    (folder / "anonymous-practice.yml").write_text(ANONYMOUS, encoding="utf-8")
    # A private repository may hold an anonymous record's member and an editor's contact
    # (a public one refuses them: test_untrusted_content); they still reach no output.
    with (project / "data" / "edition.yml").open("a", encoding="utf-8") as edition:
        edition.write("repository: private\n")
    site = tmp_path / "site"
    result = compendium_build(project, site)
    assert result.returncode == 0, result.stderr
    outputs = {str(p): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    # Compressed outputs are searched in their readable form: the PDF's text, the zip's files.
    pdf = site / "downloads" / "compendium-2026.pdf"
    pdf_text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
    outputs["pdf text"] = pdf_text.encode()
    with zipfile.ZipFile(site / "downloads" / "compendium-2026-offline.zip") as archive:
        outputs |= {f"zip:{name}": archive.read(name) for name in archive.namelist()}
    assert b"A Practice Whose Owner Is Private" in outputs["pdf text"]  # the search below can find text
    for secret in (
        b"Zanzibar",
        b"Quokka",
        b"secret-draft-practice",
        b"Wilhelmina",
        b"wilhelmina@example.org",
    ):
        assert [p for p, data in outputs.items() if secret in data] == [], secret
    # The anonymous case is published, but nothing ties it to Korea.
    case = (site / "practices" / "anonymous-practice" / "index.html").read_text(encoding="utf-8")
    assert "A Practice Whose Owner Is Private" in case
    assert "Korea" not in case and "members/kr" not in case
    # No "edit this page": it would open the file that names the member.
    assert "anonymous-practice.yml" not in case and "edit/main" not in case
    korea = (site / "members" / "kr" / "index.html").read_text(encoding="utf-8")
    assert "Owner Is Private" not in korea
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = [d for d in index["docs"] if "anonymous-practice" in d["location"]]
    assert entries and all("Korea" not in d["text"] for d in entries)
    # The open data and the citations (scanned above with every file) hold the anonymous
    # record without its member, and nothing of the draft.
    import csv

    api = site / "api" / "v1"
    record = json.loads((api / "records" / "anonymous-practice.json").read_text(encoding="utf-8"))
    assert (record["attribution"], record["member"], record["partners"]) == ("anonymous", None, [])
    assert "contact" not in record and "status" not in record
    index_file = json.loads((api / "records" / "index.json").read_text(encoding="utf-8"))
    listed = {r["id"] for r in index_file["records"]}
    assert "anonymous-practice" in listed and "secret-draft-practice" not in listed
    members = json.loads((api / "members.json").read_text(encoding="utf-8"))["members"]
    assert "anonymous-practice" not in next(m for m in members if m["code"] == "KR")["records"]
    with (api / "records.csv").open(encoding="utf-8", newline="") as table:
        rows = {row["id"]: row for row in csv.DictReader(table)}
    row = rows["anonymous-practice"]
    assert (row["member"], row["member_name"]) == ("", "An anonymous member administration")
    assert "secret-draft-practice" not in rows
    assert (site / "cite" / "anonymous-practice.bib").is_file()
    assert not (site / "cite" / "secret-draft-practice.bib").exists()


def test_broken_data_fails_the_build_and_leaves_the_previous_site_untouched(project: Path, tmp_path: Path):
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    record = project / "data" / "cases" / "01-training-policy" / "training-policy-definition.yml"
    record.write_text(
        record.read_text(encoding="utf-8").replace("chapter: 1", "chapter: 77"), encoding="utf-8"
    )
    result = mkdocs_build(project, site)
    assert result.returncode != 0
    assert (
        "data/cases/01-training-policy/training-policy-definition.yml:4:10: chapter: there is no chapter 77"
        in result.stderr
    )
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def test_record_image_is_published_with_its_alt_text_and_credit(project: Path, tmp_path: Path):
    (project / "data" / "images").mkdir()
    (project / "data" / "images" / "course-types.png").write_bytes(PNG_1X1)
    record = project / "data" / "cases" / "01-training-policy" / "three-pillar-approach-training-course.yml"
    record.write_text(
        record.read_text(encoding="utf-8").replace(
            "status: published",
            "images:\n  - path: data/images/course-types.png\n    alt: Three boxes, one per course type\n"
            "    caption: The three course types\n    credit_member: JP\nstatus: published",
        ),
        encoding="utf-8",
    )
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    assert (site / "media" / "images" / "course-types.png").read_bytes() == PNG_1X1
    page = _page(site, "practices/three-pillar-approach-training-course").read_text(encoding="utf-8")
    assert re.search(
        r'<img alt="Three boxes, one per course type" src="../../media/images/course-types.png"', page
    )
    assert "Courtesy of the Customs administration of Japan." in page
