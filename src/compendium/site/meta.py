"""What a page says about itself to search engines and link previews: a description of
its own, for `<meta name="description">` and the Open Graph card.

A record's page is described by the record's summary, a chapter's by the chapter's
summary, a member's, source's or topic's page by what it lists. The theme prints the
description escaped (overrides/main.html): a summary is record text, hostile like any
other.
"""

from __future__ import annotations

import posixpath
import re
from functools import cached_property

from .links import Site

# What a search engine shows of a description; a longer summary is cut at a word.
DESCRIPTION_LENGTH = 200
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
_MARKUP = re.compile(r"[*`]|\[\[|\]\]")

_LIST_PAGES = {
    "glossary.md": "{glossary}: the acronyms and terms of {named}, with what they stand for.",
    "explore.md": "Every record of {named}, to filter by chapter, member, topic, kind and words.",
    "whats-new.md": "Records added, updated or retired in {named}, newest first; also as an Atom feed.",
    "practices/index.md": "Every member administration's practice in {named}, chapter by chapter.",
    "members/index.md": (
        "The member administrations of the WCO Asia/Pacific region and their contributions to {named}."
    ),
    "sources/index.md": (
        "WCO tools, programmes and other publications cited in {named}, with the records citing them."
    ),
    "topics/index.md": "The topics of {named}, each with its records.",
    "editions.md": "Every edition of {named}, with its books to download.",
    "self-assessment.md": (
        "How does your administration compare? Answer the survey's questions and see the region's "
        "answers beside yours, in your browser only."
    ),
    "open-data.md": "Every published record of {named} as open data: a JSON API, a CSV and their schemas.",
    "editors.md": "How to add a case to {named} or correct one: one record, one file, checked for you.",
}


class Descriptions:
    """The description of each generated page, by its address (`uri`, inside docs/)."""

    def __init__(self, site: Site):
        self.site = site

    @cached_property
    def _chapters(self) -> dict[str, object]:
        return {self.site.chapter_uri(ch.number): ch for ch in self.site.compendium.edition.chapters}

    def is_record_page(self, uri: str) -> bool:
        return self.site.chapter_of_page(uri) is not None

    def of(self, uri: str) -> str:
        """One or two sentences on what the page holds, or "" (the site's own then)."""
        site, c = self.site, self.site.compendium
        edition = c.edition
        named = f"the {edition.title}"
        folder, name = posixpath.split(uri.removesuffix(".md"))
        text = ""
        if uri in _LIST_PAGES:
            text = _LIST_PAGES[uri].format(named=named, glossary=site.glossary_heading())
        elif uri == "index.md":
            text = (
                f"{edition.title}, Edition {edition.edition}: {len(c.cases)} cases of members' practices, "
                "survey results, WCO tools, members' discussion and recommendations on training management "
                "in the Customs administrations of the Asia/Pacific region, chapter by chapter."
            )
        elif uri in self._chapters:
            text = self._chapters[uri].summary  # type: ignore[attr-defined]
        elif self.is_record_page(uri):
            text = c.records[name].summary
        elif folder == "members" and name.upper() in c.members:
            member = c.members[name.upper()]
            count = len(c.by_member(member.code))
            text = f"{member.name}: its {count} named contribution{_s(count)} to {named}."
        elif folder == "sources" and name in c.sources:
            source = c.sources[name]
            count = len(c.citing(source.id))
            cited = f"Cited by {count} record{_s(count)} of {named}."
            text = f"{source.title} ({source.publisher}). {source.about} {cited}"
        elif folder == "topics" and name in c.tags:
            tag = c.tags[name]
            count = len(c.tagged(tag.id))
            text = f"{tag.label}. {tag.description} {count} record{_s(count)} of {named} on this topic."
        return shorten(text)


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """`text` on one line, without Markdown emphasis, cut at a word within `limit`."""
    text = " ".join(_MARKUP.sub("", _UNPRINTABLE.sub(" ", str(text))).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.- ")
    return cut + "…"
