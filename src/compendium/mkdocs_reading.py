"""MkDocs glue for readers on phones and slow links (issue 17), beside mkdocs_glue.py:

- the site's public address (`extra.site_url` in mkdocs.yml) becomes MkDocs' `site_url`
  for a build: the sitemap lists every page, pages get a canonical link and an Open Graph
  card, the feed's links are absolute. MkDocs' own `site_url` key is left unset because
  `mkdocs serve` would move the preview under the address's path (/training-compendium/);
- each page gets a description of its own (`page.meta`, printed by overrides/main.html);
- a record's page, which is not in the navigation, marks its chapter there;
- what loads on demand and from what size (`on_demand`; mkdocs_glue.SearchIndexExtras
  writes the first search's bounded index, compendium/first_search.py).

`register` adds the plugin to the build's configuration (config.plugins registers its
events), as mkdocs_glue.extend_search_index does for the search's extras.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin

from .first_search import DEFAULT_BUDGET
from .options import BuildOptions
from .site import Site
from .site.meta import Descriptions

KEY = "compendium/reading"


def public_address(config: MkDocsConfig) -> str:
    """The site's public address: `extra.site_url`, or MkDocs' `site_url` when set."""
    return str(config.site_url or config.extra.get("site_url") or "")


def apply_site_url(config: MkDocsConfig, command: str = "build") -> None:
    """Give a build the site's public address (not the preview, which serves its own)."""
    if config.site_url or command == "serve" or BuildOptions.of(config).offline:
        return  # the offline copy is opened from the file system: no address of its own
    address = public_address(config)
    if address:
        config.site_url = address.rstrip("/") + "/"


def on_demand(config: MkDocsConfig) -> dict:
    """What loads on demand and from what size (extra.on_demand in mkdocs.yml)."""
    settings = config.extra.get("on_demand") or {}
    return {
        "explorer_records": int(settings.get("explorer_records", 300)),
        "first_search_bytes": int(float(settings.get("first_search_kb", DEFAULT_BUDGET / 1000)) * 1000),
    }


class ReadingPlugin(BasePlugin):
    def __init__(self, site: Site) -> None:
        super().__init__()
        self.use(site)

    def use(self, site: Site) -> None:
        self.site = site
        self.descriptions = Descriptions(site)
        self.marked: Any = None  # the chapter's page marked active for the current page
        self.chapters: dict[str, Any] = {}
        self.nav: Any = None

    def on_page_context(self, context, /, *, page, config, nav):
        uri = page.file.src_uri
        if page.file.generated_by:
            description = self.descriptions.of(uri)
            if description:
                page.meta["description"] = description
            if self.descriptions.is_record_page(uri):
                page.meta["record"] = True
        self._mark_chapter(page, nav)
        return context

    def _mark_chapter(self, page, nav) -> None:
        """A record's page is not in the navigation (it would grow with every record): its
        chapter is marked active there instead, as Material marks a page's section. MkDocs
        sets a page active (and its ancestors) before this event and clears it after; the
        chapter marked for the previous page is cleared first."""
        if self.marked is not None:
            self.marked.active = False
            self.marked = None
            page.active = True  # clearing a chapter cleared its section: the page's own, maybe
        if nav is not self.nav:
            self.nav = nav
            self.chapters = {p.file.src_uri: p for p in nav.pages}
        chapter = self.chapters.get(self.site.chapter_of_page(page.file.src_uri) or "")
        if chapter is not None and chapter is not page:
            chapter.active = True
            self.marked = chapter

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.marked is not None:
            self.marked.active = False
            self.marked = None


def register(config: MkDocsConfig, site: Site) -> None:
    """Have this build (and, under `mkdocs serve`, the next ones) run the plugin."""
    plugin = config.plugins.get(KEY)
    if isinstance(plugin, ReadingPlugin):
        plugin.use(site)
    else:
        config.plugins[KEY] = ReadingPlugin(site)
