"""The editors' workflow: `compendium new`, `compendium import-issue`, `compendium
issue-form`, and the editors' guide that explains them.

Templates are made from the models and validate once their placeholders are filled in;
issues become draft records or are refused with the heading to fix, writing nothing; and
every message the guide quotes is what the validator really prints.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
import yaml

from compendium import authoring
from compendium.check import build_compendium
from compendium.cli import main
from compendium.kinds import KINDS
from compendium.problems import CompendiumError
from conftest import REPO, TODAY, copy_project

ALL_CHAPTERS = tuple(sorted(p.name for p in (REPO / "data" / "cases").iterdir() if p.is_dir()))
ISSUES = Path(__file__).parent / "issues"
GUIDE = REPO / "CONTRIBUTING.md"
SCHEMA_LINE = "# yaml-language-server: $schema=../../../schemas/{kind}.schema.json"


@pytest.fixture
def full_project(tmp_path: Path) -> Path:
    """A private copy of the whole repository's data, safe to add files to."""
    return copy_project(tmp_path / "project", chapters=ALL_CHAPTERS)


def files_of(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in (root / "data").rglob("*") if p.is_file()}


def validate(root: Path, capsys) -> tuple[int, list[str]]:
    """`compendium validate` as an editor runs it; its exit code and the lines it printed."""
    capsys.readouterr()
    code = main(["validate", "--root", str(root)])
    captured = capsys.readouterr()
    return code, (captured.err or captured.out).splitlines()


def written(root: Path, stdout: str) -> Path:
    match = re.search(r"^Wrote (\S+\.yml)", stdout, re.MULTILINE)
    assert match, stdout
    return root / match.group(1)


# What an editor would write in place of each REPLACE placeholder.
FILL = {
    "title": "A record written from the template",
    "summary": "What the record is about, in one sentence.",
    "attribution": "anonymous",
    "year": "2023",
    "label": "Have a training policy",
    "value": "73",
    "source": "wco-fppcp-2015",
    "meeting": '"24th RTC Heads Meeting"',
    "date": "2025-11-05",
}


def fill_placeholders(path: Path) -> str:
    def value(match: re.Match) -> str:
        indent, name = match.group(1), match.group(2)
        if name == "id":
            return f"{indent}id: {path.stem}"
        assert name in FILL, (
            f"the template has a placeholder for `{name}`; give FILL in this test a value for it"
        )
        return f"{indent}{name}: {FILL[name]}"

    return re.sub(
        r"^(\s*(?:- )?)([A-Za-z_]+):\s+# REPLACE\b.*$",
        value,
        path.read_text(encoding="utf-8"),
        flags=re.MULTILINE,
    )


# ----------------------------------------------------------------------------------------
# compendium new


@pytest.mark.parametrize("kind", list(KINDS))
def test_template_writes_every_field_of_the_model_each_with_its_description(kind: str):
    text = authoring.record_text(kind, {}, header=[])
    lines = text.splitlines()
    assert lines[0] == SCHEMA_LINE.format(kind=kind)
    data = yaml.safe_load(text)
    assert list(data) == authoring.fields_in_order(kind)
    assert set(data) == set(KINDS[kind].model.model_fields)
    for number, line in enumerate(lines):
        if re.match(r"^[a-z_]+:", line):
            assert lines[number - 1].startswith("# ") and len(lines[number - 1]) > 4, (
                f"no description above `{line}`"
            )
    # Parts the model requires are written out with every one of their own fields.
    for name, field in KINDS[kind].model.model_fields.items():
        item = authoring.item_model(field.annotation)
        if item is not None and field.is_required():
            assert set(data[name][0]) == set(item.model_fields)


@pytest.mark.parametrize("kind", list(KINDS))
def test_new_record_of_every_kind_validates_once_its_placeholders_are_filled(
    full_project: Path, capsys, kind: str
):
    chapter = authoring.load_project(full_project).chapters_with(kind)[0]
    assert main(["new", kind, "--chapter", str(chapter.number), "--root", str(full_project)]) == 0
    path = written(full_project, capsys.readouterr().out)
    text = path.read_text(encoding="utf-8")
    placeholders = authoring.replace_lines(text)
    assert {"id", "title", "summary"} <= {name for _, name in placeholders}

    # Until the editor fills them in, the validator points at each placeholder, and only there.
    code, lines = validate(full_project, capsys)
    shown = path.relative_to(full_project).as_posix()
    assert code == 1
    assert [int(line.split(":")[1]) for line in lines[:-1]] == [number for number, _ in placeholders]
    assert all(line.startswith(shown + ":") for line in lines[:-1])

    path.write_text(fill_placeholders(path), encoding="utf-8")
    code, lines = validate(full_project, capsys)
    assert code == 0, lines


def test_new_suggests_a_free_id_from_the_title_and_the_next_free_position(project: Path, capsys):
    code = main(
        [
            "new",
            "practice",
            "--chapter",
            "1",
            "--title",
            "A Three-Pillar Approach to Training Course",
            "--root",
            str(project),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    # The id the title suggests is taken by Case 2, so the next free one is used.
    path = project / "data" / "cases" / "01-training-policy" / "three-pillar-approach-training-course-2.yml"
    assert (
        out.splitlines()[0]
        == "Wrote data/cases/01-training-policy/three-pillar-approach-training-course-2.yml."
    )
    assert (
        "Fill in the values marked REPLACE on lines" in out and "(summary)" in out and "(attribution)" in out
    )
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["id"] == path.stem
    assert data["title"] == "A Three-Pillar Approach to Training Course"
    assert (data["kind"], data["chapter"], data["position"]) == ("practice", 1, 30)  # practices at 10 and 20
    assert (data["status"], data["added"]) == ("draft", datetime.date.today())


def test_new_without_a_title_marks_the_id_to_choose(project: Path, capsys):
    assert main(["new", "discussion", "--chapter", "1", "--root", str(project)]) == 0
    first = written(project, capsys.readouterr().out)
    assert main(["new", "discussion", "--chapter", "1", "--root", str(project)]) == 0
    second = written(project, capsys.readouterr().out)
    assert (first.name, second.name) == ("new-discussion.yml", "new-discussion-2.yml")
    text = first.read_text(encoding="utf-8")
    assert re.search(
        r"^id:  # REPLACE \(required\): .*`new-discussion`; rename the file to match$", text, re.MULTILINE
    )
    assert yaml.safe_load(text)["position"] == 40  # discussions at 10, 20 and 30


def test_new_creates_the_folder_of_a_chapter_that_has_none_yet(project: Path, capsys):
    assert (
        main(["new", "practice", "--chapter", "2", "--title", "Needs by interview", "--root", str(project)])
        == 0
    )
    path = project / "data" / "cases" / "02-identification-of-needs" / "needs-interview.yml"
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["position"] == 10


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["practise", "--chapter", "1"],
            "compendium new: `practise` is not a kind of record; use one of: text, survey, wco-tool, "
            "practice, discussion, highlight, one-step-forward, example, event. Did you mean `practice`?",
        ),
        (
            ["practice", "--chapter", "42"],
            "compendium new: there is no chapter 42 in data/edition.yml; use one of: 0, 1, 2, 3, 4, 5, 6, "
            "7, 8, 9, 10, 11, 20, 21",
        ),
        (
            ["highlight", "--chapter", "1"],
            "compendium new: chapter 1 (Training Policy) has no `highlight` section; chapters with one: 4 "
            "(Designing Training Course), 5 (Facility), 6 (Trainer). Choose one of them, or add the section "
            "to the chapter in data/edition.yml first.",
        ),
        (
            ["practice", "--chapter", "1", "--id", "three-pillar-approach-training-course"],
            "compendium new: a record with the id `three-pillar-approach-training-course` already exists "
            "(data/cases/01-training-policy/three-pillar-approach-training-course.yml); choose another id",
        ),
        (
            ["practice", "--chapter", "1", "--id", "Peer_Coaching"],
            "compendium new: --id `Peer_Coaching` is not a valid id; use only lower-case letters, digits "
            "and single hyphens, e.g. `annual-training-plan`",
        ),
        (
            ["practice", "--chapter", "1", "--title", "x" * 201],
            "compendium new: --title is 201 characters long; a title must be at most 200",
        ),
    ],
    ids=["unknown-kind", "unknown-chapter", "no-such-section", "id-exists", "bad-id", "long-title"],
)
def test_new_refuses_bad_arguments_with_advice_and_writes_nothing(
    project: Path, capsys, args: list[str], message: str
):
    before = files_of(project)
    assert main(["new", *args, "--root", str(project)]) == 2
    assert capsys.readouterr().err.splitlines() == [message]
    assert files_of(project) == before


def test_new_refuses_to_overwrite_a_file(project: Path, capsys):
    folder = project / "data" / "cases" / "01-training-policy"
    (folder / "peer-coaching.yml").write_text("not yet a record\n", encoding="utf-8")
    before = files_of(project)
    assert main(["new", "practice", "--chapter", "1", "--id", "peer-coaching", "--root", str(project)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert files_of(project) == before


def test_new_then_validate_from_the_command_line(project: Path):
    """The editor's sequence with the installed command, end to end."""

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "compendium.cli", *args], capture_output=True, text=True, cwd=project
        )

    result = run("new", "survey", "--chapter", "1", "--title", "Training budgets in 2025")
    assert result.returncode == 0, result.stderr
    path = written(project, result.stdout)
    assert run("validate").returncode == 1
    path.write_text(fill_placeholders(path), encoding="utf-8")
    result = run("validate")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "title, slug",
    [
        ("A Three-Pillar Approach to Training Course", "three-pillar-approach-training-course"),
        ("Training in Viet Nam: Café-style Learning", "training-viet-nam-cafe-style-learning"),
        ("The 70:20:10 model", "70-20-10-model"),
        ("Of the", "of-the"),
        ("税关培训", ""),
        (" ".join(["word"] * 30), "-".join(["word"] * 12)),
    ],
)
def test_ids_made_from_titles_are_valid_ids(title: str, slug: str):
    assert authoring.slugify(title) == slug
    assert len(slug) <= 60


# ----------------------------------------------------------------------------------------
# compendium import-issue


def test_issue_body_becomes_a_draft_practice_that_validates(full_project: Path, capsys):
    assert main(["import-issue", str(ISSUES / "share-a-practice.md"), "--root", str(full_project)]) == 0
    path = written(full_project, capsys.readouterr().out)
    assert path == full_project / "data" / "cases" / "06-trainer" / "peer-coaching-circles-new-trainers.yml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE.format(kind="practice")
    data = yaml.safe_load(text)
    assert list(data) == authoring.fields_in_order("practice")  # every field, as `new` writes them
    # A public repository must not hold the member of this anonymous practice (Malaysia)
    # nor the submitter's contact: left empty, with notes that say where they go.
    assert data["member"] is None and data["contact"] is None
    assert "the member is not written here" in text and "Malaysia" not in text and "Aminah" not in text
    assert data["kind"] == "practice" and data["chapter"] == 6 and data["status"] == "draft"
    assert data["position"] == 70  # after the chapter's last practice, at 60
    assert data["title"] == "Peer Coaching Circles for New Trainers"
    assert data["summary"] == (
        "New trainers meet in small coaching circles during their first year, "
        "observe each other's sessions and agree on one improvement at a time."
    )
    assert data["attribution"] == "anonymous"
    assert data["tags"] == ["trainers", "knowledge-sharing"]
    assert data["sources"] == [{"source": "wco-fppcp-2015", "pages": "80"}]
    # The practice keeps its Markdown, including a heading of its own that is not a form field.
    assert data["body"].startswith("Every new trainer of our training centre joins a coaching circle")
    assert "- The circle meets afterwards and agrees on **one** improvement" in data["body"]
    assert "### What changed\n\nTrainees' ratings" in data["body"]
    assert data["added"] == datetime.date.today()
    code, lines = validate(full_project, capsys)
    assert code == 0, lines


def test_a_private_repository_keeps_the_member_and_contact_in_the_draft(full_project: Path, capsys):
    with (full_project / "data" / "edition.yml").open("a", encoding="utf-8") as edition:
        edition.write("repository: private\n")
    assert main(["import-issue", str(ISSUES / "share-a-practice.md"), "--root", str(full_project)]) == 0
    data = yaml.safe_load(written(full_project, capsys.readouterr().out).read_text(encoding="utf-8"))
    assert list(data) == authoring.fields_in_order("practice")
    assert (data["attribution"], data["member"]) == ("anonymous", "MY")  # Malaysia, kept private
    assert data["contact"] == {"name": "Aminah Officer", "email": "aminah.officer@customs.example"}
    code, lines = validate(full_project, capsys)
    assert code == 0, lines


def test_issue_body_from_a_pipe_or_gh_json_with_windows_line_ends(full_project: Path, capsys, monkeypatch):
    body = (ISSUES / "share-a-practice.md").read_text(encoding="utf-8")
    assert main(["import-issue", str(ISSUES / "share-a-practice.md"), "--root", str(full_project)]) == 0
    from_file = yaml.safe_load(written(full_project, capsys.readouterr().out).read_text(encoding="utf-8"))
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps({"body": body.replace("\n", "\r\n")})))
    assert main(["import-issue", "-", "--root", str(full_project)]) == 0
    path = written(full_project, capsys.readouterr().out)
    assert path.name == "peer-coaching-circles-new-trainers-2.yml"  # the first id is taken now
    from_pipe = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert {k: v for k, v in from_pipe.items() if k not in ("id", "position")} == {
        k: v for k, v in from_file.items() if k not in ("id", "position")
    }


MALFORMED_REPORT = [
    "malformed.md:1:1: Title of the practice: the heading `### Title of the practice` is missing; the issue "
    "must keep the headings GitHub wrote from the form. Put the heading back, with the answer under it, or "
    'ask the submitter to use the "Share a practice" form again',
    "malformed.md:1:1: Chapter: `42. Cooking` is not a chapter with members' practices; write one of: 1. "
    "Training Policy; 2. Identification of Needs; 3. Annual Training Plan; 4. Designing Training Course; 5. "
    "Facility; 6. Trainer; 7. Training Material; 8. Evaluation; 9. Gender Equality and Diversity",
    "malformed.md:5:1: Summary: is empty (_No response_); it is required: write the answer under `### "
    "Summary` (edit the issue), or ask the submitter for it",
    "malformed.md:13:1: Member administration: `Narnia` is not a member administration of data/members.yml; "
    "write a name as listed there (e.g. Australia) or its two-letter code, or add the member to "
    "data/members.yml first.",
    "malformed.md:21:1: Topics: `Cooking` is not a topic of data/tags.yml; remove it or use a listed topic.",
    "5 problems found in the issue; nothing was written.",
]


def test_malformed_issue_names_each_heading_to_fix_and_writes_nothing(full_project: Path, capsys):
    before = files_of(full_project)
    assert main(["import-issue", str(ISSUES / "malformed.md"), "--root", str(full_project)]) == 1
    assert capsys.readouterr().err.splitlines() == MALFORMED_REPORT
    assert files_of(full_project) == before


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "Framework of Principles and Practices on Customs Professionalism, p. 80",
            "Framework of Principles on Customs Professionalism, p. 80",
            "share-a-practice.md:41:1: Sources: `Framework of Principles on Customs Professionalism, p. 80` "
            "is not a publication of data/sources.yml; "
            "write its title or id as listed there, followed by the pages (e.g. `, p. 80`), or add the "
            "publication to data/sources.yml first. "
            "Did you mean `Framework of Principles and Practices on Customs Professionalism`?",
        ),
        (
            "Anonymous: do not publish the name of our administration",
            "Perhaps",
            "share-a-practice.md:31:1: Publish the name of your administration?: `Perhaps` is neither Named "
            "nor Anonymous; "
            "write `Named` (the administration is shown) or `Anonymous` (it stays private)",
        ),
        # Found by the validator itself, run with the new file in place and then removed.
        (
            "agrees on **one** improvement",
            "agrees on <b>one</b> improvement",
            "share-a-practice.md:14:1: The practice: raw HTML `<b>` is not allowed; use Markdown (**bold**, "
            "lists, [links](https://...)) instead",
        ),
        (
            "Peer Coaching Circles for New Trainers",
            "Peer Coaching " * 20,
            "share-a-practice.md:5:1: Title of the practice: is too long (279 characters); shorten it to at "
            "most 200",
        ),
    ],
    ids=["unknown-source", "attribution", "raw-html", "long-title"],
)
def test_issue_answers_the_record_cannot_hold_are_refused(
    full_project: Path, tmp_path: Path, capsys, old: str, new: str, expected: str
):
    issue = tmp_path / "share-a-practice.md"
    text = (ISSUES / "share-a-practice.md").read_text(encoding="utf-8")
    assert old in text
    issue.write_text(text.replace(old, new), encoding="utf-8")
    before = files_of(full_project)
    assert main(["import-issue", str(issue), "--root", str(full_project)]) == 1
    assert capsys.readouterr().err.splitlines()[0] == expected
    assert files_of(full_project) == before


def test_import_of_a_missing_file_is_a_usage_error(project: Path, capsys):
    assert main(["import-issue", str(project / "nowhere.md"), "--root", str(project)]) == 2
    assert "no such file" in capsys.readouterr().err


def test_issue_form_is_generated_from_data_and_current():
    result = subprocess.run(
        [sys.executable, "-m", "compendium.cli", "issue-form", "--check"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr


def test_issue_form_check_notices_a_new_member(project: Path, capsys):
    assert main(["issue-form", "--root", str(project)]) == 0
    assert main(["issue-form", "--check", "--root", str(project)]) == 0
    members = project / "data" / "members.yml"
    members.write_text(
        members.read_text(encoding="utf-8") + "  - {code: ZZ, name: Zedland}\n", encoding="utf-8"
    )
    assert main(["issue-form", "--check", "--root", str(project)]) == 1
    assert "share-a-practice.yml is out of date; run `compendium issue-form`" in capsys.readouterr().err


def test_any_answers_the_form_allows_import(full_project: Path, tmp_path: Path, capsys):
    """An issue written the way GitHub renders the committed form, with the first choice of
    every list, imports: the form and the importer agree on every heading and option."""
    form = yaml.safe_load((REPO / authoring.ISSUE_FORM).read_text(encoding="utf-8"))
    answers = {
        "title": "A practice from the form",
        "summary": "What it is.",
        "practice": "What we do.",
        "sources": "",
        "contact": "",
    }
    parts = []
    for item in form["body"]:
        attributes = item["attributes"]
        if item["type"] == "markdown":
            continue
        if item["type"] == "dropdown":
            options = attributes["options"]
            value = ", ".join(options[:2]) if attributes.get("multiple") else options[0]
        elif item["type"] == "checkboxes":
            value = "\n".join(f"- [X] {o['label']}" for o in attributes["options"])
        else:
            value = answers[item["id"]] or "_No response_"
        parts.append(f"### {attributes['label']}\n\n{value}")
    issue = tmp_path / "issue.md"
    issue.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    assert main(["import-issue", str(issue), "--root", str(full_project)]) == 0
    data = yaml.safe_load(written(full_project, capsys.readouterr().out).read_text(encoding="utf-8"))
    assert (data["chapter"], data["attribution"], data["member"]) == (1, "named", "AU")
    assert len(data["tags"]) == 2


# ----------------------------------------------------------------------------------------
# The editors' guide: CONTRIBUTING.md on GitHub, and the site's "Editors' guide" page


def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def guide_example() -> str:
    """The guide's complete example record: its first YAML block that is a record file."""
    blocks = re.findall(r"```yaml\n(.*?)```", guide(), re.DOTALL)
    return next(b for b in blocks if b.startswith("# yaml-language-server:"))


def test_the_sites_guide_is_made_from_contributing_md():
    from compendium.site.guide import guide_page

    page = guide_page(REPO)
    assert page.startswith("# Editors' guide") and "](assets/editors-edit-button.png)" in page
    assert page.replace("](assets/", "](docs/assets/") in GUIDE.read_text(encoding="utf-8")
    assert not (REPO / "docs" / "editors.md").exists(), "the guide has one source: CONTRIBUTING.md"


def test_guide_links_and_images_resolve_on_github_and_on_the_site():
    from compendium.site.guide import guide_page

    for name, text, base in (
        ("CONTRIBUTING.md", GUIDE.read_text(encoding="utf-8"), REPO),
        ("editors page", guide_page(REPO), REPO / "docs"),
    ):
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if target.startswith(("https://", "http://", "mailto:", "#")):
                continue
            assert (base / target.split("#")[0]).is_file(), f"{name}: {target}"
        for alt, _ in re.findall(r"!\[([^\]]*)\]\(([^)]+)\)", text):
            assert len(alt) > 20, "every image needs alt text that says what it shows"


def test_guide_is_a_page_of_the_site_with_alt_text(built_site: Path):
    html = (built_site / "editors" / "index.html").read_text(encoding="utf-8")
    assert unescape(re.search(r"<h1\b[^>]*>(.*?)<", html).group(1)) == "Editors' guide"
    images = re.findall(r"<img [^>]*>", html)
    assert images and all(re.search(r'alt="[^"]{20,}"', img) for img in images)
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="editors/"' in home  # in the navigation


def test_guide_example_is_a_valid_record(full_project: Path, capsys):
    target = full_project / "data" / "cases" / "06-trainer" / "peer-coaching-circles-new-trainers.yml"
    target.write_text(guide_example(), encoding="utf-8")
    code, lines = validate(full_project, capsys)
    assert code == 0, lines
    # Published, it is the record the example describes, read from that file.
    target.write_text(guide_example().replace("status: draft", "status: published"), encoding="utf-8")
    example = yaml.safe_load(guide_example())
    record = build_compendium(full_project, today=TODAY).records[example["id"]]
    assert (record.kind, record.chapter, record.title, record.tags) == (
        example["kind"],
        example["chapter"],
        example["title"],
        example["tags"],
    )
    assert str(record.body).strip() == example["body"].strip() != ""


def test_guide_new_command_writes_the_example_file(full_project: Path, capsys):
    command = re.search(r"\./dev (new practice --chapter 6 --title \"([^\"]+)\")", guide())
    assert command
    assert (
        main(["new", "practice", "--chapter", "6", "--title", command.group(2), "--root", str(full_project)])
        == 0
    )
    path = written(full_project, capsys.readouterr().out)
    assert (
        path.relative_to(full_project).as_posix()
        == "data/cases/06-trainer/peer-coaching-circles-new-trainers.yml"
    )
    assert (
        yaml.safe_load(guide_example())["position"]
        == yaml.safe_load(path.read_text(encoding="utf-8"))["position"]
    )


def test_guide_quotes_the_real_import_message(full_project: Path, tmp_path: Path, capsys):
    issue = tmp_path / "issue.md"
    shutil.copy(ISSUES / "malformed.md", issue)
    assert main(["import-issue", str(issue), "--root", str(full_project)]) == 1
    quoted = re.search(r"```text\n(issue\.md:.*?)\n", guide()).group(1)
    assert quoted in capsys.readouterr().err.splitlines()


# Each mistake the guide explains: a change to its complete example, and the message it gives.
MISTAKES = [
    ("summary: >-", "sumary: >-"),
    ("title: Peer Coaching Circles for New Trainers\n", ""),
    ("title: Peer Coaching Circles for New Trainers", "title:"),
    ("status: draft", "status: publish"),
    ("attribution: named", "attribution: anonymus"),
    ("added: 2026-11-20", "added: 20/11/2026"),
    ("added: 2026-11-20", "added: 2026-02-30"),
    ("added: 2026-11-20", "added: 2030-01-01"),
    ("tags: [trainers, knowledge-sharing]", "tags: [trainers, coaching]"),
    ("member: MY", "member: MA"),
    ("source: wco-fppcp-2015", "source: wco-fppcp"),
    ("tags: [trainers", "related: [peer-coaching]\ntags: [trainers"),
    ('pages: "80"', "pages: 80 to 83"),
    ("chapter: 6", "chapter: 12"),
    ("chapter: 6", "chapter: 10"),
    ("id: peer-coaching-circles-new-trainers", "id: peer-coaching-circles"),
    ("id: peer-coaching-circles-new-trainers", "id: Peer Coaching Circles"),
    ("position: 70\nt", "position: 10\nt"),  # with status: published, below
    ("gives a session", "gives a <b>session</b>"),
    ("take turns leading", "take turns leading [[TOT]]"),
    ("  - source: wco-fppcp-2015\n    pages", "  - source: wco-fppcp-2015\n\tpages"),
    ('    pages: "80"', '   pages: "80"'),
    ("title: Peer Coaching Circles for New Trainers", "title: Peer coaching: circles for new trainers"),
    ('pages: "80"', 'pages: "80'),
    ("body: |\n  Every", "body: | Every"),
]


@pytest.mark.parametrize("old, new", MISTAKES, ids=[f"{i:02d}" for i in range(len(MISTAKES))])
def test_guide_quotes_the_validators_real_message_for_each_mistake(full_project: Path, old: str, new: str):
    example = guide_example()
    assert old in example
    broken = example.replace(old, new, 1)
    if new.startswith("position: 10"):
        broken = broken.replace("status: draft", "status: published")
    target = full_project / "data" / "cases" / "06-trainer" / "peer-coaching-circles-new-trainers.yml"
    target.write_text(broken, encoding="utf-8")
    with pytest.raises(CompendiumError) as error:
        build_compendium(full_project, today=TODAY)
    first = str(error.value.problems[0])
    if not first.startswith("data/cases/06-trainer/peer-coaching-circles-new-trainers.yml"):
        first = next(
            str(p) for p in error.value.problems if p.path.endswith("peer-coaching-circles-new-trainers.yml")
        )
    assert first in guide(), f"the guide should quote the message as the validator prints it now:\n{first}"


def test_guide_explains_every_field_of_every_kind():
    text = guide()
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", text, re.MULTILINE))
    expected = set()
    for kind in KINDS.values():
        for name, field in kind.model.model_fields.items():
            expected.add(name)
            item = authoring.item_model(field.annotation)
            if item is not None:
                expected |= set(item.model_fields)
    assert expected - documented == set()


def test_guide_lists_every_chapter_folder_and_only_those():
    named = set(re.findall(r"`data/cases/(\d\d-[a-z0-9-]+)/`", guide()))
    assert named == set(ALL_CHAPTERS)


def test_every_problem_of_an_issue_is_reported_in_one_round(full_project: Path, tmp_path: Path, capsys):
    """HTML in the practice (found by the validator) and an unknown topic (found while
    reading the answers) come in the same report, and nothing is written."""
    body = (ISSUES / "share-a-practice.md").read_text(encoding="utf-8")
    body = body.replace("agrees on **one** improvement", "agrees on one<br>improvement")
    assert "Trainers, Knowledge sharing" in body
    body = body.replace("Trainers, Knowledge sharing", "Trainers, Cooking")
    issue = tmp_path / "issue.md"
    issue.write_text(body, encoding="utf-8")
    before = files_of(full_project)
    assert main(["import-issue", str(issue), "--root", str(full_project)]) == 1
    report = capsys.readouterr().err
    assert "raw HTML `<br>` is not allowed" in report
    assert "`Cooking` is not a topic of data/tags.yml" in report
    assert files_of(full_project) == before


def test_the_draft_says_which_issue_it_came_from(full_project: Path, tmp_path: Path, capsys, monkeypatch):
    body = (ISSUES / "share-a-practice.md").read_text(encoding="utf-8")
    url = "https://github.com/rocb-ap/training-compendium/issues/42"
    payload = json.dumps({"body": body, "number": 42, "url": url})
    monkeypatch.setattr(sys, "stdin", io.StringIO(payload))
    assert main(["import-issue", "-", "--root", str(full_project)]) == 0
    text = written(full_project, capsys.readouterr().out).read_text(encoding="utf-8")
    assert f"# Imported from issue {url}." in text
    # From a saved file, the number is given on the command line.
    saved = str(ISSUES / "share-a-practice.md")
    assert main(["import-issue", saved, "--issue", "#43", "--root", str(full_project)]) == 0
    text = written(full_project, capsys.readouterr().out).read_text(encoding="utf-8")
    assert "# Imported from issue #43." in text
