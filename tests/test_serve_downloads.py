"""The edition's downloads under `./dev serve`, which does not make the PDF: the links lead
to the files of the last `./dev build` when there is one, and a note stands in their
place when there is none. No link of the preview answers 404."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from pathlib import Path

from test_serve import Server

PAGE = "chapters/training-policy/"
PDF = "downloads/compendium-2026.pdf"
OFFLINE = "downloads/compendium-2026-offline.zip"


def banner(server: Server) -> str:
    html = server.get(PAGE)
    return re.search(r'<div class="md-banner__inner[^>]*>(.*?)</div>', html, re.DOTALL).group(1)


def status(server: Server, path: str) -> int:
    try:
        with urllib.request.urlopen(server.url + path, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_without_a_build_a_note_replaces_the_links_then_the_last_build_is_served(project: Path):
    server = Server(project)
    try:
        server.until(r"Serving on")
        before = banner(server)
        assert "Download the PDF" not in before and "<a " not in before, before
        assert "made by ./dev build; this preview does not make them" in before
        assert status(server, PDF) == 404  # announced as missing, not linked

        # `./dev build` writes site/; the next rebuild links its files and serves them.
        (project / "site" / "downloads").mkdir(parents=True)
        (project / PDF.replace("downloads", "site/downloads")).write_bytes(b"%PDF-1.7 the last build")
        (project / OFFLINE.replace("downloads", "site/downloads")).write_bytes(b"PK the last build")
        time.sleep(1.2)
        record = project / "data" / "cases" / "01-training-policy" / "training-policy-definition.yml"
        record.write_text(record.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        server.until(r"Detected file changes")
        server.until(r"Documentation built in")
        after = banner(server)
        assert f'href="../../{PDF}"' in after and "Download the PDF" in after
        assert f'href="../../{OFFLINE}"' in after
        assert "as made by your last ./dev build" in after
        with urllib.request.urlopen(server.url + PDF, timeout=10) as response:
            assert response.read() == b"%PDF-1.7 the last build"
        assert status(server, OFFLINE) == 200
    finally:
        server.stop()
