"""The checked edition: one immutable object that rendering only reads.

It is assembled from records that passed every check. Only published records reach it,
and confidential fields are removed from them here, so no later step can leak them.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import cast

from .model import AnyRecord, Event
from .registries import Chapter, Edition, Member, Source, Tag, Term


@dataclass(frozen=True)
class Compendium:
    """The checked edition: registries, published records in the edition's order, and links."""

    edition: Edition
    members: dict[str, Member]
    sources: dict[str, Source]
    tags: dict[str, Tag]
    glossary: tuple[Term, ...]
    records: dict[str, AnyRecord]  # published only, in chapter and section order
    files: dict[str, str]  # record id -> its file, relative to the project root
    case_numbers: dict[str, int] = field(default_factory=dict)
    referenced_by: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def last_changed(self) -> datetime.date:
        """The latest date in the data: what a build is dated, so that two builds of the
        same data are byte-identical whatever day they run."""
        dates = [self.edition.as_of] + [r.updated or r.added for r in self.records.values()]
        return max(dates)

    def chapter(self, number: int) -> Chapter:
        return next(c for c in self.edition.chapters if c.number == number)

    # Indexes, built once on first use: pages ask for them thousands of times.

    @cached_property
    def current(self) -> list[AnyRecord]:
        """Records of the current edition: published and not retired."""
        return [r for r in self.records.values() if r.retired_in is None]

    @cached_property
    def cases(self) -> list[AnyRecord]:
        """The numbered cases of the current edition, in the edition's order."""
        return [r for r in self.current if r.id in self.case_numbers]

    def cases_in(self, chapter: int) -> list[AnyRecord]:
        return [r for r in self.cases if r.chapter == chapter]

    @cached_property
    def _index(self) -> dict[tuple, list[AnyRecord]]:
        index: dict[tuple, list[AnyRecord]] = defaultdict(list)
        for r in self.records.values():
            if r.retired_in is None:
                index["section", r.chapter, r.kind].append(r)
                for chapter in r.also_in:
                    index["also_in", chapter].append(r)
            else:
                index["retired", r.chapter].append(r)
            if r.attribution == "named":
                for code in dict.fromkeys((r.member, *r.partners)):
                    index["member", code].append(r)
            for source in dict.fromkeys(c.source for c in r.sources):
                index["citing", source].append(r)
            for tag in r.tags:
                index["tag", tag].append(r)
            for code in dict.fromkeys(i.credit_member for i in r.images if i.credit_member):
                index["credited", code].append(r)
        # Events read as a timeline, whatever their positions.
        for key, records in index.items():
            if key[0] == "section" and key[2] == "event":
                records.sort(key=lambda r: cast(Event, r).date)  # an event section holds events only
        return index

    def retired(self, chapter: int) -> list[AnyRecord]:
        return self._index.get(("retired", chapter), [])

    def section_kinds(self, chapter: int) -> set[str]:
        """Kinds of record the chapter actually holds (sections with nothing to show are skipped)."""
        return {key[2] for key in self._index if key[0] == "section" and key[1] == chapter}

    def section(self, chapter: int, kind: str) -> list[AnyRecord]:
        return self._index.get(("section", chapter, kind), [])

    def by_member(self, code: str) -> list[AnyRecord]:
        return self._index.get(("member", code), [])

    def citing(self, source_id: str) -> list[AnyRecord]:
        return self._index.get(("citing", source_id), [])

    def tagged(self, tag_id: str) -> list[AnyRecord]:
        return self._index.get(("tag", tag_id), [])

    def also_in(self, chapter: int) -> list[AnyRecord]:
        return self._index.get(("also_in", chapter), [])

    def credited(self, code: str) -> list[AnyRecord]:
        """Records with a figure credited to the member (the edition prints these credits)."""
        return self._index.get(("credited", code), [])


def glossary_index(terms) -> dict[str, Term]:
    """Every way a `[[reference]]` may name a term (its acronym or the term, any case)."""
    index: dict[str, Term] = {}
    for term in terms:
        index[term.term.casefold()] = term
        if term.abbr:
            index[term.abbr.casefold()] = term
    return index


# ----------------------------------------------------------------------------------------
# Assembly: only published records, without confidential fields


def _public(record: AnyRecord) -> AnyRecord:
    changes: dict = {"contact": None}
    if record.attribution == "anonymous":
        changes["member"] = None
    return record.model_copy(update=changes)


def assemble(registries, loaded, *, drafts: bool = False) -> Compendium:
    """The compendium of the published records; with `drafts`, of the drafts too (only the
    preview asks for them: no build does)."""
    (edition, _), (members, _), (sources, _), (glossary, _), (tags, _) = registries
    chapter_order = {c.number: i for i, c in enumerate(edition.chapters)}
    section_order = {c.number: {k: i for i, k in enumerate(c.sections)} for c in edition.chapters}
    published = [(r, d) for r, d in loaded if r.status == "published" or drafts]
    published.sort(
        key=lambda rd: (
            chapter_order[rd[0].chapter],
            section_order[rd[0].chapter][rd[0].kind],
            rd[0].position,
        )
    )
    records = {r.id: _public(r) for r, _ in published}
    case_numbers: dict[str, int] = {}
    counters: dict[int, int] = defaultdict(int)
    for record in records.values():
        # A practice with `attribution: none` is text printed among the cases: no number.
        if record.kind == "practice" and record.retired_in is None and record.attribution != "none":
            counters[record.chapter] += 1
            case_numbers[record.id] = counters[record.chapter]
    referenced: dict[str, list[str]] = defaultdict(list)
    for record in records.values():
        for other in record.related:
            referenced[other].append(record.id)
    return Compendium(
        edition=edition,
        members={m.code: m for m in members.members},
        sources={s.id: s for s in sources.sources},
        tags={t.id: t for t in tags.tags},
        glossary=tuple(sorted(glossary.terms, key=lambda t: (t.abbr or t.term).casefold())),
        records=records,
        files={r.id: d.path for r, d in published},
        case_numbers=case_numbers,
        referenced_by={k: tuple(v) for k, v in referenced.items()},
    )
