"""Debian's Chromium driven by Playwright, against a built site served on loopback."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
# Without these, Chromium tries Google's services at start-up, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def serve(folder: Path, handler=None):
    """Serve `folder` on a free loopback port for as long as the block runs (with
    `handler`, a request handler class, when given: bench/lighthouse.py's serves gzip)."""
    handler = handler or functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def chromium_page(**context_options):
    try:  # a test dependency (pyproject.toml's [test]): missing, it fails, it does not skip
        from playwright import sync_api
    except ImportError as missing:
        pytest.fail(f"Playwright is not installed ({missing}); run ./dev test, which installs it")
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}; run ./dev test (or ./dev setup-system test), "
            "which installs Debian's chromium"
        )
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(**context_options)
            yield context.new_page()
        finally:
            browser.close()
