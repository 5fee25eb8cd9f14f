"""Pure rendering: from a checked `Compendium` to the Markdown text of every generated page.

No I/O beyond reading the package's templates, and no MkDocs import: the same pages can
feed another generator, the book or a test. Links are relative `.md` links, which MkDocs
resolves and checks (`--strict` fails on a broken one). Templates only print: the rules
(which records have a page, how a chapter or a member is named) are methods of `Site`.
"""

from .environment import TEMPLATES
from .links import ANONYMOUS, Page, Site, anchor, inline
from .listings import facet_member, facets, whats_new
from .pages import PageJob, atom_feed, page_jobs, page_uris, render_page, render_site, site_nav

__all__ = [
    "ANONYMOUS",
    "TEMPLATES",
    "Page",
    "PageJob",
    "Site",
    "anchor",
    "atom_feed",
    "facet_member",
    "facets",
    "inline",
    "page_jobs",
    "page_uris",
    "render_page",
    "render_site",
    "site_nav",
    "whats_new",
]
