"""What the site's search knows beyond the words of its pages.

Material's search plugin indexes every page's text (`search/search_index.json`); this
module adds to each entry, in fields of their own that readers never see:

- **keywords**, weighed as words of a title: the chapter a section belongs to, as a
  breadcrumb would show it, so that a chapter's name in a query ranks that chapter's
  sections first ("One Step Forward evaluation" finds Chapter 8's, not Chapter 1's); and
  the synonyms of what the title says;
- **synonyms** of what the text says, weighed as words of the text.

Synonyms make an acronym find the pages that write it out, and the reverse. The glossary
is their source (OJT, "On-the-Job Training"), with the acronyms the edition defines in its
text ("Gender Equality Organizational Assessment Tool (GEOAT)") and, for an acronym no
page holds, the initials of the names the edition writes in capitals (TNA for "Training
Needs Analysis").

What the index cannot do is done in the browser, on the reader's query
(docs/assets/search-query.js): typos corrected to the words of the index, plurals,
small words left out.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import html
import re
from collections.abc import Iterable, Iterator

from .compendium import Compendium
from .site.links import Site

TITLE_BOOST = 1000  # as Material weighs a word of an entry's title
TEXT_BOOST = 1  # and of its text

# Words an acronym's letters may skip ("Framework of Principles and Practices on Customs
# Professionalism", FPPCP); a name never starts or ends with one.
SMALL_WORDS = frozenset("a an and at by for from in of on or the to with".split())

_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9’'&.\-]*")
# An acronym in brackets after what it stands for: "(GEOAT)", "(SMEs)", "(nCEN)".
_DEFINED = re.compile(r"\(([A-Za-z]*[A-Z][A-Za-z]*[A-Z][A-Za-z]*)\)")
_CLAUSE_END = re.compile(r"[.,;:!?()\[\]\"“”|\n]")
# Where a word of _WORD written with a capital starts: fewer than three in a clause, and
# the clause holds no name (a quick test, in C, before a word-by-word look).
_CAPITAL = re.compile(r"(?<![A-Za-z0-9’'&.\-])[A-Z][a-z]")
_MARKUP = re.compile(r"\]\([^)]*\)|\[\[|\]\]|[*_#`>\[\]]")


def enrich_index(index: dict, site: Site) -> dict:
    """The search index with each entry's keywords and synonyms. Idempotent: applied
    again, it gives the same index."""
    config, docs = index["config"], index["docs"]
    fields = {**config.get("fields", {})}
    fields["keywords"] = {"boost": fields.get("title", {}).get("boost", TITLE_BOOST)}
    fields["synonyms"] = {"boost": fields.get("text", {}).get("boost", TEXT_BOOST)}
    config["fields"] = fields
    separator = re.compile(config.get("separator") or r"[\s\-]+")
    for doc in docs:
        doc.pop("keywords", None)
        doc.pop("synonyms", None)
    known = Vocabulary(_index_words(docs, separator))
    finder = SynonymFinder(synonym_groups(site.compendium, known))
    chapters = chapter_pages(site)
    records = site.compendium.records
    section_title = ""
    for doc in docs:
        page, _, anchor = doc["location"].partition("#")
        title, text = plain_text(doc.get("title", "")), plain_text(doc.get("text", ""))
        keywords = finder.others(title)
        chapter = chapters.get(page)
        if chapter is not None and anchor:  # the chapter page's own entry has its name already
            # Where the entry stands, as a breadcrumb would say: the chapter, then the
            # section for a record (Chapter 3: Annual Training Plan · One Step Forward).
            if anchor not in records:
                section_title = title if title in chapter.section_titles else ""
            crumbs = [chapter.reference, section_title if anchor in records else ""]
            keywords[:0] = [crumb for crumb in crumbs if crumb]
        synonyms = [s for s in finder.others(text) if s not in keywords]
        if keywords:
            doc["keywords"] = " · ".join(keywords)
        if synonyms:
            doc["synonyms"] = " · ".join(synonyms)
    return index


@dataclasses.dataclass(frozen=True)
class _ChapterPage:
    reference: str  # Chapter 3: Annual Training Plan
    section_titles: frozenset[str]  # its sections' headings: WCO tools, One Step Forward…


def chapter_pages(site: Site) -> dict[str, _ChapterPage]:
    """Address of each chapter page in the index -> how the chapter and its sections are named."""
    plain = dataclasses.replace(site, site_url="")  # the index holds addresses from the root
    return {
        plain.url_of(plain.chapter_uri(c.number)): _ChapterPage(
            c.reference, frozenset(c.section_title(kind) for kind in c.sections) - {""}
        )
        for c in site.compendium.edition.chapters
    }


def plain_text(markup: str) -> str:
    """Text of the index without its markup, as a reader reads it."""
    return html.unescape(_TAG.sub(" ", markup))


class SynonymFinder:
    """Finds, in a text, the expressions of synonym groups, and gives the other
    expressions of their groups. Expressions match as whole words, whatever their case,
    hyphens, spacing or plural ("on-the-job trainings" is "On-the-Job Training")."""

    def __init__(self, groups: list[list[str]]):
        self.group_of: dict[str, int] = {}
        self.groups: list[list[str]] = []
        for number, group in enumerate(groups):
            forms: dict[str, str] = {}
            for form in group:
                forms.setdefault(_normal(form), form)  # one spelling of each: Plan, Plans
            self.groups.append(list(forms.values()))
            for key in forms:
                self.group_of.setdefault(key, number)
        pattern = _trie_pattern(_trie(self.group_of))
        # Matched in the text in small letters, as the expressions are kept: twice as fast
        # as matching whatever the case.
        self.pattern = re.compile(rf"(?<![\w’'-])(?:{pattern})(?![\w-])") if pattern else None

    def others(self, text: str) -> list[str]:
        if self.pattern is None:
            return []
        found: dict[str, None] = {}  # in the order found, once each
        for written in dict.fromkeys(self.pattern.findall(text.lower())):  # an expression found
            key = _normal(written)
            for other in self.groups[self.group_of[key]]:
                if _normal(other) != key:
                    found.setdefault(other)
        return list(found)


# The expressions as one trie-shaped pattern: at each position of a text the regular
# expression engine follows one branch, where an alternation of every expression tried
# each in turn (six times slower on the index of a 1,000-record edition).
_PLURAL, _BETWEEN, _END = "s?", r"[\s\-]+", ""  # pieces of the trie besides letters


def _trie(keys: Iterable[str]) -> dict:
    root: dict = {}
    for key in keys:
        node, words = root, key.split()
        for number, word in enumerate(words):
            for letter in word:
                node = node.setdefault(re.escape(letter), {})
            node = node.setdefault(_PLURAL, {})  # any word may be plural
            if number < len(words) - 1:
                node = node.setdefault(_BETWEEN, {})
        node[_END] = {}
    return root


def _trie_pattern(node: dict) -> str:
    # Letters before the plural's s and a longer expression before a shorter one: the
    # longest expression present is found, as "training plan" before "training".
    if not node:
        return ""
    order = sorted(node, key=lambda piece: (piece == _END, piece == _PLURAL))
    branches = [piece + _trie_pattern(node[piece]) for piece in order]
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


@functools.lru_cache(maxsize=4096)  # the same few hundred expressions, found again and again
def _normal(form: str) -> str:
    """An expression's words, in lower case, without a plural's s: how forms compare."""
    words = re.split(r"[\s\-]+", form.casefold().strip())
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


class Vocabulary:
    """The words of the index, and whether a query word would find one (Material's search
    completes every word of a query: `tra` finds `training`)."""

    def __init__(self, words: Iterable[str]):
        self.words = sorted(set(words))

    def __contains__(self, word: str) -> bool:
        at = bisect.bisect_left(self.words, word)
        return at < len(self.words) and self.words[at].startswith(word)


def _index_words(docs: list[dict], separator: re.Pattern[str]) -> set[str]:
    # Split at spaces first (fast), then each distinct piece at the separator: the same
    # words as the separator over the whole text, which spaces are part of, in a third
    # of the time. Entry by entry: the whole index's text at once, split, took 400 MB
    # more at 10,000 records.
    pieces: set[str] = set()
    for doc in docs:
        for field in ("title", "text", "keywords"):
            pieces.update(_TAG.sub(" ", doc.get(field) or "").lower().split())
    return {word for piece in pieces for word in separator.split(piece) if word}


# ----------------------------------------------------------------------------------------
# Synonyms


def synonym_groups(compendium: Compendium, known: Vocabulary | set[str]) -> list[list[str]]:
    """Groups of expressions that mean the same, each group its acronym first: from the
    glossary, from acronyms the edition defines in brackets, and from the initials of the
    names it writes in capitals when no page holds that acronym (`known` is what pages hold)."""
    groups: dict[str, dict[str, str]] = {}

    def add(acronym: str, *expansions: str) -> None:
        forms = groups.setdefault(acronym.upper(), {acronym.casefold(): acronym})
        for expansion in expansions:
            forms.setdefault(" ".join(expansion.split()).casefold(), " ".join(expansion.split()))

    for term in compendium.glossary:
        if term.abbr:
            add(term.abbr, term.term)
    prose = list(_prose(compendium))
    for text in prose:
        for acronym, expansion in defined_acronyms(text):
            add(acronym, expansion)
    defined = set(groups)
    for text in prose:
        for name in capitalised_names(text):
            initials = _initials(name.split(), skip_small=True)
            if initials not in defined and initials.casefold() not in known:
                add(initials, name)
    return [list(forms.values()) for _, forms in sorted(groups.items())]


def defined_acronyms(text: str) -> Iterator[tuple[str, str]]:
    """("GEOAT", "Gender Equality Organizational Assessment Tool") for each acronym the
    text defines in brackets after the words whose initials it takes."""
    for match in _DEFINED.finditer(text):
        acronym = match.group(1)
        letters = "".join(c for c in acronym if c.isupper())
        before = _CLAUSE_END.split(text[: match.start()])[-1]
        words = _WORD.findall(before)[-12:]
        for size in range(1, len(words) + 1):
            name = words[-size:]
            if name[0].casefold() in SMALL_WORDS:
                continue
            if letters in (_initials(name, skip_small=False), _initials(name, skip_small=True)):
                yield acronym.removesuffix("s") if acronym.endswith("s") else acronym, " ".join(name)
                break


def capitalised_names(text: str) -> Iterator[str]:
    """Runs of three or more capitalised words ("Training Needs Analysis"), small words
    allowed inside ("Framework of Principles and Practices"), within a clause. Two would
    give two-letter acronyms, which stand for too many things to help a search."""
    if len(_CAPITAL.findall(text)) < 3:
        return
    for clause in _CLAUSE_END.split(_MARKUP.sub(" ", text)):
        if len(_CAPITAL.findall(clause)) < 3:
            continue  # most clauses: the loop below would find nothing
        run: list[str] = []
        for word in [*_WORD.findall(clause), ""]:
            if _capitalised(word) or (run and word.casefold() in SMALL_WORDS):
                run.append(word)
                continue
            while run and not _capitalised(run[-1]):
                run.pop()
            if sum(_capitalised(w) for w in run) >= 3:
                yield " ".join(run)
            run = []


def _capitalised(word: str) -> bool:
    # "Training", "Face-to-Face"; not an acronym (WCO), a small word or a number.
    return len(word) > 1 and word[0].isupper() and word[1:2].islower() and word.casefold() not in SMALL_WORDS


def _initials(words: list[str], *, skip_small: bool) -> str:
    parts = [p for w in words for p in re.split(r"[-‐]", w) if p]
    return "".join(p[0] for p in parts if not (skip_small and p.casefold() in SMALL_WORDS)).upper()


def _prose(compendium: Compendium) -> Iterator[str]:
    """The edition's running text: where names are written out and acronyms defined."""
    for record in compendium.records.values():
        yield record.summary
        yield record.body
        for table in record.tables:
            yield from (cell for row in table.rows for cell in row)
    for source in compendium.sources.values():
        yield source.about
    for chapter in compendium.edition.chapters:
        yield chapter.summary
        yield chapter.intro
    for term in compendium.glossary:
        yield term.definition
    for tag in compendium.tags.values():
        yield tag.description
