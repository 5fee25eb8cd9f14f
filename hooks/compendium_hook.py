"""MkDocs glue: load and check data/, add the rendered pages, point edit links at records.

All the work is in the `compendium` package; this file only connects it to MkDocs' events.
"""
from __future__ import annotations

import calendar
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from compendium.check import build_compendium
from compendium.problems import CompendiumError
from compendium.pdf import offline_name, pdf_name, write_pdf
from compendium.render import Site, atom_feed, render_site, site_nav

# The build in progress: set in on_config, read by the later events.
_site: Site | None = None
_pages: dict[str, str] = {}
_command = "build"


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _site, _pages
    try:
        compendium = build_compendium(_root(config))
    except CompendiumError as error:
        # Raised before MkDocs cleans site/, so the previous build stays as it was.
        raise PluginError("The data has problems; fix them and build again:\n" + error.report()) from None
    # MkDocs dates the sitemap from SOURCE_DATE_EPOCH when set: date it from the data,
    # not the clock, so builds are reproducible.
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(compendium.last_changed.timetuple()))
    edit_base = f"{config.repo_url.rstrip('/')}/{config.edit_uri.strip('/')}/" if config.repo_url and config.edit_uri else None
    _site = Site(compendium, edit_base, config.site_url or "", config.use_directory_urls)
    _pages = render_site(_site)
    config.nav = site_nav(compendium, config.nav)
    edition = compendium.edition
    config.extra["downloads"] = {
        "edition": edition.edition,
        "pdf": f"downloads/{pdf_name(compendium)}",
        "offline": f"downloads/{offline_name(compendium)}",
    }
    config.copyright = f"{edition.title}, Edition {edition.edition}, as of {edition.as_of:%-d %B %Y}. {edition.publisher}."
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for uri, text in _pages.items():
        files.append(File.generated(config, uri, content=text))
    files.append(File.generated(config, "feed.xml", content=atom_feed(_site)))
    for path in _site.image_paths():
        files.append(File.generated(config, _site.image_uri(path), abs_src_path=str(_root(config) / path)))
    return files


def on_page_context(context, page: Page, config: MkDocsConfig, nav):
    # Material's edit button: a practice page opens its record's YAML file; other
    # generated pages have no single file to edit.
    if page.file.generated_by:
        page.edit_url = _site.edit_url(Path(page.file.src_uri).stem) if page.file.src_uri.startswith("practices/") else None
    return context


def on_post_build(config: MkDocsConfig) -> None:
    # The PDF takes seconds; `mkdocs serve` rebuilds on every edit, so it skips it.
    if _command != "serve" and os.environ.get("COMPENDIUM_PDF", "1") != "0":
        write_pdf(_site.compendium, _root(config), Path(config.site_dir) / config.extra["downloads"]["pdf"])


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent
