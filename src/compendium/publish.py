"""Build what is published, atomically: the site, its PDF and an offline copy.

`mkdocs build` cleans its output folder before it writes, so a build that fails half-way
(a strict-mode warning, a crash) would leave a broken site behind. Here everything is
built into a staging folder that replaces the previous site only once it is complete.
This is the package's only module that drives MkDocs, and it only calls MkDocs' build.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path


class BuildFailed(Exception):
    """The site could not be built; the previous site is untouched."""


def build_site(config_file: Path, site_dir: Path, *, offline: bool = True) -> None:
    """Build into `site_dir`: the site with downloads/<edition>.pdf and, unless `offline` is
    False, downloads/<edition>-offline.zip, a copy that works from the file system."""
    site_dir = site_dir.resolve()
    staging = site_dir.with_name(f".{site_dir.name}.building")
    previous = site_dir.with_name(f".{site_dir.name}.previous")
    for leftover in (staging, previous):
        shutil.rmtree(leftover, ignore_errors=True)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)-7s -  %(message)s")
    try:
        extra = _mkdocs_build(config_file, staging, environment={})
        if offline:
            with tempfile.TemporaryDirectory() as scratch:
                copy = Path(scratch) / "site"
                # Material's offline plugin (enabled by OFFLINE in mkdocs.yml) makes links
                # and search work from file://; the PDF is made once, by the main build.
                _mkdocs_build(config_file, copy, environment={"OFFLINE": "true", "COMPENDIUM_PDF": "0"})
                pdf = staging / extra["downloads"]["pdf"]
                if pdf.is_file():
                    (copy / pdf.relative_to(staging)).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy(pdf, copy / pdf.relative_to(staging))
                _zip(copy, staging / extra["downloads"]["offline"])
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    # Two renames: the site folder is never missing for more than an instant, and never half-written.
    if site_dir.exists():
        site_dir.rename(previous)
    staging.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)


def _mkdocs_build(config_file: Path, site_dir: Path, environment: dict[str, str]) -> dict:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    with _environment(environment):
        try:
            config = load_config(str(config_file), site_dir=str(site_dir), strict=True)
            config.plugins.on_startup(command="build", dirty=False)
            build(config)
            config.plugins.on_shutdown()
        except (Abort, ConfigurationError, PluginError) as error:
            raise BuildFailed(str(error)) from None
    return config.extra


@contextmanager
def _environment(values: dict[str, str]):
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _zip(folder: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                # Fixed timestamps keep the archive identical for identical content.
                info = zipfile.ZipInfo(
                    str(Path("compendium") / path.relative_to(folder)), date_time=(2026, 1, 1, 0, 0, 0)
                )
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
