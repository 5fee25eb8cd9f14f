"""pre-commit, as git runs it from a plain shell or GitHub Desktop: no virtual environment
on PATH, none activated. The hook goes through `./dev validate`, which finds (or makes)
its own environment.

In a fresh checkout made a git repository, with `./dev` set up: `pre-commit run
--all-files` passes, and reports the validator's message once a record is broken; and
`./dev pre-commit install` makes `git commit` itself run the check.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from checkout import environment_without_a_venv, fresh_checkout, set_up_like_dev

RECORD = "data/cases/01-training-policy/training-policy-definition.yml"
MESSAGE = "status: `publishd` is not allowed here; write one of: draft, published."


@pytest.fixture(scope="module")
def repository(tmp_path_factory) -> Path:
    checkout = fresh_checkout(tmp_path_factory.mktemp("precommit") / "checkout")
    set_up_like_dev(checkout)
    git(checkout.parent, "init", "-q", str(checkout))
    git(checkout, "add", "-A")
    git(checkout, "commit", "-q", "--no-verify", "-m", "A fresh clone")
    return checkout


def plain_shell(repository: Path) -> dict[str, str]:
    return environment_without_a_venv(PRE_COMMIT_HOME=str(repository.parent / "pre-commit-home"))


def git(repository: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-c", "user.name=An Editor", "-c", "user.email=editor@example.org", *args],
        cwd=repository,
        capture_output=True,
        text=True,
        env=env,
        check=env is None,
        timeout=600,
    )


def pre_commit(repository: Path, *args: str) -> subprocess.CompletedProcess:
    # The interpreter that has pre-commit, by its path, as the installed git hook calls it:
    # with PATH left without any virtual environment.
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=repository,
        capture_output=True,
        text=True,
        env=plain_shell(repository),
        timeout=600,
    )


def break_record(repository: Path) -> str:
    path = repository / RECORD
    before = path.read_text(encoding="utf-8")
    path.write_text(before.replace("status: published", "status: publishd"), encoding="utf-8")
    return before


def test_the_shell_has_no_virtual_environment(repository: Path):
    env = plain_shell(repository)
    assert "VIRTUAL_ENV" not in env
    which = subprocess.run(["bash", "-c", "command -v compendium mkdocs"], env=env, capture_output=True)
    assert which.stdout == b"", "the project's commands must not be on this PATH"


def test_run_all_files_passes_then_reports_a_broken_record(repository: Path):
    result = pre_commit(repository, "run", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "compendium validate (check data/)" in result.stdout and "Passed" in result.stdout
    before = break_record(repository)
    try:
        git(repository, "add", RECORD)
        result = pre_commit(repository, "run", "--all-files")
        assert result.returncode == 1
        assert "Failed" in result.stdout and MESSAGE in result.stdout
    finally:
        (repository / RECORD).write_text(before, encoding="utf-8")
        git(repository, "add", RECORD)


def test_installed_hook_checks_each_commit(repository: Path):
    install = subprocess.run(
        ["./dev", "pre-commit", "install"],
        cwd=repository,
        capture_output=True,
        text=True,
        env=plain_shell(repository),
        timeout=600,
    )
    assert install.returncode == 0, install.stderr
    assert (repository / ".git" / "hooks" / "pre-commit").is_file()
    env = plain_shell(repository)
    before = break_record(repository)
    git(repository, "add", RECORD)
    refused = git(repository, "commit", "-m", "A broken record", env=env)
    assert refused.returncode != 0 and MESSAGE in refused.stdout + refused.stderr
    (repository / RECORD).write_text(before + "# Corrected.\n", encoding="utf-8")
    git(repository, "add", RECORD)
    committed = git(repository, "commit", "-m", "A record corrected", env=env)
    assert committed.returncode == 0, committed.stdout + committed.stderr
    assert "Passed" in committed.stdout + committed.stderr
