"""Pages rendered by a forked worker are the pages rendered in process, and a worker that
fails makes the build fail with its reason, never a missing or half page."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import compendium.background as background
from compendium.background import RenderingFailed, StreamedPages, can_fork, render_pages
from compendium.check import build_compendium
from compendium.site import Site, render_site
from conftest import TODAY

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the worker is forked on Linux only")


@pytest.fixture()
def site(project: Path) -> Site:
    return Site(build_compendium(project, today=TODAY))


def test_pages_from_the_worker_are_the_pages_rendered_in_process(site: Site):
    streamed = render_pages(site, in_background=True)
    assert isinstance(streamed, StreamedPages)
    expected = render_site(site)
    # In MkDocs' order of reading, and whole.
    assert list(streamed) == list(expected)
    assert {uri: streamed[uri] for uri in reversed(list(streamed))} == expected
    assert "chapters/training-policy.md" in streamed and "practices/nope.md" not in streamed
    with pytest.raises(KeyError):
        streamed["practices/nope.md"]


def test_a_template_error_in_the_worker_fails_the_page_with_its_traceback(site: Site, monkeypatch):
    real = background.render_page

    def broken(site, job):
        if job.uri.startswith("members/"):
            raise ValueError("a template defect")
        return real(site, job)

    monkeypatch.setattr(background, "render_page", broken)
    streamed = render_pages(site, in_background=True)
    assert streamed["index.md"].startswith("# ")  # pages before the failure still arrive
    with pytest.raises(RenderingFailed, match=r"(?s)worker process.*ValueError: a template defect"):
        streamed["glossary.md"]


def test_a_worker_that_dies_fails_the_pages_it_did_not_send(site: Site, monkeypatch):
    real = background.render_page

    def dying(site, job):
        if job.uri == "glossary.md":
            os._exit(3)
        return real(site, job)

    monkeypatch.setattr(background, "render_page", dying)
    streamed = render_pages(site, in_background=True)
    with pytest.raises(RenderingFailed, match="stopped early"):
        streamed["glossary.md"]


def test_no_fork_while_other_threads_run_as_under_mkdocs_serve(site: Site):
    stop = threading.Event()
    server = threading.Thread(target=stop.wait)
    server.start()
    try:
        assert not can_fork()
        pages = render_pages(site)
        assert type(pages) is dict and pages == render_site(site)
    finally:
        stop.set()
        server.join()


def test_a_worker_whose_reader_has_gone_exits_quietly_and_never_returns_into_the_build(project: Path):
    # The parent leaves without reading a page (a build stopped by Ctrl+C or an error): the
    # worker meets a closed pipe and must exit there, not carry on as a copy of the build.
    script = f"""
import os, sys, datetime
from pathlib import Path
from compendium.background import render_pages
from compendium.check import build_compendium
from compendium.site import Site
pages = render_pages(Site(build_compendium(Path({str(project)!r}), today=datetime.date(2026, 11, 23))), in_background=True)
print("returned into the caller in process", os.getpid(), flush=True)
os._exit(0)
"""
    # capture_output reads until the worker, which holds the same pipes, has exited too.
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout.count("returned into the caller") == 1, result.stdout
    assert result.stderr == ""
