"""A record's history on the site: when it was added and last updated (its own dates), and,
revised in a later edition, what changed (`revision_note`); in the open data too."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from compendium.check import build_compendium
from compendium.problems import CompendiumError
from conftest import TODAY, copy_project, mkdocs_build

CHAPTER = "data/cases/01-training-policy"
PRACTICE = "three-pillar-approach-training-course"
TOOL = "training-policy-definition"
NOTE = "The course types were renamed after the 2025 reform."


def _set(path: Path, **fields: str) -> None:
    """Give a record file these top-level fields (replacing them when present)."""
    text = path.read_text(encoding="utf-8")
    for name, value in fields.items():
        text = re.sub(rf"(?m)^{name}:.*\n", "", text)
        text += f"{name}: {value}\n"
    path.write_text(text, encoding="utf-8")


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture(scope="module")
def revised_site(tmp_path_factory) -> Path:
    """Chapter 1, from an edition with a 2024 predecessor: the practice was new in 2024 and
    revised in 2026, with a note; the WCO tool was updated without a revision."""
    folder = tmp_path_factory.mktemp("history")
    project = copy_project(folder / "project")
    with (project / "data" / "edition.yml").open("a", encoding="utf-8") as edition:
        edition.write('earlier_editions:\n  - edition: "2024"\n    as_of: 2024-05-20\n')
    _set(
        project / CHAPTER / f"{PRACTICE}.yml",
        new_in='"2024"',
        revised_in='"2026"',
        updated="2026-06-01",
        revision_note=NOTE,
    )
    _set(project / CHAPTER / f"{TOOL}.yml", updated="2026-06-02")
    result = mkdocs_build(project, folder / "site")
    assert result.returncode == 0, result.stderr
    return folder / "site"


def test_a_revised_record_says_when_and_what_changed(revised_site: Path):
    html = (revised_site / "practices" / PRACTICE / "index.html").read_text(encoding="utf-8")
    text = _text(html)
    assert "Added: 2026-05-20 · Updated: 2026-06-01 · new in Edition 2024 · revised in Edition 2026" in text
    assert f"Revised in Edition 2026 {NOTE}" in text  # the note's box, under the dates
    assert (
        f"Added on 20 May 2026 (new in Edition 2024); last updated on 1 June 2026. "
        f"Revised in Edition 2026: {NOTE}"
    ) in text  # and the citation's history
    document = json.loads((revised_site / "api" / "v1" / "records" / f"{PRACTICE}.json").read_text())
    assert (document["revision_note"], document["revised_in"], document["updated"]) == (
        NOTE,
        "2026",
        "2026-06-01",
    )


def test_a_record_shown_on_its_chapter_page_has_its_history_there(revised_site: Path):
    html = (revised_site / "chapters" / "training-policy" / "index.html").read_text(encoding="utf-8")
    section = html[html.index(f'id="{TOOL}"') :]
    box = section[section.index('<details class="cite"') : section.index("</details>")]
    assert "Added on 20 May 2026; last updated on 2 June 2026." in _text(box)
    assert "Revised" not in _text(box)


def test_a_record_never_revised_shows_no_revision(revised_site: Path):
    html = (
        revised_site / "practices" / "comprehensive-strategy-sustainable-workforce" / "index.html"
    ).read_text(encoding="utf-8")
    assert "Revised in Edition" not in html and "Added on 20 May 2026." in _text(html)


def test_a_revision_note_needs_the_edition_it_belongs_to(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    _set(project / CHAPTER / f"{PRACTICE}.yml", revision_note=NOTE)
    with pytest.raises(CompendiumError) as error:
        build_compendium(project, today=TODAY)
    [problem] = error.value.problems
    assert str(problem).startswith(f"{CHAPTER}/{PRACTICE}.yml:")
    assert "revision_note: a revision note needs `revised_in`" in str(problem)
