"""MkDocs glue: check data/, add the rendered pages, keep record text from running.

All the work is in the `compendium` package; this file only connects it to MkDocs' events.
"""

from __future__ import annotations

import gc
from pathlib import Path

from compendium import mkdocs_glue as glue
from compendium.options import BuildOptions
from compendium.safe import clean_html, escape_title, with_content_security_policy
from compendium.site import Site, render_site, site_nav


class _Build:
    """What the events of one build share (and, under `mkdocs serve`, of the next)."""

    command, titled_in_nav, dirty = "build", set[str](), glue.DirtyBuilds()
    site: Site  # from on_config on


_build = _Build()


def on_startup(command, dirty):
    _build.command = command
    if dirty:
        glue.explain_dirty_builds()


def on_config(config):
    serving, previous = _build.command == "serve", getattr(_build, "site", None)
    glue.start_build(config, preview=serving)
    # Under serve, while the data has problems: the last good site, and the problems.
    _build.site, problems = glue.checked_site(config, previous, preview=serving)
    site = _build.site
    glue.GeneratedPage.pages = glue.problem_pages(site, problems) if problems else render_site(site)
    glue.GeneratedPage.dirty = _build.dirty if serving else None
    config.nav, config.copyright = site_nav(site.compendium, config.nav), site.footer()
    config.extra["downloads"] = glue.downloads(site, config, preview=serving)
    _build.dirty.start(config)
    gc.freeze()  # what lives for the whole build stays out of the collector's scans
    return config


def on_files(files, config):
    glue.add_generated_files(files, config, _build.site, glue.root_of(config))
    _build.dirty.remove_stale_pages_of_docs(files)
    return files


def on_nav(nav, config, files):
    _build.titled_in_nav = glue.escape_nav_titles(nav.items)  # the theme prints them raw
    return nav


def on_page_content(html, page, config, files):
    if page.file.src_uri not in _build.titled_in_nav:
        page.title = escape_title(page.title)
    return clean_html(html)  # the second wall: only allowlisted elements, attributes, URLs


def on_page_context(context, page, config, nav):
    if page.file.generated_by:  # Material's edit button: a record's page opens its file
        page.edit_url = _build.site.page_edit_url(page.file.src_uri)
    return context


def on_post_page(output, page, config):
    return with_content_security_policy(output, offline=BuildOptions.of(config).offline)


def on_post_build(config):
    if _build.command == "serve":  # rebuilt on every edit: no PDF
        _build.dirty.finish(glue.GeneratedPage.pages)
        glue.copy_last_downloads(config.extra["downloads"], glue.root_of(config), Path(config.site_dir))
    elif BuildOptions.of(config).pdf:
        glue.write_book(config, _build.site)
