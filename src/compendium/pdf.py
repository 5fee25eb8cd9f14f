"""Write the book as a PDF with WeasyPrint: A4, contents with page numbers, bookmarks."""

from __future__ import annotations

from pathlib import Path

from .book import book_html
from .check import Compendium


def pdf_name(compendium: Compendium) -> str:
    return f"compendium-{compendium.edition.edition}.pdf"


def offline_name(compendium: Compendium) -> str:
    return f"compendium-{compendium.edition.edition}-offline.zip"


def write_pdf(compendium: Compendium, root: Path, target: Path) -> Path:
    """Render the book to `target` (a file path); images resolve from the project folder."""
    import weasyprint  # heavy, and only needed here

    html = weasyprint.HTML(string=book_html(compendium), base_url=str(root.resolve()) + "/")
    target.parent.mkdir(parents=True, exist_ok=True)
    html.write_pdf(target)
    return target
