"""`compendium validate` and `compendium schema`, run as an editor or CI would run them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPO


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "compendium.cli", *args], capture_output=True, text=True, cwd=cwd
    )


def test_validate_passes_on_the_repository():
    result = run("validate")
    assert result.returncode == 0, result.stderr
    assert "published records checked; no problems." in result.stdout


def test_validate_lists_every_problem_and_exits_non_zero(project: Path):
    record = project / "data" / "cases" / "01-training-policy" / "training-policy-definition.yml"
    record.write_text(
        record.read_text(encoding="utf-8")
        .replace("status: published", "status: publishd")
        .replace("chapter: 1", "chapter: 99"),
        encoding="utf-8",
    )
    result = run("validate", "--root", str(project))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "data/cases/01-training-policy/training-policy-definition.yml:4:10: chapter: there is no chapter 99; "
        "write one of: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 20, 21",
        "data/cases/01-training-policy/training-policy-definition.yml:23:9: status: `publishd` is not "
        "allowed here; write one of: draft, published. Did you mean `published`?",
        "2 problems found; fix them and check again.",
    ]


def test_github_format_annotates_the_pull_request_diff(project: Path):
    record = project / "data" / "cases" / "01-training-policy" / "training-policy-definition.yml"
    record.write_text(
        record.read_text(encoding="utf-8").replace("status: published", "status: publishd"), encoding="utf-8"
    )
    result = run("validate", "--root", str(project), "--format", "github")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=data/cases/01-training-policy/training-policy-definition.yml,line=23,col=9::"
        "status: `publishd` is not allowed here; write one of: draft, published. Did you mean `published`?"
    ]


def test_wrong_root_is_a_usage_error_with_advice(tmp_path: Path):
    result = run("validate", "--root", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "has no data/ folder; run from the project folder or pass --root PROJECT_FOLDER" in result.stderr


def test_unknown_format_is_a_usage_error():
    result = run("validate", "--format", "xml")
    assert result.returncode == 2
    assert "invalid choice: 'xml'" in result.stderr


def test_committed_json_schemas_are_current():
    result = run("schema", "--check")
    assert result.returncode == 0, result.stderr


def test_schema_check_notices_a_stale_schema(project: Path):
    assert run("schema", "--root", str(project)).returncode == 0
    assert run("schema", "--check", "--root", str(project)).returncode == 0  # current once written
    stale = project / "schemas" / "practice.schema.json"
    stale.write_text(stale.read_text(encoding="utf-8").replace('"title"', '"titel"', 1), encoding="utf-8")
    result = run("schema", "--check", "--root", str(project))
    assert result.returncode == 1
    assert "schemas/ is out of date (practice.schema.json)" in result.stderr


def test_schema_refuses_unknown_fields_for_editors_autocompletion():
    import json

    schema = json.loads((REPO / "schemas" / "practice.schema.json").read_text(encoding="utf-8"))
    assert schema["additionalProperties"] is False
    assert {"id", "kind", "chapter", "title", "attribution", "status", "added"} <= set(schema["required"])
