"""data/ holds the whole 2026 edition: checked against a table counted from the printed
edition (tests/edition_contents/NN.yml, one file per chapter or part).

`cases` counts the numbered "Case N" practices; `practice_texts` the text the edition prints
among them without a number (a practice record with `attribution: none`); `texts` the
records of the chapter's text section (front matter, annex notes, boxes); `events` the
dated meetings and workshops of the timeline.

`survey_percentages` lists every distinct figure the survey section prints: two findings
that both come to 45% are listed twice; one finding the text repeats is listed once."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

TABLE = sorted((Path(__file__).parent / "edition_contents").glob("*.yml"))
KINDS = {
    "wco_tools": "wco-tool",
    "one_step_forward": "one-step-forward",
    "highlights": "highlight",
    "texts": "text",
    "events": "event",
}


def test_table_covers_every_chapter_of_the_edition(compendium):
    numbers = [yaml.safe_load(p.read_text(encoding="utf-8"))["chapter"] for p in TABLE]
    assert sorted(numbers) == sorted(c.number for c in compendium.edition.chapters)  # each once


@pytest.mark.parametrize("path", TABLE, ids=[p.stem for p in TABLE])
def test_chapter_holds_what_the_edition_prints(compendium, path: Path):
    expected = yaml.safe_load(path.read_text(encoding="utf-8"))
    chapter = expected["chapter"]
    counted = {key: len(compendium.section(chapter, kind)) for key, kind in KINDS.items()}
    practices = compendium.section(chapter, "practice")
    counted["cases"] = sum(r.id in compendium.case_numbers for r in practices)
    counted["practice_texts"] = len(practices) - counted["cases"]
    assert counted == {key: expected[key] for key in counted}
    percentages = [
        f.value for r in compendium.section(chapter, "survey") for f in r.figures if f.unit == "percent"
    ]
    assert Counter(percentages) == Counter(expected["survey_percentages"])
