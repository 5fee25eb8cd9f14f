"""The record explorer, used as a member would: filters, counts, shareable addresses."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

import yaml

from browser import chromium_page, serve
from conftest import REPO

# What each choice must show, read by hand from the record files of data/cases/ (not
# computed by the code under test): titles in the edition's order, a numbered case as
# "Case N: title". A record belongs to the members of its `member:` and `partners:`;
# one that only credits a member for a figure (`credit_member:`) does not.
INDIA = [  # member: IN
    "Attracting Gen-Z for better results",  # 10-panel-discussion-notes
    "India puts canine workshop knowledge into induction training",  # 20-good-practice-report-29
    "India streamlines its post-clearance audit procedures",
    "India and Japan discuss canine programme strategies",  # partners: [JP]
    "India RTC: learning apps for mobile phones",  # 21-events
]
INDIA_IN_ANNEX_1 = ["Attracting Gen-Z for better results"]  # Annex 1 is chapter 10
FIJI_OR_INDIA_TEXTS = [  # kind: text, member: FJ or IN
    "Change management",  # 09-gender-equality-and-diversity
    "Culture of knowledge sharing",  # 10-panel-discussion-notes
    "Questions to the Fiji panellist: trainers, retirees and interns",
    "Attracting Gen-Z for better results",
]
JAPAN_IN_THE_GOOD_PRACTICE_REPORT = [  # chapter 20, member or partner JP
    "Japan shares canine workshop presentations in a web meeting",
    "Fiji and Japan apply better data management techniques",  # member FJ, partners [JP]
    "India and Japan discuss canine programme strategies",  # member IN, partners [JP]
]
EVALUATION_PRACTICES = [  # 08-evaluation, kind: practice, all numbered cases
    "Case 1: Reaction",
    "Case 2: Learning",
    "Case 3: Behavior",
    "Case 4: Result",
    "Case 5: Four Types of Evaluation",
    "Case 6: Evaluation Matrix for Training Program",
    "Case 7: Evaluation Matrix for Behavior During OJT",
    "Case 8: Evaluation by Return on Investment",
]


def _current_record_files() -> int:
    """How many records the explorer lists unfiltered: the files of data/cases/ that are
    published and not retired, counted as plain YAML."""
    files = (REPO / "data" / "cases").rglob("*.yml")
    records = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in files]
    return sum(r["status"] == "published" and not r.get("retired_in") for r in records)


def _shown(page) -> list[str]:
    return [a.strip() for a in page.locator(".explorer-list li:not([hidden]) > a").all_inner_texts()]


def test_filtering_by_member_and_chapter_shows_exactly_their_records(built_site: Path):
    with serve(built_site) as url, chromium_page() as page:
        page.goto(url + "explore/")
        everything = _current_record_files()
        assert len(_shown(page)) == everything > 150
        page.locator("summary", has_text="Member").click()  # each facet is a folded group
        page.get_by_role("checkbox", name="India").check()
        assert _shown(page) == INDIA
        page.locator("summary", has_text="Chapter").click()
        page.get_by_role("checkbox", name="Annex 1: Notes from Panel Discussion").check()
        assert _shown(page) == INDIA_IN_ANNEX_1
        assert page.locator("[data-status]").inner_text() == f"1 of {everything} records match"
        # The state is in the address: a shared link reproduces it, and Back undoes a step.
        assert parse_qs(page.evaluate("location.search")[1:]) == {"member": ["IN"], "chapter": ["10"]}
        page.go_back()
        assert _shown(page) == INDIA
        page.goto(url + "explore/?member=FJ&member=IN&kind=text")
        assert _shown(page) == FIJI_OR_INDIA_TEXTS
        assert page.get_by_role("checkbox", name="Fiji", include_hidden=True).is_checked()  # folded
        page.goto(url + "explore/?member=JP&chapter=20")  # a partner's records are its own too
        assert _shown(page) == JAPAN_IN_THE_GOOD_PRACTICE_REPORT


def test_counts_tell_what_each_choice_would_show(built_site: Path):
    with serve(built_site) as url, chromium_page() as page:
        page.goto(url + "explore/?kind=practice")
        page.locator("summary", has_text="Chapter").click()
        label = page.locator("fieldset[data-facet=chapter] label", has_text="Chapter 8: Evaluation")
        assert label.locator("[data-count]").inner_text() == f"({len(EVALUATION_PRACTICES)})"


def test_chapter_page_filters_its_own_records(built_site: Path):
    with serve(built_site) as url, chromium_page() as page:
        page.goto(url + "chapters/evaluation/?kind=practice")
        assert page.locator("details.explorer-box").get_attribute("open") is not None
        assert _shown(page) == EVALUATION_PRACTICES


def test_without_javascript_every_record_is_listed(built_site: Path):
    with serve(built_site) as url, chromium_page(java_script_enabled=False) as page:
        page.goto(url + "explore/")
        assert len(_shown(page)) == _current_record_files()
        assert page.locator("form.explorer-filters").is_hidden()


def test_keyboard_reaches_every_filter(built_site: Path):
    with serve(built_site) as url, chromium_page() as page:
        page.goto(url + "explore/")
        boxes = page.locator("form.explorer-filters input[type=checkbox]")
        wanted = boxes.count()
        reached = set()
        for _ in range(wanted + 200):
            page.keyboard.press("Tab")
            # A folded group opens with Enter on its summary, as any disclosure widget.
            if page.evaluate("document.activeElement.matches('.explorer-group:not([open]) > summary')"):
                page.keyboard.press("Enter")
            focused = page.evaluate(
                "document.activeElement.matches('form.explorer-filters input[type=checkbox]')"
                " ? document.activeElement.name + '=' + document.activeElement.value : null"
            )
            if focused:
                reached.add(focused)
            if len(reached) == wanted:
                break
        assert len(reached) == wanted
        # Space ticks the focused box, as with any checkbox.
        page.keyboard.press("Space")
        assert page.evaluate("document.activeElement.checked") is True
        assert page.evaluate("location.search") != ""
