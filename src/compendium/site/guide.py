"""The editors' guide: CONTRIBUTING.md, where GitHub shows it to contributors, is also
the site's "Editors' guide" page. One text; only its image paths move, since the site
serves docs/assets/ as assets/."""

from __future__ import annotations

import re
from pathlib import Path

GUIDE = "CONTRIBUTING.md"
_HEADER_COMMENT = re.compile(r"\A<!--.*?-->\s*", re.DOTALL)


def guide_page(root: Path) -> str:
    """The guide's Markdown as a page of the site (docs/-relative paths)."""
    text = (root / GUIDE).read_text(encoding="utf-8")
    return _HEADER_COMMENT.sub("", text).replace("](docs/assets/", "](assets/")
