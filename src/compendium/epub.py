"""The whole edition as an EPUB 3 for phones: the book's HTML (`compendium.book`), reflowable,
one XHTML file per chapter, with a navigation document of chapters, sections and cases.

Made from the same clean HTML as the PDF, so it carries nothing a record could slip in: no
script, no style attribute but table alignment, and no resource from outside the book.
Links between chapters point into the right file; survey charts stay inline SVG with their
title, description and data table; the images the book shows are read through the PDF's
wall (`pdf.ProjectFiles`: raster files inside the project only) and packed inside.
The package says how the book can be read (schema.org accessibility metadata), and the
archive is the same, byte for byte, for the same data.
"""

from __future__ import annotations

import html as html_lib
import posixpath
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

from .book import Book, make_book, template_text
from .compendium import Compendium
from .site import TEMPLATES

XHTML = "http://www.w3.org/1999/xhtml"
SVG = "http://www.w3.org/2000/svg"
_STAMP = (2026, 1, 1, 0, 0, 0)  # every file's date in the archive: the same bytes for the same book
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# HTML parsers lower-case attribute names; SVG's are case-sensitive in XHTML.
_SVG_ATTRIBUTES = {"viewbox": "viewBox", "preserveaspectratio": "preserveAspectRatio"}
SUMMARY = (
    "The whole edition in reading order, one file per chapter. Chapters, sections and cases are "
    "headings, listed in the navigation document. Every survey chart is an SVG image with a title "
    "and a description of its figures, followed by a table of the same figures. Figures that the "
    "printed edition credits but does not reproduce are described in text. Tables have header "
    "cells. There are no scripts, sounds, animations or fixed layouts, and nothing relies on "
    "colour alone."
)


class EpubFailed(Exception):
    """The EPUB could not be made; the message says what failed and what to do."""


def write_epub(
    compendium: Compendium, root: Path, target: Path, *, site_url: str = "", directory_urls: bool = True
) -> Path:
    """Write the EPUB to `target`; images resolve from the project folder (`root`).

    Raises EpubFailed, and leaves no file at `target`, when the book refers to an image
    it may not or cannot use."""
    book = make_book(compendium, site_url, directory_urls=directory_urls)
    files = package(book, _ImageReader(root))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            # The mimetype comes first, stored, so that readers recognise the file.
            archive.writestr(_entry("mimetype"), "application/epub+zip", zipfile.ZIP_STORED)
            for name, body in files.items():
                archive.writestr(_entry(name), body, zipfile.ZIP_DEFLATED, 9)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, _STAMP)
    info.external_attr = 0o644 << 16  # readable by all once unpacked
    return info


# ----------------------------------------------------------------------------------------
# The package


@dataclass
class Chapter:
    """One XHTML file of the book: a chapter, an annex, the glossary."""

    name: str  # file name inside OEBPS/
    title: str
    html: str  # the book's HTML for it (clean)
    ids: set[str] = field(default_factory=set)


def package(book: Book, images: _ImageReader) -> dict[str, bytes]:
    """Every file of the EPUB but the mimetype, by its path in the archive."""
    chapters = _chapters(book)
    where = {i: chapter.name for chapter in chapters for i in chapter.ids}
    files: dict[str, bytes] = {}
    documents = []
    for chapter in chapters:
        body = to_xhtml(chapter.html, lambda href, name=chapter.name: _href(href, name, where), images.add)
        files[f"OEBPS/{chapter.name}"] = _document(chapter.title, body)
        documents.append((chapter.name, "svg" if "<svg" in body else ""))
    edition = book.compendium.edition
    title = f"{edition.title}, Edition {edition.edition}"
    files["OEBPS/cover.xhtml"] = _document(title, _render("epub-cover.html.j2", book))
    files["OEBPS/nav.xhtml"] = _document("Contents", _render("epub-nav.html.j2", book, where=where))
    files["OEBPS/style.css"] = template_text("epub.css").encode()
    for name, (image, _) in images.files.items():
        files[f"OEBPS/{name}"] = image
    identifier = uuid.uuid5(uuid.NAMESPACE_URL, f"compendium:{title}")
    files["OEBPS/content.opf"] = (
        _render(
            "epub-package.opf.j2",
            book,
            identifier=f"urn:uuid:{identifier}",
            documents=documents,
            images={name: kind for name, (_, kind) in images.files.items()},
            summary=SUMMARY,
        )
        .strip()
        .encode()
    )
    files["META-INF/container.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
        b'  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
        b"</rootfiles>\n</container>\n"
    )
    for name, content in files.items():
        if name.endswith((".xhtml", ".opf", ".xml")):
            _well_formed(name, content)
    return files


_H1 = re.compile(r"<h1[\s>]")  # a tag: in text, "<" is written "&lt;"
_H1_TEXT = re.compile(r"<h1([^>]*)>(.*?)</h1>", re.DOTALL)
_ID = re.compile(r'\sid="([^"]+)"')
_TAG = re.compile(r"<[^>]*>")


def _chapters(book: Book) -> list[Chapter]:
    """The book cut before each top-level heading: one file per chapter, annex, glossary."""
    chapters: list[Chapter] = []
    for html in (book.front_html, book.main_html):
        cuts = [m.start() for m in _H1.finditer(html)]
        cuts = [0, *cuts[1:]] if cuts else [0]  # what comes before the first heading goes with it
        for at, start in enumerate(cuts):
            part = html[start : cuts[at + 1] if at + 1 < len(cuts) else len(html)]
            if not part.strip():
                continue
            heading = _H1_TEXT.search(part)
            first = _ID.search(heading.group(1)) if heading else None
            stem = re.sub(r"[^a-z0-9-]+", "-", first.group(1).lower()) if first else ""
            name = f"{stem or f'part-{len(chapters) + 1}'}.xhtml"
            title = html_lib.unescape(_TAG.sub("", heading.group(2))).strip() if heading else ""
            chapters.append(Chapter(name, title, part, _Ids.of(part)))
    return chapters


class _Ids(HTMLParser):
    """The ids of a piece of HTML, as a parser reads them (never from text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.ids.update(value for name, value in attrs if name == "id" and value)

    @classmethod
    def of(cls, html: str) -> set[str]:
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser.ids


def _href(href: str, name: str, where: dict[str, str]) -> str | None:
    """A link of the book as the EPUB has it: into the file that holds its target; None
    for a link to nothing in the book (it prints as text)."""
    if not href.startswith("#"):
        return href  # an outside address (http, https, mailto: the cleaner allows no other)
    target = where.get(html_lib.unescape(href[1:]))
    if target is None:
        return None
    return href if target == name else target + href


def _render(template: str, book: Book, **values) -> str:
    chapters = [*book.front, *book.main, *book.companions]
    return TEMPLATES.get_template(template).render(
        c=book.compendium, site=book.site, chapters=chapters, main=book.main, **values
    )


def _document(title: str, body: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="{XHTML}" xmlns:epub="http://www.idpf.org/2007/ops" lang="en" xml:lang="en">\n'
        f'<head>\n<meta charset="utf-8"/>\n<title>{html_lib.escape(title)}</title>\n'
        '<link rel="stylesheet" type="text/css" href="style.css"/>\n</head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    ).encode()


def _well_formed(name: str, body: bytes) -> None:
    try:
        ElementTree.fromstring(body)
    except ElementTree.ParseError as error:  # a bug of this module, not of the data
        raise EpubFailed(f"The EPUB could not be made: {name} is not well-formed XML ({error}).") from None


# ----------------------------------------------------------------------------------------
# HTML to XHTML


def to_xhtml(html: str, href, src) -> str:
    """Clean HTML (`safe.clean_html`'s output) as XHTML: every element closed, attributes
    quoted, SVG attributes in their case. `href(address)` gives a link's new address (None
    to print its text alone), `src(address)` an image's."""
    writer = _Xhtml(href, src)
    writer.feed(html)
    writer.close()
    return "".join(writer.out)


class _Xhtml(HTMLParser):
    def __init__(self, href, src):
        super().__init__(convert_charrefs=True)
        self.href, self.src = href, src
        self.out: list[str] = []
        self.open: list[str] = []  # element names; "" for a link printed as text

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, tag in _VOID)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, True)

    def _start(self, tag, attrs, empty):
        in_svg = tag == "svg" or "svg" in self.open
        values: dict[str, str] = {}
        for name, value in attrs:
            values[_SVG_ATTRIBUTES.get(name, name) if in_svg else name] = name if value is None else value
        if tag == "a" and "href" in values:
            href = self.href(values["href"])
            if href is None:
                if not empty:
                    self.open.append("")
                return
            values["href"] = href
        if tag == "img":
            if "src" not in values:  # a remote image, which the cleaner took away: its words stay
                self.out.append(html_lib.escape(values.get("alt", ""), quote=False))
                return
            values["src"] = self.src(values["src"])
        if tag == "svg":
            values["xmlns"] = SVG
        text = "".join(f' {name}="{html_lib.escape(value)}"' for name, value in values.items())
        if empty:
            self.out.append(f"<{tag}{text}/>")
        else:
            self.out.append(f"<{tag}{text}>")
            self.open.append(tag)

    def handle_endtag(self, tag):
        closes = {tag, ""} if tag == "a" else {tag}  # "": a link printed as its text
        if tag in _VOID or not closes & set(self.open):
            return  # nothing to close (clean HTML has no such end tag)
        while self.open:
            name = self.open.pop()
            if name:
                self.out.append(f"</{name}>")
            if name in closes:
                break

    def handle_data(self, data):
        self.out.append(html_lib.escape(data, quote=False))

    def close(self):
        super().close()
        while self.open:
            name = self.open.pop()
            if name:
                self.out.append(f"</{name}>")


# ----------------------------------------------------------------------------------------
# Images


class _ImageReader:
    """The images the book shows, read through the PDF's wall and named inside the EPUB."""

    def __init__(self, root: Path):
        from .pdf import ProjectFiles

        self.wall = ProjectFiles(root)
        self.files: dict[str, tuple[bytes, str]] = {}  # name inside OEBPS -> (bytes, media type)

    def add(self, address: str) -> str:
        from .pdf import Refused

        written = posixpath.normpath(address)
        name = "media/" + written.removeprefix("data/")  # where the site has it too
        if name not in self.files:
            try:
                if written.startswith(("../", "/")):
                    raise Refused("is outside the project folder")
                body, kind = self.wall.open((self.wall.root / written).as_uri())
            except Refused as refusal:
                raise EpubFailed(f"The EPUB was not made: the image `{address}` {refusal}") from None
            self.files[name] = (body, kind)
        return name
