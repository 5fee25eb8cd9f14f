"""The self-assessment page (/self-assessment/, issue 20): "Where does your administration stand?"

Its questions are survey figures that editors mark with `question:`; the checker says, at
file:line:col, what a marked figure lacks. In Chromium, in the site and in the offline copy:
a reader answers, sees the region's share beside each answer and what to read for a gap
(expectations written by hand from data/), keeps the answers in the address, prints the
result, uses the keyboard alone or no JavaScript at all; no request leaves the page while
answering, and axe-core finds no serious violation at phone and desktop sizes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml

from browser import chromium_page, serve
from compendium.check import build_compendium
from compendium.problems import CompendiumError
from compendium.site import Site, page_jobs, render_page
from conftest import REPO, TODAY
from test_accessibility import audit

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
PAGE = "self-assessment/"


# ----------------------------------------------------------------------------------------
# What editors write: the wording a question needs, checked at its place


SURVEY = """\
id: policy-review-survey-2026
kind: survey
chapter: 1
position: 90
title: How often training policies are reviewed
summary: Most administrations review their training policy every year.
year: 2026
figures:
  - label: Review their training policy every year
    value: 58
    question:
      id: policy-review
      measures: practice
      no_group: that do not review their training policy every year
sources:
  - source: wco-training-management-survey-2023
status: published
added: 2026-05-20
"""
SURVEY_FILE = "data/cases/01-training-policy/policy-review-survey-2026.yml"
POLICY_SURVEY = "data/cases/01-training-policy/training-policy-survey-2023.yml"


def _problems(project: Path) -> list[str]:
    with pytest.raises(CompendiumError) as raised:
        build_compendium(project, today=TODAY)
    return [str(p) for p in raised.value.problems]


def test_a_question_without_its_wording_is_refused_at_the_question(project: Path):
    (project / SURVEY_FILE).write_text(SURVEY, encoding="utf-8")
    # `question:` stands on line 11, column 5; `ask` and `yes_group` are missing.
    expected = [
        f"{SURVEY_FILE}:11:5: figures[0].question.ask: this figure is a question of the "
        'self-assessment page, which needs `ask`: the question itself, e.g. `ask: "Does your '
        'administration have a written training policy?"`; add it under `question:`, or remove `question:`',
        f"{SURVEY_FILE}:11:5: figures[0].question.yes_group: this figure is a question of the "
        'self-assessment page, which needs `yes_group`: who answers Yes, as the page ends "You are '
        'among the 58% of responding administrations ...", e.g. `yes_group: with a training policy`; '
        "add it under `question:`, or remove `question:`",
    ]
    assert _problems(project) == expected
    # The editor sees the same lines from `compendium validate`, and nothing is published.
    result = subprocess.run(
        [sys.executable, "-m", "compendium.cli", "validate", "--root", str(project)],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert result.stderr.splitlines()[:2] == expected


def test_question_ids_topics_units_and_question_marks_are_checked(project: Path):
    complete = SURVEY.replace(
        "      measures: practice\n",
        "      ask: Does your administration review its training policy every year\n"
        "      measures: practice\n"
        "      yes_group: that review their training policy every year\n"
        "      topics: [training-polcy]\n",
    ).replace("id: policy-review\n", "id: training-policy\n")  # the id of chapter 1's first question
    counted = complete.replace("    value: 58\n", "    value: 58\n    unit: count\n")
    (project / SURVEY_FILE).write_text(counted, encoding="utf-8")
    found = _problems(project)
    assert found == [
        f"{SURVEY_FILE}:12:5: figures[0].question: only a percentage can be a question: the page shows it "
        "as the region's share; remove `question:` from this figure",
        f"{SURVEY_FILE}:13:11: figures[0].question.id: another question has the id `training-policy` "
        f"(in {POLICY_SURVEY}); give each question an id of its own",
        f"{SURVEY_FILE}:14:12: figures[0].question.ask: end the question with a question mark",
        f"{SURVEY_FILE}:17:16: figures[0].question.topics[0]: `training-polcy` is not in data/tags.yml; "
        "use a listed tag. Did you mean `training-policy`?",
        # Both files are told: either may be the one to change.
        f"{POLICY_SURVEY}:16:11: figures[0].question.id: another question has the id `training-policy` "
        f"(in {SURVEY_FILE}); give each question an id of its own",
    ]


def test_a_survey_added_in_a_later_edition_adds_its_questions(project: Path):
    worded = SURVEY.replace(
        "      measures: practice\n",
        "      ask: Does your administration review its training policy every year?\n"
        "      measures: practice\n"
        "      yes_group: that review their training policy every year\n",
    )
    (project / SURVEY_FILE).write_text(worded, encoding="utf-8")
    site = Site(build_compendium(project, today=TODAY))
    job = next(j for j in page_jobs(site) if j.uri == "self-assessment.md")
    text = render_page(site, job)
    assert "Does your administration review its training policy every year?" in text
    assert "You are among the 42% of responding administrations that do not review their" in text
    assert 'data-question="policy-review" data-gap="no" data-share="58"' in text
    # The chapter's survey section leads to its questions.
    chapter = next(j for j in page_jobs(site) if j.uri == "chapters/training-policy.md")
    assert "[How does your administration compare?](../self-assessment.md#chapter-1){ .md-button }" in (
        render_page(site, chapter)
    )


# The second wall: question wording is printed as text whatever it says, even with the
# validator's checks of raw HTML and links switched off (as tests/test_untrusted_content.py
# does for the other fields).
HOSTILE = "<img src=x onerror=alert(301)> [x](javascript:alert(302)) {: onclick=alert(303) } *b* &amp;"
WITHOUT_FIRST_WALL = """
import sys
import compendium.check as check
check.RECORD_RULES = tuple(rule for rule in check.RECORD_RULES if rule.__name__ != "rule_text")
from mkdocs.__main__ import cli
cli(["build", "-f", sys.argv[1], "-d", sys.argv[2]])
"""


def test_hostile_question_wording_is_shown_as_text_and_runs_nothing(project: Path, tmp_path: Path):
    path = project / POLICY_SURVEY
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["figures"][0]["question"].update(ask=HOSTILE + "?", yes_group=HOSTILE, no_group=HOSTILE)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_FIRST_WALL, str(project / "mkdocs.yml"), str(site)],
        capture_output=True,
        text=True,
        cwd=project,
        env={**os.environ, "COMPENDIUM_PDF": "0", "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    html = (site / PAGE / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    assert "onerror=" not in article.replace("onerror=alert(301)&gt;", "")  # only as text
    assert 'href="javascript' not in article and "onclick=" not in article.replace("onclick=alert(303)", "")
    dialogs: list = []
    with serve(site) as url, chromium_page() as page:
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(url + PAGE)
        question = page.locator("#q-training-policy")
        assert question.locator("legend").inner_text() == HOSTILE + "?"
        question.get_by_label("No", exact=True).check()
        assert _shown_shares(page, HOSTILE + "?") == [
            f"You are among the 27% of responding administrations {HOSTILE}."
        ]
        assert page.locator(".sa-gaps li").inner_text().startswith(HOSTILE + "?")
    assert dialogs == []


# ----------------------------------------------------------------------------------------
# In the browser


def _marked_questions() -> int:
    """How many figures of data/ are marked as questions (read with PyYAML, not the package)."""
    count = 0
    for path in (REPO / "data" / "cases").rglob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("status") == "published" and not data.get("retired_in"):
            count += sum(1 for f in data.get("figures", []) if f.get("question"))
    return count


@pytest.fixture(scope="module")
def offline_copy(built_site: Path, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(built_site / "downloads" / "compendium-2026-offline.zip") as archive:
        archive.extractall(folder)
    return folder / "compendium"


@contextmanager
def _opened(where: str, built_site: Path, offline: Path, **options) -> Iterator[tuple[object, str]]:
    """A Chromium page and the self-assessment page's address, in the served site or the
    offline copy opened from the file system."""
    if where == "offline":
        # The offline copy names pages self-assessment.html or self-assessment/index.html.
        page_file = next(
            p for p in (offline / "self-assessment.html", offline / PAGE / "index.html") if p.is_file()
        )
        with chromium_page(**options) as page:
            yield page, page_file.as_uri()
    else:
        with serve(built_site) as url, chromium_page(**options) as page:
            yield page, url + PAGE


def _question(page, ask: str):
    return page.get_by_role("group", name=ask, exact=True)


def _answer(page, ask: str, answer: str) -> None:
    _question(page, ask).get_by_label(answer, exact=True).check()


def _shown_shares(page, ask: str) -> list[str]:
    return _question(page, ask).locator(".sa-share").filter(visible=True).all_inner_texts()


def _reading(page, ask: str) -> list[tuple[str, list[str]]]:
    """What the page recommends for a gap: (group, [link texts]) in order; [] when hidden."""
    box = _question(page, ask).locator(".sa-reading")
    if not box.is_visible():
        return []
    return [
        (label, links)
        for label, links in box.evaluate(
            """box => Array.from(box.querySelectorAll("ul")).map(ul => [
                ul.previousElementSibling.textContent.trim(),
                Array.from(ul.querySelectorAll("a")).map(a => a.textContent.trim())])"""
        )
    ]


POLICY = "Does your administration have a written training policy?"
STRATEGY = "Has your administration put its training strategy in a written document?"
PLAN = "Does your administration prepare an Annual Training Plan?"
BUDGET = "Is securing the necessary budget a challenge when your administration prepares training?"
TRAINERS = (
    "Is assigning or engaging appropriate trainers or teachers a challenge when your "
    "administration prepares training?"
)
EFFECTIVENESS = "Is evaluating the effectiveness of training difficult for your administration?"

# A chosen set of answers, and what the data says about each (written by hand from the
# survey records of data/cases/: the figure, its qualifier, the wording of the question).
AMONG = "You are among the {} of responding administrations {}."
ANSWERS = [
    (POLICY, "No", AMONG.format("27%", "without a training policy")),
    (STRATEGY, "Yes", AMONG.format("64%", "with a training strategy document")),
    (PLAN, "No", AMONG.format("more than 20%", "without an Annual Training Plan")),
    (BUDGET, "Yes", AMONG.format("45%", "that find securing the budget a challenge")),
    (
        TRAINERS,
        "No",
        AMONG.format("59%", "that do not find assigning or engaging appropriate trainers a challenge"),
    ),
    (EFFECTIVENESS, "Don't know", None),
]
# The records for two gaps: chapter 1's records carrying `training-policy` (no practice
# of chapter 1 does), and chapter 4's carrying `budget` (no One Step Forward item does).
READ_FOR_NO_POLICY = [
    (
        "WCO tools:",
        ["Training as a strategic commitment of Customs management", "What a training policy expresses"],
    ),
    ("Members' discussion:", ["The benefits of having a training policy"]),
    ("One Step Forward:", ["Write down the vision, and evaluate against it"]),
]
CASE_5 = "Case 5: Partnership with External Organization"
READ_FOR_BUDGET = [
    ("WCO tools:", ["Designing and planning training courses"]),
    ("Members' practices:", ["Case 1: Implementing the First In-House Training Program", CASE_5]),
    ("Members' discussion:", ["Designing training on a limited budget"]),
]


def _summary(page) -> str:
    return page.locator(".sa-summary").inner_text()


def test_answers_show_the_regional_share_and_what_to_read_for_two_gaps(built_site: Path):
    total = _marked_questions()
    with serve(built_site) as url, chromium_page() as page:
        page.goto(url + PAGE)
        assert page.locator("[data-question]").count() == total
        assert not page.locator(".sa-summary").is_visible()
        _answer(page, POLICY, "Yes")  # as 73% of the region did
        assert "at least half of the responding administrations answered as you did" in _summary(page)
        assert page.locator(".sa-differs").count() == 0
        for ask, answer, _ in ANSWERS:
            _answer(page, ask, answer)
        for ask, _, share in ANSWERS:
            assert _shown_shares(page, ask) == ([share] if share else [])
        # A gap lists what to read; an answer that is no gap lists nothing.
        assert _reading(page, POLICY) == READ_FOR_NO_POLICY
        assert _reading(page, BUDGET) == READ_FOR_BUDGET
        assert _reading(page, STRATEGY) == _reading(page, TRAINERS) == _reading(page, EFFECTIVENESS) == []
        # The summary on top: chapters where the region answered otherwise most (chapter 3:
        # 80%; chapter 4: 55%; chapter 1: 73% and 36%, 54.5% on average; chapter 6: 41%).
        summary = _summary(page)
        assert f"You answered 6 of {total} questions; 3 answers are gaps." in summary
        assert "1 “Don't know” answer is not counted." in summary
        otherwise = ": on average {}% of responding administrations answered otherwise ({})"
        assert page.locator(".sa-differs li").all_inner_texts() == [
            "3. Annual Training Plan" + otherwise.format(80, "1 question"),
            "4. Designing Training Course" + otherwise.format(55, "1 question"),
            "1. Training Policy" + otherwise.format(55, "2 questions"),
        ]
        assert page.locator(".sa-gaps a").all_inner_texts() == [POLICY, PLAN, BUDGET]
        # A recommended record is one click away.
        _question(page, BUDGET).get_by_role("link", name=CASE_5).click()
        page.wait_for_url("**/practices/partnership-with-external-organization/")


def test_the_address_keeps_the_answers_for_a_bookmark_and_the_result_prints(built_site: Path):
    with serve(built_site) as url, chromium_page() as page:
        page.goto(url + PAGE)
        for ask, answer, _ in ANSWERS:
            _answer(page, ask, answer)
        address = page.url
        assert dict(parse_qsl(urlsplit(address).fragment)) == {
            "training-policy": "no",
            "training-strategy": "yes",
            "annual-training-plan": "no",
            "budget-challenge": "yes",
            "trainers-challenge": "no",
            "evaluating-effectiveness-challenge": "unsure",
        }
        assert urlsplit(address).query == ""  # the part of an address a browser sends: nothing
        summary = _summary(page)
        # Jumping to a chapter of the summary keeps the answers in the address.
        page.locator(".sa-differs a", has_text="Annual Training Plan").click()
        page.wait_for_url(address)
        assert page.locator("#chapter-3").evaluate("e => e.getBoundingClientRect().top") < 900

    with serve(built_site) as url, chromium_page() as colleague:
        # The bookmarked (or sent) address shows the same result elsewhere.
        colleague.goto(url + PAGE + "#" + urlsplit(address).fragment)
        assert _summary(colleague) == summary
        assert _question(colleague, POLICY).get_by_label("No", exact=True).is_checked()
        assert _reading(colleague, BUDGET) == READ_FOR_BUDGET
        # Printed for a meeting: the answered questions with the share and what to read;
        # no controls, no unanswered question.
        colleague.emulate_media(media="print")
        assert colleague.locator(".sa-summary").is_visible()
        assert not colleague.locator(".sa-choices").first.is_visible()
        assert not colleague.get_by_role("button", name="Clear all answers").is_visible()
        assert _question(colleague, POLICY).locator(".sa-your-answer").inner_text() == "Your answer: No."
        assert _shown_shares(colleague, POLICY) == [ANSWERS[0][2]]
        assert _question(colleague, POLICY).locator(".sa-reading").is_visible()
        assert not colleague.locator("#q-needs-assessment").is_visible()  # not answered
        assert not colleague.locator("#chapter-2").is_visible()  # no answer in the chapter
        pdf = colleague.pdf(format="A4")
        assert pdf.startswith(b"%PDF")


def test_the_keyboard_alone_answers_and_clears(built_site: Path):
    with serve(built_site) as url, chromium_page() as page:
        page.goto(url + PAGE)

        def focused() -> dict:
            return page.evaluate(
                """() => { const e = document.activeElement;
                   return {name: e.name || "", value: e.value || "", text: e.textContent.trim(),
                           outline: getComputedStyle(e).outlineStyle}; }"""
            )

        for _ in range(300):  # through the header, the navigation, the summary: to the first question
            page.keyboard.press("Tab")
            if focused()["name"] == "training-policy":
                break
        assert focused() == {"name": "training-policy", "value": "yes", "text": "", "outline": "solid"}
        page.keyboard.press("ArrowRight")  # the next choice of the group: No
        assert _question(page, POLICY).get_by_label("No", exact=True).is_checked()
        # The result is announced to screen readers.
        status = page.locator("[role=status]")
        assert status.inner_text().startswith(
            "You are among the 27% of responding administrations without a training policy."
        )
        passed = []
        for _ in range(20):  # past the links to the survey and to what to read, to the next question
            page.keyboard.press("Tab")
            if focused()["name"] == "training-strategy":
                break
            passed.append(focused()["text"])
        assert passed == ["survey results", *(title for _, titles in READ_FOR_NO_POLICY for title in titles)]
        page.keyboard.press("Space")
        assert _shown_shares(page, STRATEGY) == [ANSWERS[1][2]]
        assert dict(parse_qsl(urlsplit(page.url).fragment)) == {
            "training-policy": "no",
            "training-strategy": "yes",
        }
        for _ in range(40):  # back up to the summary's buttons
            page.keyboard.press("Shift+Tab")
            if focused()["text"] == "Clear all answers":
                break
        assert focused()["text"] == "Clear all answers"
        page.keyboard.press("Enter")
        assert urlsplit(page.url).fragment == ""
        assert page.locator("input[type=radio]:checked").count() == 0
        assert status.inner_text() == "All answers cleared."
        assert focused()["name"] == "training-policy"


def test_without_javascript_the_questions_are_listed_with_their_chapters(built_site: Path):
    with serve(built_site) as url, chromium_page(java_script_enabled=False) as page:
        page.goto(url + PAGE)
        assert page.locator(".sa-nojs").is_visible()
        assert page.locator(".sa-question legend").filter(visible=True).count() == _marked_questions()
        assert _question(page, POLICY).locator(".sa-finding").inner_text() == (
            "Region (2023 survey): 73% of responding administrations with a training policy (survey results)."
        )
        assert page.locator("input[type=radio]").filter(visible=True).count() == 0
        chapter_links = page.locator(".sa-chapter-link a").filter(visible=True)
        assert chapter_links.all_inner_texts()[:2] == [
            "Read Chapter 1: Training Policy",
            "Read Chapter 2: Identification of Needs",
        ]
        chapter_links.first.click()
        page.wait_for_url("**/chapters/training-policy/")


COMPARE = "How does your administration compare?"


def test_home_and_each_chapter_survey_section_lead_to_the_page(built_site: Path):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert f'<a href="self-assessment/">{COMPARE}</a>' in home
    # Chapters 1-8 have survey figures marked as questions; chapter 9 has no survey.
    for number, slug in enumerate(
        [
            "training-policy",
            "identification-of-needs",
            "annual-training-plan",
            "designing-training-course",
            "facility",
            "trainer",
            "training-material",
            "evaluation",
        ],
        start=1,
    ):
        html = (built_site / "chapters" / slug / "index.html").read_text(encoding="utf-8")
        start = html.index('id="survey-results"')
        survey_section = html[start : html.index("<h2", start)]
        link = f'<a class="md-button" href="../../self-assessment/#chapter-{number}">{COMPARE}</a>'
        assert link in survey_section, slug
    gender = built_site / "chapters" / "gender-equality-and-diversity" / "index.html"
    assert COMPARE not in gender.read_text(encoding="utf-8")
    with serve(built_site) as url, chromium_page(viewport=VIEWPORTS["phone"]) as page:
        page.goto(url + "chapters/annual-training-plan/")
        page.get_by_role("link", name=COMPARE).click()
        page.wait_for_url("**/self-assessment/#chapter-3")
        chapter = page.get_by_role("group", name="3. Annual Training Plan", exact=True)
        assert chapter.is_visible() and chapter.evaluate("e => e.getBoundingClientRect().top") < 844


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
@pytest.mark.parametrize("where", ["site", "offline"])
def test_no_request_leaves_the_page_while_answering(
    built_site: Path, offline_copy: Path, where: str, viewport
):
    with _opened(where, built_site, offline_copy, viewport=viewport) as (page, address):
        loaded: list = []
        page.on("request", lambda request: loaded.append(request))
        page.goto(address, wait_until="networkidle")
        origin = urlsplit(page.url)
        assert {(urlsplit(r.url).scheme, urlsplit(r.url).hostname) for r in loaded} <= {
            (origin.scheme, origin.hostname),
            ("data", None),
        }
        sent: list = []
        page.on("request", lambda request: sent.append(request))
        groups = page.locator("fieldset[data-question]")
        for index in range(groups.count()):
            groups.nth(index).locator("label").nth(index % 3).click()  # Yes, No, Don't know in turn
        assert page.locator("input[type=radio]:checked").count() == groups.count()
        assert page.locator(".sa-reading").filter(visible=True).count() > 0
        assert "training-policy=yes" in page.url
        page.get_by_role("link", name="Link to these answers").wait_for()
        page.get_by_role("button", name="Clear all answers").click()
        stored = page.evaluate(
            "() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage),"
            " document.cookie])"
        )
    # Chromium reads the tab's icon again when the address changes; that request carries
    # nothing of the answers (a Referer never holds what follows "#"). Nothing else is asked for.
    assert [r.url for r in sent if not urlsplit(r.url).path.endswith("/assets/images/favicon.png")] == []
    for request in sent:
        assert request.method == "GET" and request.post_data is None
        assert "training-policy" not in request.url + request.headers.get("referer", "")
    # Nothing is stored either.
    assert "training-policy" not in stored and "budget" not in stored


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
@pytest.mark.parametrize("where", ["site", "offline"])
def test_no_serious_accessibility_violation_before_and_after_answering(
    built_site: Path, offline_copy: Path, where: str, viewport
):
    with _opened(where, built_site, offline_copy, viewport=viewport, bypass_csp=True) as (page, address):
        page.goto(address + "#training-policy=no&budget-challenge=yes&training-facility=yes")
        assert page.locator(".sa-summary").is_visible()
        assert _reading(page, POLICY) == READ_FOR_NO_POLICY  # the results are on the page audited
        assert audit(page) == []
        # Nothing is wider than the screen, on a phone too.
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        page.get_by_role("button", name="Clear all answers").click()
        assert audit(page) == []


def test_no_serious_accessibility_violation_in_the_dark_scheme(built_site: Path):
    with serve(built_site) as url, chromium_page(bypass_csp=True, color_scheme="dark") as page:
        page.goto(url + PAGE + "#training-policy=no&budget-challenge=yes&training-facility=yes")
        if page.evaluate("document.body.getAttribute('data-md-color-scheme')") != "slate":
            pytest.skip("the site has no dark colour scheme")
        assert _reading(page, POLICY) == READ_FOR_NO_POLICY
        assert audit(page) == []
