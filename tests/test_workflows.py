"""The files GitHub and pre-commit read: workflows, the issue form, the pull request
template and the pre-commit hooks.

Each is parsed and checked for the structure GitHub (or pre-commit) needs, and every
command the workflows and hooks run is a command of `./dev` (or a script of `.ci/`) that
this suite runs too, in a fresh checkout, exactly as written: a workflow cannot call
something untested, and installs what it needs the way `./dev` does on any computer.
"""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

from checkout import dev_commands, fresh_checkout, set_up_like_dev
from compendium import authoring
from compendium.cli import main
from conftest import REPO

GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ISSUE_FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
PRE_COMMIT_CONFIG = REPO / ".pre-commit-config.yaml"
PRE_COMMIT_HOOKS = REPO / ".pre-commit-hooks.yaml"

# What a `run:` line may be: a command of ./dev, or a script of .ci/ (its output possibly
# handed to GitHub). System packages come only through `./dev setup-system`, which runs
# `apt-get update` first.
DEV_COMMAND = re.compile(r"^\./dev (?P<command>[a-z-]+)(?: .*)?$")
CI_SCRIPT = re.compile(r'^(?P<script>\.ci/[a-z-]+)(?: "\$[A-Z_]+")*(?: >> "\$GITHUB_OUTPUT")?$')
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


def job_commands(job: dict) -> list[str]:
    return [line for step in job["steps"] for line in run_lines(step)]


def action(step: dict) -> str:
    """The action a step uses, without its version: `actions/checkout`, or "" for a `run:` step."""
    return step.get("uses", "").split("@")[0]


def step_using(job: dict, name: str) -> dict:
    (step,) = [s for s in job["steps"] if action(s) == name]
    return step


def step_running(job: dict, command: str) -> int:
    """Where in the job the step that runs `command` is."""
    return next(at for at, step in enumerate(job["steps"]) if command in run_lines(step))


def dev_steps(job: dict) -> list[int]:
    """Where in the job the steps that run ./dev are."""
    return [at for at, step in enumerate(job["steps"]) if any(map(DEV_COMMAND.match, run_lines(step)))]


def jobs_running_dev() -> list[tuple[str, dict, dict]]:
    """(workflow:job, workflow, job) of each job that runs ./dev, so the project's code."""
    found = []
    for path in WORKFLOWS:
        workflow = load(path)
        jobs = workflow["jobs"].items()
        found += [(f"{path.name}:{job_id}", workflow, job) for job_id, job in jobs if dev_steps(job)]
    return found


def readme_test_command() -> str:
    quick_start = re.search(r"```bash\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.DOTALL)
    return next(
        line.split("#")[0].strip()
        for line in quick_start.group(1).splitlines()
        if line.startswith("./dev test")
    )


def oldest_python() -> str:
    """The oldest Python the project says it runs on (pyproject.toml's requires-python)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return re.fullmatch(r">=\s*(\d+\.\d+)", project["requires-python"]).group(1)


DEV_JOBS = jobs_running_dev()


def test_the_jobs_that_run_dev_are_those_that_check_build_and_test():
    assert sorted(where for where, _, _ in DEV_JOBS) == ["pr.yml:check", "pr.yml:test", "publish.yml:build"]


@pytest.mark.parametrize("where, workflow, job", DEV_JOBS, ids=[where for where, _, _ in DEV_JOBS])
def test_a_job_that_runs_project_code_checks_it_out_and_sets_up_python_first(where, workflow, job):
    """Each job that runs ./dev works on the pull request's (or main's) files, with the
    oldest Python the project supports, set up before ./dev needs it; and it may write
    nothing to the repository or the site (a data file is input to that code)."""
    actions = [action(step) for step in job["steps"]]
    first_dev = dev_steps(job)[0]
    assert actions.index("actions/checkout") < actions.index("actions/setup-python") < first_dev, where
    python = step_using(job, "actions/setup-python")["with"]["python-version"]
    assert python == oldest_python() and isinstance(python, str), (
        f"{where}: python-version {python!r}: pyproject.toml's oldest Python, quoted (3.10 unquoted is 3.1)"
    )
    permissions = job.get("permissions", workflow.get("permissions"))
    assert permissions and set(permissions.values()) <= {"read", "none"}, f"{where} may write: {permissions}"


def test_pull_request_workflow_checks_builds_and_keeps_a_preview():
    workflow = load(GITHUB / "workflows" / "pr.yml")
    assert "pull_request" in triggers(workflow)
    check = workflow["jobs"]["check"]
    assert "if" not in check and "needs" not in check  # every pull request, data-only ones included
    commands = job_commands(check)
    # The system packages of a build first; the data is checked with annotations on the pull
    # request's lines before anything is built from it; the build is the last command.
    assert commands[0] == "./dev setup-system build"
    assert commands.index("./dev validate --format github") < commands.index("./dev build")
    assert commands[-1] == "./dev build"
    # What the build made is kept, under the name the pull request template tells reviewers
    # to open (what is in it: test_workflow_and_hook_commands_run_here_as_written).
    preview = step_using(check, "actions/upload-artifact")
    assert check["steps"].index(preview) > step_running(check, "./dev build")
    template = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    assert f"**{preview['with']['name']}**" in template
    assert 1 <= preview["with"]["retention-days"] <= 90  # GitHub keeps an artifact 90 days at most


def test_pull_requests_that_change_code_run_the_readmes_test_command():
    jobs = load(GITHUB / "workflows" / "pr.yml")["jobs"]
    test = jobs["test"]
    # The tests run only when the job that tells changes says the code changed...
    condition = re.fullmatch(r"needs\.([a-z-]+)\.outputs\.([a-z_]+) == 'true'", test["if"])
    assert condition and test["needs"] == condition[1]
    changes = jobs[condition[1]]
    # ...which is the output .ci/changes prints (`code=true`; test_ci_changes_tells_...),
    # run against the pull request's base commit, which the checkout must hold.
    step = next(s for s in changes["steps"] if run_lines(s))
    assert run_lines(step) == ['.ci/changes "$BASE" >> "$GITHUB_OUTPUT"'] and condition[2] == "code"
    assert changes["outputs"][condition[2]] == f"${{{{ steps.{step['id']}.outputs.{condition[2]} }}}}"
    assert "pull_request.base.sha" in step["env"]["BASE"]
    assert step_using(changes, "actions/checkout")["with"]["fetch-depth"] == 0  # all history: the base too
    # Then the README's command, once the system packages the tests need are there.
    commands = job_commands(test)
    assert commands.index("./dev setup-system test") < commands.index(readme_test_command())
    assert test["timeout-minutes"] >= 30  # the whole suite takes minutes


def test_publish_workflow_builds_on_main_and_deploys_to_pages():
    workflow = load(GITHUB / "workflows" / "publish.yml")
    assert triggers(workflow)["push"]["branches"] == ["main"] and "pull_request" not in triggers(workflow)
    jobs = workflow["jobs"]
    build, deploy = jobs["build"], jobs["deploy"]
    # The site's address is checked before anything is built, the data before the site.
    commands = job_commands(build)
    assert commands.index(".ci/check-site-url") < commands.index("./dev build")
    assert commands.index("./dev validate --format github") < commands.index("./dev build")
    upload = step_using(build, "actions/upload-pages-artifact")
    assert build["steps"].index(upload) > step_running(build, "./dev build")
    # Only the deploy job, which runs no code of ours, may write to Pages, once the build passed.
    assert deploy["needs"] == "build" and not job_commands(deploy)
    writers = [name for name, job in jobs.items() if job.get("permissions", {}).get("pages") == "write"]
    assert writers == ["deploy"]
    (publish,) = deploy["steps"]
    assert action(publish) == "actions/deploy-pages"
    assert deploy["environment"]["url"] == f"${{{{ steps.{publish['id']}.outputs.page_url }}}}"


def test_every_artifact_a_job_downloads_is_uploaded_by_a_job_before_it():
    """Downloaded to where it was uploaded from, by a job that waits for the uploading one:
    the books job finds the books in site/downloads/, where .ci/release-books looks."""

    def before(jobs: dict, job_id: str) -> set[str]:
        needs = jobs[job_id].get("needs", [])
        needs = [needs] if isinstance(needs, str) else needs
        return set(needs).union(*(before(jobs, n) for n in needs))

    downloads = 0
    for path in WORKFLOWS:
        jobs = load(path)["jobs"]

        uploads = {
            step["with"]["name"]: (job_id, step["with"]["path"])
            for job_id, job in jobs.items()
            for step in job["steps"]
            if action(step) == "actions/upload-artifact"
        }
        for job_id, job in jobs.items():
            for step in job["steps"]:
                if action(step) == "actions/download-artifact":
                    maker, made_at = uploads[step["with"]["name"]]
                    assert maker in before(jobs, job_id), f"{path.name}:{job_id} does not wait for {maker}"
                    assert step["with"]["path"] == made_at, f"{path.name}:{job_id}"
                    downloads += 1
    assert downloads == 1  # the books job's


def workflow_commands() -> list[tuple[str, str]]:
    return [
        (f"{path.name}:{job_id}", line)
        for path in WORKFLOWS
        for job_id, _, step in steps(load(path))
        for line in run_lines(step)
    ]


@pytest.mark.parametrize("where, command", workflow_commands())
def test_every_run_command_is_a_project_command(where: str, command: str):
    dev = DEV_COMMAND.match(command)
    script = CI_SCRIPT.match(command)
    assert (dev and dev["command"] in dev_commands()) or (
        script and os.access(REPO / script["script"], os.X_OK)
    ), (
        f"{where}: `{command}` is not a project command; workflows run only commands of ./dev "
        "(system packages through `./dev setup-system`) and scripts of .ci/, which the tests run too"
    )


def installed_command(name: str):
    """The function `pip install .` makes the command `name` of (pyproject.toml's scripts)."""
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    module, function = scripts[name].split(":")
    return getattr(importlib.import_module(module), function)


def test_pip_install_installs_the_compendium_command(capsys):
    """`pip install .` installs the project with its `compendium` command: what pre-commit
    does for other repositories' hook (.pre-commit-hooks.yaml), and `./dev` (editable).
    The function it names is the command line, with the validator among its commands."""
    with pytest.raises(SystemExit) as done:
        installed_command("compendium")(["validate", "--help"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("usage: compendium validate")


def _run_as_written(command: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", command], capture_output=True, text=True, cwd=cwd, timeout=600)


def test_workflow_and_hook_commands_run_here_as_written(tmp_path: Path):
    """Each job's ./dev commands, in order, in a fresh checkout (./dev set up); then what
    the job uploads is there. pre-commit's command runs in the same checkout."""
    checkout = fresh_checkout(tmp_path / "checkout")
    set_up_like_dev(checkout)
    ran: set[str] = set()
    for path in WORKFLOWS:
        for job_id, job in load(path)["jobs"].items():
            for command in job_commands(job):
                if not DEV_COMMAND.match(command) or command in ran:
                    continue  # .ci/changes: tested below, in a repository of its own
                if command == readme_test_command():
                    continue  # this very suite, which `./dev test` runs
                result = _run_as_written(command, checkout)
                assert result.returncode == 0, f"{path.name}:{job_id}: `{command}` failed:\n{result.stderr}"
                ran.add(command)
            for step in job["steps"]:
                if "upload" in step.get("uses", "") and "path" in step.get("with", {}):
                    uploaded = checkout / step["with"]["path"]
                    expected = "index.html" if step["with"]["path"] == "site/" else "compendium-2026.pdf"
                    assert (uploaded / expected).is_file(), (
                        f"{path.name}:{job_id}: nothing to upload at {step['with']['path']}"
                    )
    assert {"./dev setup-system build", "./dev setup-system test", "./dev build"} <= ran
    for hook in load(PRE_COMMIT_CONFIG)["repos"][0]["hooks"]:
        result = _run_as_written(hook["entry"], checkout)
        assert result.returncode == 0, result.stderr
    # The editors' guide tells reviewers to open the offline copy inside the site preview.
    assert list((checkout / "site" / "downloads").glob("*-offline.zip"))
    assert list((checkout / "site" / "downloads").glob("*.pdf"))


def _git(repository: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=repository,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.mark.parametrize(
    "changed, code",
    [
        (["data/cases/01-training-policy/a.yml"], "false"),
        (["data/cases/01-training-policy/a.yml", "data/members.yml"], "false"),
        (["src/compendium/render.py"], "true"),
        (["data/cases/01-training-policy/a.yml", "tests/test_site.py"], "true"),
        ([".github/workflows/pr.yml"], "true"),
        (["dev"], "true"),
        (["CONTRIBUTING.md"], "true"),
        ([], "true"),  # nothing to tell from: test
    ],
)
def test_ci_changes_tells_data_only_changes_from_the_rest(tmp_path: Path, changed: list[str], code: str):
    repository = tmp_path / "repository"
    for name in (
        "data/cases/01-training-policy/a.yml",
        "data/members.yml",
        "src/compendium/render.py",
        "tests/test_site.py",
        ".github/workflows/pr.yml",
        "dev",
        "CONTRIBUTING.md",
    ):
        (repository / name).parent.mkdir(parents=True, exist_ok=True)
        (repository / name).write_text("first\n", encoding="utf-8")
    _git(repository.parent, "init", "-q", str(repository))
    _git(repository, "add", "-A")
    _git(repository, "commit", "-q", "-m", "base")
    base = _git(repository, "rev-parse", "HEAD").strip()
    for name in changed:
        (repository / name).write_text("second\n", encoding="utf-8")
    _git(repository, "commit", "-q", "--allow-empty", "-am", "change")
    result = subprocess.run([REPO / ".ci" / "changes", base], cwd=repository, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"code={code}\n"


def test_no_workflow_installs_system_packages_but_through_dev():
    """`./dev setup-system` runs `apt-get update` first; a bare `apt-get install` fails when
    the runner's package lists are stale."""
    for path in WORKFLOWS:
        assert "apt-get" not in path.read_text(encoding="utf-8"), path.name


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


def test_pre_commit_config_runs_dev_validate_locally():
    """The hook sets itself up through ./dev: nothing to activate where git runs it."""
    config = load(PRE_COMMIT_CONFIG)
    (repo,) = config["repos"]
    assert repo["repo"] == "local"  # nothing for pre-commit to fetch
    (hook,) = repo["hooks"]
    assert {"id", "name", "entry", "language"} <= set(hook)
    # A command of ./dev that runs the validator; `script`: a file of this repository, run as is.
    command = DEV_COMMAND.match(hook["entry"])
    assert command and "compendium.cli validate" in dev_commands()[command["command"]]
    assert hook["language"] == "script" and os.access(REPO / hook["entry"].split()[0], os.X_OK)
    assert hook["pass_filenames"] is False  # the whole project: a record is checked against the others
    # It runs when a record, a registry or a schema changes, not for other commits.
    changed = re.compile(hook["files"])
    for path in ("data/cases/01-training-policy/x.yml", "data/members.yml", "schemas/practice.schema.json"):
        assert changed.search(path), path
    assert not changed.search("README.md")


def test_pre_commit_hooks_manifest_offers_the_validator_to_other_repositories():
    hooks = load(PRE_COMMIT_HOOKS)
    assert isinstance(hooks, list)
    (hook,) = hooks
    assert {"id", "name", "entry", "language"} <= set(hook)
    # pre-commit installs this project (language: python) and runs the command that installs:
    # the validator, of the whole repository it runs in.
    program, *arguments = hook["entry"].split()
    assert hook["language"] == "python" and installed_command(program) is main
    assert arguments == ["validate"] and hook["pass_filenames"] is False
    assert re.search(hook["files"], "data/cases/01-training-policy/x.yml")
    # The same check under the same name, here and in other repositories.
    assert hook["id"] == load(PRE_COMMIT_CONFIG)["repos"][0]["hooks"][0]["id"]


def test_release_books_keeps_each_editions_books_in_its_release(tmp_path: Path):
    """.ci/release-books, with a stand-in `gh` that records what it is asked: the release
    of the current edition is made once, then its books are replaced by the latest."""
    checkout = fresh_checkout(tmp_path / "checkout")
    downloads = checkout / "site" / "downloads"
    downloads.mkdir(parents=True)
    (downloads / "compendium-2026.pdf").write_bytes(b"%PDF-1.7 the book")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "gh-calls"
    released = tmp_path / "released"
    (bin_dir / "gh").write_text(
        "#!/usr/bin/env bash\n"
        f'echo "$*" >> {calls}\n'
        f'if [ "$1 $2" = "release view" ]; then [ -f {released} ]; exit; fi\n'
        f'if [ "$1 $2" = "release create" ]; then touch {released}; fi\n',
        encoding="utf-8",
    )
    (bin_dir / "gh").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    for _ in range(2):
        result = subprocess.run([".ci/release-books"], cwd=checkout, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    assert calls.read_text().splitlines() == [
        "release view edition-2026",
        "release create edition-2026 --title Edition 2026 --notes The books of Edition 2026 of the "
        "compendium, as last published.",
        "release upload edition-2026 site/downloads/compendium-2026.pdf --clobber",
        "release view edition-2026",
        "release upload edition-2026 site/downloads/compendium-2026.pdf --clobber",
    ]
    (downloads / "compendium-2026.pdf").unlink()
    result = subprocess.run([".ci/release-books"], cwd=checkout, env=env, capture_output=True, text=True)
    assert result.returncode == 1 and "holds no book of Edition 2026" in result.stderr
