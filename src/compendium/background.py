"""Pages rendered on a second core while MkDocs turns the first ones into HTML.

Converting Markdown to HTML page after page is most of a build, and it cannot start
before the pages exist. So a forked process renders them in the order MkDocs reads them
and streams each one back as soon as it is done: reading a page waits only for that
page, and rendering overlaps MkDocs' own work instead of coming before it.

Forking is only done where it is safe: on Linux, with no other thread running (under
`mkdocs serve` the live-reload server runs threads). Elsewhere the pages are rendered in
this process before returning, with the same result.
"""

from __future__ import annotations

import gc
import os
import struct
import sys
import threading
import traceback
from collections.abc import Iterator, Mapping

from .site import Site, page_jobs, render_page

_LENGTH = struct.Struct("<q")  # before each page: its length in bytes; -1 before an error


class RenderingFailed(RuntimeError):
    """The worker could not render a page: a defect in a template, never in the data
    (the data was checked before rendering began)."""


def render_pages(site: Site, *, in_background: bool | None = None) -> Mapping[str, str]:
    """Every generated page, docs-relative path -> Markdown text, as `render_site` gives
    them. In the background where that is safe (or as `in_background` says)."""
    jobs = page_jobs(site)
    if in_background is None:
        in_background = can_fork()
    if not in_background:
        return {job.uri: render_page(site, job) for job in jobs}
    read_end, write_end = os.pipe()
    gc.freeze()  # the objects the worker reads stay shared with it, not copied on write
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the worker's lines are measured in the parent's stead
        # The worker must never return into its caller, whatever happens (the reader gone,
        # Ctrl+C): it would go on running the build as a second copy of the parent.
        status = 1
        try:
            os.close(read_end)
            status = _write_pages(site, jobs, write_end)
        finally:
            os._exit(status)
    gc.unfreeze()
    os.close(write_end)
    return StreamedPages([job.uri for job in jobs], read_end, pid)


def can_fork() -> bool:
    return sys.platform == "linux" and hasattr(os, "fork") and threading.active_count() == 1


def _write_pages(site: Site, jobs, fd: int) -> int:  # pragma: no cover - runs in the worker
    gc.disable()  # a short life, and rendering makes no cycles worth the collector's scans
    with os.fdopen(fd, "wb") as out:
        try:
            for job in jobs:
                data = render_page(site, job).encode()
                out.write(_LENGTH.pack(len(data)) + data)
                out.flush()
        except BrokenPipeError:
            return 1  # the reader has gone: nobody needs the pages any more
        except BaseException:
            report = f"rendering failed in the worker process:\n{traceback.format_exc()}".encode()
            out.write(_LENGTH.pack(-1) + _LENGTH.pack(len(report)) + report)
            return 1
    return 0


class StreamedPages(Mapping[str, str]):
    """The pages as the worker sends them; reading one waits until it has arrived. A
    thread drains the pipe as pages come, so the worker never waits for the reader."""

    def __init__(self, uris: list[str], fd: int, pid: int):
        self._uris = uris
        self._known = set(uris)
        self._pages: dict[str, str] = {}
        self._failure: str | None = None
        self._arrived = threading.Condition()
        threading.Thread(target=self._receive, args=(fd, pid), name="compendium-pages", daemon=True).start()

    def __getitem__(self, uri: str) -> str:
        if uri not in self._known:
            raise KeyError(uri)
        with self._arrived:
            self._arrived.wait_for(lambda: uri in self._pages or self._failure is not None)
            if uri in self._pages:
                return self._pages[uri]
            raise RenderingFailed(self._failure)

    def __iter__(self) -> Iterator[str]:
        return iter(self._uris)

    def __len__(self) -> int:
        return len(self._uris)

    def _receive(self, fd: int, pid: int) -> None:
        failure = None
        with os.fdopen(fd, "rb") as stream:
            try:
                for uri in self._uris:
                    length = _read_length(stream)
                    if length < 0:
                        failure = stream.read(_read_length(stream)).decode(errors="replace")
                        break
                    page = stream.read(length)
                    if len(page) != length:
                        raise EOFError
                    with self._arrived:
                        self._pages[uri] = page.decode()
                        self._arrived.notify_all()
            except EOFError:
                pass  # reported below: pages are missing
        _, status = os.waitpid(pid, 0)
        if failure is None and len(self._pages) < len(self._uris):
            failure = f"the worker process rendering the pages stopped early (wait status {status})"
        if failure is not None:
            with self._arrived:
                self._failure = failure
                self._arrived.notify_all()


def _read_length(stream) -> int:
    header = stream.read(_LENGTH.size)
    if len(header) != _LENGTH.size:
        raise EOFError
    return _LENGTH.unpack(header)[0]
