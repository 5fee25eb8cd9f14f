"""A Python-Markdown extension for tables read on a phone (issue 17): every body cell
carries its column's heading as `data-label`, so that below a width the stylesheet
(docs/assets/compendium.css) shows each row as a card of "heading: value" lines instead
of a table wider than the screen. A first column that repeats the row above (a category:
"Course Technology" on five rows) is marked `data-repeat`, and a card shows it only where
it changes (screen readers still read it in every row). Tables stay tables in the HTML; the label is text, and
the sanitiser (compendium.safe) keeps it as an attribute value, never as markup.

Listed in mkdocs.yml's `markdown_extensions` as `compendium.stacked_tables`.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor


def _text(element: etree.Element) -> str:
    return " ".join("".join(element.itertext()).split())


class _LabelCells(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            head = table.find("thead")
            header = head.find("tr") if head is not None else None
            if header is None:
                continue
            labels = [_text(cell) for cell in header if cell.tag in ("th", "td")]
            for body in table.iter("tbody"):
                above = None  # the first column's text in the row above
                for row in body.iter("tr"):
                    cells = [c for c in row if c.tag in ("td", "th")]
                    for label, cell in zip(labels, cells, strict=False):
                        if label:
                            cell.set("data-label", label)
                    # A category repeated from the row above: a card shows it once.
                    first = _text(cells[0]) if cells else None
                    if cells and first and first == above and len(labels) >= 3:
                        cells[0].set("data-repeat", "")
                    above = first


class StackedTables(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After inline processing (20), so that headings are text, not placeholders.
        md.treeprocessors.register(_LabelCells(md), "compendium_stacked_tables", 1)


def makeExtension(**kwargs) -> StackedTables:  # noqa: N802 (Python-Markdown's name)
    return StackedTables(**kwargs)
