"""Write the book as a PDF with WeasyPrint: A4, contents with page numbers, bookmarks,
tagged for assistive technology as PDF/UA-1 (structure tree, language, headings, tables
with header cells, charts with alternative text, running heads as artifacts: `pdf_ua`).

Records come from outside the team, so the renderer has a wall of its own, whatever the
validator lets through: it reads only image files inside the project folder (after
following links), and never opens a network connection. Any image the book refers to
that it cannot show, refused or missing, fails the build with a message naming it.
"""

from __future__ import annotations

import logging
import os.path
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

from pydantic import BaseModel

from .book import KEYWORDS, BookPage, book_html
from .compendium import Compendium
from .pdf_ua import Details, finisher
from .safe import raster_type
from .site import Site

# What the book may show: raster images, by file name ending and by content (an SVG or
# any other file renamed .png would be parsed for what it is). No SVG: it can ask for more.
IMAGE_SUFFIXES = (".jpeg", ".jpg", ".png", ".webp")
_INSTALL = (
    "Set up the project again (`./dev build`, or `pip install -e .`); on Debian or Ubuntu WeasyPrint "
    "also needs Pango: `sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0`."
)
_PUT_IT_INSIDE = (
    "The PDF shows only image files inside the project: put the image under data/images/ and write "
    "its path from the project folder, e.g. data/images/figure.png."
)
# Addresses in Markdown (`](target`, `[ref]: target`) and in HTML attributes or CSS.
_TARGETS = re.compile(
    r"\]\(\s*<?([^)\s>]+)|^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?\s*$|(?:src|href|data)\s*=\s*[\"']?([^\"'\s>]+)"
    r"|url\(\s*[\"']?([^\"')\s]+)",
    re.MULTILINE | re.IGNORECASE,
)


# WeasyPrint 70 measures a line with its trailing space when it decides whether the line
# fits (Pango, which lays it out, does not count that space). When a run of text that ends
# in a space before an inline element exactly fills a line, WeasyPrint then breaks after the
# run's first word: "speed" alone on a line, the rest of the sentence below it. Moving the
# space into the element that follows leaves the run without it. Not into links: a link
# broken at that space would leave an empty link in the tagged PDF, and outside links are
# underlined.
_SPACE_BEFORE_INLINE = re.compile(r" (<(?:abbr|em|strong|span)\b[^>]*>)")


def space_inside_inline(html: str) -> str:
    """`the <abbr>WCO</abbr>` as `the<abbr> WCO</abbr>`: the same text, laid out right."""
    return _SPACE_BEFORE_INLINE.sub(r"\1 ", html)


class PdfFailed(Exception):
    """The PDF could not be made; the message says what failed and what to do."""


def write_pdf(
    compendium: Compendium, root: Path, target: Path, *, site_url: str = "", directory_urls: bool = True
) -> Path:
    """Render the book to `target` (a file path); images resolve from the project folder.
    `site_url`, the site's public address, prints each case's web address under its title.

    Raises PdfFailed, and leaves no file at `target`, when WeasyPrint cannot be loaded or
    fails, or when the book refers to a file it may not or cannot show."""
    try:
        import weasyprint  # heavy, and only needed here
    except (ImportError, OSError) as error:  # OSError: a system library (Pango) is missing
        raise PdfFailed(
            f"The PDF cannot be made: WeasyPrint could not be loaded ({error}). {_INSTALL}"
        ) from None

    wall = ProjectFiles(root)
    base_url = wall.root.as_uri() + "/"
    with _weasyprint_errors() as logged:
        try:
            book = space_inside_inline(book_html(compendium, site_url, directory_urls=directory_urls))
            html = weasyprint.HTML(string=book, base_url=base_url, url_fetcher=_fetcher(wall))
            document = html.render()
            problems = _problems(compendium, base_url, wall, logged)
            if not problems:
                target.parent.mkdir(parents=True, exist_ok=True)
                details = _details(compendium, site_url, weasyprint.__version__)
                # Attachments, if any, are fetched now.
                document.write_pdf(target, pdf_variant="pdf/ua-1", finisher=finisher(details))
                problems = _problems(compendium, base_url, wall, logged)
        except OSError:
            target.unlink(missing_ok=True)
            raise  # disk full, no permission: the caller says what to do about `target`
        except Exception as error:
            target.unlink(missing_ok=True)
            raise PdfFailed(
                f"The PDF could not be made: laying out the book failed ({type(error).__name__}: {error}). "
                "Nothing was published. If the data is correct, report this message to the project's "
                "maintainers."
            ) from None
    if problems:
        target.unlink(missing_ok=True)
        lines = "\n".join(f"  {p}" for p in problems)
        raise PdfFailed(f"The PDF was not made: the book refers to images it cannot show.\n{lines}")
    return target


def _details(compendium: Compendium, site_url: str, weasyprint_version: str) -> Details:
    edition = compendium.edition
    return Details(
        title=f"{edition.title}, Edition {edition.edition}",
        edition=str(edition.edition),
        publisher=edition.publisher,
        description=f"{edition.title}, Edition {edition.edition}, as of {edition.as_of:%-d %B %Y}",
        keywords=KEYWORDS,
        language="en",
        date=edition.as_of,
        modified=compendium.last_changed,
        producer=f"WeasyPrint {weasyprint_version}",
        address=site_url,
    )


class Refused(ValueError):
    """A file the PDF may not or cannot use; the message says why and what to do."""


class ProjectFiles:
    """The only files the PDF may read: image files inside the project folder.

    `open` refuses anything else (the network, `data:` addresses, files outside the
    folder or reached through a link leading out of it, hidden folders such as .git,
    files that are not images) and remembers every refusal for the build's report."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.refused: dict[str, str] = {}

    def open(self, url: str) -> tuple[bytes, str]:
        """The file's bytes and type."""
        try:
            path = self._allowed(url)
            try:
                body = path.read_bytes()
            except OSError as error:
                raise Refused(f"cannot be read ({error.strerror})") from None
            kind = raster_type(body)
            if kind is None:
                raise Refused("is not a PNG, JPEG or WebP image, whatever its name says. " + _PUT_IT_INSIDE)
            return body, kind
        except Refused as refusal:
            self.refused.setdefault(url, str(refusal))
            raise

    def _allowed(self, url: str) -> Path:
        parts = urlsplit(url)
        if parts.scheme.lower() != "file":
            raise Refused(
                f"is not a file of the project ({parts.scheme or 'no'} address): the PDF never fetches "
                f"anything from the network. {_PUT_IT_INSIDE}"
            )
        if parts.netloc not in ("", "localhost"):
            raise Refused(f"is on another computer ({parts.netloc}). {_PUT_IT_INSIDE}")
        written = Path(url2pathname(parts.path))
        path = written.resolve()
        if not path.is_relative_to(self.root):
            if Path(os.path.normpath(written)).is_relative_to(self.root):
                raise Refused(f"leads outside the project folder through a link. {_PUT_IT_INSIDE}")
            raise Refused(f"is outside the project folder. {_PUT_IT_INSIDE}")
        inside = path.relative_to(self.root)
        if any(part.startswith(".") for part in inside.parts):
            raise Refused(f"is in a hidden folder ({inside.as_posix()}). {_PUT_IT_INSIDE}")
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            raise Refused(
                f"is not an image the PDF can show; use one of {', '.join(IMAGE_SUFFIXES)}. " + _PUT_IT_INSIDE
            )
        if not path.is_file():
            raise Refused(
                f"does not exist (no file at {inside.as_posix()}); add the file or correct the path."
            )
        return path


def _fetcher(wall: ProjectFiles) -> Any:
    """`wall` as WeasyPrint's url_fetcher: a URLFetcher since WeasyPrint 68, a function
    returning a dict before."""
    from weasyprint import urls

    if hasattr(urls, "URLFetcher"):

        class Fetcher(urls.URLFetcher):
            def fetch(self, url: str, headers: Any = None) -> Any:
                body, kind = wall.open(url)
                return urls.URLFetcherResponse(url, body, {"Content-Type": kind})

        return Fetcher()

    def fetch(url: str) -> dict[str, Any]:  # pragma: no cover - WeasyPrint before 68
        body, kind = wall.open(url)
        return {"string": body, "mime_type": kind, "redirected_url": url}

    return fetch


@contextmanager
def _weasyprint_errors() -> Iterator[list[str]]:
    """The errors WeasyPrint logs instead of raising (an image it could not load or
    draw), kept for the report and not printed a second time."""
    logger = logging.getLogger("weasyprint")
    logged: list[str] = []

    def keep(record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            logged.append(record.getMessage())
            return False
        return True

    logger.addFilter(keep)
    try:
        yield logged
    finally:
        logger.removeFilter(keep)


def _problems(compendium: Compendium, base_url: str, wall: ProjectFiles, logged: list[str]) -> list[str]:
    """One line per image the book cannot show: the record's file, the address as written
    in it, and why."""
    if not wall.refused and not logged:
        return []
    where = _where(compendium, base_url)
    problems = []
    for url, reason in wall.refused.items():
        places = where.get(url, [])
        if places:
            problems += [f"{file}: `{written}` {reason}" for file, written in places]
        else:
            problems.append(f"`{url}` {reason}")
    for message in logged:
        if any(url in message for url in wall.refused):
            continue  # said above
        advice = message.rstrip(": ") + ". Check that the file is a whole PNG, JPEG or WebP image that opens."
        quoted = re.search(r"'([a-z]+:[^']+)'", message)  # "Failed to load image at 'file:///…'"
        places = where.get(quoted.group(1), []) if quoted else []
        problems += [f"{file}: `{written}`: {advice}" for file, written in places] or [advice]
    return problems


def _where(compendium: Compendium, base_url: str) -> dict[str, list[tuple[str, str]]]:
    """Every address written in a record, as WeasyPrint sees it -> (record file, as written)."""
    from weasyprint.urls import iri_to_uri

    site = Site(compendium)
    page = BookPage(site, "book")
    where: dict[str, list[tuple[str, str]]] = {}
    for record_id, record in compendium.records.items():
        file = compendium.files.get(record_id, record_id)
        written: list[tuple[str, str]] = []  # (as written, as the book has it)
        for image in getattr(record, "images", []):
            if image.path:
                written.append((image.path, page.href(site.image_uri(image.path)) or image.path))
        for text in _strings(record.model_dump() if isinstance(record, BaseModel) else record):
            for match in _TARGETS.finditer(text):
                target = next(group for group in match.groups() if group)
                written += [(target, target), (target, page.href(target) or target)]
        for shown, href in written:
            try:
                url = iri_to_uri(urljoin(base_url, href))
            except ValueError:
                continue
            where.setdefault(url, [])
            if (file, shown) not in where[url]:
                where[url].append((file, shown))
    return where


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
