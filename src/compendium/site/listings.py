"""What list pages show: the latest changes (What's new, the feed) and the explorer's
filters with their counts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..compendium import Compendium
from ..kinds import KINDS
from ..model import AnyRecord
from ..registries import EarlierEdition, Edition
from .links import ANONYMOUS, Site


@dataclass(frozen=True)
class Change:
    record: AnyRecord
    date: datetime.date
    what: str  # Added, Updated or Retired


def whats_new(compendium: Compendium) -> list[tuple[str, list[Change]]]:
    """Every record's latest change, newest first, grouped by the edition it went into
    ("Since Edition 2026" for changes after the current edition's date)."""
    edition = compendium.edition
    editions: list[EarlierEdition | Edition] = [*edition.earlier_editions, edition]
    editions.sort(key=lambda e: e.as_of)

    def group_of(date) -> str:
        for e in editions:
            if date <= e.as_of:
                return f"Edition {e.edition}"
        return f"Since Edition {edition.edition}"

    as_of = {e.edition: e.as_of for e in editions}

    def latest_change(r) -> Change:
        if r.retired_in:
            # Retired without a date of its own: when the edition that retired it came out.
            return Change(r, r.updated or as_of[r.retired_in], "Retired")
        return Change(r, r.updated or r.added, "Updated" if r.updated else "Added")

    changes = [latest_change(r) for r in compendium.records.values()]
    changes.sort(key=lambda ch: (ch.date, ch.record.id), reverse=True)
    groups: dict[str, list[Change]] = {}
    for change in changes:
        groups.setdefault(group_of(change.date), []).append(change)
    return list(groups.items())


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Facet:
    key: str
    label: str
    values: tuple[FacetValue, ...]


def facet_member(record) -> list[str]:
    """Facet values of a record's member: codes of named members, or "anonymous"."""
    if record.attribution == "anonymous":
        return ["anonymous"]
    return [record.member, *record.partners] if record.member else []


def facets(site: Site, records: list, keys: tuple[str, ...]) -> list[Facet]:
    """The filter groups for `records`, each value with how many records carry it."""
    c = site.compendium

    def group(key, label, values_of, label_of, order):
        counts: dict[str, int] = {}
        for r in records:
            for v in values_of(r):
                counts[str(v)] = counts.get(str(v), 0) + 1
        values = tuple(
            FacetValue(v, label_of(v), n) for v, n in sorted(counts.items(), key=lambda vn: order(vn[0]))
        )
        return Facet(key, label, values)

    chapter_order = {str(ch.number): i for i, ch in enumerate(c.edition.chapters)}
    member_names = {code: m.name for code, m in c.members.items()} | {"anonymous": ANONYMOUS}
    builders = {
        "chapter": lambda: group(
            "chapter",
            "Chapter",
            lambda r: [r.chapter],
            lambda v: c.chapter(int(v)).reference,
            chapter_order.get,
        ),
        "member": lambda: group(
            "member", "Member", facet_member, member_names.get, lambda v: (v == "anonymous", member_names[v])
        ),
        "tag": lambda: group(
            "tag", "Topic", lambda r: r.tags, lambda v: c.tags[v].label, lambda v: c.tags[v].label
        ),
        "kind": lambda: group(
            "kind", "Kind of record", lambda r: [r.kind], lambda v: KINDS[v].label, list(KINDS).index
        ),
        "year": lambda: group("year", "Year added", lambda r: [r.added.year], str, lambda v: v),
    }
    # A group with a single value would filter nothing (every record has it): left out.
    return [f for f in (builders[key]() for key in keys) if len(f.values) > 1]
