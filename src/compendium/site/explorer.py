"""The explorer of a large edition: its page lists the first records only
(`Site.explorer_page`); every record is in a data file that assets/compendium.js loads
when the reader filters, types words or asks for more (issue 17: the explorer's first
load stays small at 10,000 records)."""

from __future__ import annotations

import json

from ..kinds import KINDS
from .links import EXPLORER_DATA, Site
from .listings import facet_member

__all__ = ["EXPLORER_DATA", "explorer_data"]


def explorer_data(site: Site) -> str | None:
    """Every current record as the script needs it, or None when the page lists them all.

    One array per record: title, address (from the site's root), summary, the line under
    the title (chapter, kind, member), then its facet values: chapter, members, topics,
    kind, year. The script writes them as text, never as HTML."""
    c = site.compendium
    records = c.current
    if site.explorer_page(records)[1] is None:
        return None
    rows = []
    root = Site(c, directory_urls=site.directory_urls)  # addresses from the site's root
    for r in records:
        meta = [c.chapter(r.chapter).part_name, KINDS[r.kind].label]
        if r.attribution != "none":
            meta.append(site.member_name(r))
        rows.append(
            [
                site.record_heading(r),
                root.url_of(site.record_uri(r)),
                " ".join(str(r.summary).split()),
                " · ".join(meta),
                str(r.chapter),
                " ".join(facet_member(r)),
                " ".join(r.tags),
                r.kind,
                str(r.added.year),
            ]
        )
    return json.dumps({"records": rows}, ensure_ascii=False, separators=(",", ":"))
