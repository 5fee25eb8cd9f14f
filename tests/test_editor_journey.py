"""An editor's whole path, automated: propose a case, get it wrong three ways, fix it, and
see it published on the chapter page, in search, in What's new and in the PDF."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from conftest import compendium_build, copy_project

FOLDER = "data/cases/04-designing-training-course"


def compendium(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "compendium.cli", *args], capture_output=True, text=True, cwd=project
    )


def fill(path: Path, replacements: dict[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def test_new_editor_adds_a_case_and_sees_it_published(tmp_path: Path):
    project = copy_project(
        tmp_path / "project", chapters=("01-training-policy", "04-designing-training-course")
    )

    # 1. A template for the new case, with an id from its title and the next free position.
    made = compendium(
        project, "new", "practice", "--chapter", "4", "--title", "Mentoring Circles for New Trainers"
    )
    assert made.returncode == 0, made.stderr
    record = project / FOLDER / "mentoring-circles-new-trainers.yml"
    assert f"Wrote {FOLDER}/mentoring-circles-new-trainers.yml." in made.stdout

    # 2. The editor fills it in, with three typical mistakes.
    fill(
        record,
        {
            "summary:  # REPLACE (required): one or two sentences": (
                "summary: New trainers meet in small circles with an experienced trainer each month."
            ),
            "attribution:  # REPLACE (required): "
            "named (the member is shown) or anonymous (the member stays private)": "attribution: named",
            "member:\n": "member: KR\n",
            "body: |\n  \n": (
                "body: |\n  Each circle of four zebrafinch trainees meets monthly to rehearse a session.\n"
            ),
            "tags: []": "tags: [trainers, mentorin]",
            "status: draft": "status: publshed",
            "added: 2026-": "added: 23/11/2026\n# was: 2026-",
        },
    )
    checked = compendium(project, "validate")
    assert checked.returncode == 1
    lines = checked.stderr.splitlines()
    assert len(lines) == 4 and lines[-1] == "3 problems found; fix them and check again."
    assert any(
        f"{FOLDER}/mentoring-circles-new-trainers.yml:" in line
        and ": added: `23/11/2026` is not a date; write it as YYYY-MM-DD" in line
        for line in lines
    )
    assert any(
        ": status: `publshed` is not allowed here; write one of: draft, published. Did you mean `published`?"
        in line
        for line in lines
    )
    assert any(": tags[1]: `mentorin` is not in data/tags.yml" in line for line in lines)

    # 3. The errors say what to do; the editor does it.
    fill(
        record,
        {
            "added: 23/11/2026\n# was: ": "added: ",
            "status: publshed": "status: published",
            "mentorin]": "partnerships]",
        },
    )
    checked = compendium(project, "validate")
    assert checked.returncode == 0, checked.stderr

    # 4. Preview: the case is on its chapter page, in search, in What's new and in the PDF.
    site = tmp_path / "site"
    built = compendium_build(project, site, "--no-offline")
    assert built.returncode == 0, built.stderr
    chapter = (site / "chapters" / "designing-training-course" / "index.html").read_text(encoding="utf-8")
    assert "Case 6: Mentoring Circles for New Trainers" in chapter
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any(
        "zebrafinch" in d["text"] and d["location"].startswith("practices/mentoring-circles-new-trainers/")
        for d in index["docs"]
    )
    whats_new = (site / "whats-new" / "index.html").read_text(encoding="utf-8")
    assert (
        whats_new.index('id="since-edition-2026"')
        < whats_new.index("Case 6: Mentoring Circles for New Trainers")
        < whats_new.index('id="edition-2026"')
    )
    pdf = PdfReader(site / "downloads" / "compendium-2026.pdf")
    pdf_text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Case 6: Mentoring Circles for New Trainers" in " ".join(pdf_text.split())
    assert "Korea" in (site / "practices" / "mentoring-circles-new-trainers" / "index.html").read_text(
        encoding="utf-8"
    )
