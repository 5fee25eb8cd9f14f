"""Search quality, measured as a reader meets it: each query of tests/search_queries.py is
typed into the built site's search box in Chromium, and counts as a hit when one of the
pages that answer it is among the first three results. Also: how the browser rewrites a
query (typos, plurals, small words), and what compendium/search.py adds to the index.

Run as a script with a built site's folder, this file prints the table of every query, its
first three results and the hit rate, as reported in the README.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser import chromium_page, serve
from compendium.check import build_compendium
from compendium.search import SynonymFinder, capitalised_names, defined_acronyms, enrich_index, synonym_groups
from compendium.site import Site
from conftest import REPO, TODAY
from search_queries import QUERIES

TOP = 3
REQUIRED_RATE = 0.95
PLACEHOLDER = "Type to start searching"


def _type(page, words: str) -> None:
    box = page.locator("input.md-search__input")
    box.fill(words)
    box.press("End")  # Material reads the box on key events, as a person types


def results(page, query: str) -> list[list[str]]:
    """The first result groups for `query`: for each page found, the addresses it shows
    (the page, then its sections shown under it), as `path/` or `path/#anchor`."""
    meta = page.locator(".md-search-result__meta")
    _type(page, "")
    page.wait_for_function(
        "text => document.querySelector('.md-search-result__meta').textContent === text", arg=PLACEHOLDER
    )
    _type(page, query)
    page.wait_for_function(
        "text => document.querySelector('.md-search-result__meta').textContent !== text", arg=PLACEHOLDER
    )
    assert meta.inner_text()  # the count, or "No matching documents"
    groups = page.evaluate(
        """top => Array.from(document.querySelectorAll('.md-search-result__item')).slice(0, top)
             .map(item => Array.from(item.querySelectorAll(':scope > a')).map(a => a.href))""",
        TOP,
    )
    return [[_address(href) for href in group] for group in groups]


def _address(href: str) -> str:
    parts = urlsplit(href)
    return parts.path.lstrip("/") + (f"#{parts.fragment}" if parts.fragment else "")


def is_hit(groups: list[list[str]], expected: tuple[str, ...]) -> bool:
    """Whether a wanted page is shown among the groups: a page alone matches it or any of
    its sections; a page with `#anchor` matches only that section, shown (not folded)."""
    shown = [address for group in groups for address in group]
    return any(
        (address == wanted if "#" in wanted else address.split("#")[0] == wanted)
        for wanted in expected
        for address in shown
    )


def run_queries(site: Path) -> list[tuple[str, str, bool, list[list[str]]]]:
    rows = []
    with serve(site) as url, chromium_page() as page:
        page.goto(url)
        page.locator("input.md-search__input").click()
        for kind, query, expected in QUERIES:
            groups = results(page, query)
            rows.append((kind, query, is_hit(groups, expected), groups))
    return rows


def test_the_query_set_is_large_and_covers_every_kind_of_question():
    kinds = {kind for kind, _, _ in QUERIES}
    assert len(QUERIES) >= 40
    assert len({query.casefold() for _, query, _ in QUERIES}) == len(QUERIES)
    assert kinds >= {
        "acronym",
        "expansion",
        "member",
        "WCO tool",
        "chapter section",
        "typo",
        "word form",
        "phrase",
    }


def test_hit_rule_needs_the_page_or_the_very_section_among_the_results():
    groups = [["chapters/evaluation/", "chapters/evaluation/#survey-results"], ["members/fj/"]]
    assert is_hit(groups, ("members/fj/",))
    assert is_hit(groups, ("chapters/evaluation/#survey-results",))
    assert is_hit(groups, ("chapters/evaluation/",))
    assert not is_hit(groups, ("chapters/evaluation/#one-step-forward",))
    assert not is_hit(groups, ("members/fj/#x", "chapters/facility/"))


# ----------------------------------------------------------------------------------------
# What the index holds beyond the pages' words (compendium/search.py)


def test_acronyms_the_edition_defines_in_brackets_are_found():
    text = (
        "Since 2013 the WCO has promoted Gender Equality and Diversity (GED): the Gender Equality "
        "Organizational Assessment Tool (GEOAT). Subject Matter Experts (SMEs) help; the Return on "
        "Investment (ROI) is measured. Courses (Test) and the CLiKC! platform (online) do not count."
    )
    assert list(defined_acronyms(text)) == [
        ("GED", "Gender Equality and Diversity"),
        ("GEOAT", "Gender Equality Organizational Assessment Tool"),
        ("SME", "Subject Matter Experts"),
        ("ROI", "Return on Investment"),
    ]


def test_names_written_in_capitals_are_found_within_a_clause():
    text = (
        "A third administration begins its Training Needs Analysis with the annual staff review. "
        "The Framework of Principles and Practices on Customs Professionalism, and Sri Lanka."
    )
    assert list(capitalised_names(text)) == [
        "Training Needs Analysis",
        "Framework of Principles and Practices on Customs Professionalism",
    ]


def test_synonyms_are_found_as_whole_words_whatever_their_case_hyphens_or_plural():
    finder = SynonymFinder(
        [
            ["OJT", "On-the-Job Training"],
            ["ATP", "Annual Training Plan"],
            ["TP", "Training Plan"],
            ["BU", "Bus"],
        ]
    )
    assert finder.others("Two on the job  trainings, then the OJT's review.") == [
        "OJT",
        "On-the-Job Training",
    ]
    # The longest expression present: an annual training plan is not a training plan.
    assert finder.others("Our annual training-plans are due.") == ["ATP"]
    assert finder.others("A training plan.") == ["TP"]
    assert finder.others("The bus left.") == ["BU"]  # a word, not "bu" and a plural's s
    assert finder.others("Retraining plan, OJTs-like, nonOJT, ATPx.") == []  # parts of words
    assert SynonymFinder([]).others("Anything at all") == []


@pytest.fixture(scope="module")
def site() -> Site:
    return Site(build_compendium(REPO, today=TODAY))


def test_synonyms_come_from_the_glossary_the_edition_s_definitions_and_unknown_initials(site: Site):
    groups = synonym_groups(site.compendium, set())
    assert ["OJT", "On-the-Job Training"] in groups  # the glossary
    assert ["GEOAT", "Gender Equality Organizational Assessment Tool"] in groups  # a definition
    assert ["TNA", "Training Needs Analysis"] in groups  # initials of a name no acronym stands for
    # Initials that pages hold as a word already are not taken for an acronym.
    assert not any(group[0] == "TNA" for group in synonym_groups(site.compendium, {"tna"}))


def test_each_entry_knows_its_chapter_section_and_synonyms(site: Site):
    index = {
        "config": {"separator": r"[\s\-]+", "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
        "docs": [
            {"location": "chapters/evaluation/", "title": "8. Evaluation", "text": "<p>Measuring.</p>"},
            {"location": "chapters/evaluation/#one-step-forward", "title": "One Step Forward", "text": ""},
            {
                "location": "chapters/evaluation/#evaluation-next-steps",
                "title": "Start with reactions",
                "text": "<p>Start with on-the-job training.</p>",
            },
            {
                "location": "practices/ojt-behavior-evaluation-matrix/",
                "title": "Matrix During OJT",
                "text": "",
            },
        ],
    }
    enriched = enrich_index(json.loads(json.dumps(index)), site)
    assert enriched["config"]["fields"]["keywords"] == {"boost": 1000.0}  # weighed as a title
    assert enriched["config"]["fields"]["synonyms"] == {"boost": 1.0}  # and as text
    article, section, record, practice = enriched["docs"]
    assert "keywords" not in article  # its title names the chapter already
    assert section["keywords"].startswith("Chapter 8: Evaluation")
    assert record["keywords"] == "Chapter 8: Evaluation · One Step Forward"
    assert record["synonyms"] == "OJT"
    assert practice["keywords"] == "On-the-Job Training"  # from its title
    assert enrich_index(json.loads(json.dumps(enriched)), site) == enriched  # idempotent


def test_readers_queries_find_the_right_page_in_the_top_three(built_site: Path):
    rows = run_queries(built_site)
    misses = [f"{query!r} -> {groups}" for _, query, hit, groups in rows if not hit]
    rate = sum(hit for _, _, hit, _ in rows) / len(rows)
    assert rate >= REQUIRED_RATE, f"{rate:.0%} of {len(rows)} queries; missed:\n" + "\n".join(misses)


def test_the_query_box_keeps_what_the_reader_typed_and_the_worker_gets_the_rewritten_query(built_site: Path):
    with serve(built_site) as url, chromium_page() as page:
        page.goto(url)
        page.locator("input.md-search__input").click()
        results(page, "Kirkpatrik")  # the index has reached the script
        rewrite = "query => window.compendiumSearch.rewrite(query)"
        assert page.evaluate(rewrite, "Kirkpatrik") == "kirkpatrick"  # a typo: the nearest word
        assert page.evaluate(rewrite, "evalution") == "evaluation"
        assert page.evaluate(rewrite, "face to face training") == "face training"  # no small words
        assert page.evaluate(rewrite, "trainers") == "trainer"  # completed by the search: trainers too
        assert page.evaluate(rewrite, "facilities") == "facilities facility"
        assert page.evaluate(rewrite, '"training needs"') == '"training needs"'  # search syntax: as typed
        assert page.evaluate(rewrite, "zqxwv") == "zqxwv"  # nothing near: as typed, finds nothing
        assert page.locator("input.md-search__input").input_value() == "Kirkpatrik"
        assert results(page, "zqxwv") == []


def test_typos_are_found_even_when_the_script_comes_after_the_index(built_site: Path):
    """The script learns the index from the worker's set-up message; when it runs after that
    message (loaded late, or asynchronously), it reads the index itself."""
    with serve(built_site) as url, chromium_page() as page:
        # Note when Material sets its worker up; the page's own copy of the script is
        # emptied, and the script is added once the worker is set up.
        page.add_init_script(
            """const post = Worker.prototype.postMessage;
               Worker.prototype.postMessage = function (message) {
                 if (message && message.type === 0) window.setUpSent = true;
                 return post.apply(this, arguments);
               };"""
        )
        page.route(
            "**/assets/search-query.js", lambda route: route.fulfill(body="", content_type="text/javascript")
        )
        page.goto(url)
        page.locator("input.md-search__input").click()  # the index may load only now
        page.wait_for_function("() => window.setUpSent === true")
        assert page.evaluate("() => window.compendiumSearch") is None
        page.unroute("**/assets/search-query.js")
        page.add_script_tag(url=url + "assets/search-query.js")
        groups = results(page, "Kirkpatrik")
    assert is_hit(groups, ("chapters/evaluation/#kirkpatrick-four-level-evaluation", "topics/kirkpatrick/"))


def test_the_offline_copy_corrects_typos_too(built_site: Path, tmp_path: Path):
    import zipfile

    with zipfile.ZipFile(built_site / "downloads" / "compendium-2026-offline.zip") as archive:
        archive.extractall(tmp_path)
    with chromium_page() as page:
        page.goto((tmp_path / "compendium" / "index.html").as_uri())
        page.locator("input.md-search__input").click()
        _type(page, "Kirkpatrik")
        result = page.locator(".md-search-result__item a", has_text="Kirkpatrick").first
        result.wait_for(timeout=15_000)


if __name__ == "__main__":  # a table of every query, for the README's figure
    table = run_queries(Path(sys.argv[1]))
    for kind, query, hit, groups in table:
        print(f"{'hit ' if hit else 'MISS'} {kind:16} {query!r:55} {[g[0] for g in groups]}")
    hits = sum(hit for _, _, hit, _ in table)
    print(f"{hits} of {len(table)} queries ({hits / len(table):.0%}) find the right page in the top {TOP}")
