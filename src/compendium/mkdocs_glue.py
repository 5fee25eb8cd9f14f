"""The hook's helpers that know MkDocs: the files a build adds, the titles it escapes,
and what the preview (`mkdocs serve --dirty`, as `./dev serve` runs it) needs: rebuilding
only the pages an edit changed, and download links that lead somewhere.

With the hook, the only MkDocs-aware code: moving to another generator replaces both.
"""

from __future__ import annotations

import calendar
import dataclasses
import gc
import json
import logging
import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

import jinja2
import jinja2.bccache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import DuplicateFilter

from . import mkdocs_reading as reading
from .api import api_files
from .check import build_compendium
from .citation import citation_files
from .epub import EpubFailed, write_epub
from .first_search import FULL_INDEX, write_search_indexes
from .pdf import PdfFailed, write_pdf
from .problems import CompendiumError
from .safe import escape_title, is_raster_image
from .search import enrich_index
from .site import Site, atom_feed, page_uris
from .site.explorer import EXPLORER_DATA, explorer_data
from .site.guide import guide_page

# Where `./dev build` (`compendium build`) writes what is published. `mkdocs serve` builds
# into a temporary folder of its own, without the PDF and the offline copy.
LAST_BUILD = "site"


def root_of(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent


def checked_site(config: MkDocsConfig, previous: Site | None, preview: bool) -> tuple[Site, str | None]:
    """Check data/ and make the site's model, or stop the build with every problem. This
    runs before MkDocs cleans site/, so a failed check leaves the previous build as it was.

    The preview (`preview`) shows drafts too. When the data it previews has problems, the
    preview goes on with the `previous` site and the report of the problems, printed on
    every failed rebuild and shown in place of every page until they are fixed."""
    try:
        compendium = build_compendium(root_of(config), drafts=preview)
    except CompendiumError as error:
        if preview and previous is not None:
            report = error.report(building=False)
            print("The data has problems; the preview shows them until they are fixed:", file=sys.stderr)
            print(report, file=sys.stderr)
            return previous, report
        raise PluginError("The data has problems; fix them and build again:\n" + error.report()) from None
    # The sitemap is dated from SOURCE_DATE_EPOCH: the data's date, so builds are reproducible.
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(compendium.last_changed.timetuple()))
    edit_base = (
        f"{config.repo_url.rstrip('/')}/{config.edit_uri.strip('/')}/"
        if config.repo_url and config.edit_uri
        else None
    )
    reading.apply_site_url(config, "serve" if preview else "build")
    site = Site(
        compendium, edit_base, config.site_url or "", config.use_directory_urls, config.repo_url or ""
    )
    site = dataclasses.replace(site, explorer_limit=reading.on_demand(config)["explorer_records"])
    return site, None


def problem_pages(site: Site, report: str) -> dict[str, str]:
    """Every page of the preview, showing the problems instead of its text. The preview
    reloads itself after each rebuild, so the page comes back once the data is fixed."""
    listing = "\n".join("    " + line for line in report.splitlines())  # a code block: all literal
    text = (
        "# The data has problems\n\nFix them in your editor and save: this page reloads by itself and shows "
        "the site again once they are fixed.\n\n"
        # Its lines wrap (compendium.css): on a narrow window a message is read whole.
        f'<div class="problem-list" markdown="1">\n\n{listing}\n\n</div>\n'
    )
    return {uri: text for uri in page_uris(site)}


def write_book(config: MkDocsConfig, site: Site) -> None:
    """The PDF and the EPUB, after the pages; a problem with either stops the build with its
    message. Both print each case's address on the site (`site_url`) under its title."""
    downloads, folder, root = site.downloads(), Path(config.site_dir), root_of(config)
    url, dirs = site.site_url, site.directory_urls
    try:
        write_pdf(site.compendium, root, folder / downloads["pdf"], site_url=url, directory_urls=dirs)
        write_epub(site.compendium, root, folder / downloads["epub"], site_url=url, directory_urls=dirs)
    except (PdfFailed, EpubFailed) as error:
        raise PluginError(str(error)) from None


class DirtyBuilds:
    """Which pages a dirty rebuild must write again: those whose text changed since the
    previous build, or every page when what surrounds every page changed."""

    def __init__(self) -> None:
        self.built: dict[str, str] = {}
        self.built_surroundings: str | None = None
        self.surroundings: str | None = None

    def start(self, config: MkDocsConfig) -> None:
        self.surroundings = _fingerprint(config)

    def surroundings_changed(self) -> bool:
        return self.built_surroundings is not None and self.surroundings != self.built_surroundings

    def is_modified(self, uri: str, text: str) -> bool:
        return self.surroundings != self.built_surroundings or self.built.get(uri) != text

    def remove_stale_pages_of_docs(self, files: Files) -> None:
        # A dirty build writes a page of docs/ only when its file is newer than its output:
        # remove the output, so that it shows the new surroundings too.
        if self.surroundings_changed():
            for file in files.documentation_pages():
                if not isinstance(file, GeneratedPage) and os.path.isfile(file.abs_dest_path):
                    os.remove(file.abs_dest_path)

    def finish(self, pages: Mapping[str, str]) -> None:
        self.built, self.built_surroundings = {**pages, **GeneratedPage.extra}, self.surroundings


class GeneratedPage(File):
    """A generated page, which a dirty build skips when its text did not change."""

    pages: Mapping[str, str] = {}  # the rendered pages
    extra: dict[str, str] = {}  # pages made from other files (the editors' guide)
    dirty: DirtyBuilds | None = None

    def is_modified(self) -> bool:
        return self.dirty is None or self.dirty.is_modified(self.src_uri, self.content_string)


def add_generated_files(files: Files, config: MkDocsConfig, site: Site, root: Path) -> None:
    """The rendered pages, the feed and the records' images."""
    for uri, text in GeneratedPage.pages.items():
        files.append(GeneratedPage.generated(config, uri, content=text))
    files.append(File.generated(config, "feed.xml", content=atom_feed(site)))
    GeneratedPage.extra = {"editors.md": guide_page(root)}
    files.append(GeneratedPage.generated(config, "editors.md", content=GeneratedPage.extra["editors.md"]))
    for path in site.image_paths():
        if not is_raster_image(root / path):  # the validator said so; this makes sure
            raise PluginError(f"{path} is not a PNG, JPEG or WebP image; it is not published")
        files.append(File.generated(config, site.image_uri(path), abs_src_path=str(root / path)))
    for uri, text in {**api_files(site), **citation_files(site)}.items():  # open data, citations
        files.append(File.generated(config, uri, content=text))
    extend_search_index(config, site)
    reading.register(config, site)  # phone readers: descriptions, the chapter in the nav, first search
    data = explorer_data(site)
    if data is not None:
        files.append(File.generated(config, EXPLORER_DATA, content=data))


def escape_nav_titles(items) -> set[str]:
    """Escape the navigation's titles, which the theme prints raw and which come from
    data/; return the pages whose titles are now escaped."""
    escaped = set()
    for item in items:
        item.title = escape_title(item.title)
        if getattr(item, "file", None) is not None:
            escaped.add(item.file.src_uri)
        escaped |= escape_nav_titles(getattr(item, "children", None) or [])
    return escaped


def _fingerprint(config: MkDocsConfig) -> str:
    """What every page shows around its text: the navigation, the theme and its files,
    the footer. When it changes, every page must be built again."""
    theme_files = sorted(
        (str(path), path.stat().st_mtime_ns)
        for folder in config.theme.dirs
        if Path(folder).is_dir() and not folder.startswith(sys.prefix)
        for path in Path(folder).rglob("*")
        if path.is_file()
    )
    shown = (
        config.nav,
        config.copyright,
        {k: v for k, v in config.extra.items() if k != "compendium"},
        dict(config.theme),
        config.markdown_extensions,
        config.mdx_configs,
        config.extra_css,
        config.extra_javascript,
        theme_files,
    )
    return repr(shown)


def start_build(config: MkDocsConfig, *, preview: bool) -> None:
    """What a build starts with: what the previous build (under `mkdocs serve`) kept in
    memory may go. Under `mkdocs serve`, each rebuild also prints its messages again, and
    compiles the theme's templates from the previous builds' bytecode (MkDocs makes a new
    Jinja environment for every build: compiling Material's templates again took 0.3 s of
    each one-record rebuild of the real edition); and the data is watched closely."""
    gc.unfreeze()
    if preview:
        forget_logged_messages()
        config.plugins["compendium/preview"] = _PREVIEW


class _Preview(BasePlugin, jinja2.BytecodeCache):
    """What the preview adds to `mkdocs serve`: compiled templates kept in memory between
    rebuilds (Jinja compares each template's source with the one compiled, so an edited
    template is compiled again), and the data watched closely."""

    def __init__(self) -> None:
        super().__init__()
        self.compiled: dict[str, tuple[str, bytes]] = {}

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        env.bytecode_cache = self
        return env

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        checksum, code = self.compiled.get(bucket.key, ("", b""))
        if code and checksum == bucket.checksum:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = (bucket.checksum, bucket.bytecode_to_string())

    def on_serve(self, server, /, *, config: MkDocsConfig, builder):
        data = root_of(config) / "data"
        watch_closely(server, sum(1 for _ in data.rglob("*")) if data.is_dir() else 0)
        return server


def watch_closely(server, files: int) -> float:
    """Have `server` look for changes to what it watches from now on (`watch:` in
    mkdocs.yml: data/, the guide) every 0.1 s, or less often for many files, where MkDocs
    looks every 0.5 s: an edit reached the page 0.25 s later on average. Looking costs a
    `stat` per file, about 3 microseconds: at most some 5% of a core. Returns the interval.

    MkDocs' watcher (watchdog's PollingObserver) gives each path it is asked to watch the
    interval the observer holds, which watchdog does not let one set after the start."""
    interval = min(0.5, max(0.1, files * 0.00006))
    observer = getattr(server, "observer", None)
    if observer is not None and isinstance(getattr(observer, "_timeout", None), float):
        observer._timeout = interval
    return interval


_PREVIEW = _Preview()


def forget_logged_messages() -> None:
    """MkDocs logs each build message once per process (`DuplicateFilter`); under
    `mkdocs serve` every rebuild is new, so its warnings, and its "Documentation built
    in 1.52 seconds" (dropped when two rebuilds took as long), are printed again."""
    for kept in logging.getLogger("mkdocs.commands.build").filters:
        if isinstance(kept, DuplicateFilter):
            kept.msgs.clear()


def explain_dirty_builds() -> None:
    logging.getLogger("mkdocs.commands.build").addFilter(_explain)


def _explain(record: logging.LogRecord) -> bool:
    # MkDocs warns that a dirty build may leave navigation and links inaccurate; here
    # every page whose text or surroundings changed is built again, so say that instead.
    if record.getMessage().startswith("A 'dirty' build is being performed"):
        record.levelno, record.levelname = logging.INFO, "INFO"
        record.msg, record.args = "Building only the pages that changed (--dirty).", ()
    return True


def downloads(site: Site, config: MkDocsConfig, *, preview: bool) -> dict:
    """The downloads the pages link to; the preview's lead to the last build's, or a note."""
    return preview_downloads(site.downloads(), root_of(config)) if preview else site.downloads()


def preview_downloads(downloads: dict, root: Path) -> dict:
    """The download links of the preview: the files of the last `./dev build` (copied
    in after each build), or a note in their place."""
    shown = [key for key in ("pdf", "offline") if (root / LAST_BUILD / downloads[key]).is_file()]
    note = (
        "(as made by your last ./dev build: run it again to include your changes)"
        if shown
        else "the PDF and the offline copy are made by ./dev build; this preview does not make them."
    )
    return {**downloads, "shown": shown, "note": note}


def copy_last_downloads(downloads: dict, root: Path, site_dir: Path) -> None:
    for key in downloads.get("shown", []):
        source, target = root / LAST_BUILD / downloads[key], site_dir / downloads[key]
        stale = not target.is_file() or target.stat().st_mtime_ns != source.stat().st_mtime_ns
        if source.is_file() and stale:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


class SearchIndexExtras(BasePlugin):
    """Writes what compendium/search.py adds (keywords, synonyms) into Material's search
    index once its plugin has written it, and before the offline plugin copies it (-100);
    then the first search's index (compendium/first_search.py), from the same index."""

    def __init__(self, site: Site) -> None:
        super().__init__()
        self.site = site

    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        path = Path(config.site_dir) / FULL_INDEX
        if path.is_file():  # and with it the first search's index, bounded for phones
            index = enrich_index(json.loads(path.read_text(encoding="utf-8")), self.site)
            write_search_indexes(
                Path(config.site_dir), index, reading.on_demand(config)["first_search_bytes"]
            )


def extend_search_index(config: MkDocsConfig, site: Site) -> None:
    """Have the search index extended after this build (config.plugins registers the events
    of a plugin added to it; MkDocs reads the configuration again for every build)."""
    extras = config.plugins.get("compendium/search")
    if isinstance(extras, SearchIndexExtras):
        extras.site = site
    else:
        config.plugins["compendium/search"] = SearchIndexExtras(site)
