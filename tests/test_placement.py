"""Text the edition prints among the members' practices without a case number (a practice
record with `attribution: none`) keeps its place between the numbered cases, takes no
number, and leaves the numbers of the cases after it as the edition prints them.

The expectations are written by hand from the printed edition
(../shared/sources/compendium-training-management-ap-2026.md), not from data/."""

from __future__ import annotations

import re

import pytest

from compendium.book import book_html
from compendium.site import Site, render_site

# The "Members' Practices" section of each chapter, in the edition's order: each heading
# as printed (None: text printed under no heading), and its case number (None: printed
# without one).
EDITION = {
    # Chapter 2, Identification of Needs (source lines 379-464); the bold lead-ins before
    # Cases 1 and 3 and the heading before Case 5 introduce those cases and stay with them.
    2: [
        ("Diverse Approaches to Needs Analysis", 1),
        ("Some organizations engage in cross-cutting organizational-level analysis", None),
        ("A Data-Driven Approach to Workforce Development", 2),
        ("Job Analysis for Targeted Skill Development", 3),
        ("Organizational and Performance Needs Analysis", 4),
        ("Needs-Based Training Prioritization and External Collaboration", 5),
    ],
    # Chapter 3, Annual Training Plan (source lines 563-807): the section opens with two
    # sentences on its purpose, under no heading of their own.
    3: [
        (None, None),
        ("Annual Plan", 1),
        ("Annual Training Plan and Budgeting", 2),
        ("PDCA-Based Approach", 3),
        ("Systematic Learning Approach with the ADDIE Model", 4),
        ("Structured Development of a Comprehensive Annual Training Plan", 5),
    ],
    # Chapter 6, Trainer (source lines 1432-1510)
    6: [
        ("Administrations assign field officers for temporary trainers", None),
        ("Strategic Trainer Allocation and Knowledge Transfer: Ensuring Sustainable Capacity Building", 1),
        ("Building Expertise: Qualifications and Development of Full-Time Customs Trainers", 2),
        ("Strategic Management of a Trainer Pool: Ensuring Excellence", 3),
        ("Developing and Managing Trainers: A Comprehensive Approach to Customs Training Excellence", 4),
        ("Structured Trainer Management System for Full-Time and Part-Time Instructors", 5),
        ("Trainer Assessment for Quality Assurance", 6),
    ],
    # Chapter 7, Training Material (source lines 1768-1867)
    7: [
        ("Members' Practice in Development of Materials", None),
        ("Adopting Pre-Existing Materials", 1),
        ("Dedicated Material Development Team", 2),
        ("Structured Committee", 3),
        ("Direct Development by Instructors", 4),
        ("Development by Faculty", 5),
        ("Members' Practice in Revision of Materials", None),
        ("Flexible Material Management and Trainer Support System", 6),
        ("Pilot Testing and Continuous Improvement", 7),
        ("Collaboration with Other Ministries in Training Material Updates", 8),
        ("Members' Practice in Utilization of CLiKC! and CEN", None),
    ],
}

# The same text must not stay among the members' discussion.
MOVED = [
    "field-officers-as-temporary-trainers",
    "approaches-to-developing-training-materials",
    "revising-training-materials",
    "using-clikc-and-cen",
]


@pytest.fixture(scope="module")
def pages(compendium):
    return render_site(Site(compendium))


@pytest.mark.parametrize("chapter", sorted(EDITION))
def test_practices_section_has_the_edition_order_and_numbers(compendium, chapter: int):
    section = compendium.section(chapter, "practice")
    printed = EDITION[chapter]
    found = [
        (r.title.casefold() if title else None, compendium.case_numbers.get(r.id))
        for r, (title, _) in zip(section, printed, strict=False)
    ]
    assert len(section) == len(printed)
    assert found == [(title.casefold() if title else None, number) for title, number in printed]


def test_unnumbered_practice_text_is_not_a_discussion_topic(compendium):
    for chapter in (6, 7):
        discussed = {r.id for r in compendium.section(chapter, "discussion")}
        assert discussed.isdisjoint(MOVED)
    for record_id in MOVED:
        record = compendium.records[record_id]
        assert (record.kind, record.attribution, record.member) == ("practice", "none", None)
        assert record_id not in compendium.case_numbers


def test_chapter_page_shows_the_text_in_place_without_a_number(pages):
    page = pages["chapters/training-material.md"]
    practices = page[page.index("## Members' practices") : page.index("## Members' discussion")]
    headings = re.findall(r"^### (.+?) \{: #([a-z0-9-]+) \}$", practices, re.MULTILINE)
    assert [record_id for _, record_id in headings][:2] == [
        "approaches-to-developing-training-materials",
        "adopting-pre-existing-materials",
    ]
    assert headings[0][0] == "Members' practice in development of materials"
    assert headings[1][0] == "Case 1: Adopting Pre-Existing Materials"
    assert headings[6][0] == "Members' practice in revision of materials"
    assert headings[7][0] == "Case 6: Flexible Material Management and Trainer Support System"
    # The text is printed in full, as the edition prints it; it is no case to "read".
    assert "alarm goes off three years after a module is launched" in practices


def test_no_page_and_no_part_of_the_book_shows_a_missing_case_number(compendium, pages):
    for uri, text in pages.items():
        assert "Case None" not in text, uri
    assert "Case None" not in book_html(compendium)


def test_own_page_and_lists_of_an_unnumbered_text(pages):
    own = pages["practices/field-officers-as-temporary-trainers.md"]
    assert own.startswith("# Administrations assign field officers for temporary trainers\n")
    assert "**Case number:**" not in own and "**Member:**" not in own
    listed = pages["practices/index.md"]  # the list of cases: numbered ones only
    assert "field-officers-as-temporary-trainers" not in listed
    assert "Case 1: Strategic Trainer Allocation" in listed
    home = pages["index.md"]  # practices per chapter: the numbered cases
    assert re.search(r"\[6\. Trainer\]\(chapters/trainer\.md\) \| [^|]+ \| 6 \|", home)
    assert re.search(r"\[7\. Training Material\]\(chapters/training-material\.md\) \| [^|]+ \| 8 \|", home)


def test_member_pages_gather_no_figure_credit_of_an_anonymous_record(compendium, pages):
    anonymous_credits = [
        (r, i.credit_member)
        for r in compendium.records.values()
        if r.attribution == "anonymous"
        for i in r.images
        if i.credit_member
    ]
    assert anonymous_credits  # the edition credits figures next to anonymous cases
    for record, code in anonymous_credits:
        assert record.id not in pages[f"members/{code.lower()}.md"]
        if record.kind == "practice":  # the credit stays on the case, as the edition prints it
            assert "Courtesy of the Customs administration of" in pages[f"practices/{record.id}.md"]
