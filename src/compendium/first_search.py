"""What a reader's first search downloads: the search index, bounded for phones on slow
links (issue 17).

Material's search plugin writes the whole site's text into `search/search_index.json`,
and its worker searches it with lunr. For the edition that is about 130 kB compressed;
for 10,000 records it would be 8 MB, more than a phone on a slow link should fetch to
look up a word. So the site's pages ask for `search/first.json` when the reader starts a
search (docs/assets/search-on-demand.js), and this module writes it:

- the whole index, when it fits the budget (compressed): every word of every page;
- otherwise every entry of the index (each page and each section: title, address) with
  the first words of its text (a record's summary comes first), as many as fit, and the
  address and size of the whole index, which the reader can load with a button under the
  results to search every word. A case's summary on its chapter's page is left out there:
  the case's own page is in it.

Pure functions of the index; the build calls `write_search_indexes` once
compendium/search.py has added its fields to the index Material's plugin wrote.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

FULL_INDEX = "search/search_index.json"
FIRST_INDEX = "search/first.json"
DEFAULT_BUDGET = 900_000  # bytes, gzip-compressed: under 1 MB with headers and any gzip level
# Characters of text kept per entry, tried from the most to the fewest.
TEXT_LENGTHS = (600, 400, 300, 200, 150, 100, 60, 30, 0)

_TAG = re.compile(r"<[^>]*>")


def _json(index: dict) -> str:
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def compressed_size(text: str) -> int:
    return len(gzip.compress(text.encode(), 6, mtime=0))


def human_size(size: int) -> str:
    """A size as readers read it: 850 kB, 7.9 MB."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(1, round(size / 1000))} kB"


def first_index(index: dict, written: str, budget: int = DEFAULT_BUDGET) -> dict:
    """The index a first search loads: `index` itself when its compressed size (as
    `written` to its file) is within `budget`, or a bounded one, with `full` saying where
    the whole index is and its size."""
    full_size = compressed_size(written)
    if full_size <= budget:
        return index
    entries = index.get("docs", [])
    docs = _without_repeats(entries)
    plain = [" ".join(_TAG.sub(" ", doc.get("text", "")).split()) for doc in docs]
    head = {"location": FULL_INDEX, "size": human_size(full_size), "entries": len(entries)}

    def bounded(length: int) -> dict:
        return {
            "full": head,
            "config": index.get("config", {}),
            "docs": [dict(doc, text=_cut(text, length)) for doc, text in zip(docs, plain, strict=True)],
        }

    # The longest text that fits: the size shrinks with the length, so a binary search
    # compresses three or four candidates where trying each length in turn took up to nine.
    low, high = 0, len(TEXT_LENGTHS) - 1  # the answer is within TEXT_LENGTHS[low:high + 1]
    while low < high:
        middle = (low + high) // 2
        if compressed_size(_json(bounded(TEXT_LENGTHS[middle]))) <= budget:
            high = middle
        else:
            low = middle + 1
    return bounded(TEXT_LENGTHS[low])


def _without_repeats(docs: list[dict]) -> list[dict]:
    """The entries but the sections that repeat a page of their own: a case is summed up
    on its chapter's page (`chapters/x/#case`) and read on its page (`practices/case/`),
    which the search shows first anyway."""
    own = {d["location"].rstrip("/").rsplit("/", 1)[-1] for d in docs if "#" not in d["location"]}
    return [
        d
        for d in docs
        if "#" not in d["location"]
        or d["location"].split("#", 1)[1] not in own
        or d["location"].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1] == d["location"].split("#", 1)[1]
    ]


def _cut(text: str, length: int) -> str:
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0] if length else ""
    return cut + " …" if cut else ""


def write_search_indexes(site_dir: Path, index: dict, budget: int = DEFAULT_BUDGET) -> None:
    """Write the whole index and, beside it, the first search's, both as compact JSON. The
    whole index is written in ASCII (other characters escaped): Python holds such a text
    in half the memory (43 MB, not 86, at 10,000 records), and it compresses as well."""
    full = json.dumps(index, separators=(",", ":"))
    (Path(site_dir) / FULL_INDEX).write_text(full, encoding="utf-8")
    first = first_index(index, full, budget)
    (Path(site_dir) / FIRST_INDEX).write_text(full if first is index else _json(first), encoding="utf-8")
