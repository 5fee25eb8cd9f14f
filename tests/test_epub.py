"""The EPUB of the edition, for phones: valid EPUB 3 (Debian's epubcheck), every internal
link resolving, a navigation document of chapters, sections and cases, charts as SVG with
text equivalents, the glossary, accessibility metadata, nothing from outside the book and
nothing that runs, even from hostile records; linked next to the PDF on every page."""

from __future__ import annotations

import dataclasses
import posixpath
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest
import yaml

from browser import chromium_page, serve
from compendium import check
from compendium.book import make_book
from compendium.check import build_compendium
from compendium.epub import EpubFailed, to_xhtml, write_epub
from compendium.model import Image
from compendium.site import Site
from compendium.site.charts import bar_charts
from conftest import REPO, TODAY, copy_project

NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "svg": "http://www.w3.org/2000/svg",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "epub": "http://www.idpf.org/2007/ops",
}
EPUB = "downloads/compendium-2026.epub"


@pytest.fixture(scope="module")
def epub(built_site: Path) -> Path:
    return built_site / EPUB


@pytest.fixture(scope="module")
def files(epub: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(epub) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture(scope="module")
def documents(files) -> dict[str, ElementTree.Element]:
    """Every XHTML document of the book, parsed as XML (which fails if one is not)."""
    return {name: ElementTree.fromstring(body) for name, body in files.items() if name.endswith(".xhtml")}


@pytest.fixture(scope="module")
def compendium():
    return build_compendium(REPO, today=TODAY)


def epubcheck(path: Path) -> str:
    """Debian's epubcheck (a Java archive: run with java, as binfmt may not be set up)."""
    program = shutil.which("epubcheck")
    java = shutil.which("java")
    assert program and java, "epubcheck is not installed: run ./dev setup-system test"
    result = subprocess.run(
        [java, "-jar", str(Path(program).resolve()), "--failonwarnings", str(path)],
        capture_output=True,
        text=True,
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    return report


def test_epubcheck_finds_no_error_and_no_warning(epub: Path):
    report = epubcheck(epub)
    assert "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos" in report


def test_epubcheck_would_report_a_broken_book(epub: Path, tmp_path: Path):
    """The check above can fail: the same book with one broken link does not pass."""
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(epub) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename.endswith("chapter-training-policy.xhtml"):
                body = body.replace(b'href="#', b'href="nowhere.xhtml#', 1)
            target.writestr(info, body)
    result = subprocess.run(
        ["java", "-jar", str(Path(shutil.which("epubcheck") or "epubcheck").resolve()), str(broken)],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "nowhere.xhtml" in result.stdout + result.stderr


def test_the_archive_starts_with_its_media_type_and_is_small(epub: Path):
    head = epub.read_bytes()[:80]
    assert head[:4] == b"PK\x03\x04" and b"mimetypeapplication/epub+zip" in head
    assert epub.stat().st_size <= 1_000_000


def _targets(documents, files) -> list[tuple[str, str, str]]:
    """Every internal link of the book: (document, file it leads to, fragment)."""
    links = []
    for name, root in documents.items():
        for a in root.iter(f"{{{NS['x']}}}a"):
            href = a.get("href", "")
            if urlsplit(href).scheme:
                continue
            path, _, fragment = href.partition("#")
            target = (
                posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(path))) if path else name
            )
            links.append((name, target, fragment))
    return links


def test_every_internal_link_leads_to_an_element_that_is_there(documents, files, compendium):
    ids = {name: {e.get("id") for e in root.iter() if e.get("id")} for name, root in documents.items()}
    links = _targets(documents, files)
    broken = [(name, target) for name, target, _ in links if target not in ids]
    broken += [
        (name, target + "#" + at) for name, target, at in links if at and at not in ids.get(target, ())
    ]
    assert broken == []
    # None was lost on the way: every cross-reference of the book is a link of the EPUB.
    book = make_book(compendium)
    in_book = len(re.findall(r'<a [^>]*href="#', book.front_html + book.main_html))
    from_chapters = sum(1 for name, _, _ in links if not name.endswith(("nav.xhtml", "cover.xhtml")))
    assert from_chapters == in_book > 500
    assert sum(1 for name, target, _ in links if target != name) > 100  # from one chapter to another


def test_navigation_lists_chapters_sections_and_every_case(documents, compendium):
    site = Site(compendium)
    nav = documents["OEBPS/nav.xhtml"]
    toc = next(n for n in nav.iter(f"{{{NS['x']}}}nav") if n.get(f"{{{NS['epub']}}}type") == "toc")
    entries = {
        ("".join(a.itertext()), "#" + a.get("href").partition("#")[2]) for a in toc.iter(f"{{{NS['x']}}}a")
    }
    hrefs = {href for _, href in entries}
    for chapter in compendium.edition.chapters:
        assert (site.chapter_heading(chapter), f"#chapter-{chapter.slug}") in entries
        for kind in compendium.section_kinds(chapter.number) & set(chapter.sections):
            if chapter.section_title(kind):
                assert f"#section-{chapter.slug}-{kind}" in hrefs
    for record in compendium.records.values():
        assert (site.record_heading(record), "#" + record.id) in entries
    assert (site.glossary_heading(), "#glossary") in entries
    # Nested: records under their section under their chapter.
    first = toc.find("x:ol/x:li", NS)
    assert first is not None and first.find("x:ol/x:li/x:a", NS) is not None


def test_charts_are_svg_with_a_title_a_description_and_their_figures_as_a_table(documents, compendium, files):
    charts = {chart.id: chart for r in compendium.records.values() for chart in bar_charts(r)}
    found = {}
    for name, root in documents.items():
        for svg in root.iter(f"{{{NS['svg']}}}svg"):
            title, desc = svg.find("svg:title", NS), svg.find("svg:desc", NS)
            assert svg.get("role") == "img" and title is not None and desc is not None
            assert set(svg.get("aria-labelledby", "").split()) == {title.get("id"), desc.get("id")}
            found[title.get("id").removesuffix("-title")] = (name, title.text, desc.text)
    assert set(found) == set(charts) and len(charts) > 10
    for chart_id, (name, title, desc) in found.items():
        assert title == charts[chart_id].title and desc == charts[chart_id].description
        # The text equivalent: a table of the same figures after the chart, before the next record.
        text = files[name].decode()
        after = text[text.index(f'id="{chart_id}-title"') :]
        next_record = re.search(r'<h[1-3] class="(record|section|chapter)"', after)
        assert "<table" in after[: next_record.start() if next_record else None]
    package = files["OEBPS/content.opf"].decode()
    for name in {name for name, _, _ in found.values()}:
        assert re.search(rf'href="{re.escape(name.removeprefix("OEBPS/"))}"[^>]*properties="svg"', package)


def test_the_glossary_is_in_the_book(documents, compendium):
    glossary = documents["OEBPS/glossary.xhtml"]
    terms = {"".join(h.itertext()) for h in glossary.iter(f"{{{NS['x']}}}h2")}
    for term in compendium.glossary:
        assert (f"{term.abbr}: {term.term}" if term.abbr else term.term) in terms


def test_the_package_says_how_the_book_can_be_read(files, compendium):
    package = ElementTree.fromstring(files["OEBPS/content.opf"])
    metadata = package.find("opf:metadata", NS)
    meta = {}
    for item in metadata.findall("opf:meta", NS):
        meta.setdefault(item.get("property"), []).append(item.text)
    assert set(meta["schema:accessMode"]) == {"textual", "visual"}
    assert meta["schema:accessModeSufficient"] == ["textual"]
    assert {"structuralNavigation", "tableOfContents", "alternativeText"} <= set(
        meta["schema:accessibilityFeature"]
    )
    assert meta["schema:accessibilityHazard"] == ["none"]
    assert "navigation document" in meta["schema:accessibilitySummary"][0]
    assert metadata.find("dc:language", NS).text == "en"
    edition = compendium.edition
    assert metadata.find("dc:title", NS).text == f"{edition.title}, Edition {edition.edition}"
    assert metadata.find("dc:publisher", NS).text == edition.publisher
    assert meta["dcterms:modified"] == [f"{compendium.last_changed.isoformat()}T00:00:00Z"]


def _nothing_from_outside_and_nothing_that_runs(files: dict[str, bytes]) -> None:
    package = ElementTree.fromstring(files["OEBPS/content.opf"])
    listed = {"OEBPS/" + item.get("href") for item in package.iter(f"{{{NS['opf']}}}item")}
    assert listed == {name for name in files if name.startswith("OEBPS/") and not name.endswith(".opf")}
    for name, body in files.items():
        if not name.endswith(".xhtml"):
            continue
        root = ElementTree.fromstring(body)
        for element in root.iter():
            tag = element.tag.split("}")[-1]
            assert tag not in ("script", "iframe", "object", "embed", "style", "form", "foreignObject"), name
            for attribute, value in element.attrib.items():
                attribute = attribute.split("}")[-1]
                assert not attribute.lower().startswith("on"), (name, attribute)
                assert attribute != "style" or re.fullmatch(r"text-align: ?\w+;?", value), (name, value)
                if attribute in ("src", "data", "poster", "srcset"):
                    assert not urlsplit(value).scheme and not value.startswith("/"), (name, value)
                    assert "OEBPS/" + value in listed
                if attribute == "href":
                    scheme = urlsplit(value).scheme
                    assert scheme in ("", "http", "https", "mailto"), (name, value)
                    if tag == "link":
                        assert not scheme and "OEBPS/" + value in listed
    css = files["OEBPS/style.css"].decode()
    assert "url(" not in css and "@import" not in css


def test_no_external_resource_and_nothing_that_runs(files):
    _nothing_from_outside_and_nothing_that_runs(files)


def test_each_case_has_its_web_address_under_its_title(documents, compendium, built_site):
    canonical = {}
    for page in (built_site / "practices").glob("*/index.html"):
        link = re.search(r'<link rel="canonical" href="([^"]+)"', page.read_text(encoding="utf-8"))
        if link:
            canonical[page.parent.name] = link.group(1)
    if not canonical:
        pytest.skip("the site has no public address (site_url) to print")
    for root in documents.values():
        for heading in root.iter():
            if heading.get("id") in canonical and heading.tag.split("}")[-1] in ("h2", "h3"):
                parent = {child: p for p in root.iter() for child in p}[heading]
                following = list(parent)[list(parent).index(heading) + 1]
                assert following.get("class") == "web-address"
                assert following.find("x:a", NS).get("href") == canonical.pop(heading.get("id"))
    assert canonical == {}


def test_the_same_data_makes_the_same_epub(compendium, tmp_path: Path):
    first = write_epub(compendium, REPO, tmp_path / "a.epub")
    second = write_epub(compendium, REPO, tmp_path / "b.epub")
    assert first.read_bytes() == second.read_bytes()


def test_epub_is_linked_next_to_the_pdf_on_every_page_and_in_the_offline_copy(built_site: Path):
    pages = list(built_site.rglob("*.html"))
    without = [p for p in pages if EPUB not in p.read_text(encoding="utf-8")]
    assert pages and without == []
    with zipfile.ZipFile(built_site / "downloads" / "compendium-2026-offline.zip") as offline:
        names = offline.namelist()
        assert f"compendium/{EPUB}" in names
        assert offline.read(f"compendium/{EPUB}") == (built_site / EPUB).read_bytes()


def test_the_epub_link_downloads_the_book(built_site: Path):
    with serve(built_site) as url, chromium_page() as page:
        page.goto(url + "chapters/training-policy/")
        link = page.get_by_role("link", name="EPUB for phones")
        assert link.is_visible()
        response = page.request.get(page.evaluate("el => el.href", link.element_handle()))
        assert response.status == 200 and response.body()[:4] == b"PK\x03\x04"
        with page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename == "compendium-2026.epub"


# ----------------------------------------------------------------------------------------
# Hostile records and images


@pytest.fixture(scope="module")
def hostile_epub(tmp_path_factory) -> Path:
    """The EPUB of chapters whose records carry the payloads of tests/test_untrusted_content.py
    in every field, made with the validator's text checks off (the second wall alone)."""
    from test_untrusted_content import CHAPTERS, RECORDS, poison

    folder = tmp_path_factory.mktemp("hostile-epub")
    project = copy_project(folder / "project", chapters=CHAPTERS)
    for relative, extra in RECORDS.items():
        path = project / "data" / "cases" / relative
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(poison(data, extra), allow_unicode=True), encoding="utf-8")
    rules = check.RECORD_RULES
    check.RECORD_RULES = tuple(rule for rule in rules if rule.__name__ != "rule_text")
    try:
        compendium = build_compendium(project, today=TODAY)
    finally:
        check.RECORD_RULES = rules
    return write_epub(compendium, project, folder / "hostile.epub", site_url="https://example.org/c/")


def test_hostile_records_make_a_valid_epub_with_nothing_that_runs(hostile_epub: Path):
    epubcheck(hostile_epub)
    with zipfile.ZipFile(hostile_epub) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    _nothing_from_outside_and_nothing_that_runs(files)
    text = b"".join(files.values()).decode("utf-8", "replace")
    assert "alert(" in text  # the payloads are there, as text
    assert not re.search(r"<(script|iframe|object|embed)\b", text)


def test_an_image_inside_the_project_is_packed_and_one_outside_is_refused(tmp_path: Path):
    from test_build_safety import png

    project = copy_project(tmp_path / "project")
    png(project / "data" / "images" / "plan.png")
    (project / "data" / "images" / "link.png").symlink_to(png(tmp_path / "outside" / "secret.png"))
    compendium = build_compendium(project, today=TODAY)
    record_id, record = next(iter(compendium.records.items()))

    def with_image(path: str):
        image = Image(path=path, alt="A plan of the training centre")
        records = {**compendium.records, record_id: record.model_copy(update={"images": [image]})}
        return dataclasses.replace(compendium, records=records)

    target = write_epub(with_image("data/images/plan.png"), project, tmp_path / "book.epub")
    with zipfile.ZipFile(target) as archive:
        assert archive.read("OEBPS/media/images/plan.png") == (project / "data/images/plan.png").read_bytes()
        package = archive.read("OEBPS/content.opf").decode()
        chapter = archive.read("OEBPS/chapter-training-policy.xhtml").decode()
    assert 'href="media/images/plan.png" media-type="image/png"' in package
    image = re.search(r"<img [^>]*/>", chapter)
    assert (
        image
        and 'src="media/images/plan.png"' in image[0]
        and 'alt="A plan of the training centre"' in image[0]
    )
    epubcheck(target)
    for path, why in [
        ("data/images/link.png", "leads outside the project folder through a link"),
        ("data/images/missing.png", "does not exist"),
    ]:
        with pytest.raises(EpubFailed) as failed:
            write_epub(with_image(path), project, tmp_path / "refused.epub")
        assert f"the image `{path}` {why}" in str(failed.value)
        assert not (tmp_path / "refused.epub").exists()


def test_drafts_anonymous_members_and_contacts_stay_out_of_the_epub(project: Path, tmp_path: Path):
    from test_site import ANONYMOUS, DRAFT

    folder = project / "data" / "cases" / "01-training-policy"
    (folder / "secret-draft-practice.yml").write_text(DRAFT, encoding="utf-8")
    (folder / "anonymous-practice.yml").write_text(ANONYMOUS, encoding="utf-8")
    with (project / "data" / "edition.yml").open("a", encoding="utf-8") as edition:
        edition.write("repository: private\n")
    target = write_epub(build_compendium(project, today=TODAY), project, tmp_path / "book.epub")
    with zipfile.ZipFile(target) as archive:
        text = b"\n".join(archive.read(name) for name in archive.namelist()).decode()
    assert "A Practice Whose Owner Is Private" in text  # the search below can find text
    for secret in ("Zanzibar", "Quokka", "secret-draft-practice", "Wilhelmina", "wilhelmina@example.org"):
        assert secret not in text, secret
    case = text[text.index('id="anonymous-practice"') :]
    case = case[: case.index('class="record"', 20)]
    assert "Their story." in case and "Korea" not in case and "members/kr" not in case


def test_clean_html_becomes_xhtml_a_reading_system_can_parse():
    html = (
        '<p>a <a href="#gone">link to <abbr title="nothing">NTH</abbr></a> then</a> <br>'
        '<img src="data/images/x.png" alt="X"><img alt="a remote picture, taken away">'
        '<svg viewBox="0 0 2 1" role="img"><title>T &amp; U</title></svg> &lt;b&gt; "q"</p>'
        "<details open><summary>s</summary></details>"
    )
    xhtml = to_xhtml(html, lambda href: None, lambda src: "media/" + src.removeprefix("data/"))
    ElementTree.fromstring(f'<body xmlns="http://www.w3.org/1999/xhtml">{xhtml}</body>')
    assert xhtml == (
        '<p>a link to <abbr title="nothing">NTH</abbr> then <br/><img src="media/images/x.png" alt="X"/>'
        'a remote picture, taken away<svg viewBox="0 0 2 1" role="img" xmlns="http://www.w3.org/2000/svg">'
        '<title>T &amp; U</title></svg> &lt;b&gt; "q"</p><details open="open"><summary>s</summary></details>'
    )
