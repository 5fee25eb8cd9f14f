"""The files GitHub and pre-commit read: workflows, the issue form, the pull request
template and the pre-commit hooks.

Each is parsed and checked for the structure GitHub (or pre-commit) needs, and every
command the workflows and hooks run is a project command that this suite runs too, in a
copy of the repository, exactly as written: a workflow cannot call something untested.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from compendium import authoring
from conftest import REPO

GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ISSUE_FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
PRE_COMMIT_CONFIG = REPO / ".pre-commit-config.yaml"
PRE_COMMIT_HOOKS = REPO / ".pre-commit-hooks.yaml"

# What a `run:` line may be: installing this project, or one of its own commands.
PIP_INSTALL = re.compile(r"^(?:python -m )?pip install (?:--upgrade pip|\.)$")
PROJECT_COMMAND = re.compile(r"^compendium (?:validate|build|schema)(?: .*)?$")
# The one system step: the libraries WeasyPrint loads to lay out the PDF (present on Debian
# here, so the test suite, which builds the PDF, has them already).
PANGO = "sudo apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0"
PANGO_INSTALL = re.compile(
    r"^sudo apt-get install -y --no-install-recommends libpango-1\.0-0 libpangoft2-1\.0-0$"
)
ACTION = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+@v\d+$")
JOB_KEYS = {
    "name",
    "runs-on",
    "needs",
    "permissions",
    "environment",
    "env",
    "steps",
    "timeout-minutes",
    "if",
    "concurrency",
    "outputs",
    "strategy",
    "defaults",
}
STEP_KEYS = {
    "name",
    "id",
    "uses",
    "run",
    "with",
    "env",
    "if",
    "shell",
    "working-directory",
    "continue-on-error",
    "timeout-minutes",
}


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1, which PyYAML reads, takes a bare `on` for true; GitHub reads it as the key "on".
    value = workflow.get("on", workflow.get(True))
    return (
        {value: None}
        if isinstance(value, str)
        else dict.fromkeys(value)
        if isinstance(value, list)
        else value
    )


def steps(workflow: dict):
    for job_id, job in workflow["jobs"].items():
        for step in job["steps"]:
            yield job_id, job, step


def run_lines(step: dict) -> list[str]:
    return [
        line.strip()
        for line in step.get("run", "").splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def test_there_are_the_workflows_the_issue_form_and_the_hooks():
    assert [p.name for p in WORKFLOWS] == ["pr.yml", "publish.yml"]
    assert [p.name for p in ISSUE_FORMS] == ["share-a-practice.yml"]
    assert PRE_COMMIT_CONFIG.is_file() and PRE_COMMIT_HOOKS.is_file()
    assert (GITHUB / "pull_request_template.md").is_file()


# ----------------------------------------------------------------------------------------
# Workflows


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_workflow_has_triggers_jobs_and_steps(path: Path):
    workflow = load(path)
    assert isinstance(workflow, dict) and isinstance(workflow.get("name"), str)
    assert triggers(workflow), "`on:` is missing"
    assert workflow["jobs"] and isinstance(workflow["jobs"], dict)
    for job_id, job in workflow["jobs"].items():
        assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", job_id)
        assert set(job) <= JOB_KEYS, f"{job_id}: unknown keys {set(job) - JOB_KEYS}"
        assert isinstance(job["runs-on"], str) and isinstance(job["timeout-minutes"], int)
        for need in [job["needs"]] if isinstance(job.get("needs"), str) else job.get("needs", []):
            assert need in workflow["jobs"]
        assert isinstance(job["steps"], list) and job["steps"]
        for step in job["steps"]:
            assert set(step) <= STEP_KEYS, f"{job_id}: unknown step keys {set(step) - STEP_KEYS}"
            assert ("uses" in step) != ("run" in step), f"{job_id}: a step has either `uses` or `run`"
            if "uses" in step:
                assert ACTION.match(step["uses"]), (
                    f"{step['uses']}: name an action with its major version, e.g. actions/checkout@v4"
                )
            else:
                assert "with" not in step


def test_pull_request_workflow_checks_builds_and_keeps_a_preview():
    workflow = load(GITHUB / "workflows" / "pr.yml")
    assert "pull_request" in triggers(workflow)
    all_steps = [step for _, _, step in steps(workflow)]
    uses = [s["uses"].split("@")[0] for s in all_steps if "uses" in s]
    assert uses[:2] == ["actions/checkout", "actions/setup-python"]
    python = next(s for s in all_steps if s.get("uses", "").startswith("actions/setup-python"))
    assert python["with"]["python-version"] == "3.11"  # a string: 3.10 would be read as 3.1
    commands = [line for s in all_steps for line in run_lines(s)]
    assert commands == [
        PANGO,
        "python -m pip install .",
        "compendium validate --format github",
        "compendium build",
    ]
    preview = next(s for s in all_steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert preview["with"] == {"name": "site-preview", "path": "site/", "retention-days": 14}
    assert all_steps.index(preview) == len(all_steps) - 1


def test_publish_workflow_builds_on_main_and_deploys_to_pages():
    workflow = load(GITHUB / "workflows" / "publish.yml")
    assert triggers(workflow)["push"] == {"branches": ["main"]}
    jobs = workflow["jobs"]
    build, deploy = jobs["build"], jobs["deploy"]
    commands = [line for s in build["steps"] for line in run_lines(s)]
    assert commands == [
        PANGO,
        "python -m pip install .",
        "compendium validate --format github",
        "compendium build",
    ]
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"] == {"path": "site/"}
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    assert deploy["steps"][0]["id"] == "deployment"
    assert workflow["permissions"] == {"contents": "read"}  # the build job reads only


def workflow_commands() -> list[tuple[str, str]]:
    return [
        (f"{path.name}:{job_id}", line)
        for path in WORKFLOWS
        for job_id, _, step in steps(load(path))
        for line in run_lines(step)
    ]


@pytest.mark.parametrize("where, command", workflow_commands())
def test_every_run_command_is_a_project_command(where: str, command: str):
    assert PIP_INSTALL.match(command) or PROJECT_COMMAND.match(command) or PANGO_INSTALL.match(command), (
        f"{where}: `{command}` is not a project command; workflows run only `pip install .` and "
        "`compendium validate|build|schema`, which the tests run too"
    )


def test_pip_install_installs_the_compendium_command():
    """`pip install .` installs the project with its `compendium` command: the same
    install `./dev` makes (editable) for this test suite."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"]["compendium"] == "compendium.cli:main"
    assert project["requires-python"] == ">=3.11"


def _copy_repository(target: Path) -> Path:
    """What a workflow's checkout holds, without the local build and environment."""
    ignore = shutil.ignore_patterns(
        ".git", ".venv", "site", ".site.*", "__pycache__", ".pytest_cache", ".hypothesis", "*.egg-info"
    )
    shutil.copytree(REPO, target, ignore=ignore)
    return target


def _run_as_written(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    words = shlex.split(command)
    assert words[0] == "compendium"
    return subprocess.run(
        [sys.executable, "-m", "compendium.cli", *words[1:]], capture_output=True, text=True, cwd=cwd, env=env
    )


def test_workflow_and_hook_commands_run_here_as_written(tmp_path: Path):
    """Each job's commands, in order, in a copy of the repository; then what the job uploads
    is there. pre-commit's command runs in the same copy."""
    repository = _copy_repository(tmp_path / "checkout")
    jobs: dict[tuple[str, ...], list] = {}
    for path in WORKFLOWS:
        workflow = load(path)
        for job_id, job in workflow["jobs"].items():
            commands = tuple(line for step in job["steps"] for line in run_lines(step))
            uploads = [
                s["with"]["path"]
                for s in job["steps"]
                if "upload" in s.get("uses", "") and "path" in s.get("with", {})
            ]
            jobs.setdefault(commands, []).append(
                (f"{path.name}:{job_id}", {**workflow.get("env", {}), **job.get("env", {})}, uploads)
            )
    ran = set()
    for commands, users in jobs.items():
        for where, job_env, uploads in users:
            env = {**os.environ, **{k: str(v) for k, v in job_env.items()}}
            for command in commands:
                if (
                    PIP_INSTALL.match(command)
                    or PANGO_INSTALL.match(command)
                    or (command, tuple(sorted(job_env.items()))) in ran
                ):
                    continue  # the project and Pango are installed in this environment
                result = _run_as_written(command, repository, env)
                assert result.returncode == 0, (
                    f"{where}: `{command}` failed:\n{result.stdout}\n{result.stderr}"
                )
                ran.add((command, tuple(sorted(job_env.items()))))
            for upload in uploads:
                assert (repository / upload / "index.html").is_file(), (
                    f"{where}: nothing to upload at {upload}"
                )
    for hook in load(PRE_COMMIT_CONFIG)["repos"][0]["hooks"]:
        result = _run_as_written(hook["entry"], repository, dict(os.environ))
        assert result.returncode == 0, result.stderr
    assert ("compendium build", (("NO_MKDOCS_2_WARNING", "1"),)) in ran
    # The editors' guide tells reviewers to open the offline copy inside the site preview.
    assert list((repository / "site" / "downloads").glob("*-offline.zip"))


# ----------------------------------------------------------------------------------------
# The issue form

FORM_KEYS = {"name", "description", "title", "labels", "assignees", "projects", "body", "type"}
ATTRIBUTES = {
    "markdown": ({"value"}, {"value"}),
    "input": ({"label"}, {"label", "description", "placeholder", "value"}),
    "textarea": ({"label"}, {"label", "description", "placeholder", "value", "render"}),
    "dropdown": ({"label", "options"}, {"label", "description", "multiple", "options", "default"}),
    "checkboxes": ({"label", "options"}, {"label", "description", "options"}),
}


@pytest.mark.parametrize("path", ISSUE_FORMS, ids=[p.name for p in ISSUE_FORMS])
def test_issue_form_has_the_structure_github_needs(path: Path):
    form = load(path)
    assert set(form) <= FORM_KEYS
    assert form["name"].strip() and form["description"].strip()
    assert all(isinstance(label, str) and label for label in form.get("labels", []))
    body = form["body"]
    assert isinstance(body, list) and any(item["type"] != "markdown" for item in body)
    ids, labels = [], []
    for item in body:
        assert item["type"] in ATTRIBUTES
        required, allowed = ATTRIBUTES[item["type"]]
        assert required <= set(item["attributes"]) <= allowed, item
        assert set(item) <= {"type", "id", "attributes", "validations"}
        if item["type"] == "markdown":
            assert "id" not in item and "validations" not in item
            continue
        assert re.fullmatch(r"[A-Za-z0-9_-]+", item["id"]), item
        ids.append(item["id"])
        labels.append(item["attributes"]["label"])
        assert set(item.get("validations", {})) <= {"required"}
        options = item["attributes"].get("options")
        if item["type"] == "dropdown":
            assert (
                options
                and len(set(options)) == len(options)
                and all(isinstance(o, str) and o.strip() for o in options)
            )
        if item["type"] == "checkboxes":
            assert options and all(set(o) <= {"label", "required"} and o["label"] for o in options)
            assert "validations" not in item
    assert len(set(ids)) == len(ids) and len(set(labels)) == len(labels)


def test_issue_form_asks_what_the_importer_reads():
    form = load(GITHUB / "ISSUE_TEMPLATE" / "share-a-practice.yml")
    fields = [
        (i["id"], i["attributes"]["label"], i.get("validations", {}).get("required", False))
        for i in form["body"]
        if i["type"] != "markdown"
    ]
    assert fields[:-1] == [(f.id, f.label, f.required) for f in authoring.ISSUE_FIELDS]
    assert fields[-1][1] == authoring.PERMISSION_LABEL
    by_id = {i.get("id"): i for i in form["body"]}
    assert by_id["chapter"]["type"] == "dropdown" and by_id["member"]["type"] == "dropdown"
    assert by_id["tags"]["attributes"]["multiple"] is True
    # Multiple choices reach the issue joined by ", ": no option may hold a comma itself.
    assert not [o for o in by_id["tags"]["attributes"]["options"] if "," in o]
    for field_id in ("contact", "member", "attribution"):
        assert "" != by_id[field_id]["attributes"]["description"]
    assert "never publishes" in by_id["contact"]["attributes"]["description"]
    assert "everyone who can see" in by_id["contact"]["attributes"]["description"]


# ----------------------------------------------------------------------------------------
# The pull request template and pre-commit


def test_pull_request_template_is_a_checklist_an_editor_can_tick():
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] (.+)$", text, re.MULTILINE)
    assert len(boxes) >= 8
    for needed in ("validate", "site-preview", "attribution", "contact", "status: draft", "alt", "updated:"):
        assert any(needed in box for box in boxes), needed


def test_pre_commit_config_runs_compendium_validate_locally():
    config = load(PRE_COMMIT_CONFIG)
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    (hook,) = repo["hooks"]
    assert {"id", "name", "entry", "language"} <= set(hook)
    assert hook["entry"] == "compendium validate"
    assert hook["language"] == "system" and hook["pass_filenames"] is False
    assert re.search(hook["files"], "data/cases/01-training-policy/x.yml")


def test_pre_commit_hooks_manifest_offers_the_validator_to_other_repositories():
    hooks = load(PRE_COMMIT_HOOKS)
    assert isinstance(hooks, list)
    (hook,) = hooks
    assert {"id", "name", "entry", "language"} <= set(hook)
    assert hook["id"] == "compendium-validate" and hook["entry"] == "compendium validate"
    assert hook["language"] == "python"  # pre-commit installs this project for it
    assert hook["pass_filenames"] is False
