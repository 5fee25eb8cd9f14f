"""The record rules about dates: when a record was added and updated, in which editions
it is new, revised or retired, and an event's days. Part of the checklist in rules.py."""

from __future__ import annotations


def rule_dates(record, doc, ctx, problems):
    for name in ("added", "updated"):
        value = getattr(record, name)
        if value is not None and value > ctx.today:
            problems.append(
                doc.problem(
                    (name,),
                    f"{value} is in the future; use the date the change was made (today is {ctx.today} "
                    "at the latest, anywhere on Earth)",
                )
            )
    if record.updated is not None and record.updated < record.added:
        problems.append(
            doc.problem(
                ("updated",),
                f"`updated` ({record.updated}) is before `added` ({record.added}); "
                "a record is updated after it is added",
            )
        )


def rule_edition_marks(record, doc, ctx, problems):
    edition = ctx.edition[0]
    known = [e.edition for e in edition.earlier_editions] + [edition.edition]
    for field_name in ("new_in", "revised_in", "retired_in"):
        value = getattr(record, field_name)
        if value is not None and value not in known:
            problems.append(
                doc.problem(
                    (field_name,),
                    f"`{value}` is not an edition of data/edition.yml; write one of: {', '.join(known)}",
                )
            )
    if record.revision_note is not None and record.revised_in is None:
        problems.append(
            doc.problem(
                ("revision_note",),
                "a revision note needs `revised_in`: the edition in which the record was revised, "
                f'e.g. `revised_in: "{edition.edition}"`',
            )
        )


def rule_event_dates(record, doc, ctx, problems):
    if getattr(record, "precision", "day") == "month" and record.date.day != 1:
        problems.append(
            doc.problem(
                ("date",), f"with `precision: month` write the first of the month ({record.date:%Y-%m}-01)"
            )
        )
    end = getattr(record, "end", None)
    if end is not None and end < record.date:
        problems.append(
            doc.problem(
                ("end",),
                f"`end` ({end}) is before `date` ({record.date}); the last day comes after the first",
            )
        )
