"""`./dev serve` (`mkdocs serve --dirty`): an edited record shows at once, and only the
pages whose text or surroundings changed are built again."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from browser import chromium_page

CASE = "data/cases/01-training-policy/three-pillar-approach-training-course.yml"


class Server:
    """`mkdocs serve --dirty -v` on a free port, its log read line by line."""

    def __init__(self, project: Path):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.url = f"http://127.0.0.1:{s.getsockname()[1]}/"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "serve",
                "--dirty",
                "-v",
                "-f",
                str(project / "mkdocs.yml"),
                "-a",
                self.url.removeprefix("http://").rstrip("/"),
            ],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.process.stdout:
            self.lines.put(line.rstrip())
        self.lines.put(None)

    def until(self, pattern: str, timeout: float = 120) -> list[str]:
        """The log lines up to the first one matching `pattern`."""
        seen, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                continue
            if line is None:
                raise AssertionError("mkdocs serve stopped:\n" + "\n".join(self.log[-40:]))
            self.log.append(line)
            seen.append(line)
            if re.search(pattern, line):
                return seen
        raise AssertionError(f"no {pattern!r} within {timeout} s:\n" + "\n".join(self.log[-40:]))

    def pages(self) -> dict[str, int]:
        """Every page of the served site (its HTML file's path) and when it was written."""
        site = Path(
            next(m.group(1) for line in self.log if (m := re.search(r"'site_dir' = '([^']+)'", line)))
        )
        # 404.html is a theme template, written on every build.
        return {
            p.relative_to(site).as_posix(): p.stat().st_mtime_ns
            for p in site.rglob("*.html")
            if p.name != "404.html"
        }

    def rebuild_after(self, change) -> set[str]:
        """Make `change`, wait for the rebuild it causes, return the pages written again."""
        before = self.pages()
        time.sleep(1.2)  # a distinct modification time, and the watcher settled
        change()
        self.until(r"Detected file changes")
        self.until(r"Documentation built in")
        return {page for page, written in self.pages().items() if before.get(page) != written}

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return response.read().decode()

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)


@pytest.fixture
def server(project: Path):
    running = Server(project)
    try:
        yield running
    finally:
        running.stop()


def _edit(path: Path, old: str, new: str):
    def change():
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def test_an_edited_record_shows_at_once_and_only_its_pages_are_built_again(project: Path, server: Server):
    first = server.until(r"Serving on")
    every_page = set(server.pages())
    assert "practices/three-pillar-approach-training-course/index.html" in every_page and len(every_page) > 40
    assert not any("'dirty' build" in line for line in first), "MkDocs' generic warning is replaced"
    assert any("Building only the pages that changed" in line for line in first)

    # A sentence added to the body: only the case's own page changes.
    record = project / CASE
    built = server.rebuild_after(
        _edit(
            record,
            "  The human resource policies",
            "  Coaching circles meet monthly. The human resource policies",
        )
    )
    assert built == {"practices/three-pillar-approach-training-course/index.html"}
    assert "Coaching circles meet monthly." in server.get("practices/three-pillar-approach-training-course/")
    assert "Coaching circles meet monthly." in server.get("search/search_index.json")

    # A new title: every page that lists the case is built again, and shows it.
    built = server.rebuild_after(
        _edit(record, "title: A Three-Pillar Approach to Training Course", "title: Three Pillars of Training")
    )
    assert {
        "practices/three-pillar-approach-training-course/index.html",
        "chapters/training-policy/index.html",
        "explore/index.html",
    } <= built
    assert len(built) < len(every_page) / 2
    assert "Three Pillars of Training" in server.get("chapters/training-policy/")

    # A chapter renamed in the edition: the navigation on every page changes, so every page is built.
    built = server.rebuild_after(
        _edit(project / "data" / "edition.yml", "title: Training Policy", "title: Policy for Training")
    )
    assert built == every_page and "editors/index.html" in built
    assert "Policy for Training" in server.get("glossary/")


def test_the_preview_shows_every_problem_on_every_page_until_they_are_fixed(project: Path, server: Server):
    """A mistake saved under `./dev serve` is listed in the terminal on every failed
    rebuild, and every page the preview serves shows the list; fixing it brings the
    pages back, and no request waits."""
    server.until(r"Serving on")
    case = project / CASE
    good = case.read_text(encoding="utf-8")
    page = "practices/three-pillar-approach-training-course/"
    server.rebuild_after(_edit(case, "status: published", "status: publishd"))
    shown = server.get(page)
    assert "The data has problems" in shown
    assert (
        "three-pillar-approach-training-course.yml:" in shown and "status: `publishd` is not allowed" in shown
    )
    assert "The data has problems" in server.get("")  # the home page too
    with chromium_page(viewport={"width": 390, "height": 844}) as phone:  # each message read whole
        phone.goto(server.url + page)
        box = phone.evaluate(
            "() => { const c = document.querySelector('.problem-list pre code');"
            " return [c.scrollWidth, c.clientWidth, c.innerText]; }"
        )
        assert box[0] <= box[1] and "status: `publishd` is not allowed" in box[2], box
    # Saved again with the mistake still there, and a second one: the whole list again.
    server.rebuild_after(_edit(case, "title: ", "titel: "))
    reports = [line for line in server.log if "is not allowed here" in line and "publishd" in line]
    assert len(reports) == 2, "the list is printed on every failed rebuild"
    assert "unknown field `titel`" in server.get(page)
    # Fixed: the page is back.
    server.rebuild_after(lambda: case.write_text(good, encoding="utf-8"))
    assert "The data has problems" not in server.get(page)
    assert "A Three-Pillar Approach to Training Course" in server.get(page)


DRAFT = """\
id: draft-in-preview
kind: practice
chapter: 1
position: 95
title: A Draft Seen Only in the Preview
summary: Still being written.
attribution: none
status: draft
added: 2026-05-20
"""


def test_drafts_show_in_the_preview_with_a_banner(project: Path, server: Server):
    server.until(r"Serving on")
    draft = project / "data" / "cases" / "01-training-policy" / "draft-in-preview.yml"
    server.rebuild_after(lambda: draft.write_text(DRAFT, encoding="utf-8"))
    page = server.get("practices/draft-in-preview/")
    assert "A Draft Seen Only in the Preview" in page and "Draft: not published" in page
    assert "A Draft Seen Only in the Preview" in server.get("chapters/training-policy/")


def test_every_rebuild_logs_its_messages_again(caplog):
    """MkDocs drops a build message it has logged once in the process; under serve that
    hid a rebuild's warnings and, when two rebuilds took as long, its "Documentation
    built in 1.52 seconds". Each rebuild starts with the log forgotten."""
    import logging

    from mkdocs.utils import DuplicateFilter

    from compendium.mkdocs_glue import forget_logged_messages

    build_log = logging.getLogger("mkdocs.commands.build")
    once = DuplicateFilter()
    build_log.addFilter(once)
    try:
        with caplog.at_level(logging.INFO, logger="mkdocs.commands.build"):
            build_log.info("Documentation built in 1.52 seconds")
            build_log.info("Documentation built in 1.52 seconds")
            assert len(caplog.records) == 1  # MkDocs' own filter at work
            forget_logged_messages()
            build_log.info("Documentation built in 1.52 seconds")
        assert len(caplog.records) == 2
    finally:
        build_log.removeFilter(once)


def test_each_rebuild_reuses_the_theme_templates_compiled_before(tmp_path: Path, monkeypatch):
    """MkDocs makes a new Jinja environment for every build; under serve the templates are
    compiled once, and again only when their text changes."""
    import jinja2

    from compendium.mkdocs_glue import _Preview

    cache, compiled = _Preview(), []
    compile_template = jinja2.Environment.compile

    def counting_compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return compile_template(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting_compile)
    (tmp_path / "page.html").write_text("Hello {{ name }}", encoding="utf-8")

    def rebuild() -> str:
        env = cache.on_env(
            jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path)), config=None, files=None
        )
        return env.get_template("page.html").render(name="Suva")

    assert rebuild() == "Hello Suva" and compiled == ["page.html"]
    assert rebuild() == "Hello Suva" and compiled == ["page.html"]  # from the cache
    (tmp_path / "page.html").write_text("Bula {{ name }}", encoding="utf-8")
    assert rebuild() == "Bula Suva" and compiled == ["page.html", "page.html"]  # edited: compiled again


def test_the_preview_looks_for_edits_to_the_data_five_times_as_often(tmp_path: Path):
    """MkDocs' watcher looks every 0.5 s; what is watched after the preview starts (data/)
    is looked at every 0.1 s, or less often when there are very many files."""
    import types

    from watchdog.events import FileSystemEventHandler
    from watchdog.observers.polling import PollingObserver

    from compendium.mkdocs_glue import watch_closely

    server = types.SimpleNamespace(observer=PollingObserver(timeout=0.5))  # as MkDocs makes it
    assert watch_closely(server, 250) == 0.1  # the edition's data/
    watch = server.observer.schedule(FileSystemEventHandler(), str(tmp_path), recursive=True)
    assert server.observer._emitter_for_watch[watch].timeout == 0.1
    assert watch_closely(types.SimpleNamespace(observer=PollingObserver(timeout=0.5)), 20_000) == 0.5
