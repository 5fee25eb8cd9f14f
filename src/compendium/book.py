"""The whole edition as one HTML document, laid out for print (the PDF's source).

Pure like `render`: the same templates and blocks as the site's pages, with links that
point inside the book instead of to other pages.
"""

from __future__ import annotations

import markdown

from .compendium import Compendium
from .safe import clean_html
from .site import TEMPLATES, Page, Site, anchor

# Where each kind of site page lands in the book; pages not in the book (member, source
# and topic pages) have no equivalent, so their links become plain text.
_CHAPTER_PAGE = "chapters/"
_EXTENSIONS = ["abbr", "admonition", "attr_list", "md_in_html", "tables", "toc"]
_CONTENTS_MARK = "<!-- contents -->"


class BookPage(Page):
    """Links for the book: every target is an anchor inside the one document."""

    def href(self, target: str) -> str | None:
        path, _, fragment = target.partition("#")
        if path.startswith("http"):
            return target
        if path.startswith("media/"):
            return "data/" + path.removeprefix("media/")  # resolved against the project folder
        if path.startswith("practices/") and path != "practices/index.md":
            return "#" + path.removeprefix("practices/").removesuffix(".md")
        if path.startswith(_CHAPTER_PAGE):
            return "#" + (fragment or "chapter-" + path.removeprefix(_CHAPTER_PAGE).removesuffix(".md"))
        if path == "glossary.md":
            return "#" + ("term-" + fragment if fragment else "glossary")
        return None


def book_html(compendium: Compendium) -> str:
    """The complete book: cover, front matter, contents, chapters, annexes and glossary."""
    site = Site(compendium)
    page = BookPage(site, "book")
    chapters = compendium.edition.chapters
    # Front matter before the contents; chapters and annexes, then the glossary, then the
    # companion parts.
    front, main, companions = ([c for c in chapters if c.part == part] for part in ("front", "main", "companion"))
    template = TEMPLATES.get_template("book.md.j2")

    def part(parts, glossary: bool) -> str:
        return template.render(
            site=site, page=page, c=compendium, chapters=parts, glossary=glossary, anchor=anchor
        )

    # One conversion for the whole book, so heading ids are unique across it; the contents
    # list goes where the marker stands.
    text = part(front, False) + f"\n\n{_CONTENTS_MARK}\n\n" + part(main, True) + part(companions, False)
    html = markdown.markdown(text + site.abbreviations(text), extensions=_EXTENSIONS, output_format="html")
    # Split before cleaning (cleaning drops comments); each half is cleaned like a page.
    front_html, main_html = (clean_html(half) for half in html.split(_CONTENTS_MARK, 1))
    css = TEMPLATES.loader.get_source(TEMPLATES, "book.css")[0]
    return TEMPLATES.get_template("book.html.j2").render(
        c=compendium,
        site=site,
        css=css,
        front=front,
        main=main,
        companions=companions,
        front_html=front_html,
        main_html=main_html,
    )
