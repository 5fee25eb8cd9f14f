"""Every command that README.md and the editors' guide (CONTRIBUTING.md, also the site's page)
tell a reader to type works as written, in a fresh clone, from a shell where nothing is
activated.

A command is a line of a ```bash (sh, shell, console) block, or inline code that starts
with `./` or `.ci/` or `.venv/`, or with a program's name and an argument (`compendium new`,
`pip install`, `mkdocs serve`...). Each must start with an entry point a fresh clone has:
a command of `./dev`, a script of the repository, or one of a few outside programs (git,
gh). Then the quick ones run, as written, in a fresh checkout with `./dev` set up; the
others are run by other tests (`./dev build` and the pre-commit hook in test_workflows.py,
`./dev pre-commit install` in test_precommit.py, `./dev test` is this suite, and
`.ci/run` is `./dev test`).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import socket
import subprocess
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

from checkout import dev_commands, environment_without_a_venv, fresh_checkout, set_up_like_dev
from conftest import REPO

DOCS = [REPO / "README.md", REPO / "CONTRIBUTING.md"]
ISSUE = REPO / "tests" / "issues" / "share-a-practice.md"

FENCE = re.compile(r"^(?P<indent> *)```(?P<info>[A-Za-z]*)[^\n]*\n(?P<body>.*?)^(?P=indent)```", re.M | re.S)
SHELLS = {"bash", "sh", "shell", "console"}
INLINE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
# Programs a reader might type the name of; inline code naming one with an argument is a command.
PROGRAMS = {
    "compendium",
    "mkdocs",
    "pip",
    "pip3",
    "python",
    "python3",
    "pytest",
    "pre-commit",
    "npm",
    "npx",
    "git",
    "gh",
    "sudo",
    "apt-get",
    "source",
    "ruff",
    "mypy",
}
# Programs outside the project the docs may tell a reader to run, and how.
OUTSIDE = {"git": {"clone"}, "gh": {"issue"}}
# ./dev's commands quick enough to run here for each time the docs show them; those that
# need arguments, when the docs give some (the prose also names `./dev new` alone).
QUICK = {"validate", "issue-form", "help", "setup-system"}
QUICK_WITH_ARGUMENTS = {"new", "import-issue", "compendium"}


def documented_commands() -> list[tuple[str, str]]:
    """(where, command) for every command of the docs, in order."""
    found = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        name = doc.relative_to(REPO).as_posix()
        for block in FENCE.finditer(text):
            if block["info"] not in SHELLS:
                continue
            first = text.count("\n", 0, block.start("body")) + 1
            for number, line in enumerate(textwrap.dedent(block["body"]).splitlines(), first):
                line = re.sub(r"\s+#.*$", "", line.strip().removeprefix("$ "))
                if line and not line.startswith("#"):
                    found.append((f"{name}:{number}", line))
        prose = FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
        for code in INLINE.finditer(prose):
            words = code.group(1).split()
            if code.group(1).startswith(("./", ".ci/", ".venv/")) or (
                len(words) > 1 and words[0] in PROGRAMS
            ):
                found.append((f"{name}:{prose.count(chr(10), 0, code.start()) + 1}", code.group(1)))
    return found


COMMANDS = documented_commands()


def segments(command: str) -> list[list[str]]:
    return [shlex.split(part) for part in command.split(" | ")]


def test_the_docs_commands_are_found():
    commands = {command for _, command in COMMANDS}
    assert {"./dev serve", "./dev test", "./dev validate"} <= commands
    assert './dev new practice --chapter 6 --title "Peer Coaching Circles for New Trainers"' in commands
    assert "gh issue view 42 --json body | ./dev import-issue -" in commands
    assert {where.split(":")[0] for where, _ in COMMANDS} == {d.relative_to(REPO).as_posix() for d in DOCS}


@pytest.mark.parametrize("where, command", COMMANDS, ids=[f"{w} {c}" for w, c in COMMANDS])
def test_each_command_starts_with_an_entry_point_a_fresh_clone_has(where: str, command: str):
    for words in segments(command):
        program = words[0]
        if program == "./dev":
            assert len(words) == 1 or words[1] in dev_commands(), (
                f"{where}: `{command}`: ./dev has no command `{words[1]}` (`./dev help` lists them)"
            )
        elif program.startswith(("./", ".ci/")):
            assert os.access(REPO / program, os.X_OK), (
                f"{where}: `{command}`: {program} is not in the repository"
            )
        else:
            assert program in OUTSIDE and words[1] in OUTSIDE[program], (
                f"{where}: `{command}` does not work in a fresh clone without an activated environment; "
                "write the ./dev command that does it (e.g. `./dev new`, `./dev compendium ...`)"
            )


def test_dev_lists_exactly_its_commands():
    """`./dev help` shows every command ./dev has, and no other."""
    shown = subprocess.run([REPO / "dev", "help"], capture_output=True, text=True, check=True).stdout
    listed = {line.split()[1] for line in shown.splitlines()}
    assert listed == set(dev_commands())


def quick_commands() -> list[str]:
    commands = []
    for _, command in COMMANDS:
        words = segments(command)[-1]
        if words[0] != "./dev" or len(words) < 2 or command in commands:
            continue
        if words[1] in QUICK or (words[1] in QUICK_WITH_ARGUMENTS and len(words) > 2):
            commands.append(command)
    return commands


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    checkout = fresh_checkout(tmp_path / "checkout")
    set_up_like_dev(checkout)
    # The guide has the editor save the issue as issue.md, or fetch it with GitHub's `gh`:
    # here a stand-in for `gh` prints what `gh issue view 42 --json body` prints.
    (checkout / "issue.md").write_text(ISSUE.read_text(encoding="utf-8"), encoding="utf-8")
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "gh").write_text(
        "#!/bin/sh\ncat <<'EOF'\n" + json.dumps({"body": ISSUE.read_text(encoding="utf-8")}) + "\nEOF\n",
        encoding="utf-8",
    )
    (tools / "gh").chmod(0o755)
    return checkout


def plain_shell(checkout: Path) -> dict[str, str]:
    env = environment_without_a_venv()
    env["PATH"] = f"{checkout.parent / 'tools'}{os.pathsep}{env['PATH']}"
    return env


@pytest.mark.parametrize("command", quick_commands())
def test_quick_commands_run_as_written_in_a_fresh_clone(checkout: Path, command: str):
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=checkout,
        capture_output=True,
        text=True,
        env=plain_shell(checkout),
        timeout=300,
    )
    assert result.returncode == 0, f"`{command}` failed:\n{result.stdout}\n{result.stderr}"
    if " new " in f" {command} " or "import-issue" in command:
        assert "data/cases/" in result.stdout  # it says which file it wrote


def test_quick_commands_include_the_editors_commands():
    assert {"new", "import-issue", "validate", "compendium"} <= {segments(c)[-1][1] for c in quick_commands()}


def test_dev_serve_serves_the_site_in_a_fresh_clone(checkout: Path):
    """`./dev serve` as documented, on a free port rather than 8000, which may be taken."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        ["./dev", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=checkout,
        env=plain_shell(checkout),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            line = server.stdout.readline()
            if not line and server.poll() is not None:
                pytest.fail("./dev serve stopped")
            if "Serving on" in line:
                break
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            assert response.status == 200 and b"Compendium" in response.read()
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(10)
