"""`compendium build`: atomic (a failed build changes nothing) and reproducible."""

from __future__ import annotations

import subprocess
from pathlib import Path

from compendium.publish import MARKER
from conftest import compendium_build


def build(project: Path, site: Path) -> subprocess.CompletedProcess:
    return compendium_build(project, site, "--no-offline")


def snapshot(site: Path) -> dict[str, bytes]:
    """The published files; MARKER, which says when the build ran, is the one that varies."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in site.rglob("*")
        if p.is_file() and p.name != MARKER
    }


def test_two_builds_of_the_same_data_are_byte_identical(project: Path, tmp_path: Path):
    assert build(project, tmp_path / "one").returncode == 0
    assert build(project, tmp_path / "two").returncode == 0
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert {"index.html", "downloads/compendium-2026.pdf"} <= one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []


def test_a_build_failing_late_leaves_the_previous_site_untouched(project: Path, tmp_path: Path):
    site = tmp_path / "site"
    assert build(project, site).returncode == 0
    before = snapshot(site)
    # A hand-written page with a broken link passes the data checks and fails only at the
    # end of MkDocs' strict build, after it would have emptied site/.
    (project / "docs" / "about.md").write_text(
        "# About\n\nSee [the missing page](missing.md).\n", encoding="utf-8"
    )
    result = build(project, site)
    assert result.returncode == 1
    assert "Aborted with 1 warnings in strict mode" in result.stderr
    assert f"The build failed; {site} was left as it was." in result.stderr
    assert snapshot(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]  # no staging, no lock left


def test_a_successful_build_replaces_the_previous_site(project: Path, tmp_path: Path):
    site = tmp_path / "site"
    assert build(project, site).returncode == 0
    (site / "stale").mkdir()
    (site / "stale" / "old.html").write_text("old", encoding="utf-8")
    assert build(project, site).returncode == 0
    assert not (site / "stale").exists() and (site / "index.html").is_file()
