"""Every generated page: which pages there are, and their Markdown text; the feed and
the navigation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from .. import api
from ..compendium import Compendium
from ..registries import Chapter
from . import assessment
from .environment import TEMPLATES
from .links import Page, Site
from .listings import facets, whats_new

# Pages that only list what other pages hold stay out of the search index, so a search
# leads to the record itself and the index stays small for readers on slow links. A
# topic's page is searched: readers look for a topic by its name (Kirkpatrick, OJT).
_NOT_SEARCHED = {"explore.md.j2", "whats-new.md.j2", "topics.md.j2", "practices.md.j2"}


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
        return dict(
            chapter=chapter,
            records=records,
            facets=facets(site, records, ("member", "tag", "kind")),
            compare=assessment.chapter_link(compendium, chapter.number),
        )

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
        if site.has_own_page(r)
    ]
    jobs += [
        PageJob("practices/index.md", "practices.md.j2"),
        PageJob("whats-new.md", "whats-new.md.j2", lambda: dict(groups=whats_new(compendium))),
        PageJob("editions.md", "editions.md.j2"),
        PageJob("explore.md", "explore.md.j2", explorer_context),
        PageJob(assessment.URI, "self-assessment.md.j2", lambda: assessment.page_context(compendium)),
        PageJob("members/index.md", "members.md.j2"),
        PageJob(api.PAGE_URI, "api.md.j2", partial(api.page_context, site)),
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


def page_uris(site: Site) -> list[str]:
    return [job.uri for job in page_jobs(site)]


def render_page(site: Site, job: PageJob) -> str:
    """The Markdown text of one page."""
    page = Page(site, job.uri)
    text = TEMPLATES.get_template(job.template).render(
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
    return TEMPLATES.get_template("feed.xml.j2").render(site=site, c=site.compendium, changes=changes)


def site_nav(compendium: Compendium, extra: list | None = None) -> list:
    """The navigation: chapters and indexes only. Cases are reached from them, so the nav
    (rendered into every page) stays the same size however many cases there are."""
    site = Site(compendium)
    chapters = [c for c in compendium.edition.chapters if c.numbered]
    others = [c for c in compendium.edition.chapters if not c.numbered]
    nav: list = [{"Home": "index.md"}]
    nav.append({"Chapters": [{site.chapter_heading(c): site.chapter_uri(c.number)} for c in chapters]})
    more = [{site.chapter_heading(c): site.chapter_uri(c.number)} for c in others]
    more.append({site.glossary_heading(): "glossary.md"})
    nav.append({"Front matter and annexes": more})
    nav.append(
        {
            "Browse": [
                {"Explore and filter": "explore.md"},
                {"What's new": "whats-new.md"},
                {"Editions": "editions.md"},
                {"All practices": "practices/index.md"},
                {"Members": "members/index.md"},
                {"WCO tools and sources": "sources/index.md"},
                {"Topics": "topics/index.md"},
            ]
        }
    )
    return nav + (extra or [])
