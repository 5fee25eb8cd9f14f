"""Where every page lives and how pages link to each other, and the words readers see:
the `Site` (addresses, headings, names) and a `Page` (links relative to one page).

Also the escaping of what records say: plain fields print as written, record Markdown
carries no HTML.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import cached_property

import markupsafe

from ..compendium import Compendium, glossary_index
from ..kinds import KINDS
from ..model import AnyRecord
from ..registries import Chapter, EarlierEdition, Edition, Term
from ..text_rules import GLOSSARY_REFERENCE

ANONYMOUS = "An anonymous member administration"


def anchor(text: str) -> str:
    """A stable HTML id for a glossary term or heading."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


# Record text is Markdown without HTML: every `<` but an autolink's (<https://…>) is
# printed as text, so no tag a record writes reaches the page, nor can an unclosed one
# swallow the records after it.
_TAG_START = re.compile(r"<(?!(?:https?|mailto):)")


def no_raw_html(text: str) -> str:
    return _TAG_START.sub("&lt;", text)


# Markdown's punctuation that can start emphasis, code, links, attribute lists ({: }) or
# raw HTML; escaped in plain text so that it prints as written.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]#|])")


def inline(text: str) -> str:
    """Plain text (a title, caption, credit, name) made safe to place anywhere in Markdown:
    it prints as written, on one line, and cannot become markup or an attribute."""
    text = " ".join(str(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


# Characters XML 1.0 forbids: one in a feed entry would make the whole feed unreadable.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> markupsafe.Markup:
    """Text for an XML document (the feed): escaped, without the characters XML forbids."""
    return markupsafe.escape(_NOT_IN_XML.sub("", str(text)))


@dataclass(frozen=True)
class Site:
    """Where every page lives, and links between them; shared by all templates."""

    compendium: Compendium
    edit_base: str | None = None  # e.g. https://github.com/org/repo/edit/main/
    site_url: str = ""  # absolute address of the site, when configured (used by the feed)
    directory_urls: bool = True
    repo_url: str = ""  # the repository; each edition's books are kept in a release of it
    explorer_limit: int = 300  # records the explorer's page lists; the others load on demand

    def url_of(self, uri: str) -> str:
        """The address MkDocs gives a page, from the site's root (for the feed)."""
        path, hash_, fragment = uri.partition("#")
        path = path.removesuffix(".md")
        if path.endswith("index"):
            path = path.removesuffix("index")
        else:
            path += "/" if self.directory_urls else ".html"
        base = self.site_url.rstrip("/") + "/" if self.site_url else ""
        return base + path + hash_ + fragment

    # ------------------------------------------------------------------------------------
    # Addresses of pages (src_uri inside docs/)

    def chapter_uri(self, number: int) -> str:
        return f"chapters/{self.compendium.chapter(number).slug}.md"

    def record_uri(self, record: AnyRecord) -> str:
        if self.has_own_page(record):
            return f"practices/{record.id}.md"
        return self.chapter_uri(record.chapter) + f"#{record.id}"

    def has_own_page(self, record: AnyRecord) -> bool:
        return KINDS[record.kind].own_page

    def in_brief_on_chapter(self, record: AnyRecord) -> bool:
        """A numbered case is summed up on its chapter page and read on its own page;
        everything else is shown in full where the edition prints it."""
        return self.has_own_page(record) and record.id in self.compendium.case_numbers

    def member_uri(self, code: str) -> str:
        return f"members/{code.lower()}.md"

    def source_uri(self, source_id: str) -> str:
        return f"sources/{source_id}.md"

    def tag_uri(self, tag_id: str) -> str:
        return f"topics/{tag_id}.md"

    def image_uri(self, path: str) -> str:
        """Images are copied from the repository into media/, keeping their path under data/."""
        return "media/" + posixpath.normpath(path).removeprefix("data/")  # ./data/x.png too

    def records_of(self, ids) -> list[AnyRecord]:
        return [self.compendium.records[i] for i in ids if i in self.compendium.records]

    def image_paths(self) -> list[str]:
        records = self.compendium.records.values()
        return sorted({posixpath.normpath(i.path) for r in records for i in r.images if i.path})

    def downloads(self) -> dict[str, str]:
        """The edition's downloads, from the site's root (the build writes them there)."""
        edition = self.compendium.edition.edition
        return {
            "edition": edition,
            "pdf": f"downloads/compendium-{edition}.pdf",
            "epub": f"downloads/compendium-{edition}.epub",
            "offline": f"downloads/compendium-{edition}-offline.zip",
        }

    def editions(self) -> list[dict]:
        """Every edition, newest first, with its books: the current edition's are the site's
        downloads; each edition's last books stay in a release of the repository named after
        it (`.ci/release-books`, run by the publish workflow), at an address that lasts."""
        edition = self.compendium.edition
        every: list[EarlierEdition | Edition] = [*edition.earlier_editions, edition]
        every.sort(key=lambda e: e.as_of, reverse=True)
        releases = f"{self.repo_url.rstrip('/')}/releases/download/" if self.repo_url else ""
        return [
            {
                "edition": e.edition,
                "as_of": e.as_of,
                "current": e.edition == edition.edition,
                "pdf": f"{releases}edition-{e.edition}/compendium-{e.edition}.pdf" if releases else "",
            }
            for e in every
        ]

    def footer(self) -> str:
        edition = self.compendium.edition
        return (
            f"{edition.title}, Edition {edition.edition}, "
            f"as of {edition.as_of:%-d %B %Y}. {edition.publisher}."
        )

    def page_edit_url(self, uri: str) -> str | None:
        """Where "edit this page" leads from a generated page: a record's own page opens its
        file; other generated pages have no single file to edit."""
        record = self.compendium.records.get(posixpath.basename(uri).removesuffix(".md"))
        if record is None or self.record_uri(record) != uri:
            return None
        return self.edit_url(record.id)

    def edit_url(self, record_id: str) -> str | None:
        """The record's file on the code host, except for anonymous records: the file is
        where a private repository keeps the member's name."""
        record = self.compendium.records.get(record_id)
        if not self.edit_base or record is None or record.attribution == "anonymous":
            return None
        return self.edit_base + self.compendium.files[record_id]

    # ------------------------------------------------------------------------------------
    # Words readers see

    def when(self, record) -> str:
        """An event's dates as readers write them: 24-26 May 2022, or October 2023."""
        if record.precision == "month":
            return f"{record.date:%B %Y}"
        if record.end is None or record.end == record.date:
            return f"{record.date.day} {record.date:%B %Y}"
        if (record.end.year, record.end.month) == (record.date.year, record.date.month):
            return f"{record.date.day}-{record.end.day} {record.end:%B %Y}"
        return f"{record.date.day} {record.date:%B %Y} to {record.end.day} {record.end:%B %Y}"

    def chapter_heading(self, chapter: Chapter) -> str:
        """How a chapter is named in headings, the navigation and the contents."""
        if chapter.numbered:
            return f"{chapter.number}. {chapter.title}"
        return f"{chapter.label}: {chapter.title}" if chapter.label else chapter.title

    def glossary_heading(self) -> str:
        glossary = self.compendium.edition.glossary
        return f"{glossary.label}: {glossary.title}" if glossary.label else glossary.title

    def record_heading(self, record: AnyRecord) -> str:
        number = self.compendium.case_numbers.get(record.id)
        heading = f"Case {number}: {record.title}" if number else record.title
        return heading + (f" (retired in Edition {record.retired_in})" if record.retired_in else "")

    def member_name(self, record: AnyRecord) -> str:
        """Who a record belongs to, in the one wording readers see everywhere."""
        if record.attribution == "named" and record.member:
            return self.compendium.members[record.member].name
        return ANONYMOUS if record.attribution == "anonymous" else ""

    @cached_property
    def terms_by_key(self) -> dict[str, Term]:
        return glossary_index(self.compendium.glossary)

    def term_anchor(self, term: Term) -> str:
        return anchor(term.abbr or term.term)

    @cached_property
    def _abbreviations(self) -> list[tuple[str, str]]:
        return sorted((t.abbr, t.term) for t in self.compendium.glossary if t.abbr)

    def abbreviations(self, text: str) -> str:
        """Markdown abbreviation definitions (hover text) for the acronyms used in `text`."""
        return "".join(f"\n*[{abbr}]: {term}" for abbr, term in self._abbreviations if _has_word(text, abbr))

    # ------------------------------------------------------------------------------------
    # Way-finding (phone readers, issue 17): the edition's reading order, breadcrumbs,
    # and the explorer's first page

    @cached_property
    def reading_order(self) -> dict[str, str]:
        """Each chapter's page followed by the pages of its records, in the edition's order
        (chapters as data/edition.yml lists them, records by section and position): page ->
        its heading. Retired records have left the edition and are not in it."""
        order: dict[str, str] = {}
        for chapter in self.compendium.edition.chapters:
            order[self.chapter_uri(chapter.number)] = self.chapter_heading(chapter)
            for kind in chapter.sections:
                for r in self.compendium.section(chapter.number, kind):
                    if self.has_own_page(r):
                        order.setdefault(self.record_uri(r), self.record_heading(r))
        return order

    @cached_property
    def _reading_list(self) -> tuple[tuple[str, ...], dict[str, int]]:
        uris = tuple(self.reading_order)
        return uris, {uri: at for at, uri in enumerate(uris)}

    def neighbours(self, uri: str) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
        """The pages before and after `uri` in the reading order, each as (page, heading)."""
        uris, position = self._reading_list
        at = position.get(uri)
        if at is None:
            return None, None
        before = (uris[at - 1], self.reading_order[uris[at - 1]]) if at > 0 else None
        after = (uris[at + 1], self.reading_order[uris[at + 1]]) if at + 1 < len(uris) else None
        return before, after

    def breadcrumbs(self, record: AnyRecord) -> list[tuple[str, str]]:
        """Where a record's page stands: its chapter, and the section of the chapter that
        sums it up (when the section has a heading), as (heading, page#anchor)."""
        chapter = self.compendium.chapter(record.chapter)
        crumbs = [(self.chapter_heading(chapter), self.chapter_uri(chapter.number))]
        title = chapter.section_title(record.kind)
        if title and record.retired_in is None:
            crumbs.append((title, f"{self.chapter_uri(chapter.number)}#{heading_id(title)}"))
        return crumbs

    def chapter_of_page(self, uri: str) -> str | None:
        """The chapter page a record's page belongs to (the navigation marks it), or None."""
        record = self.compendium.records.get(posixpath.basename(uri).removesuffix(".md"))
        if record is None or self.record_uri(record) != uri:
            return None
        return self.chapter_uri(record.chapter)

    def file_url(self, path: str) -> str:
        """A file of the site (the feed) from its public address when the site has one
        (`site_url`), else from the site's root."""
        return (self.site_url.rstrip("/") + "/" if self.site_url else "") + path

    def explorer_page(self, records: list) -> tuple[list, dict | None]:
        """What the explorer's page lists: every record, or for a large edition its first
        `explorer_limit`, with where the script finds all of them (`explorer_data`)."""
        if len(records) <= self.explorer_limit:
            return records, None
        return records[: self.explorer_limit], {"total": len(records), "data": EXPLORER_DATA}


# Every record of the explorer, for the script, when the page lists only the first ones.
EXPLORER_DATA = "explore-records.json"


def heading_id(text: str) -> str:
    """The id Python-Markdown's table of contents gives a heading of `text` (MkDocs' toc
    extension, with its default slugify), so a link can point at a section heading."""
    from markdown.extensions.toc import slugify

    return slugify(text, "-")


def _has_word(text: str, word: str) -> bool:
    """Whether `word` stands in `text` as a whole word, as the regular expression `\\bword\\b`
    would find it: str.find is several times faster than a regular expression of all the
    acronyms on the long list pages, where it was a quarter of all rendering time."""
    end = len(word)
    at = text.find(word)
    while at != -1:
        before = text[at - 1] if at else " "
        after = text[at + end] if at + end < len(text) else " "
        if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
            return True
        at = text.find(word, at + 1)
    return False


class Page:
    """Link-making for one page: every href is relative to where this page lives."""

    def __init__(self, site: Site, uri: str):
        self.site = site
        self.uri = uri
        self.folder = [part for part in posixpath.dirname(uri).split("/") if part]

    def href(self, target: str) -> str | None:
        path, _, fragment = target.partition("#")
        if path == self.uri:
            return f"#{fragment}" if fragment else posixpath.basename(path)
        return _relative(path, self.folder) + (f"#{fragment}" if fragment else "")

    def file_href(self, path: str) -> str:
        """A link to a file the build writes beside the pages (a download), which MkDocs
        does not rewrite: relative to where this page's HTML lands."""
        depth = len(self.folder)
        if self.site.directory_urls and not self.uri.endswith("index.md"):
            depth += 1  # chapters/x.md is written as chapters/x/index.html
        return "../" * depth + path

    def link(self, text: str, target: str, title: str | None = None) -> str:
        """A Markdown link, or the bare text where this page has nothing to link to."""
        href = self.href(target)
        if href is None:
            return inline(text)
        quoted = f' "{title}"' if title else ""
        return f"[{inline(text)}]({href}{quoted})"

    def record_link(self, record: AnyRecord) -> str:
        return self.link(self.site.record_heading(record), self.site.record_uri(record))

    def member_link(self, record: AnyRecord) -> str:
        """The member (and partners) of a named record as links; the words for an anonymous one."""
        if record.attribution == "named" and record.member:
            codes = (record.member, *record.partners)
            return ", ".join(
                self.link(self.site.compendium.members[c].name, self.site.member_uri(c)) for c in codes
            )
        return self.site.member_name(record)

    def markdown(self, text: str, top: int = 2) -> str:
        """Record Markdown ready for this page: `[[term]]` references become glossary links
        with hover text, and headings move so the highest one is level `top` (a record's
        own headings must nest under the page's, whatever levels the editor chose)."""
        text = _nest_headings(no_raw_html(text), top)

        def glossary_link(match: re.Match[str]) -> str:
            term = self.site.terms_by_key[match.group(1).strip().casefold()]
            title = (term.term if term.abbr else term.definition or term.term).replace('"', "'")
            return self.link(match.group(1).strip(), f"glossary.md#{self.site.term_anchor(term)}", title)

        return GLOSSARY_REFERENCE.sub(glossary_link, text)


def _relative(path: str, folder: list[str]) -> str:
    """`path` (inside docs/) as seen from `folder`: posixpath.relpath without its calls
    to the file system, which cost a tenth of all rendering time."""
    parts = path.split("/")
    common = 0
    while common < len(folder) and common < len(parts) - 1 and folder[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(folder) - common) + parts[common:])


_HEADING = re.compile(r"^(#{1,6})(?=[ \t])", re.MULTILINE)


def _nest_headings(text: str, top: int) -> str:
    levels = [len(m.group(1)) for m in _HEADING.finditer(text)]
    if not levels:
        return text
    shift = top - min(levels)
    return _HEADING.sub(lambda m: "#" * max(1, min(6, len(m.group(1)) + shift)), text)
