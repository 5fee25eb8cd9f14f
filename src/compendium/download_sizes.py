"""The size of each download, written next to its link on every page once the files exist
(issue 17: a reader on a slow link or a metered plan decides before tapping).

The pages are written before the PDF and the offline zip are made, so the theme leaves a
marker after each link (overrides/main.html: `data-download-size="pdf"`), and
`compendium build` fills the markers in once the files are there: in the offline copy
before it is zipped (the PDF's size), in the site after (both sizes).
"""

from __future__ import annotations

import re
from pathlib import Path

from .first_search import human_size

_MARKER = re.compile(r'(<span class="download-size" data-download-size="(?P<key>[a-z]+)">)(?:[^<]*)(</span>)')
_LEADS = {"pdf": " ({size})", "offline": ", {size}"}


def fill_download_sizes(site_dir: Path, downloads: dict) -> int:
    """Write the size of each download that `site_dir` holds (`downloads`: marker key ->
    the file's path from the site's root, as Site.downloads gives them) into the markers of
    every page of `site_dir`; return how many pages changed."""
    files = {
        key: Path(site_dir) / value for key, value in downloads.items() if str(value).startswith("downloads/")
    }
    sizes = {key: human_size(path.stat().st_size) for key, path in files.items() if path.is_file()}
    if not sizes:
        return 0

    def fill(match: re.Match[str]) -> str:
        key = match["key"]
        if key not in sizes:
            return match.group(0)
        return match.group(1) + _LEADS.get(key, " ({size})").format(size=sizes[key]) + match.group(3)

    changed = 0
    for page in Path(site_dir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if "data-download-size" not in text:
            continue
        filled = _MARKER.sub(fill, text)
        if filled != text:
            page.write_text(filled, encoding="utf-8")
            changed += 1
    return changed
