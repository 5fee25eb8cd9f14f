"""Rendering is pure: a compendium in, Markdown pages out, no MkDocs involved."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from compendium.check import build_compendium
from compendium.site import Site, render_site, site_nav
from compendium.site.links import _has_word
from conftest import TODAY


def _pages(project: Path) -> dict[str, str]:
    return render_site(Site(build_compendium(project, today=TODAY), "https://example.org/edit/main/"))


def test_case_numbers_follow_positions_and_urls_follow_ids(project: Path):
    folder = project / "data" / "cases" / "01-training-policy"
    # Insert a case before Case 1: numbers shift, addresses do not.
    text = (folder / "three-pillar-approach-training-course.yml").read_text(encoding="utf-8")
    (folder / "an-earlier-case.yml").write_text(
        text.replace("three-pillar-approach-training-course", "an-earlier-case")
        .replace("position: 20", "position: 5")
        .replace("related: [comprehensive-strategy-sustainable-workforce]\n", ""),
        encoding="utf-8",
    )
    pages = _pages(project)
    assert pages["practices/an-earlier-case.md"].startswith("# Case 1: A Three-Pillar")
    assert pages["practices/comprehensive-strategy-sustainable-workforce.md"].startswith(
        "# Case 2: Comprehensive Strategy"
    )
    assert pages["practices/three-pillar-approach-training-course.md"].startswith("# Case 3: A Three-Pillar")


def test_chapter_sections_follow_the_edition_order(project: Path):
    page = _pages(project)["chapters/training-policy.md"]
    headings = [line for line in page.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Survey results",
        "## WCO tools",
        "## Members' practices",
        "## Members' discussion",
        "## One Step Forward",
    ]


def test_survey_figures_render_as_a_table_with_their_base(project: Path):
    page = _pages(project)["chapters/training-policy.md"]
    assert "| Have a training policy | 73% | Administrations that answered the questionnaire |" in page
    assert (
        "| Have a training contingency plan | 29% | Administrations with a training strategy document (64%) |"
        in page
    )


def test_credited_missing_figure_is_announced_not_faked(project: Path):
    pages = _pages(project)
    chapter = pages["chapters/training-policy.md"]
    assert "Courtesy of the Customs administration of [Malaysia](../members/my.md)" in chapter
    assert "![" not in chapter  # no image is invented
    assert "Write down the vision, and evaluate against it" in pages["members/my.md"]


def test_named_practice_appears_on_its_member_page_and_anonymous_one_does_not(project: Path):
    folder = project / "data" / "cases" / "01-training-policy"
    path = folder / "three-pillar-approach-training-course.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("attribution: anonymous", "attribution: named\nmember: JP"),
        encoding="utf-8",
    )
    pages = _pages(project)
    assert "Case 2: A Three-Pillar Approach to Training Course" in pages["members/jp.md"]
    assert "Comprehensive Strategy" not in pages["members/jp.md"]
    assert "[Japan](../members/jp.md)" in pages["practices/three-pillar-approach-training-course.md"]


def test_markdown_special_characters_in_titles_do_not_break_links(project: Path):
    path = project / "data" / "cases" / "01-training-policy" / "training-policy-definition.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "title: What a training policy expresses", 'title: "Policy [draft] | v2"'
        ),
        encoding="utf-8",
    )
    page = _pages(project)["sources/wco-fppcp-2015.md"]
    assert "[Policy \\[draft\\] \\| v2](../chapters/training-policy.md#training-policy-definition)" in page


def test_nav_lists_chapters_and_indexes_only(project: Path):
    nav = site_nav(build_compendium(project, today=TODAY))
    flat = str(nav)
    assert "chapters/training-policy.md" in flat and "practices/index.md" in flat
    assert "practices/three-pillar-approach-training-course.md" not in flat


def test_record_headings_nest_under_the_page_headings(project: Path):
    path = project / "data" / "cases" / "01-training-policy" / "three-pillar-approach-training-course.yml"
    text = path.read_text(encoding="utf-8").replace(
        "body: |\n", "body: |\n  # Background\n\n  ### Detail\n\n"
    )
    path.write_text(text, encoding="utf-8")
    pages = _pages(project)
    practice = pages["practices/three-pillar-approach-training-course.md"].splitlines()
    assert "## Background" in practice and "#### Detail" in practice
    case_on_chapter = pages["chapters/training-policy.md"]
    # The chapter page shows only the case's summary; its body headings stay on its own page.
    assert "Background" not in case_on_chapter


def test_section_record_headings_nest_under_the_record_heading(project: Path):
    path = project / "data" / "cases" / "01-training-policy" / "benefits-of-training-policy.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("body: |\n", "body: |\n  ## In short\n\n"), encoding="utf-8"
    )
    page = _pages(project)["chapters/training-policy.md"].splitlines()
    # Section (h2) > record (h3) > the record's own heading (h4).
    assert "### The benefits of having a training policy {: #benefits-of-training-policy }" in page
    assert "#### In short" in page


def test_event_dates_read_as_people_write_them():
    import datetime

    from compendium.model import Event

    def when(**dates) -> str:
        event = Event(
            id="e",
            kind="event",
            chapter=21,
            position=1,
            title="T",
            summary="S",
            status="published",
            added=datetime.date(2026, 5, 20),
            **dates,
        )
        return Site.when(None, event)

    d = datetime.date
    assert when(date=d(2022, 5, 24), end=d(2022, 5, 26)) == "24-26 May 2022"
    assert when(date=d(2021, 10, 27)) == "27 October 2021"
    assert when(date=d(2024, 4, 29), end=d(2024, 5, 3)) == "29 April 2024 to 3 May 2024"
    assert when(date=d(2023, 10, 1), precision="month") == "October 2023"


def test_record_credited_to_several_members_is_listed_on_each_member_page(project: Path):
    path = project / "data" / "cases" / "01-training-policy" / "three-pillar-approach-training-course.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "attribution: anonymous", "attribution: named\nmember: JP\npartners: [KR]"
        ),
        encoding="utf-8",
    )
    pages = _pages(project)
    for member in ("jp", "kr"):
        assert "Case 2: A Three-Pillar Approach to Training Course" in pages[f"members/{member}.md"]
    assert (
        "[Japan](../members/jp.md), [Korea](../members/kr.md)"
        in pages["practices/three-pillar-approach-training-course.md"]
    )


def test_survey_figures_are_drawn_as_an_accessible_svg_bar_chart(project: Path):
    page = _pages(project)["chapters/training-policy.md"]
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    assert "Have a training policy: 73%" in svg and "Have no training policy: more than 20%" in svg
    # Bars on a 0-100 scale: 93% is the longest, "more than 20%" the shortest.
    lengths = [float(w) for w in __import__("re").findall(r'<rect x="0" y="\d+" width="([\d.]+)"', svg)]
    assert len(lengths) == 9 and max(lengths) == lengths[3] and min(lengths) == lengths[2]
    assert lengths[0] == round(270 * 73 / 100, 1)
    # The table after it is the chart's full text equivalent.
    assert page.index("</svg>") < page.index("| Have a training policy | 73% |")


def _edit(project: Path, record_id: str, old: str, new: str) -> None:
    path = next((project / "data" / "cases").rglob(f"{record_id}.yml"))
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_whats_new_lists_changes_newest_first_grouped_by_edition(project: Path):
    _edit(
        project, "training-policy-definition", "added: 2026-05-20", "added: 2026-05-20\nupdated: 2026-09-01"
    )
    _edit(project, "benefits-of-training-policy", "added: 2026-05-20", "added: 2026-06-15")
    page = _pages(project)["whats-new.md"]
    since, edition = page.index("## Since Edition 2026"), page.index("## Edition 2026")
    updated = page.index("| 2026-09-01 | Updated | [What a training policy expresses]")
    added = page.index("| 2026-06-15 | Added | [The benefits of having a training policy]")
    assert since < updated < added < edition


def test_feed_is_valid_atom_with_the_latest_change_first(project: Path):
    import xml.etree.ElementTree as ET

    from compendium.site import atom_feed

    _edit(
        project, "training-policy-definition", "added: 2026-05-20", "added: 2026-05-20\nupdated: 2026-09-01"
    )
    feed = ET.fromstring(atom_feed(Site(build_compendium(project, today=TODAY), directory_urls=True)))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    first = feed.find("a:entry", ns)
    assert first.find("a:title", ns).text == "Updated: What a training policy expresses"
    assert first.find("a:link", ns).get("href") == "chapters/training-policy/#training-policy-definition"
    assert feed.find("a:updated", ns).text == "2026-09-01T00:00:00Z"


def test_retired_record_keeps_its_address_with_a_notice_and_leaves_the_numbering(project: Path):
    _edit(
        project,
        "comprehensive-strategy-sustainable-workforce",
        "status: published",
        'retired_in: "2026"\nstatus: published',
    )
    pages = _pages(project)
    retired = pages["practices/comprehensive-strategy-sustainable-workforce.md"]
    assert '!!! warning "Retired in Edition 2026"' in retired
    # The other case moves up to Case 1; the chapter lists the retired one apart.
    assert pages["practices/three-pillar-approach-training-course.md"].startswith("# Case 1: A Three-Pillar")
    chapter = pages["chapters/training-policy.md"]
    assert "## Retired records" in chapter and "{: #comprehensive-strategy-sustainable-workforce }" in chapter
    assert "Comprehensive Strategy" not in pages["explore.md"].split("<ul")[1].split("Three-Pillar")[0]


def test_edition_marks_must_name_a_known_edition(project: Path):
    import pytest

    from compendium.problems import CompendiumError

    _edit(project, "training-policy-definition", "status: published", 'new_in: "2025"\nstatus: published')
    with pytest.raises(CompendiumError) as raised:
        build_compendium(project, today=TODAY)
    assert [str(p) for p in raised.value.problems] == [
        "data/cases/01-training-policy/training-policy-definition.yml:23:9: new_in: `2025` is not an edition "
        "of data/edition.yml; write one of: 2026"
    ]


def test_every_acronym_used_on_a_page_gets_hover_text_once_and_only_as_a_whole_word(project: Path):
    compendium = build_compendium(project, today=TODAY)
    terms = {t.abbr: t.term for t in compendium.glossary if t.abbr}
    for uri, page in render_site(Site(compendium)).items():
        body, _, definitions = page.partition("\n*[")
        expected = sorted(a for a in terms if re.search(rf"\b{a}\b", body))
        assert page.count("\n*[") == len(expected), uri
        for abbr in expected:
            assert f"\n*[{abbr}]: {terms[abbr]}\n" in page + "\n", uri
    site = Site(compendium)
    assert site.abbreviations("LMSs and xWCO and RTC_x") == ""
    assert site.abbreviations("(WCO), ROCB-led, HRM.") == (
        "\n*[HRM]: Human Resource Management\n*[ROCB]: Regional Office for Capacity Building"
        "\n*[WCO]: World Customs Organization"
    )


@given(st.text(alphabet="WCOHRMwco_ -.é9\n", max_size=40))
def test_whole_word_search_agrees_with_the_regular_expression(text: str):
    for word in ("WCO", "HRM", "O"):
        assert _has_word(text, word) == bool(re.search(rf"\b{word}\b", text))


def test_edit_links_open_the_files_of_records_that_are_not_anonymous(compendium):
    site = Site(compendium, "https://example.org/edit/main/")
    named = compendium.records["change-management-frcs"]
    anonymous = compendium.records["three-pillar-approach-training-course"]
    assert (named.attribution, anonymous.attribution) == ("named", "anonymous")
    assert site.edit_url(named.id) == (
        "https://example.org/edit/main/data/cases/09-gender-equality-and-diversity/change-management-frcs.yml"
    )
    assert site.edit_url(anonymous.id) is None
