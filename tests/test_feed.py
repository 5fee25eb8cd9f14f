"""The Atom feed as feed readers take it (issue 17): valid under feedparser's strict
parse, its own address in rel="self", and every link absolute, on the site's public
address, leading to a page of the built site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO

feedparser = pytest.importorskip("feedparser")


def public_address() -> str:
    """The site's address, as mkdocs.yml writes it (extra.site_url)."""
    return re.search(r"^\s*site_url:\s*(\S+)", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.M)[1]


def test_feed_is_valid_for_a_strict_parser(built_site: Path):
    feed = feedparser.parse((built_site / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title and feed.feed.updated and feed.feed.id
    assert len(feed.entries) == 50
    assert all(e.id and e.title and e.updated and e.summary for e in feed.entries)
    assert len({e.id for e in feed.entries}) == len(feed.entries)


def test_feed_says_where_it_is_and_links_absolutely_to_built_pages(built_site: Path):
    address = public_address()
    assert address.startswith("https://") and address.endswith("/")
    feed = feedparser.parse((built_site / "feed.xml").read_bytes())
    links = {link.rel: link.href for link in feed.feed.links}
    assert links["self"] == address + "feed.xml"
    assert links["alternate"] == address + "whats-new/"
    hrefs = [e.link for e in feed.entries]
    assert all(href.startswith(address) for href in hrefs)
    for href in hrefs:
        path, _, anchor = href.removeprefix(address).partition("#")
        page = built_site / path / "index.html"
        assert page.is_file(), href
        if anchor:
            assert f'id="{anchor}"' in page.read_text(encoding="utf-8"), href
