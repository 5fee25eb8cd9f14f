"""MkDocs glue: load and check data/, add the rendered pages, point edit links at records.

All the work is in the `compendium` package; this file only connects it to MkDocs' events.
"""

from __future__ import annotations

import calendar
import gc
import logging
import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from compendium.background import render_pages
from compendium.check import build_compendium
from compendium.pdf import offline_name, pdf_name, write_pdf
from compendium.problems import CompendiumError
from compendium.render import Site, atom_feed, site_nav
from compendium.safe import clean_html, escape_title, is_raster_image, with_content_security_policy

# The build in progress: set in on_config, read by the later events.
_site: Site | None = None
_pages: Mapping[str, str] = {}
_command = "build"
_titled_in_nav: set[str] = set()
# `mkdocs serve --dirty` (as `./dev serve` runs it) rebuilds only the pages whose text
# changed since the previous build, unless what surrounds every page changed.
_built: dict[str, str] = {}
_built_surroundings: str | None = None
_surroundings: str | None = None


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command
    if dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_explain_dirty_builds)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _site, _pages
    gc.unfreeze()  # what the previous build (under `mkdocs serve`) kept may go now
    try:
        compendium = build_compendium(_root(config))
    except CompendiumError as error:
        # Raised before MkDocs cleans site/, so the previous build stays as it was.
        raise PluginError("The data has problems; fix them and build again:\n" + error.report()) from None
    # MkDocs dates the sitemap from SOURCE_DATE_EPOCH when set: date it from the data,
    # not the clock, so builds are reproducible.
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(compendium.last_changed.timetuple()))
    edit_base = (
        f"{config.repo_url.rstrip('/')}/{config.edit_uri.strip('/')}/"
        if config.repo_url and config.edit_uri
        else None
    )
    _site = Site(compendium, edit_base, config.site_url or "", config.use_directory_urls)
    _pages = render_pages(_site)  # on the second core, while MkDocs goes on
    config.nav = site_nav(compendium, config.nav)
    edition = compendium.edition
    config.extra["downloads"] = {
        "edition": edition.edition,
        "pdf": f"downloads/{pdf_name(compendium)}",
        "offline": f"downloads/{offline_name(compendium)}",
    }
    if _command == "serve":
        _preview_downloads(config)
    config.copyright = (
        f"{edition.title}, Edition {edition.edition}, as of {edition.as_of:%-d %B %Y}. {edition.publisher}."
    )
    global _surroundings
    _surroundings = _fingerprint(config)
    # The compendium and the pages live until the build ends: keep them out of the cycle
    # collector's scans during MkDocs' work, which they would slow down for nothing.
    gc.freeze()
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for uri in _pages:
        files.append(_RenderedPage.generated(config, uri, content=""))
    files.append(File.generated(config, "feed.xml", content=atom_feed(_site)))
    for path in _site.image_paths():
        if not is_raster_image(_root(config) / path):  # the validator said so; this makes sure
            raise PluginError(f"{path} is not a PNG, JPEG or WebP image; it is not published")
        files.append(File.generated(config, _site.image_uri(path), abs_src_path=str(_root(config) / path)))
    if _built_surroundings is not None and _surroundings != _built_surroundings:
        # A dirty build writes a page of docs/ only when its file is newer than its output:
        # remove the output, so that it shows the new surroundings too.
        for file in files.documentation_pages():
            if not isinstance(file, _RenderedPage) and os.path.isfile(file.abs_dest_path):
                os.remove(file.abs_dest_path)
    return files


class _RenderedPage(File):
    """A generated page whose text is taken when MkDocs reads it, so that pages still
    being rendered in the background do not hold up the pages before them."""

    @property
    def content_string(self) -> str:
        return _pages[self.src_uri]

    @property
    def content_bytes(self) -> bytes:
        return self.content_string.encode()

    def is_modified(self) -> bool:
        # Asked only by dirty builds, to skip pages that would come out the same.
        return _surroundings != _built_surroundings or _built.get(self.src_uri) != self.content_string


def on_page_context(context, page: Page, config: MkDocsConfig, nav):
    # Material's edit button: a practice page opens its record's YAML file; other
    # generated pages have no single file to edit.
    if page.file.generated_by:
        page.edit_url = (
            _site.edit_url(Path(page.file.src_uri).stem)
            if page.file.src_uri.startswith("practices/")
            else None
        )
    return context


def on_nav(nav, config: MkDocsConfig, files: Files):
    # The theme prints titles unescaped (<title>, navigation, header): titles come from
    # data/, so they are escaped once here, and those of other pages after rendering.
    global _titled_in_nav
    for item in _walk_nav(nav.items):
        item.title = escape_title(item.title)
    _titled_in_nav = {page.file.src_uri for page in nav.pages}
    return nav


def _walk_nav(items):
    for item in items:
        yield item
        yield from _walk_nav(getattr(item, "children", None) or [])


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri not in _titled_in_nav:
        page.title = escape_title(page.title)
    # The second wall: record text reaches this HTML through Markdown; whatever way it
    # found in, only allowlisted elements, attributes and URL schemes leave.
    return clean_html(html)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    offline = "offline" in config.plugins and config.plugins["offline"].config.enabled
    return with_content_security_policy(output, offline=offline)


def on_post_build(config: MkDocsConfig) -> None:
    global _built, _built_surroundings
    if _command == "serve":
        _built, _built_surroundings = dict(_pages), _surroundings
        _copy_last_downloads(config)
    # The PDF takes seconds; `mkdocs serve` rebuilds on every edit, so it skips it.
    if _command != "serve" and os.environ.get("COMPENDIUM_PDF", "1") != "0":
        write_pdf(_site.compendium, _root(config), Path(config.site_dir) / config.extra["downloads"]["pdf"])


# Where `./dev build` (`compendium build`) writes what is published. `mkdocs serve` builds
# into a temporary folder of its own, without the PDF and the offline copy.
_LAST_BUILD = "site"


def _preview_downloads(config: MkDocsConfig) -> None:
    """Under `mkdocs serve`, the download links lead to the files of the last `./dev
    build` (copied in after each build), or a note stands in their place."""
    downloads = config.extra["downloads"]
    last_build = _root(config) / _LAST_BUILD
    downloads["shown"] = [key for key in ("pdf", "offline") if (last_build / downloads[key]).is_file()]
    downloads["note"] = (
        "(as made by your last ./dev build: run it again to include your changes)"
        if downloads["shown"]
        else "the PDF and the offline copy are made by ./dev build; this preview does not make them."
    )


def _copy_last_downloads(config: MkDocsConfig) -> None:
    for key in config.extra["downloads"].get("shown", []):
        path = config.extra["downloads"][key]
        source, target = _root(config) / _LAST_BUILD / path, Path(config.site_dir) / path
        if source.is_file() and (
            not target.is_file() or target.stat().st_mtime_ns != source.stat().st_mtime_ns
        ):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


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
        dict(config.extra),
        dict(config.theme),
        config.markdown_extensions,
        config.mdx_configs,
        config.extra_css,
        config.extra_javascript,
        theme_files,
    )
    return repr(shown)


def _explain_dirty_builds(record: logging.LogRecord) -> bool:
    # MkDocs warns that a dirty build may leave navigation and links inaccurate; here
    # every page whose text or surroundings changed is built again, so say that instead.
    if record.getMessage().startswith("A 'dirty' build is being performed"):
        record.levelno, record.levelname = logging.INFO, "INFO"
        record.msg, record.args = "Building only the pages that changed (--dirty).", ()
    return True


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent
