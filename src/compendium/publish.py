"""Build the whole site atomically: into a staging folder, swapped in only on success.

`mkdocs build` cleans its output folder before it writes, so a build that fails half-way
(a strict-mode warning, a crash) would leave a broken site behind. Here the previous site
stays in place until a complete new one is ready. This is the package's only module that
drives MkDocs, and it only calls MkDocs' own build.
"""
from __future__ import annotations

import logging
import shutil
from pathlib import Path


class BuildFailed(Exception):
    """The site could not be built; the previous site is untouched."""


def build_site(config_file: Path, site_dir: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    site_dir = site_dir.resolve()
    staging = site_dir.with_name(f".{site_dir.name}.building")
    previous = site_dir.with_name(f".{site_dir.name}.previous")
    for leftover in (staging, previous):
        shutil.rmtree(leftover, ignore_errors=True)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)-7s -  %(message)s")
    try:
        config = load_config(str(config_file), site_dir=str(staging), strict=True)
        build(config)
    except (Abort, ConfigurationError, PluginError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(str(error)) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    # Two renames: the site folder is never missing for more than an instant, and never half-written.
    if site_dir.exists():
        site_dir.rename(previous)
    staging.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)
