"""MkDocs glue: load and check data/, add the rendered pages, point edit links at records.

All the work is in the `compendium` package; this file only connects it to MkDocs' events.
"""

from __future__ import annotations

import calendar
import gc
import logging
import os
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

# The build in progress: set in on_config, read by the later events.
_site: Site | None = None
_pages: Mapping[str, str] = {}
_command = "build"
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


def on_post_build(config: MkDocsConfig) -> None:
    global _built, _built_surroundings
    if _command == "serve":
        _built, _built_surroundings = dict(_pages), _surroundings
    # The PDF takes seconds; `mkdocs serve` rebuilds on every edit, so it skips it.
    if _command != "serve" and os.environ.get("COMPENDIUM_PDF", "1") != "0":
        write_pdf(_site.compendium, _root(config), Path(config.site_dir) / config.extra["downloads"]["pdf"])


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
