"""The record rules about figures and tables: percentages, rows that fit their table,
and the wording a figure needs to be a question of the self-assessment page. Part of the
checklist in rules.py."""

from __future__ import annotations

from .typed import did_you_mean


def rule_figures_and_tables(record, doc, ctx, problems):
    for index, figure in enumerate(getattr(record, "figures", [])):
        if figure.unit == "percent" and figure.value > 100:
            problems.append(
                doc.problem(
                    ("figures", index, "value"),
                    f"{figure.value:g} percent is more than 100; check the figure",
                )
            )
    for t, table in enumerate(record.tables):
        for r, row in enumerate(table.rows):
            if len(row) != len(table.columns):
                problems.append(
                    doc.problem(
                        ("tables", t, "rows", r),
                        f"this row has {len(row)} cells but the table has {len(table.columns)} columns; "
                        'give every row one cell per column ("" for an empty cell)'
                        + (
                            ". A comma separates cells: "
                            'put a cell that holds a comma in double quotes, e.g. "a, b"'
                            if len(row) > len(table.columns)
                            else ""
                        ),
                    )
                )


# What the self-assessment page needs of a figure marked as a question, and how to write it.
_QUESTION_WORDING = {
    "id": "the short name of its answer in the page's address, e.g. `id: training-policy`",
    "ask": 'the question itself, e.g. `ask: "Does your administration have a written training policy?"`',
    "measures": "`practice` (the figure counts those who do something: No is a gap) or `challenge` "
    "(it counts those who find something hard: Yes is a gap)",
    "yes_group": 'who answers Yes, as the page ends "You are among the {yes} of responding '
    'administrations ...", e.g. `yes_group: with a training policy`',
    "no_group": 'who answers No, as the page ends "You are among the {no} of responding '
    'administrations ...", e.g. `no_group: without a training policy`',
}


def rule_questions(record, doc, ctx, problems):
    """A figure marked as a question of the self-assessment page has all its wording."""
    for index, figure in enumerate(getattr(record, "figures", [])):
        question = figure.question
        if question is None:
            continue
        at = ("figures", index, "question")
        shares = {"yes": f"{figure.value:g}%", "no": f"{max(0.0, 100 - figure.value):g}%"}
        for name, what in _QUESTION_WORDING.items():
            if getattr(question, name) is None:
                problems.append(
                    doc.problem(
                        at,
                        f"this figure is a question of the self-assessment page, which needs `{name}`: "
                        f"{what.format(**shares)}; add it under `question:`, or remove `question:`",
                        key=True,
                        field_name=f"figures[{index}].question.{name}",
                    )
                )
        if figure.unit != "percent":
            problems.append(
                doc.problem(
                    at,
                    "only a percentage can be a question: the page shows it as the region's share; "
                    "remove `question:` from this figure",
                    key=True,
                )
            )
        if question.ask is not None and not question.ask.endswith("?"):
            problems.append(doc.problem(at + ("ask",), "end the question with a question mark"))
        others = [p for p in ctx.question_files.get(question.id or "", []) if p != doc.path]
        if others or (ctx.question_files.get(question.id or "", []).count(doc.path) > 1):
            problems.append(
                doc.problem(
                    at + ("id",),
                    f"another question has the id `{question.id}` (in {', '.join(others) or 'this file'}); "
                    "give each question an id of its own",
                )
            )
        for t, tag in enumerate(question.topics):
            if tag not in ctx.tag_ids:
                problems.append(
                    doc.problem(
                        at + ("topics", t),
                        f"`{tag}` is not in data/tags.yml; use a listed tag.{did_you_mean(tag, ctx.tag_ids)}",
                    )
                )
