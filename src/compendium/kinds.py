"""Every kind of record in one place: its model, and how the site, the book, the editors'
tools and the benchmark treat it.

Adding a kind of record takes three steps, all named here:

1. its model in `model.py`: a `Record` subclass with `kind: Literal["<name>"]` and the
   fields of its own;
2. one `Kind(...)` entry in `KINDS` below;
3. its template `templates/kinds/<name>.md.j2`, a macro `show(page, r, top)` that prints
   a record of the kind in full (on chapter pages and in the book); or `shown_as=` the
   name of a kind that is shown the same way.

Validation, the JSON Schemas, chapter sections, the explorer's filter, `compendium new`
and the benchmark's corpora read the kind from here; `tests/test_kinds.py` checks that
every kind is covered everywhere, and adds a throwaway kind to prove these steps suffice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, Field

from .model import (
    Discussion,
    Event,
    Example,
    Highlight,
    OneStepForward,
    Practice,
    Record,
    Survey,
    Text,
    WcoTool,
)


@dataclass(frozen=True)
class Kind:
    name: str  # as written in `kind:` and in a chapter's `sections:` (data/edition.yml)
    model: type[Record]
    section_title: str  # heading of its section on chapter pages; "" for none
    label: str  # in lists and the explorer's "Kind of record" filter
    own_page: bool = False  # a page of its own (practices/<id>/); else an anchor on its chapter
    corpus_weight: int = 0  # share among the records of a chapter, for benchmark corpora
    shown_as: str | None = None  # another kind whose template shows this one; default its own

    @property
    def template(self) -> str:
        return f"kinds/{self.shown_as or self.name}.md.j2"


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("text", Text, "", "Text", corpus_weight=9),
        Kind("survey", Survey, "Survey results", "Survey", corpus_weight=10),
        Kind("wco-tool", WcoTool, "WCO tools", "WCO tool", corpus_weight=10),
        Kind("practice", Practice, "Members' practices", "Member practice", own_page=True, corpus_weight=38),
        Kind("discussion", Discussion, "Members' discussion", "Members' discussion", corpus_weight=31),
        Kind(
            "highlight",
            Highlight,
            "Key highlights from the RTC Heads Meeting",
            "RTC Heads Meeting highlight",
            corpus_weight=9,
        ),
        Kind("one-step-forward", OneStepForward, "One Step Forward", "One Step Forward", corpus_weight=9),
        Kind("example", Example, "Examples from the follow-up report", "Example"),
        Kind("event", Event, "Events", "Event"),
    )
}


def kind_of(record: Record) -> Kind:
    return KINDS[record.kind]


def _known_kind(name: str) -> str:
    if name not in KINDS:
        raise ValueError(f"write one of: {', '.join(KINDS)}")
    return name


# A kind's name where the data names one (a chapter's sections); the JSON Schema lists
# the kinds for editors' completion. Checked against KINDS when read, so a kind added at
# run time (as the test does) is known too.
KindName = Annotated[
    str,
    Field(json_schema_extra={"enum": list(KINDS)}),
    AfterValidator(_known_kind),
]
