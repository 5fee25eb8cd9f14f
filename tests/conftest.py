"""Shared fixtures: a private copy of the project to break, and a built site to inspect."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from compendium.check import build_compendium

REPO = Path(__file__).resolve().parent.parent
TODAY = datetime.date(2026, 11, 23)  # fixed, so "not in the future" checks are reproducible


def copy_project(target: Path, *, chapters: tuple[str, ...] = ("01-training-policy",)) -> Path:
    """A project with the real registries and the given chapters' records, safe to modify."""
    (target / "data" / "cases").mkdir(parents=True)
    for registry in (REPO / "data").glob("*.yml"):
        shutil.copy(registry, target / "data" / registry.name)
    for chapter in chapters:
        shutil.copytree(REPO / "data" / "cases" / chapter, target / "data" / "cases" / chapter)
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copy(REPO / name, target / name)
    for folder in ("hooks", "overrides", "docs"):
        shutil.copytree(REPO / folder, target / folder)
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def compendium():
    """The real edition as the build reads it (immutable), made once for every test that
    reads its records; a module may still name a fixture `compendium` of its own."""
    return build_compendium(REPO, today=TODAY)


def mkdocs_build(project: Path, site_dir: Path, *, pdf: bool = False) -> subprocess.CompletedProcess:
    """Plain `mkdocs build --strict`, as an editor's preview runs it (no PDF unless asked)."""
    env = {**os.environ, "COMPENDIUM_PDF": "1" if pdf else "0", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(site_dir),
        ],
        capture_output=True,
        text=True,
        cwd=project,
        env=env,
    )


def compendium_build(project: Path, site_dir: Path, *options: str) -> subprocess.CompletedProcess:
    """`compendium build`: what is published (site, PDF, offline copy)."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "compendium.cli",
            "build",
            "--root",
            str(project),
            "--site-dir",
            str(site_dir),
            *options,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real repository's published output, built once for all tests that read it."""
    site = tmp_path_factory.mktemp("published") / "site"
    result = compendium_build(REPO, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def built_pdf(built_site: Path) -> Path:
    """The real edition's PDF, as published."""
    return built_site / "downloads" / "compendium-2026.pdf"


@pytest.fixture(scope="session")
def reader(built_pdf: Path):
    """The published PDF, read by pypdf once for every test that reads it."""
    from pypdf import PdfReader

    return PdfReader(built_pdf)


@pytest.fixture(scope="session")
def lines(reader) -> list:
    """The published PDF's lines of text, with their place, size and structure tag."""
    from pdf_reading import read_lines

    return read_lines(reader)
