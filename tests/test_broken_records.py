"""The corpus of editors' mistakes: each broken record gives one exact, actionable error.

Every case is a record file an editor could plausibly write. The expected line is the
whole report line: `path:line:column: field: message`.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from compendium.check import build_compendium
from compendium.problems import CompendiumError
from conftest import TODAY

FOLDER = "data/cases/01-training-policy"

GOOD = """\
id: sample-case
kind: practice
chapter: 1
position: 90
title: Sample case
summary: A short summary.
attribution: named
member: MY
tags: [training-policy]
status: published
added: 2026-05-20
"""


def replace(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new)


TABLE_HEAD = "tables:\n  - caption: C\n    columns: [A, B, C]\n    rows:\n      - [a, b, c]\n"

# (name, file content, expected report line without the "path:" prefix)
CORPUS: list[tuple[str, str | bytes, str]] = [
    (
        "malformed YAML: unclosed quote",
        replace("title: Sample case", 'title: "Sample case'),
        "5:8: (file): YAML syntax: this quotation mark is opened but never closed; "
        "close it at the end of the value",
    ),
    (
        "colon inside a plain value",
        replace("title: Sample case", "title: Case: a sample"),
        "5:12: (file): YAML syntax: mapping values are not allowed here; "
        "a value contains `: ` (put the whole value in double quotes), "
        "or this line is indented further than the field above it (line them up)",
    ),
    (
        "tab used for indentation",
        replace("tags: [training-policy]", "tags:\n\t- training-policy"),
        "10:1: (file): a tab is used for indentation; YAML needs spaces. "
        "Replace the tab with spaces (two per level, lined up with the field above)",
    ),
    (
        "byte-order mark",
        b"\xef\xbb\xbf" + GOOD.encode(),
        "1:1: (file): the file starts with an invisible byte-order mark (BOM); "
        "save it as 'UTF-8' without BOM (in Notepad: Save as > Encoding: UTF-8, not 'UTF-8 with BOM')",
    ),
    (
        "non-UTF-8 byte from Word",
        GOOD.replace("A short summary.", "A ’short’ summary.").encode("cp1252"),
        "6:12: (file): byte 0x92 is not UTF-8 text "
        "(often a quote or dash pasted from Word and saved in another encoding); "
        "save the file as UTF-8 and retype that character",
    ),
    (
        "UTF-16 file",
        GOOD.encode("utf-16"),
        "1:1: (file): the file is saved as UTF-16; save it again as UTF-8 "
        "(in Notepad: Save as > Encoding: UTF-8)",
    ),
    (
        "duplicate key",
        GOOD + "title: Another title\n",
        "12:1: title: `title` appears twice in the same block (first on line 5); "
        "keep one and delete the other",
    ),
    (
        "unknown key with a near miss",
        replace("summary: A short summary.", "sumary: A short summary."),
        "6:1: sumary: unknown field `sumary`; remove it or correct its spelling. Did you mean `summary`?",
    ),
    (
        "missing required field",
        replace("status: published\n", ""),
        "1:1: status: required field `status` is missing; add `status: ...` here",
    ),
    (
        "wrong type: text where a number belongs",
        replace("chapter: 1", "chapter: one"),
        "3:10: chapter: `one` is not a whole number; write digits only, e.g. 3",
    ),
    (
        "wrong type: list where text belongs",
        replace("title: Sample case", "title: [Sample, case]"),
        "5:8: title: write text here (put it in double quotes if it looks like a number, a date or yes/no)",
    ),
    (
        "wrong type: single tag instead of a list",
        replace("tags: [training-policy]", "tags: training-policy"),
        "9:7: tags: write a list here: one `- item` per line, indented under the field",
    ),
    (
        "enum value misspelt",
        replace("status: published", "status: publshed"),
        "10:9: status: `publshed` is not allowed here; write one of: draft, published. "
        "Did you mean `published`?",
    ),
    (
        "unknown kind",
        replace("kind: practice", "kind: practise"),
        "2:7: kind: `practise` is not a kind of record; write one of: text, survey, wco-tool, practice, "
        "discussion, highlight, one-step-forward, example, event. Did you mean `practice`?",
    ),
    (
        "date written day/month/year",
        replace("added: 2026-05-20", "added: 20/05/2026"),
        "11:8: added: `20/05/2026` is not a date; write it as YYYY-MM-DD, e.g. 2026-05-20",
    ),
    (
        "date that does not exist",
        replace("added: 2026-05-20", "added: 2026-02-30"),
        "11:8: added: `2026-02-30` is not a real calendar date; write an existing date as YYYY-MM-DD",
    ),
    (
        "date in the future",
        replace("added: 2026-05-20", "added: 2099-01-01"),
        "11:8: added: 2099-01-01 is in the future; "
        "use the date the change was made (today is 2026-11-23 at the latest, anywhere on Earth)",
    ),
    (
        "updated before added",
        GOOD + "updated: 2026-01-01\n",
        "12:10: updated: `updated` (2026-01-01) is before `added` (2026-05-20); "
        "a record is updated after it is added",
    ),
    (
        "id differs from the file name",
        replace("id: sample-case", "id: sample-case-2"),
        "1:5: id: the id `sample-case-2` must equal the file name `sample-case`; "
        "rename the file to `sample-case-2.yml` or change the id",
    ),
    (
        "id with capitals and spaces",
        replace("id: sample-case", "id: Sample Case"),
        "1:5: id: use only lower-case letters, digits and single hyphens, e.g. `annual-training-plan`",
    ),
    (
        "dangling related record",
        GOOD + "related: [three-pillar-aproach-training-course]\n",
        "12:11: related[0]: no record has the id `three-pillar-aproach-training-course`; "
        "check the file name under data/cases/. Did you mean `three-pillar-approach-training-course`?",
    ),
    (
        "unknown tag",
        replace("tags: [training-policy]", "tags: [training-polcy]"),
        "9:8: tags[0]: `training-polcy` is not in data/tags.yml; use a listed tag or propose it there. "
        "Did you mean `training-policy`?",
    ),
    (
        "unknown member",
        replace("member: MY", "member: XX"),
        "8:9: member: `XX` is not in data/members.yml; use a listed code or add the member there.",
    ),
    (
        "member written as a name",
        replace("member: MY", "member: Malaysia"),
        "8:9: member: write the member's code, `MY` (Malaysia), not `Malaysia`",
    ),
    (
        "member written as something that is no member's name",
        replace("member: MY", "member: Atlantis"),
        "8:9: member: use the member's two capital letters from data/members.yml, e.g. `MY` for Malaysia",
    ),
    (
        "named record without a member",
        replace("member: MY\n", ""),
        "7:14: member: a named record needs `member:` with the member's code; "
        "or write `attribution: anonymous`",
    ),
    (
        "unknown source",
        GOOD + 'sources:\n  - source: wco-fppcp-2016\n    pages: "80"\n',
        "13:13: sources[0].source: `wco-fppcp-2016` is not in data/sources.yml; "
        "add the publication there first. Did you mean `wco-fppcp-2015`?",
    ),
    (
        "pages written as words",
        GOOD + "sources:\n  - source: wco-fppcp-2015\n    pages: page eighty\n",
        '14:12: sources[0].pages: write pages as digits, e.g. "80", "102-106" or "80, 83" (in double quotes)',
    ),
    (
        "chapter that does not exist",
        replace("chapter: 1", "chapter: 42"),
        "3:10: chapter: there is no chapter 42; write one of: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 20, 21",
    ),
    (
        "kind the chapter has no section for",
        replace("kind: practice", "kind: highlight") + "meeting: 23rd RTC Heads Meeting\n",
        "2:7: kind: chapter 1 (Training Policy) has no `highlight` section; "
        "choose another chapter or add the section to data/edition.yml",
    ),
    (
        "unknown glossary term",
        GOOD + "body: Our [[XYZ]] programme.\n",
        "12:11: body: `[[XYZ]]` is not in data/glossary.yml; add the term there or remove the brackets",
    ),
    (
        "image without alt text",
        GOOD + 'images:\n  - missing: true\n    alt: ""\n',
        "14:10: images[0].alt: must not be empty; write the text or remove the field if it is optional",
    ),
    (
        "image outside the repository",
        GOOD + "images:\n  - path: ../../etc/passwd.png\n    alt: A figure\n",
        "13:11: images[0].path: the image path must lead to a file under data/: "
        "write it from the project folder, e.g. data/images/figure.png, without `./` or `..`",
    ),
    (
        "image file that is not there",
        GOOD + "images:\n  - path: data/images/nowhere.png\n    alt: A figure\n",
        "13:11: images[0].path: no image file at `data/images/nowhere.png`; add the file or correct the path",
    ),
    (
        "percentage over 100",
        "id: sample-case\nkind: survey\nchapter: 1\nposition: 90\ntitle: Survey\nsummary: Figures.\n"
        "year: 2023\n"
        "figures:\n  - label: Have a plan\n    value: 130\n"
        "sources: [{source: wco-training-management-survey-2023}]\nstatus: published\nadded: 2026-05-20\n",
        "10:12: figures[0].value: 130 percent is more than 100; check the figure",
    ),
    (
        "table row with a missing cell",
        GOOD + "tables:\n  - caption: Plan\n    columns: [Course, Weeks]\n"
        '    rows:\n      - [Basic, "4"]\n      - [Advanced]\n',
        "17:9: tables[0].rows[1]: this row has 1 cells but the table has 2 columns; "
        'give every row one cell per column ("" for an empty cell)',
    ),
    (
        "raw HTML pasted into the body",
        GOOD + "body: |\n  Fine text.\n  <script>alert(1)</script>\n",
        "14:3: body: raw HTML `<script>` is not allowed; "
        "use Markdown (**bold**, lists, [links](https://...)) instead",
    ),
    (
        "javascript link",
        GOOD + 'body: "[click](javascript:alert(1))"\n',
        "12:14: body: links must start with https:// (or http://, mailto:); "
        "script and data links are refused",
    ),
    (
        "alias and anchor",
        GOOD + "summary2: &a text\nbody: *a\n",
        "12:11: summary2: anchors and aliases (`&name`, `*name`) are not allowed; write the value out",
    ),
    (
        "custom YAML tag",
        replace("title: Sample case", "title: !!python/object:os.system echo"),
        "5:8: title: the YAML tag `tag:yaml.org,2002:python/object:os.system` is not allowed; "
        "remove it (records hold plain text, numbers, dates and lists)",
    ),
    (
        "a second document in the file",
        GOOD + "---\nid: other\n",
        "12:1: (file): YAML syntax: a second document starts here (`---`); "
        "a record file holds one record, so remove this line and anything after it",
    ),
    (
        "empty file",
        "",
        "1:1: (file): the file is empty; copy a template from the editors' guide and fill it in",
    ),
    (
        "a list instead of fields",
        "- id: sample-case\n- kind: practice\n",
        "1:1: (file): a record must be a list of `field: value` lines, starting with `id:`",
    ),
    (
        "file that is not .yml",
        None,
        "1:1: (file): records are YAML files ending in .yml; rename the file or move it out of data/cases/",
    ),
    (
        "table row without its dash",
        replace("tags: [training-policy]", f"tags: [training-policy]\n{TABLE_HEAD}      [d, e, f]"),
        "15:7: (file): YAML syntax: this line is neither `field: value` nor a list item. "
        "If it is one more item of the list above (a table row, a source), "
        "start it with `- ` like the others; if it is a field, write `: ` after its name",
    ),
    (
        "list item indented less than the others",
        replace("tags: [training-policy]", f"tags: [training-policy]\n{TABLE_HEAD}    - [d, e, f]"),
        "15:5: (file): YAML syntax: this line is indented differently from the lines above it; "
        "line it up with the field or the list items (`- `) it belongs with, using spaces",
    ),
    (
        "comma inside a table cell",
        replace(
            "tags: [training-policy]",
            f"tags: [training-policy]\n{TABLE_HEAD}      - [Training, planning, x, y]",
        ),
        "15:9: tables[0].rows[1]: this row has 4 cells but the table has 3 columns; "
        'give every row one cell per column ("" for an empty cell). '
        'A comma separates cells: put a cell that holds a comma in double quotes, e.g. "a, b"',
    ),
    (
        "curly quotes around a value",
        replace(
            "tags: [training-policy]",
            "tags: [training-policy]\nsources:\n  - source: wco-fppcp-2015\n    pages: \u201c80\u201d",
        ),
        "12:12: sources[0].pages: \u201ccurly quotes\u201d are part of the text in YAML, not quotes; "
        'write straight double quotes "like this" (your editor may have replaced them) or none at all',
    ),
    (
        "member code in small letters",
        replace("member: MY", "member: th"),
        "8:9: member: write the member's code, `TH` (Thailand), not `th`",
    ),
]


@pytest.mark.parametrize(("name", "content", "expected"), CORPUS, ids=[c[0] for c in CORPUS])
def test_broken_record_reports_exact_place_and_fix(project: Path, name, content, expected):
    file_name = "sample-case.yaml" if content is None else "sample-case.yml"
    path = project / FOLDER / file_name
    if content is None:
        content = GOOD
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(CompendiumError) as raised:
        build_compendium(project, today=TODAY)
    assert [str(p) for p in raised.value.problems] == [f"{FOLDER}/{file_name}:{expected}"]


def test_corpus_covers_at_least_25_kinds_of_mistake():
    assert len({name for name, _, _ in CORPUS}) >= 25


def test_five_megabyte_file_is_refused_before_parsing(project: Path):
    path = project / FOLDER / "sample-case.yml"
    path.write_text(GOOD + "body: |\n" + ("  " + "x" * 98 + "\n") * 49_500, encoding="utf-8")
    with pytest.raises(CompendiumError) as raised:
        build_compendium(project, today=TODAY)
    assert [str(p) for p in raised.value.problems] == [
        f"{FOLDER}/sample-case.yml:1:1: (file): the file is 5.0 MB; a record must be under 512 KB. "
        "Keep only the text of the record here and split very long material into several records."
    ]


def test_all_problems_of_all_files_are_reported_in_one_run(project: Path):
    (project / FOLDER / "sample-case.yml").write_text(replace("chapter: 1", "chapter: one"), encoding="utf-8")
    (project / FOLDER / "other-case.yml").write_text(
        GOOD.replace("sample-case", "other-case")
        .replace("position: 90", "position: 91")
        .replace("status: published", "status: done"),
        encoding="utf-8",
    )
    with pytest.raises(CompendiumError) as raised:
        build_compendium(project, today=TODAY)
    assert [f"{p.path}:{p.line}:{p.field}" for p in raised.value.problems] == [
        f"{FOLDER}/other-case.yml:10:status",
        f"{FOLDER}/sample-case.yml:3:chapter",
    ]


def test_duplicate_id_in_another_folder_names_both_files(project: Path):
    other = project / "data" / "cases" / "extra"
    other.mkdir()
    (other / "three-pillar-approach-training-course.yml").write_text(
        GOOD.replace("sample-case", "three-pillar-approach-training-course").replace(
            "position: 90", "position: 91"
        ),
        encoding="utf-8",
    )
    with pytest.raises(CompendiumError) as raised:
        build_compendium(project, today=TODAY)
    assert [str(p) for p in raised.value.problems] == [
        "data/cases/extra/three-pillar-approach-training-course.yml:1:5: id: "
        "the id `three-pillar-approach-training-course` is already used by "
        "data/cases/01-training-policy/three-pillar-approach-training-course.yml; choose another id"
    ]


def test_symlinked_image_leading_outside_is_refused(project: Path, tmp_path: Path):
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"\x89PNG")
    images = project / "data" / "images"
    images.mkdir()
    (images / "figure.png").symlink_to(outside)
    (project / FOLDER / "sample-case.yml").write_text(
        GOOD + "images:\n  - path: data/images/figure.png\n    alt: A figure\n", encoding="utf-8"
    )
    with pytest.raises(CompendiumError) as raised:
        build_compendium(project, today=TODAY)
    assert [str(p) for p in raised.value.problems] == [
        f"{FOLDER}/sample-case.yml:13:11: images[0].path: the image path leads outside the repository "
        "(through a link); put the image file itself under data/images/"
    ]


def test_draft_linked_from_published_record_is_refused(project: Path):
    (project / FOLDER / "sample-case.yml").write_text(
        replace("status: published", "status: draft"), encoding="utf-8"
    )
    linking = project / FOLDER / "training-policy-definition.yml"
    linking.write_text(
        linking.read_text(encoding="utf-8").replace(
            "status: published", "related: [sample-case]\nstatus: published"
        ),
        encoding="utf-8",
    )
    with pytest.raises(CompendiumError) as raised:
        build_compendium(project, today=TODAY)
    [problem] = raised.value.problems
    assert (problem.path, problem.field) == (f"{FOLDER}/training-policy-definition.yml", "related[0]")
    assert "`sample-case` is still a draft" in problem.message


def test_position_shared_by_two_records_is_reported_on_both(project: Path):
    (project / FOLDER / "sample-case.yml").write_text(
        replace("position: 90", "position: 20"), encoding="utf-8"
    )
    with pytest.raises(CompendiumError) as raised:
        build_compendium(project, today=TODAY)
    assert [str(p) for p in raised.value.problems] == [
        f"{FOLDER}/sample-case.yml:4:11: position: position 20 of this section is also used by "
        f"{FOLDER}/three-pillar-approach-training-course.yml; give each record its own number",
        f"{FOLDER}/three-pillar-approach-training-course.yml:5:11: position: position 20 of this section "
        f"is also used by {FOLDER}/sample-case.yml; give each record its own number",
    ]


def test_a_type_mistake_does_not_hide_a_reference_mistake_in_the_same_file(project: Path):
    (project / FOLDER / "sample-case.yml").write_text(
        replace("status: published", "status: publshed")
        .replace("tags: [training-policy]", "tags: [training-polcy]")
        .replace("chapter: 1", "chapter: one"),
        encoding="utf-8",
    )
    with pytest.raises(CompendiumError) as raised:
        build_compendium(project, today=TODAY)
    assert [f"{p.line}:{p.column}: {p.field}" for p in raised.value.problems] == [
        "3:10: chapter",
        "9:8: tags[0]",
        "10:9: status",
    ]


def test_misspelt_required_fields_do_not_hide_other_mistakes_nor_invent_new_ones(project: Path):
    (project / FOLDER / "sample-case.yml").write_text(
        replace("summary:", "sumary:")
        .replace("attribution:", "attribuiton:")
        .replace("tags: [training-policy]", "tags: [mentoring]"),
        encoding="utf-8",
    )
    with pytest.raises(CompendiumError) as raised:
        build_compendium(project, today=TODAY)
    # No "a named record needs `member`" from a stand-in attribution: only the three real mistakes.
    assert [f"{p.line}:{p.column}: {p.field}" for p in raised.value.problems] == [
        "6:1: sumary",
        "7:1: attribuiton",
        "9:8: tags[0]",
    ]


def test_an_impossible_date_hides_none_of_the_files_other_problems(project: Path):
    """One problem never hides another: the date is reported with the member, tag and
    related record that are wrong too."""
    path = project / FOLDER / "sample-case.yml"
    text = (
        GOOD.replace("added: 2026-05-20", "added: 2026-02-30")
        .replace("member: MY", "member: ZZ")
        .replace("tags: [training-policy]", "tags: [no-such-tag]\nrelated: [no-such-record]")
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CompendiumError) as raised:
        build_compendium(project, today=TODAY)
    assert sorted(p.field for p in raised.value.problems) == ["added", "member", "related[0]", "tags[0]"]
    assert any("`2026-02-30` is not a real calendar date" in p.message for p in raised.value.problems)


# YAML 1.1 surprises are read as YAML 1.2 reads them, or named (issue 13).
@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("position: 90", "position: 012", []),  # 12, not octal 10
        (
            "position: 90",
            "position: 1:20",
            ["4:11: position: `1:20` is not a whole number; write digits only, e.g. 3"],
        ),
        ("added: 2026-05-20", "added: 0", ["11:8: added: write the date as YYYY-MM-DD, e.g. 2026-05-20"]),
        (
            "title: Sample case",
            'title: "Sample\\u0007case"',
            ["5:15: title: an invisible control character (U+0007)"],
        ),
        (
            "title: Sample case",
            'title: "Sample\\ncase"',
            ["5:8: title: write this on one line; remove the line break"],
        ),
        (
            "tags: [training-policy]",
            "tags: [training-policy]\nrelated: [training-policy-definition, training-policy-definition]",
            ["10:39: related[1]: `training-policy-definition` is listed twice; remove this line"],
        ),
    ],
    ids=[
        "leading zero",
        "sexagesimal",
        "date as a number",
        "control character",
        "line break",
        "related twice",
    ],
)
def test_yaml_surprises_and_invisible_characters(project: Path, old: str, new: str, expected: list[str]):
    (project / FOLDER / "sample-case.yml").write_text(replace(old, new), encoding="utf-8")
    try:
        compendium = build_compendium(project, today=TODAY)
        found: list[str] = []
        assert compendium.records["sample-case"].position in (12, 90)
        if "012" in new:
            assert compendium.records["sample-case"].position == 12
    except CompendiumError as error:
        found = [str(p).removeprefix(f"{FOLDER}/sample-case.yml:") for p in error.problems]
    assert len(found) == len(expected) and all(
        f.startswith(e) for f, e in zip(found, expected, strict=True)
    ), found


def test_a_figure_of_infinity_is_refused(project: Path):
    survey = project / FOLDER / "training-policy-survey-2023.yml"
    text = survey.read_text(encoding="utf-8")
    first_value = re.search(r"value: [0-9.]+", text)
    survey.write_text(text.replace(first_value.group(0), "value: .inf", 1), encoding="utf-8")
    with pytest.raises(CompendiumError) as raised:
        build_compendium(project, today=TODAY)
    assert [p.field for p in raised.value.problems] == ["figures[0].value"]


def test_no_records_folder_is_a_problem_not_an_empty_edition(project: Path):
    shutil.rmtree(project / "data" / "cases")
    with pytest.raises(CompendiumError) as raised:
        build_compendium(project, today=TODAY)
    assert str(raised.value.problems[0]).startswith(
        "data/cases:1:1: (folder): the folder data/cases/ is missing"
    )
