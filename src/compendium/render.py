"""Pure rendering: from a checked `Compendium` to the Markdown text of every generated page.

No I/O beyond reading the package's templates, and no MkDocs import: the same pages can
feed another generator, the PDF or a test. Links are relative `.md` links, which MkDocs
resolves and checks (`--strict` fails on a broken one).
"""

from __future__ import annotations

import posixpath
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial

import jinja2
import markupsafe

from .compendium import Compendium, glossary_index
from .kinds import KINDS
from .model import AnyRecord
from .registries import Chapter, Term
from .text_rules import GLOSSARY_REFERENCE

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("compendium", "templates"),
    undefined=jinja2.StrictUndefined,  # a typo in a template fails the build, not the page
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def _add_filters(env: jinja2.Environment) -> None:
    # A table cell or one-line item may hold Markdown (links, emphasis); only what would
    # break the line or the table is escaped.
    env.filters["cell"] = lambda text: no_raw_html(str(text)).replace("|", "\\|").replace("\n", " ")
    env.filters["plain"] = inline
    env.filters["xml"] = lambda text: markupsafe.escape(_NOT_IN_XML.sub("", str(text)))


def anchor(text: str) -> str:
    """A stable HTML id for a glossary term or heading."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


# Characters XML 1.0 forbids: one in a feed entry would make the whole feed unreadable.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

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


@dataclass(frozen=True)
class Site:
    """Where every page lives, and links between them; shared by all templates."""

    compendium: Compendium
    edit_base: str | None = None  # e.g. https://github.com/org/repo/edit/main/
    site_url: str = ""  # absolute address of the site, when configured (used by the feed)
    directory_urls: bool = True

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
        if record.kind == "practice":
            return f"practices/{record.id}.md"
        return self.chapter_uri(record.chapter) + f"#{record.id}"

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

    def section_title(self, chapter: Chapter, kind: str) -> str:
        return chapter.section_titles.get(kind, KINDS[kind].section_title)

    def chapter_label(self, chapter: Chapter) -> str:
        return chapter.label or f"Chapter {chapter.number}"

    def record_heading(self, record: AnyRecord) -> str:
        number = self.compendium.case_numbers.get(record.id)
        heading = f"Case {number}: {record.title}" if number else record.title
        return heading + (f" (retired in Edition {record.retired_in})" if record.retired_in else "")

    def member_name(self, record: AnyRecord) -> str:
        if record.attribution == "named" and record.member:
            return self.compendium.members[record.member].name
        return "An anonymous member administration" if record.attribution == "anonymous" else ""

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


# ----------------------------------------------------------------------------------------
# Survey charts: laid out here, drawn as inline SVG by templates/chart.svg.j2


@dataclass(frozen=True)
class Bar:
    label: tuple[str, ...]  # the label, wrapped into lines
    value: str  # as printed after the bar, e.g. "73%" or "more than 20%"
    top: int  # y of the label's first line
    bar_top: int
    length: float  # bar length in SVG units


@dataclass(frozen=True)
class Chart:
    """One bar chart of a survey record's figures that share a unit."""

    id: str
    title: str
    description: str
    height: int
    bars: tuple[Bar, ...]


# A narrow drawing (360 units) that grows on wide screens stays legible on phones.
CHART_WIDTH, BAR_SPACE, LABEL_CHARS, LINE, BAR = 360, 270, 52, 15, 12


def bar_charts(record) -> list[Chart]:
    """Horizontal bar charts of the record's figures: percentages on a 0-100 scale, counts
    against the largest count. Labels sit above their bars, so they never collide."""
    charts = []
    for unit in ("percent", "count"):
        figures = [f for f in getattr(record, "figures", []) if f.unit == unit]
        if not figures:
            continue
        scale = 100 if unit == "percent" else max(f.value for f in figures) or 1
        bars, y = [], 4
        for f in figures:
            label = tuple(textwrap.wrap(f.label, LABEL_CHARS)) or ("",)
            value = f"{f.qualifier + ' ' if f.qualifier else ''}{f.value:g}{'%' if unit == 'percent' else ''}"
            bars.append(
                Bar(label, value, y + 11, y + len(label) * LINE + 1, round(BAR_SPACE * f.value / scale, 1))
            )
            y += len(label) * LINE + BAR + 10
        what = "percentages" if unit == "percent" else "counts"
        charts.append(
            Chart(
                id=f"chart-{record.id}-{unit}",
                title=f"{record.title} ({what})",
                description="; ".join(f"{' '.join(b.label)}: {b.value}" for b in bars),
                height=y,
                bars=tuple(bars),
            )
        )
    return charts


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


# ----------------------------------------------------------------------------------------
# Pages


_add_filters(_TEMPLATES)


_TEMPLATES.globals.update(charts=bar_charts, width=CHART_WIDTH, line_height=LINE, bar_height=BAR)


# ----------------------------------------------------------------------------------------
# What's new


@dataclass(frozen=True)
class Change:
    record: object
    date: object
    what: str  # Added, Updated or Retired


def whats_new(compendium: Compendium) -> list[tuple[str, list[Change]]]:
    """Every record's latest change, newest first, grouped by the edition it went into
    ("Since Edition 2026" for changes after the current edition's date)."""
    edition = compendium.edition
    editions = sorted([*edition.earlier_editions, edition], key=lambda e: e.as_of)

    def group_of(date) -> str:
        for e in editions:
            if date <= e.as_of:
                return f"Edition {e.edition}"
        return f"Since Edition {edition.edition}"

    changes = [
        Change(r, r.updated or r.added, "Retired" if r.retired_in else ("Updated" if r.updated else "Added"))
        for r in compendium.records.values()
    ]
    changes.sort(key=lambda ch: (ch.date, ch.record.id), reverse=True)
    groups: dict[str, list[Change]] = {}
    for change in changes:
        groups.setdefault(group_of(change.date), []).append(change)
    return list(groups.items())


# ----------------------------------------------------------------------------------------
# Explorer facets


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Facet:
    key: str
    label: str
    values: tuple[FacetValue, ...]


KIND_LABELS = {
    "practice": "Member practice",
    "wco-tool": "WCO tool",
    "survey": "Survey",
    "discussion": "Members' discussion",
    "highlight": "RTC Heads Meeting highlight",
    "one-step-forward": "One Step Forward",
    "text": "Text",
    "example": "Example",
    "event": "Event",
}


def facet_member(record) -> list[str]:
    """Facet values of a record's member: codes of named members, or "anonymous"."""
    if record.attribution == "anonymous":
        return ["anonymous"]
    return [record.member, *record.partners] if record.member else []


def facets(site: Site, records: list, keys: tuple[str, ...]) -> list[Facet]:
    """The filter groups for `records`, each value with how many records carry it."""
    c = site.compendium

    def group(key, label, values_of, label_of, order):
        counts: dict[str, int] = {}
        for r in records:
            for v in values_of(r):
                counts[str(v)] = counts.get(str(v), 0) + 1
        values = tuple(
            FacetValue(v, label_of(v), n) for v, n in sorted(counts.items(), key=lambda vn: order(vn[0]))
        )
        return Facet(key, label, values)

    chapter_order = {str(ch.number): i for i, ch in enumerate(c.edition.chapters)}
    member_names = {code: m.name for code, m in c.members.items()} | {"anonymous": "Anonymous"}
    builders = {
        "chapter": lambda: group(
            "chapter",
            "Chapter",
            lambda r: [r.chapter],
            lambda v: f"{site.chapter_label(c.chapter(int(v)))}: {c.chapter(int(v)).title}",
            chapter_order.get,
        ),
        "member": lambda: group(
            "member", "Member", facet_member, member_names.get, lambda v: (v == "anonymous", member_names[v])
        ),
        "tag": lambda: group(
            "tag", "Topic", lambda r: r.tags, lambda v: c.tags[v].label, lambda v: c.tags[v].label
        ),
        "kind": lambda: group(
            "kind", "Kind of record", lambda r: [r.kind], KIND_LABELS.get, list(KIND_LABELS).index
        ),
        "year": lambda: group("year", "Year added", lambda r: [r.added.year], str, lambda v: v),
    }
    return [builders[key]() for key in keys]


_TEMPLATES.globals.update(facet_member=facet_member, kind_label=KIND_LABELS.get)


# Pages that only list what other pages hold stay out of the search index, so a search
# leads to the record itself and the index stays small for readers on slow links.
_NOT_SEARCHED = {"explore.md.j2", "whats-new.md.j2", "topics.md.j2", "topic.md.j2", "practices.md.j2"}


@dataclass(frozen=True)
class PageJob:
    """One page to render: where it goes, its template and what the template needs. The
    context is worked out when the page is rendered: during a build, in the worker, so
    that listing the pages costs MkDocs nothing."""

    uri: str
    template: str
    context: Callable[[], dict] = dict


def page_jobs(site: Site) -> list[PageJob]:
    """Every generated page, in the order of the site's sections."""
    compendium = site.compendium

    def chapter_context(chapter: Chapter) -> dict:
        records = [r for r in compendium.current if r.chapter == chapter.number]
        return dict(chapter=chapter, records=records, facets=facets(site, records, ("member", "tag", "kind")))

    def explorer_context() -> dict:
        records = compendium.current
        return dict(
            records=records, facets=facets(site, records, ("chapter", "member", "tag", "kind", "year"))
        )

    jobs = [PageJob("index.md", "home.md.j2")]
    jobs += [
        PageJob(site.chapter_uri(ch.number), "chapter.md.j2", partial(chapter_context, ch))
        for ch in compendium.edition.chapters
    ]
    jobs += [
        PageJob(site.record_uri(r), "practice.md.j2", partial(dict, record=r))
        for r in compendium.records.values()
        if r.kind == "practice"
    ]
    jobs += [
        PageJob("practices/index.md", "practices.md.j2"),
        PageJob("whats-new.md", "whats-new.md.j2", lambda: dict(groups=whats_new(compendium))),
        PageJob("explore.md", "explore.md.j2", explorer_context),
        PageJob("members/index.md", "members.md.j2"),
    ]
    jobs += [
        PageJob(site.member_uri(code), "member.md.j2", partial(dict, member=m))
        for code, m in compendium.members.items()
    ]
    jobs.append(PageJob("sources/index.md", "sources.md.j2"))
    jobs += [
        PageJob(site.source_uri(src.id), "source.md.j2", partial(dict, source=src))
        for src in compendium.sources.values()
    ]
    jobs.append(PageJob("topics/index.md", "topics.md.j2"))
    jobs += [
        PageJob(site.tag_uri(t.id), "topic.md.j2", partial(dict, tag=t)) for t in compendium.tags.values()
    ]
    jobs.append(PageJob("glossary.md", "glossary.md.j2"))
    return jobs


def render_page(site: Site, job: PageJob) -> str:
    """The Markdown text of one page."""
    page = Page(site, job.uri)
    text = _TEMPLATES.get_template(job.template).render(
        site=site, page=page, c=site.compendium, **job.context()
    )
    front = "---\nsearch:\n  exclude: true\n---\n\n" if job.template in _NOT_SEARCHED else ""
    return front + text + site.abbreviations(text) + "\n"


def render_site(site: Site) -> dict[str, str]:
    """Every generated page: docs-relative path -> Markdown text."""
    return {job.uri: render_page(site, job) for job in page_jobs(site)}


def atom_feed(site: Site, limit: int = 50) -> str:
    """An Atom feed of the latest changes. Links are relative to the site's root unless
    `site_url` is configured, in which case they are absolute."""
    changes = [ch for _, group in whats_new(site.compendium) for ch in group][:limit]
    return _TEMPLATES.get_template("feed.xml.j2").render(site=site, c=site.compendium, changes=changes)


def site_nav(compendium: Compendium, extra: list | None = None) -> list:
    """The navigation: chapters and indexes only. Cases are reached from them, so the nav
    (rendered into every page) stays the same size however many cases there are."""
    site = Site(compendium)
    chapters = [c for c in compendium.edition.chapters if 1 <= c.number <= 9]
    others = [c for c in compendium.edition.chapters if not 1 <= c.number <= 9]
    nav: list = [{"Home": "index.md"}]
    nav.append({"Chapters": [{f"{c.number}. {c.title}": site.chapter_uri(c.number)} for c in chapters]})
    more = [
        {c.title if c.label in (None, "Timeline") else f"{c.label}: {c.title}": site.chapter_uri(c.number)}
        for c in others
    ]
    more.append({"Annex 3: Acronyms and glossary": "glossary.md"})
    nav.append({"Front matter and annexes": more})
    nav.append(
        {
            "Browse": [
                {"Explore and filter": "explore.md"},
                {"What's new": "whats-new.md"},
                {"All practices": "practices/index.md"},
                {"Members": "members/index.md"},
                {"WCO tools and sources": "sources/index.md"},
                {"Topics": "topics/index.md"},
            ]
        }
    )
    return nav + (extra or [])
