"""The one Jinja environment that renders every page, the feed and the book."""

from __future__ import annotations

import jinja2

from ..kinds import KINDS
from .charts import BAR, CHART_WIDTH, LINE, bar_charts
from .links import inline, no_raw_html, xml_text
from .listings import facet_member


def _cell(text: str) -> str:
    # A table cell or one-line item may hold Markdown (links, emphasis); only what would
    # break the line or the table is escaped, and no HTML.
    return no_raw_html(str(text)).replace("|", "\\|").replace("\n", " ")


def _citation(site, record):
    from ..citation import cite_block  # it imports the site's model: not at this module's import

    return cite_block(site, record)


TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("compendium", "templates"),
    undefined=jinja2.StrictUndefined,  # a typo in a template fails the build, not the page
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
TEMPLATES.filters.update(cell=_cell, plain=inline, xml=xml_text)
TEMPLATES.globals.update(
    kinds=KINDS,
    charts=bar_charts,
    width=CHART_WIDTH,
    line_height=LINE,
    bar_height=BAR,
    facet_member=facet_member,
    citation=_citation,
)
