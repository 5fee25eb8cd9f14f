"""A fresh clone of this repository in a scratch folder, for tests that run `./dev` and
the documented commands exactly as written there.

`./dev`'s first run makes `.venv` and installs the project with its dependencies from
PyPI (minutes). `set_up_like_dev` makes the same environment in a second instead: a
virtual environment of its own whose packages are this test run's, with the checkout's
`src/` first, and `./dev`'s stamps current, so `./dev` finds itself set up and installs
nothing. Everything else `./dev` does, it does for real.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from conftest import REPO

# What a clone never holds, for when the repository's file list cannot be had from git:
# at the top, the environments and the built site; anywhere, caches.
NOT_IN_A_CLONE_AT_THE_TOP = {".git", ".venv", "node_modules", "site"}
NOT_IN_A_CLONE = {"__pycache__", ".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache"}


def _not_in_a_clone(folder: str, names: list[str]) -> set[str]:
    top = NOT_IN_A_CLONE_AT_THE_TOP if Path(folder) == REPO else set()
    return {
        name
        for name in names
        if name in top or name in NOT_IN_A_CLONE or name.endswith(".egg-info") or name.startswith(".site.")
    }


def fresh_checkout(target: Path) -> Path:
    """The files a clone of this working tree would hold (committed or not yet, but not
    ignored), with their modes: no .venv, node_modules, site/ or caches."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
    )
    if listed.returncode != 0:
        shutil.copytree(REPO, target, ignore=_not_in_a_clone)
        return target
    for name in sorted(set(listed.stdout.decode().split("\0")) - {""}):
        source = REPO / name
        if source.is_file():  # a file deleted but not yet committed is listed too
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def set_up_like_dev(checkout: Path) -> Path:
    """`.venv` as `./dev` leaves it, with this run's packages instead of a download."""
    venv = checkout / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    site_packages = venv / "lib" / version / "site-packages"
    ours = sysconfig.get_paths()["purelib"]
    (site_packages / "_this_test_run.pth").write_text(
        f"import site, sys; site.addsitedir({ours!r}); sys.path.insert(0, {str(checkout / 'src')!r})\n",
        encoding="utf-8",
    )
    for extras in ("", "[test]"):
        (venv / f".installed-{extras}").touch()  # newer than pyproject.toml: nothing to install
    return venv


def environment_without_a_venv(**extra: str) -> dict[str, str]:
    """This process's environment as a plain shell has it: no virtual environment on PATH
    and none activated."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONHOME", "PYTHONPATH")}
    env["PATH"] = os.pathsep.join(
        folder
        for folder in os.environ.get("PATH", "").split(os.pathsep)
        if folder and not (Path(folder).parent / "pyvenv.cfg").is_file()
    )
    env.update(extra)
    return env


def dev_commands() -> dict[str, str]:
    """./dev's commands, each with what it runs: the arms of its main `case`."""
    text = (REPO / "dev").read_text(encoding="utf-8")
    block = text[text.index('case "$command" in') : text.rindex("esac")]
    commands = {}
    for names, body in re.findall(r"^\s+([a-z-]+(?:\s*\|\s*[a-z-]+)*)\)\s+(.*?);;\s*$", block, re.MULTILINE):
        for name in re.split(r"\s*\|\s*", names):
            commands[name] = body
    return commands
