"""The whole edition as one HTML document, laid out for print (the PDF's source) and cut
into chapters for the EPUB.

Pure like `render`: the same templates and blocks as the site's pages, with links that
point inside the book instead of to other pages. What only a book needs is decided here:
each case's stable web address under its title, outside addresses printed once, and one
short wording for the figures the edition credits but does not reproduce.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from importlib import resources

import markdown
import markupsafe

from .compendium import Compendium
from .model import AnyRecord
from .registries import Chapter
from .safe import clean_html
from .site import TEMPLATES, Page, Site, anchor

# Where each kind of site page lands in the book; pages not in the book (member, source
# and topic pages) have no equivalent, so their links become plain text.
_CHAPTER_PAGE = "chapters/"
_EXTENSIONS = ["abbr", "admonition", "attr_list", "md_in_html", "tables", "toc"]
_CONTENTS_MARK = "<!-- contents -->"
KEYWORDS = "Customs, training management, WCO, ROCB A/P, Asia-Pacific"


class BookPage(Page):
    """Links for the book: every target is an anchor inside the one document."""

    def href(self, target: str) -> str | None:
        path, _, fragment = target.partition("#")
        if path.startswith("http"):
            return target
        if path.startswith("media/"):
            return "data/" + path.removeprefix("media/")  # resolved against the project folder
        if path.startswith("practices/") and path != "practices/index.md":
            return "#" + path.removeprefix("practices/").removesuffix(".md")
        if path.startswith(_CHAPTER_PAGE):
            return "#" + (fragment or "chapter-" + path.removeprefix(_CHAPTER_PAGE).removesuffix(".md"))
        if path == "glossary.md":
            return "#" + ("term-" + fragment if fragment else "glossary")
        return None

    def web_address(self, record: AnyRecord) -> str:
        """The stable address of a case's own page on the site, as a paragraph under its
        title; nothing when the site's address is not configured (`site_url`) or the record
        has no page of its own."""
        if not self.site.site_url or not self.site.has_own_page(record):
            return ""
        url = markupsafe.escape(self.site.url_of(self.site.record_uri(record)))
        return f'<p class="web-address"><a href="{url}">{url}</a></p>'


@dataclass(frozen=True)
class Book:
    """The edition as a book: its parts in reading order and their clean HTML."""

    compendium: Compendium
    site: Site
    front: list[Chapter]  # before the contents
    main: list[Chapter]  # chapters and annexes, followed by the glossary
    companions: list[Chapter]  # after the glossary
    front_html: str  # the front chapters
    main_html: str  # everything after the contents


def make_book(compendium: Compendium, site_url: str = "", *, directory_urls: bool = True) -> Book:
    """The book's parts; `site_url` (the site's public address, from mkdocs.yml) prints
    each case's web address under its title."""
    site = Site(compendium, site_url=site_url, directory_urls=directory_urls)
    page = BookPage(site, "book")
    chapters = compendium.edition.chapters
    # Front matter before the contents; chapters and annexes, then the glossary, then the
    # companion parts.
    front, main, companions = (
        [c for c in chapters if c.part == part] for part in ("front", "main", "companion")
    )
    template = TEMPLATES.get_template("book.md.j2")

    def part(parts, glossary: bool) -> str:
        return template.render(
            site=site, page=page, c=compendium, chapters=parts, glossary=glossary, anchor=anchor
        )

    # One conversion for the whole book, so heading ids are unique across it; the contents
    # list goes where the marker stands.
    text = part(front, False) + f"\n\n{_CONTENTS_MARK}\n\n" + part(main, True) + part(companions, False)
    html = markdown.markdown(text + site.abbreviations(text), extensions=_EXTENSIONS, output_format="html")
    # Split before cleaning (cleaning drops comments); each half is cleaned like a page,
    # after the book's own changes, so that whatever they let through is cleaned too.
    front_html, main_html = (clean_html(_as_book(half)) for half in html.split(_CONTENTS_MARK, 1))
    return Book(compendium, site, front, main, companions, front_html, main_html)


def book_html(compendium: Compendium, site_url: str = "", *, directory_urls: bool = True) -> str:
    """The complete book: cover, front matter, contents, chapters, annexes and glossary."""
    book = make_book(compendium, site_url, directory_urls=directory_urls)
    css = template_text("book.css")
    return TEMPLATES.get_template("book.html.j2").render(
        c=compendium,
        site=book.site,
        css=css,
        keywords=KEYWORDS,
        front=book.front,
        main=book.main,
        companions=book.companions,
        front_html=book.front_html,
        main_html=book.main_html,
    )


def template_text(name: str) -> str:
    """A file of the templates folder as it is (a style sheet)."""
    return (resources.files("compendium") / "templates" / name).read_text(encoding="utf-8")


# ----------------------------------------------------------------------------------------
# What a printed page needs beyond the site's HTML. Both rules read the HTML that Markdown
# made from the templates (every record text in it is escaped), and the result is cleaned.


def _as_book(html: str) -> str:
    return _BARE_LINK.sub(_mark_bare_link, _MISSING_FIGURE.sub(_short_placeholder, html))


# An outside link whose text is its own address (an autolink): print shows the address
# after every other outside link, so this one is marked to be printed once.
_BARE_LINK = re.compile(r'<a href="(?P<href>[^"]*)"(?P<attrs>[^>]*)>(?P<text>(?:(?!</a>).)*)</a>', re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def _mark_bare_link(match: re.Match[str]) -> str:
    href = html_lib.unescape(match["href"])
    text = html_lib.unescape(_TAG.sub("", match["text"])).strip()
    if "class=" in match["attrs"] or text not in (href, href.removeprefix("mailto:")):
        return match[0]
    return f'<a href="{match["href"]}" class="bare"{match["attrs"]}>{match["text"]}</a>'


# The site's box for a figure the edition credits but does not reproduce (templates/_blocks
# `images`): a title with the caption, then the alt text, a credit and a courtesy line that
# often say the same thing again. The book prints one short line in one wording.
_P = r"(?:(?!</p>).)*"
_MISSING_FIGURE = re.compile(
    r'<div class="admonition note">\s*<p class="admonition-title">Figure not reproduced'
    rf"(?:: (?P<caption>{_P}))?</p>\s*<p>(?P<text>{_P})</p>\s*</div>",
    re.DOTALL,
)
_CREDITS = re.compile(
    r"^(?P<alt>.*?)(?: Courtesy of the Customs administration of (?P<member>.*?)\.)?"
    r"(?: Credit: (?P<credit>.*)\.)?$",
    re.DOTALL,
)
_NOT_REPRODUCED = re.compile(r"\s*\((?:figure )?not reproduced[^)]*\)\s*$", re.IGNORECASE)
_ONLY_A_CREDIT = re.compile(r"^(?:figure credited to|courtesy of)\b", re.IGNORECASE)


def _short_placeholder(match: re.Match[str]) -> str:
    parts = _CREDITS.match(match["text"].strip())
    assert parts is not None  # every group is optional
    what = (match["caption"] or _NOT_REPRODUCED.sub("", parts["alt"])).strip()
    credits = []
    if parts["member"]:
        credits.append(f"Courtesy of the Customs administration of {parts['member']}.")
    if parts["credit"]:
        credits.append(f"Credit: {parts['credit']}.")
    if credits and _ONLY_A_CREDIT.match(_TAG.sub("", what)):
        what = ""  # "Figure credited to …" says no more than the credit that follows
    line = "Figure not reproduced" + (f": {what.rstrip('.')}." if what else ".")
    return '<p class="figure-missing">' + " ".join([line, *credits]) + "</p>"
