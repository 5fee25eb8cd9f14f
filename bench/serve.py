"""`mkdocs serve` after an edit: how long until the edit is on the page.

- `measure_serve`: a generated corpus, one-record body edits, with `--dirty` (as `./dev serve`
  runs it) and without;
- `measure_edition_serve`: the real edition under `mkdocs serve --dirty`: a case's body, its
  title and `data/edition.yml`, each edited a few times, timed from saving the file until the
  served page shows the edit."""

from __future__ import annotations

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from bench.corpus import PROJECT_FILES, PROJECT_FOLDERS, REPO
from bench.measure import build_env

_FAILURE = re.compile(r"\bERROR\b|Aborted")
_BUILT = r"Documentation built in"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`mkdocs serve` on a project, on a free port of 127.0.0.1, its output read in a thread.
    `wait_for` reads the output in order; a line with ERROR, or the server ending, fails it."""

    def __init__(self, project: Path, dirty: bool):
        self.port = free_port()
        cmd = [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            *(["--dirty"] if dirty else []),
            "-f",
            str(project / "mkdocs.yml"),
            "-a",
            f"127.0.0.1:{self.port}",
        ]
        self.seen: list[tuple[float, str]] = []  # (when read, line)
        self.read = 0  # lines of `seen` that wait_for has gone through
        self.ended = False
        self.changed = threading.Condition()
        self.proc = subprocess.Popen(
            cmd,
            cwd=project,
            env=build_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self.changed:
                self.seen.append((time.perf_counter(), line.rstrip()))
                self.changed.notify_all()
        with self.changed:
            self.ended = True
            self.changed.notify_all()

    def last_lines(self, n: int) -> str:
        return "\n".join(line for _, line in self.seen[-n:])

    def check(self) -> None:
        """Raise if the server has failed (a line with ERROR not yet read) or ended."""
        with self.changed:
            if any(_FAILURE.search(line) for _, line in self.seen[self.read :]):
                raise RuntimeError("mkdocs serve failed:\n" + self.last_lines(30))
            if self.ended:
                raise RuntimeError("mkdocs serve exited:\n" + self.last_lines(30))

    def wait_for(self, pattern: str, timeout: float, after: float | None = None) -> tuple[float, str]:
        """The next line matching `pattern` (read at `after` or later, if given): when it was
        read, and the line."""
        deadline = time.perf_counter() + timeout
        with self.changed:
            while True:
                while self.read < len(self.seen):
                    stamp, line = self.seen[self.read]
                    self.read += 1
                    if _FAILURE.search(line):
                        raise RuntimeError("mkdocs serve failed:\n" + self.last_lines(30))
                    if re.search(pattern, line) and (after is None or stamp >= after):
                        return stamp, line
                if self.ended:
                    raise RuntimeError("mkdocs serve exited:\n" + self.last_lines(30))
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    raise TimeoutError(
                        f"no `{pattern}` within {timeout:.0f} s; the server's last lines:\n"
                        + self.last_lines(15)
                    )
                self.changed.wait(remaining)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def first_build(self, timeout: float) -> dict:
        """Wait for the first build and for the server to serve; MkDocs' figure for the
        build and the seconds until then. The watcher is then left a second to settle."""
        start = time.perf_counter()
        _, line = self.wait_for(_BUILT, timeout)
        reported = _reported(line)
        self.wait_for(r"Serving on", 60)
        figures = {"initial_reported_s": reported, "initial_wall_s": time.perf_counter() - start}
        time.sleep(1.0)
        return figures

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:  # SIGINT to its process group lets mkdocs remove its temporary site
                os.killpg(self.proc.pid, signal.SIGINT)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def measure_serve(
    corpus_dir: Path, dirty: bool, edits: int = 2, startup_timeout: float = 300, rebuild_timeout: float = 240
) -> dict:
    """`mkdocs serve` (with `--dirty`, as `./dev serve` runs it, or without): the first
    build, then the rebuilds after one-record edits, and the edit's text in the served page."""
    server = Server(corpus_dir, dirty)
    result: dict = {"port": server.port}
    record = None
    original = None
    try:
        result |= server.first_build(startup_timeout)
        record = next(
            p
            for p in sorted((corpus_dir / "data" / "cases").glob("0[1-9]-*/*.yml"))
            if "\nkind: practice\n" in p.read_text(encoding="utf-8")
            and "\nstatus: draft" not in p.read_text(encoding="utf-8")
        )
        original = record.read_text(encoding="utf-8")
        result["edited"] = record.relative_to(corpus_dir).as_posix()
        rebuilds = []
        for n in range(edits):
            text = record.read_text(encoding="utf-8").replace(
                "\nbody: |\n", f"\nbody: |\n  Edited for the benchmark, pass {n + 1}.\n\n", 1
            )
            edit_at = time.perf_counter()
            record.write_text(text, encoding="utf-8")
            detected, _ = server.wait_for(r"Detected file changes", rebuild_timeout)
            built, line = server.wait_for(_BUILT, rebuild_timeout)
            page = server.url(f"practices/{record.stem}/") if "kind: practice" in text else None
            shown = None
            if page:
                with urllib.request.urlopen(page, timeout=30) as response:
                    shown = f"Edited for the benchmark, pass {n + 1}." in response.read().decode()
            rebuilds.append(
                {
                    "detected_after_s": detected - edit_at,
                    "built_after_s": built - edit_at,
                    "reported_s": _reported(line),
                    "shown": shown,
                }
            )
            time.sleep(1.0)
        result["rebuilds"] = rebuilds
    except (TimeoutError, RuntimeError) as error:
        result["error"] = str(error)
    finally:
        server.stop()
        if record is not None and original is not None:
            record.write_text(original, encoding="utf-8")
    return result


def _reported(line: str) -> float:
    """MkDocs' own figure in "Documentation built in N seconds"."""
    found = re.search(r"([\d.]+) seconds", line)
    assert found, line
    return float(found.group(1))


# ----------------------------------------------------------------------------------------
# The real edition under `./dev serve`


EDITION_PAGE = "practices/three-pillar-approach-training-course/"
EDITION_CASE = "data/cases/01-training-policy/three-pillar-approach-training-course.yml"


def _after_key(key: str) -> Callable[[str, str], str]:
    """An edit that adds the marker at the end of a top-level `key:` with a plain one-line value."""
    pattern = re.compile(rf"^({key}: [^\s\"'|>&*!#][^\n#]*?)[ \t]*$", re.MULTILINE)

    def edit(text: str, marker: str) -> str:
        new, count = pattern.subn(lambda m: f"{m.group(1)} {marker}", text, count=1)
        if count != 1:
            raise ValueError(f"no plain one-line `{key}:` to edit")
        return new

    return edit


def _in_body(text: str, marker: str) -> str:
    """A word added at the start of the body's first line (a `body: |` block)."""
    head = "\nbody: |\n  "
    if head not in text:
        raise ValueError("no `body: |` block to edit")
    return text.replace(head, f"{head}{marker} ", 1)


# What is edited, in order: (name in the results, the file, the edit)
EDITION_EDITS: tuple[tuple[str, str, Callable[[str, str], str]], ...] = (
    ("body", EDITION_CASE, _in_body),
    ("title", EDITION_CASE, _after_key("title")),
    ("edition", "data/edition.yml", _after_key("publisher")),  # every page's footer shows it
)


def copy_edition(target: Path, repo: Path = REPO) -> Path:
    """What `mkdocs serve` reads of the repository: all of data/, mkdocs.yml, the editors'
    guide, hooks/, overrides/ and docs/."""
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(repo / "data", target / "data", ignore=ignore)
    for name in PROJECT_FILES:
        shutil.copy(repo / name, target / name)
    for folder in PROJECT_FOLDERS:
        shutil.copytree(repo / folder, target / folder, ignore=ignore)
    return target


def _page_text(url: str) -> str:
    """The page as served now; empty if the server does not give it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError):
        return ""


def _shown_at(server: Server, url: str, marker: str, timeout: float, poll: float) -> float | None:
    """When the served page first contained `marker` (the fetch's end), polling every `poll`
    seconds; None if it did not within `timeout`."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        server.check()
        if marker in _page_text(url):
            return time.perf_counter()
        time.sleep(poll)
    return None


def measure_edition_serve(
    repo: Path = REPO,
    edits: int = 3,
    pause: float = 1.5,
    startup_timeout: float = 300,
    show_timeout: float = 90,
    poll: float = 0.02,
) -> dict:
    """`mkdocs serve --dirty` (as `./dev serve` runs it) on a copy of the real edition: for
    each of EDITION_EDITS, `edits` saves of the file, `pause` seconds apart, each timed from
    the write until the served EDITION_PAGE shows the edit's marker (`shown_after_s`, None
    when not within `show_timeout`), with MkDocs' "Documentation built in" figure for the
    rebuild (`reported_s`). A failure ends the measurement, kept in `error`."""
    result: dict = {
        "page": EDITION_PAGE,
        "files": {kind: path for kind, path, _ in EDITION_EDITS},
        "show_timeout_s": show_timeout,
        "edits": {},
    }
    with tempfile.TemporaryDirectory(prefix="compendium-bench-serve-") as scratch:
        project = copy_edition(Path(scratch) / "edition", repo)
        result["records"] = sum(1 for _ in (project / "data" / "cases").rglob("*.yml"))
        server = Server(project, dirty=True)
        try:
            result |= server.first_build(startup_timeout)
            url = server.url(EDITION_PAGE)
            if "</html>" not in _page_text(url):
                raise RuntimeError(f"the server does not give /{EDITION_PAGE}")
            for kind, relative, edit in EDITION_EDITS:
                path = project / relative
                before = path.read_text(encoding="utf-8")
                runs: list[dict] = []
                result["edits"][kind] = runs
                for n in range(1, edits + 1):
                    marker = f"Benchmark{kind.capitalize()}{n}x{secrets.token_hex(3)}"
                    text = edit(before, marker)
                    edit_at = time.perf_counter()
                    path.write_text(text, encoding="utf-8")
                    shown = _shown_at(server, url, marker, show_timeout, poll)
                    if shown is None:
                        runs.append({"shown_after_s": None, "reported_s": None})
                        raise TimeoutError(
                            f"{relative}, edit {n}: not on /{EDITION_PAGE} within {show_timeout:.0f} s; "
                            "the server's last lines:\n" + server.last_lines(15)
                        )
                    try:
                        _, line = server.wait_for(_BUILT, 30, after=edit_at)
                        reported: float | None = _reported(line)
                    except TimeoutError:  # MkDocs logs it once per message unless told otherwise
                        reported = None
                    runs.append({"shown_after_s": shown - edit_at, "reported_s": reported})
                    time.sleep(pause)
        except (TimeoutError, RuntimeError, ValueError, OSError) as error:
            result["error"] = str(error)
        finally:
            server.stop()
    return result
