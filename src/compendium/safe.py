"""The second wall: whatever a record says, nothing in it can run in a reader's browser.

The validator explains, at file:line:col, what a record may not say (raw HTML, unsafe
links). This module does not rely on it. Every page's HTML (the site's and the book's)
is cut down to an allowlist of elements, attributes and URL schemes after Markdown has
done its work, so a way into HTML that the validator's patterns miss (attribute lists,
reference links, a template field printed raw) still produces nothing executable; and
every page carries a Content-Security-Policy that refuses inline event handlers, inline
scripts other than the theme's own (pinned by hash) and scripts from other origins.
"""

from __future__ import annotations

import base64
import hashlib
import re

import markupsafe
import nh3

# What the project's templates and Markdown extensions write inside a page's content.
# Anything else is removed with its attributes; text is kept.
_TEXT = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "kbd", "li", "mark", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    # The explorer's and chapter pages' filters (compendium.js), and disclosure widgets.
    "button", "details", "fieldset", "form", "input", "label", "legend", "summary",
    "nav", "section", "article", "header", "footer", "aside",
}  # fmt: skip
# Survey charts are inline SVG drawn by `render`; no element of SVG that can load or run
# anything (script, foreignObject, use, image, animate, set) is allowed.
_SVG = {"svg", "g", "rect", "text", "tspan", "title", "desc", "path", "line"}
TAGS = _TEXT | _SVG

_SVG_PRESENTATION = {"x", "y", "width", "height", "fill", "font-size", "font-weight", "font-family"}
ATTRIBUTES: dict[str, set[str]] = {
    "*": {
        "class",
        "id",
        "title",
        "lang",
        "dir",
        "role",
        "hidden",
        "aria-label",
        "aria-labelledby",
        "aria-describedby",
        "aria-live",
        "aria-hidden",
        "aria-current",
        "aria-expanded",
        "aria-controls",
    },  # fmt: skip
    "a": {"href", "rel", "download", "hreflang", "type"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "td": {"style", "colspan", "rowspan", "align"},
    "th": {"style", "colspan", "rowspan", "align", "scope"},
    "col": {"span"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "details": {"open"},
    "input": {"type", "name", "value", "checked", "placeholder", "autocomplete", "inputmode"},
    "label": {"for"},
    "button": {"type"},
    "form": {"role"},
    "svg": {"viewBox", "xmlns", "preserveAspectRatio"} | _SVG_PRESENTATION,
    "rect": _SVG_PRESENTATION | {"rx", "ry"},
    "text": _SVG_PRESENTATION | {"dx", "dy", "text-anchor", "dominant-baseline"},
    "tspan": _SVG_PRESENTATION | {"dx", "dy", "text-anchor"},
    "path": {"d", "fill", "stroke", "stroke-width"},
    "line": {"x1", "y1", "x2", "y2", "stroke", "stroke-width"},
    "g": {"fill", "transform", "font-size", "font-family"},
}
# The data attributes compendium.js reads; no other data-* is kept.
DATA_ATTRIBUTES = {
    "data-explorer", "data-facet", "data-chapter", "data-kind", "data-member", "data-tag",
    "data-year", "data-count", "data-status", "data-text", "data-filter",
    # The self-assessment page (self-assessment.js), and what Material's search skips.
    "data-assessment", "data-question", "data-gap", "data-share", "data-search-exclude",
    # Phone readers: the explorer's groups and paging, table cells' column headings (cards).
    "data-chosen", "data-more", "data-label", "data-repeat",
}  # fmt: skip
URL_SCHEMES = {"http", "https", "mailto"}

# Ids the theme's scripts look up (Material's __config, __drawer, __search…): content that
# took one could redirect the theme's code.
_THEME_ID = re.compile(r"^__|^md-")


_SCHEME = re.compile(r"^\s*[a-zA-Z][a-zA-Z0-9+.-]*:|^\s*//")


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    if attribute == "id" and _THEME_ID.match(value):
        return None
    if element == "img" and attribute == "src" and _SCHEME.match(value):
        return None  # images come from the site itself: a remote one would tell its host who reads
    return value


_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "noscript"},
    attributes={**ATTRIBUTES, "*": ATTRIBUTES["*"] | DATA_ATTRIBUTES},
    attribute_filter=_keep_attribute,
    url_schemes=URL_SCHEMES,
    link_rel=None,  # the templates choose rel themselves
    filter_style_properties={"text-align"},  # table alignment, the only style Markdown writes
    strip_comments=True,
)


def clean_html(html: str) -> str:
    """`html` with everything outside the allowlist removed (elements keep their text)."""
    return _CLEANER.clean(html)


def escape_title(title: str | None) -> str | None:
    """A page title for templates that print it as HTML without escaping (the theme's)."""
    return None if title is None else str(markupsafe.escape(title))


# ----------------------------------------------------------------------------------------
# Content-Security-Policy

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
# The policy goes right after the character set (which must stay in the first 1,024 bytes)
# and before any script.
_HEAD = re.compile(r"<head[^>]*>\s*(<meta charset=[^>]*>)?", re.IGNORECASE)


def _script_hashes(page: str) -> list[str]:
    """sha256 sources for the page's own inline scripts (the theme's, not data blocks)."""
    hashes = []
    for match in _INLINE_SCRIPT.finditer(page):
        attrs = match["attrs"]
        if "src=" in attrs or 'type="application/json"' in attrs:
            continue
        digest = hashlib.sha256(match["body"].encode()).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return sorted(set(hashes))


def content_security_policy(page: str, *, offline: bool = False) -> str:
    """The policy for one finished page: scripts only from the site itself and the
    page's own inline scripts by hash; no plugins, no inline event handlers, no other
    origin for anything. Opened from the file system (the offline copy), pages and their
    scripts have no origin of their own, so `file:` stands for the site there, and inline
    scripts must be allowed for the search shim (see below)."""
    site = "'self' file:" if offline else "'self'"
    # Offline, search runs in the theme's iframe shim, which writes an inline script into
    # its frame (the frame inherits this policy) whose text depends on the page: no hash
    # can allow it. There the allowlist alone keeps record text from running.
    scripts = f"{site} 'unsafe-inline'" if offline else " ".join([site, *_script_hashes(page)])
    return "; ".join(
        [
            f"default-src {site}",
            f"script-src {scripts}",
            f"style-src {site} 'unsafe-inline'",  # table alignment; styles cannot run code
            f"img-src {site} data:",  # the theme's icons are data: URLs in its stylesheet
            f"connect-src {site}",
            f"worker-src {site} blob:" if offline else f"worker-src {site}",
            f"frame-src {site}" if offline else "frame-src 'none'",  # the offline search shim
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'none'",
        ]
    )


def with_content_security_policy(page: str, *, offline: bool = False) -> str:
    """`page` with its policy at the top of <head>, before any script."""
    meta = (
        '<meta http-equiv="Content-Security-Policy" content="'
        + content_security_policy(page, offline=offline)
        + '">'
    )
    return _HEAD.sub(lambda m: m.group(0) + meta, page, count=1)


# ----------------------------------------------------------------------------------------
# Images


def raster_type(head: bytes) -> str | None:
    """The media type of a PNG, JPEG or WebP image from its first bytes, or None: what a
    file is, whatever its name says (an SVG or HTML file renamed .png could run scripts)."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def is_raster_image(path) -> bool:
    """Whether the file is a PNG, JPEG or WebP image inside, whatever its name says."""
    try:
        with open(path, "rb") as file:
            return raster_type(file.read(12)) is not None
    except OSError:
        return False
