"""The open data: every file of the built site's /api/v1/ follows its JSON Schema, the CSV
has its documented columns, the files say what the site says, and the open-data page's
examples run as written."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from browser import serve
from compendium.api import CSV_COLUMNS, records_csv
from compendium.check import build_compendium
from compendium.site import Site
from conftest import REPO, TODAY, copy_project

API = Path("api") / "v1"


def _validator(schema_file: Path) -> Draft202012Validator:
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)  # a valid draft 2020-12 schema
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _documents(built_site: Path) -> dict[Path, dict]:
    root = built_site / API
    return {
        path: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(root.rglob("*.json"))
        if "schemas" not in path.relative_to(root).parts
    }


@pytest.fixture(scope="module")
def compendium():
    return build_compendium(REPO, today=TODAY)


def test_the_api_has_a_file_for_the_edition_each_registry_and_every_published_record(built_site, compendium):
    root = built_site / API
    names = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
    expected = {
        "index.json",
        "edition.json",
        "chapters.json",
        "members.json",
        "sources.json",
        "tags.json",
        "glossary.json",
        "records/index.json",
        "records.csv",
    }
    assert expected <= names
    assert {n for n in names if re.fullmatch(r"records/(?!index\.json).+\.json", n)} == {
        f"records/{record_id}.json" for record_id in compendium.records
    }
    index = json.loads((root / "index.json").read_text(encoding="utf-8"))
    assert index["records"] == len(compendium.records)
    listed = [v for v in index["files"].values() if isinstance(v, str) and "{" not in v]
    listed += index["files"]["schemas"]
    assert all((root / name).is_file() for name in listed)
    assert {f"schemas/{n}" for n in ("record.schema.json", "edition.schema.json")} <= set(
        index["files"]["schemas"]
    )


def test_every_api_file_follows_the_schema_it_names(built_site):
    documents = _documents(built_site)
    assert len(documents) > 190
    for path, document in documents.items():
        schema_file = (path.parent / document["$schema"]).resolve()
        assert schema_file.is_relative_to((built_site / API / "schemas").resolve()), path
        errors = [f"{list(e.path)}: {e.message}" for e in _validator(schema_file).iter_errors(document)]
        assert errors == [], f"{path.relative_to(built_site)}: {errors[:3]}"


def test_the_schemas_refuse_what_the_files_must_not_hold(built_site):
    """The schemas say something: a confidential field, a missing address, a wrong type or
    an unknown kind of record is refused."""
    validator = _validator(built_site / API / "schemas" / "record.schema.json")
    record = json.loads(
        (built_site / API / "records" / "three-pillar-approach-training-course.json").read_text()
    )
    assert validator.is_valid(record)
    for broken in (
        {**record, "contact": {"name": "A. Editor", "email": "editor@example.org"}},
        {**record, "status": "draft"},
        {k: v for k, v in record.items() if k != "url"},
        {**record, "added": "20/05/2026"},
        {**record, "kind": "rumour"},
        {**record, "case_number": "two"},
    ):
        assert not validator.is_valid(broken), set(broken) ^ set(record) or broken
    members = _validator(built_site / API / "schemas" / "members.schema.json")
    document = json.loads((built_site / API / "members.json").read_text())
    assert members.is_valid(document)
    assert not members.is_valid({**document, "members": [{"code": "JP"}]})


def test_record_files_say_what_the_site_says(built_site, compendium):
    site_url = json.loads((built_site / API / "index.json").read_text())["site"]
    site = Site(compendium, site_url=site_url)
    for record_id in ("three-pillar-approach-training-course", "training-policy-definition"):
        record = compendium.records[record_id]
        document = json.loads((built_site / API / "records" / f"{record_id}.json").read_text())
        assert document["title"] == record.title and document["body"] == record.body
        assert document["heading"] == site.record_heading(record)
        assert document["url"] == site.url_of(site.record_uri(record))
        page = document["url"].removeprefix(site_url).split("#")[0]
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        assert f'id="{record_id}"' in html or record_id in page
    case = json.loads(
        (built_site / API / "records" / "three-pillar-approach-training-course.json").read_text()
    )
    assert case["case_number"] == 2 and case["attribution"] == "anonymous" and case["member"] is None
    chapters = json.loads((built_site / API / "chapters.json").read_text())["chapters"]
    first = next(ch for ch in chapters if ch["number"] == 1)
    assert first["records"] == [r.id for r in compendium.records.values() if r.chapter == 1]
    members = {m["code"]: m for m in json.loads((built_site / API / "members.json").read_text())["members"]}
    assert members["FJ"]["records"] == [r.id for r in compendium.by_member("FJ")] != []


def test_the_csv_has_the_documented_columns_and_one_row_per_record(built_site, compendium):
    text = (built_site / API / "records.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(csv.reader(io.StringIO(text)).__next__()) == CSV_COLUMNS
    assert [row["id"] for row in rows] == list(compendium.records)
    row = next(r for r in rows if r["id"] == "three-pillar-approach-training-course")
    document = json.loads((built_site / API / "records" / f"{row['id']}.json").read_text())
    assert row["title"] == document["title"] and row["url"] == document["url"]
    assert row["tags"] == "; ".join(document["tags"]) and row["case_number"] == "2"
    assert row["member"] == "" and row["attribution"] == "anonymous"
    assert row["body"] == document["body"]  # text over several lines survives the quoting
    # The page documents the columns the file has.
    page = (built_site / "open-data" / "index.html").read_text(encoding="utf-8")
    assert all(f"<code>{column}</code>" in page for column in CSV_COLUMNS)


def test_a_spreadsheet_never_runs_record_text_as_a_formula(tmp_path):
    project = copy_project(tmp_path / "project")
    case = project / "data" / "cases" / "01-training-policy" / "three-pillar-approach-training-course.yml"
    text = case.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title: .*$", 'title: "=HYPERLINK(\\"https://example.org\\",\\"x\\")"', text)
    text = re.sub(r"(?m)^summary: >-\n(  .*\n)+", "summary: '@SUM(A1:A9) and -2+3'\n", text)
    case.write_text(text, encoding="utf-8")
    compendium = build_compendium(project, today=TODAY)
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(records_csv(Site(compendium))))}
    row = rows["three-pillar-approach-training-course"]
    assert row["title"] == "'" + '=HYPERLINK("https://example.org","x")'
    assert row["summary"] == "'@SUM(A1:A9) and -2+3"


class _CodeBlocks(HTMLParser):
    """The text of each code block (<pre><code>) of a page."""

    def __init__(self):
        super().__init__()
        self.blocks: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._open.append(tag)
        if self._open[-2:] == ["pre", "code"]:
            self.blocks.append("")

    def handle_endtag(self, tag):
        while self._open and self._open.pop() != tag:
            pass

    def handle_data(self, data):
        if "pre" in self._open and "code" in self._open:
            self.blocks[-1] += data


def test_the_open_data_page_examples_run_as_written(built_site, tmp_path):
    """The page's curl and Python examples, run against the built site served here: they
    fetch the files and print what the page says they print."""
    html = (built_site / "open-data" / "index.html").read_text(encoding="utf-8")
    parser = _CodeBlocks()
    parser.feed(html)
    python = [b for b in parser.blocks if "urlopen" in b]
    shell = [line for b in parser.blocks for line in b.splitlines() if line.startswith("curl ")]
    assert len(python) == 3 and len(shell) == 2
    base = re.search(r'BASE = "([^"]+)"', "".join(python)).group(1)
    assert base.endswith("/api/v1/")
    with serve(built_site) as url:
        local = url + "api/v1/"
        for line in shell:
            out = subprocess.run(
                line.replace(base, local).split(), capture_output=True, text=True, check=True
            ).stdout
            assert json.loads(out)["$schema"].endswith(".schema.json")
        outputs = []
        for number, code in enumerate(python):
            script = tmp_path / f"example{number}.py"
            script.write_text(code.replace(base, local), encoding="utf-8")
            result = subprocess.run(
                [sys.executable, str(script)], capture_output=True, text=True, timeout=120
            )
            assert result.returncode == 0, result.stderr
            outputs.append(result.stdout)
    assert "Case 1: Comprehensive Strategy for Sustainable Workforce Development" in outputs[0]
    assert (
        "three-pillar-approach-training-course Chapter 1: Training Policy "
        "A Three-Pillar Approach to Training Course" in outputs[1].splitlines()
    )
    assert outputs[2] == ""  # the record is valid: validate() raised nothing
