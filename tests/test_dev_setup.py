"""`./dev` sets up a bare machine: every Debian package the build and the tests use is
installed when it is missing, and nothing else.

Each test runs the real `./dev setup-system` with a PATH made of this machine's commands
minus those `./dev` looks for (so the machine looks bare whatever is installed on it), and
stubs that record what they are asked: `apt-get`, `dpkg-query` (which answers as on a bare
machine, or as on a complete one), `sudo` and `id`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from checkout import dev_commands
from conftest import REPO

DEV = REPO / "dev"

# What the suite and the build use from the system, whatever ./dev says: Chromium for the
# browser tests; Pango for WeasyPrint, and the PDF's typeface; npm for axe-core; git for the
# pre-commit test.
NEEDED = {"chromium", "libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core", "npm", "git"}
NEEDED_TO_BUILD = {"libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core"}


def dev_list(name: str) -> list[str]:
    """One of ./dev's package lists, as bash reads it."""
    text = DEV.read_text(encoding="utf-8")
    arrays = re.findall(r"^[A-Z_]+_PACKAGES=\(.*?^\)", text, re.MULTILINE | re.DOTALL)
    script = "\n".join(arrays) + f'\nprintf "%s\\n" "${{{name}[@]}}"\n'
    return subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True).stdout.split()


PROBED = {entry.split(":", 1)[1] for entry in dev_list("TEST_PACKAGES") if ":" in entry}
# Commands a bare machine lacks, or that the tests replace by stubs.
HIDDEN = PROBED | NEEDED | {"chromium-browser", "pdftotext", "pdfinfo", "apt-get", "dpkg-query", "sudo", "id"}


def stub(folder: Path, name: str, script: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(0o755)


class Machine:
    """A PATH with this machine's commands but the hidden ones, and a log of the stubs."""

    def __init__(self, root: Path, *, root_user: bool = True, dpkg: str | None = "bare", apt: bool = True):
        self.bin = root / "bin"
        self.bin.mkdir(parents=True)
        self.log = root / "calls.log"
        self.log.touch()
        seen: set[str] = set()
        for folder in os.environ.get("PATH", "").split(os.pathsep):
            if not folder or not os.path.isdir(folder):
                continue
            for entry in os.scandir(folder):
                if entry.name in seen or entry.name in HIDDEN or not os.access(entry.path, os.X_OK):
                    continue
                seen.add(entry.name)
                (self.bin / entry.name).symlink_to(entry.path)
        log = f"'{self.log}'"
        if apt:
            stub(self.bin, "apt-get", f'echo "apt-get $*" >> {log}\n')
        if dpkg == "bare":
            stub(self.bin, "dpkg-query", 'echo "dpkg-query: no packages found matching $3" >&2\nexit 1\n')
        elif dpkg == "complete":
            stub(self.bin, "dpkg-query", "printf installed\n")
        stub(
            self.bin,
            "id",
            "echo 0\n" if root_user else 'if [ "$1" = -u ]; then echo 1000; else echo uid=1000; fi\n',
        )
        stub(self.bin, "sudo", f'echo "sudo $*" >> {log}\nexec "$@"\n')

    def provide(self, *commands: str) -> None:
        for command in commands:
            stub(self.bin, command, "exit 0\n")

    def run(self, *args: str) -> subprocess.CompletedProcess:
        env = {"PATH": str(self.bin), "HOME": os.environ.get("HOME", "/root"), "LANG": "C.UTF-8"}
        return subprocess.run(
            [str(self.bin / "bash"), str(DEV), *args], capture_output=True, text=True, env=env, timeout=60
        )

    def calls(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines()


def installed(calls: list[str]) -> set[str]:
    words = [
        call.split() for call in calls if re.match(r"(sudo (env \S+ )?)?(env \S+ )?apt-get install", call)
    ]
    return {w for line in words for w in line[line.index("install") + 1 :] if not w.startswith("-")}


def test_the_bare_machine_has_none_of_the_commands_dev_looks_for(tmp_path: Path):
    machine = Machine(tmp_path)
    stubs = {"apt-get", "dpkg-query", "id", "sudo"}
    assert [c for c in HIDDEN - stubs if (machine.bin / c).exists()] == []
    assert (machine.bin / "bash").exists() and (machine.bin / "dirname").exists()
    assert PROBED >= {"chromium", "npm", "git"}


def test_a_bare_machine_gets_every_package_the_tests_need_after_apt_get_update(tmp_path: Path):
    machine = Machine(tmp_path)
    result = machine.run("setup-system", "test")
    assert result.returncode == 0, result.stderr
    calls = machine.calls()
    assert calls[0] == "apt-get update -qq", calls
    assert len(calls) == 2 and calls[1].startswith("apt-get install -y"), calls
    assert NEEDED <= installed(calls), f"./dev would not install {NEEDED - installed(calls)}"
    assert installed(calls) == {entry.split(":")[0] for entry in dev_list("TEST_PACKAGES")}


def test_the_build_gets_pango_and_the_pdf_typeface(tmp_path: Path):
    machine = Machine(tmp_path)
    result = machine.run("setup-system", "build")
    assert result.returncode == 0, result.stderr
    assert machine.calls()[0] == "apt-get update -qq"
    assert installed(machine.calls()) == NEEDED_TO_BUILD


def test_a_user_installs_through_sudo(tmp_path: Path):
    """As on GitHub's runners: not root, with sudo."""
    machine = Machine(tmp_path, root_user=False)
    result = machine.run("setup-system", "test")
    assert result.returncode == 0, result.stderr
    calls = machine.calls()
    assert calls[:2] == ["sudo apt-get update -qq", "apt-get update -qq"], calls
    assert calls[2].startswith("sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y")
    assert NEEDED <= installed(calls)


def test_nothing_is_installed_when_everything_is_there(tmp_path: Path):
    machine = Machine(tmp_path, dpkg="complete")
    machine.provide(*PROBED)
    result = machine.run("setup-system", "test")
    assert result.returncode == 0, result.stderr
    assert machine.calls() == []


def test_a_command_found_elsewhere_counts_as_installed(tmp_path: Path):
    """Chromium installed another way (e.g. on a CI runner image) is used as it is."""
    machine = Machine(tmp_path, dpkg="complete")
    machine.provide(*(PROBED - {"chromium"}))
    machine.run("setup-system", "test")
    assert installed(machine.calls()) == {"chromium"}
    machine = Machine(tmp_path / "second", dpkg="complete")
    machine.provide(*PROBED)
    machine.run("setup-system", "test")
    assert machine.calls() == []


def test_without_apt_get_or_root_it_says_what_to_install(tmp_path: Path):
    machine = Machine(tmp_path, dpkg=None, apt=False)
    result = machine.run("setup-system", "test")
    assert result.returncode != 0
    assert "chromium" in result.stderr and "package manager" in result.stderr
    user = Machine(tmp_path / "user", root_user=False, dpkg="bare")
    (user.bin / "sudo").unlink()
    result = user.run("setup-system", "test")
    assert result.returncode != 0 and "apt-get install" in result.stderr and "chromium" in result.stderr
    assert user.calls() == []


def test_test_and_build_set_up_the_system_first_and_serve_needs_nothing():
    arms = dev_commands()
    assert "setup_system test" in arms["test"] and arms["test"].index("setup_system") < arms["test"].index(
        "pytest"
    )
    assert "setup_system build" in arms["build"]
    assert "setup_system" not in arms["serve"] and "setup_system" not in arms["validate"]


def test_dev_defines_no_function_named_after_a_command():
    """A function named `chromium` once made `command -v chromium` always true."""
    functions = re.findall(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*\(\)\s*\{", DEV.read_text(encoding="utf-8"), re.M)
    assert functions
    shadowing = [f for f in functions if f in HIDDEN or shutil.which(f)]
    assert shadowing == [], f"./dev's functions {shadowing} hide commands of the same name"


# Programs the code and the tests start, found in the source: each must be one that ./dev
# installs, bash (which runs ./dev itself), or a script of the repository.
STARTS = re.compile(
    r"""(?:subprocess\.(?:run|Popen|call|check_call|check_output)\(\s*\[\s*|shutil\.which\(\s*)["']([^"']+)["']"""
)


def test_every_program_the_code_and_tests_start_is_installed_by_dev():
    started: dict[str, set[str]] = {}
    for folder in ("src", "hooks", "tests", "bench"):
        for path in (REPO / folder).rglob("*.py"):
            for program in STARTS.findall(path.read_text(encoding="utf-8")):
                started.setdefault(program, set()).add(path.relative_to(REPO).as_posix())
    assert "chromium" in started  # the search finds what it should
    unknown = {
        program: files
        for program, files in started.items()
        if program not in PROBED | {"bash"} and not (REPO / program.removeprefix("./")).is_file()
    }
    assert unknown == {}, "these programs are not installed by ./dev; add their package to its lists"
