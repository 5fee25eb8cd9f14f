"""The benchmark's synthetic corpus (bench/corpus.py): valid, complete and reproducible;
and its report (bench/report.py), written from a small made-up results file.

Correctness only, never timing: a 100-record corpus is generated outside the repository,
checked like real data, and built by MkDocs.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import pytest

from compendium.check import build_compendium
from conftest import REPO, TODAY, mkdocs_build

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import report  # noqa: E402
from bench.corpus import generate  # noqa: E402
from bench.measure import mkdocs_build as measured_build  # noqa: E402
from bench.measure import write_baseline  # noqa: E402
from bench.results import Results  # noqa: E402
from bench.serve import EDITION_CASE, EDITION_EDITS, copy_edition  # noqa: E402

SIZE = 100


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "data").rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("bench") / "corpus", SIZE, seed=7)


@pytest.fixture(scope="module")
def compendium(corpus):
    return build_compendium(corpus.root, today=TODAY)


def test_the_corpus_is_written_outside_the_repository(corpus):
    assert not corpus.root.resolve().is_relative_to(REPO)


def test_the_corpus_validates_and_has_exactly_the_records_asked_for(corpus, compendium):
    record_files = sorted((corpus.root / "data" / "cases").rglob("*.yml"))
    assert len(record_files) == SIZE
    assert len(corpus.published) + len(corpus.drafts) == SIZE
    assert sorted(compendium.records) == sorted(corpus.published)
    assert {p.stem for p in record_files} == set(corpus.files)


def test_records_of_every_kind_spread_over_the_chapters(corpus, compendium):
    kinds = {r.kind for r in compendium.records.values()}
    assert kinds == {
        "practice",
        "wco-tool",
        "discussion",
        "survey",
        "highlight",
        "one-step-forward",
        "text",
        "example",
        "event",
    }
    chapters = {r.chapter for r in compendium.records.values()}
    assert set(range(1, 10)) <= chapters


def test_every_related_id_resolves(corpus, compendium):
    links = [(r.id, other) for r in compendium.records.values() for other in r.related]
    assert links, "the corpus should link records to each other"
    assert [(a, b) for a, b in links if b not in compendium.records] == []
    assert [(a, b) for a, rel in corpus.related.items() for b in rel if b not in corpus.files] == []


def test_named_and_anonymous_practices_exist(compendium):
    practices = [r for r in compendium.records.values() if r.kind == "practice"]
    assert any(r.attribution == "named" and r.member for r in practices)
    assert any(r.attribution == "anonymous" and r.member is None for r in practices)


def test_records_use_glossary_tables_citations_and_tags(compendium):
    records = list(compendium.records.values())
    assert any("[[" in r.body for r in records)
    assert any(r.tables for r in records)
    assert any(r.sources for r in records)
    assert all(r.tags for r in records)


def test_the_same_seed_gives_identical_files(corpus, tmp_path):
    again = generate(tmp_path / "again", SIZE, seed=7)
    assert _files(again.root) == _files(corpus.root)
    other = generate(tmp_path / "other", SIZE, seed=8)
    assert _files(other.root) != _files(corpus.root)


def test_mkdocs_builds_the_corpus_with_a_page_per_practice(corpus, compendium, tmp_path):
    site = tmp_path / "site"
    result = mkdocs_build(corpus.root, site)
    assert result.returncode == 0, result.stderr[-3000:]
    practices = [r.id for r in compendium.records.values() if r.kind == "practice"]
    assert practices
    missing = [i for i in practices if not (site / "practices" / i / "index.html").is_file()]
    assert missing == []
    assert (site / "search" / "search_index.json").is_file()


def _html_of(uri: str) -> str:
    """Where MkDocs writes the page of `uri` with directory URLs."""
    stem = uri.removesuffix(".md")
    return "index.html" if stem == "index" else stem.removesuffix("/index") + "/index.html"


def test_the_plain_markdown_baseline_builds_the_same_pages(corpus, compendium, tmp_path):
    env, hook = write_baseline(corpus.root, tmp_path / "baseline")
    pages = {f.src_uri for f in hook.files if f.src_uri.endswith(".md")}
    assert {f"practices/{r.id}.md" for r in compendium.records.values() if r.kind == "practice"} <= pages
    run = measured_build(tmp_path / "baseline", tmp_path / "site", env)
    assert run.ok, run.output[-3000:]
    assert run.maxrss_mb > 0 and run.cpu_s > 0
    assert [uri for uri in sorted(pages) if not (tmp_path / "site" / _html_of(uri)).is_file()] == []


# ----------------------------------------------------------------------------------------
# The report, from a results file of two small corpora (made-up figures)


def _run(wall: float, cpu: float, rss: float) -> dict:
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "maxrss_mb": rss,
        "returncode": 0,
        "output": "INFO    -  Documentation built in ...",
        "reported_s": wall - 0.2,
        "load_before": "0.40 0.54 0.59",
    }


def _sizes(case_median: int, index_gzip: int) -> dict:
    return {
        "site_bytes": 7_500_000,
        "site_files": 197,
        "index_raw": 400_000,
        "index_gzip": index_gzip,
        "index_docs": 419,
        "case_pages": 37,
        "case_median_raw": case_median,
        "case_median_gzip": 6_200,
        "case_max_raw": 34_500,
        "case_chrome_median": 23_700,
        "largest_page": "explore/",
        "largest_page_raw": 99_400,
        "largest_page_gzip": 18_300,
    }


def _corpus(size: int, ours: list[dict], baseline: list[dict], sizes: dict) -> dict:
    return {
        "size": size,
        "published": size - 2,
        "practices": size // 3,
        "generate_s": 0.3,
        "data_mb": 0.3,
        "validate_s": 0.02,
        "validate_cpu_s": 0.02,
        "validate_runs": [0.03, 0.02],
        "hook_s": 0.06,
        "pages": 142,
        "ours": ours,
        "baseline": baseline,
        "sizes": sizes,
        "baseline_sizes": sizes,
    }


def _shown(after: float | None, reported: float | None) -> dict:
    return {"shown_after_s": after, "reported_s": reported}


def _page(name: str, path: str, performance: int, accessibility: int, runs: tuple, cls: float) -> dict:
    return {
        "name": name,
        "path": path,
        "performance": performance,
        "accessibility": accessibility,
        "runs": list(runs),
        "fcp_ms": 1200.0,
        "lcp_ms": 1900.0,
        "tbt_ms": 30.0,
        "cls": cls,
        "speed_index_ms": 1500.0,
        "transfer_kb": 90.0,
        "requests": 12,
        "failed_audits": [] if cls < 0.05 else ["layout-shifts: 2 layout shifts found"],
    }


def _transfers(name: str, records: int, explorer: int, first_search: int) -> dict:
    return {
        "name": name,
        "records": records,
        "explorer_first_load": explorer,
        "explorer_requests": 12,
        "explorer_listed": min(records, 500),
        "home_first_load": 90_000,
        "first_search": first_search,
        "first_search_files": ["/search/first.json"],
        "first_filter": 0,
        "full_index_gzip": 160_000,
        "full_index_raw": 750_000,
    }


LIGHTHOUSE_GOAL = "Lighthouse mobile: performance at least 95, accessibility 100, layout shift under 0.05"
EXPLORER_GOAL = "At 10,000 records the explorer's first load is at most 300 kB compressed"
FIRST_SEARCH_GOAL = "At 10,000 records the first search transfers at most 1 MB compressed"
TITLE_GOAL = "Title edit under `./dev serve`, real edition: shown within 1.5 s (its slowest edit)"
BODY_GOAL = "Body edit under `./dev serve`, real edition: shown within 1.5 s (its slowest edit)"
EDITION_GOAL = (
    "`data/edition.yml` edit under `./dev serve`, real edition: shown within 5 s (its slowest edit)"
)
EDITION_SERVE = "## `./dev serve` on the real edition: from saving an edit to the page showing it"
BODY, TITLE = "The case's body", "The case's title (every page listing the case changes)"
PUBLISHER = "`publisher:` in `data/edition.yml` (every page's footer changes)"


FAKE_RESULTS = {
    "info": {
        "nproc": 2,
        "cpu": "A test CPU",
        "ram": "1.0 GiB",
        "os": "Linux",
        "python": "3.11.7",
        "mkdocs": "1.6.1",
        "material": "9.8.1",
        "markdown": "3.11.3",
        "pydantic": "2.14.3",
        "pyyaml": "6.0.3 (libyaml available)",
        "jinja2": "3.1.6",
        "command": ".venv/bin/python bench/run.py --sizes 100,300",
        "started": "2026-11-24T03:51:00+00:00",
        "elapsed_s": 90.0,
        "loads": ["0.40 0.54 0.59", "1.71 1.12 0.84"],
        "code": "0a0b620c162b",
        "code_end": "0a0b620c162b",
        "seed": 7,
        "gzip_level": 6,
    },
    "corpora": [
        # 100 records: ours 1.4 s against 1.3 s (+8%, met); 300: 3.3 s against 3.0 s (+10%, met)
        _corpus(100, [_run(1.5, 1.6, 53), _run(1.4, 1.5, 54)], [_run(1.3, 1.3, 50)], _sizes(28_300, 94_700)),
        _corpus(300, [_run(3.3, 3.4, 80)], [_run(3.0, 3.0, 70)], _sizes(28_600, 240_000)),
    ],
    "serve": {
        "size": 300,
        "dirty": {
            "initial_reported_s": 2.8,
            "edited": "data/cases/01-training-policy/a-case-00012.yml",
            "rebuilds": [
                {"detected_after_s": 0.0, "built_after_s": 1.0, "reported_s": 0.9, "shown": True},
                {"detected_after_s": 0.3, "built_after_s": 1.3, "reported_s": 0.9, "shown": False},
            ],
        },
        "full": {"error": "no `Documentation built in` within 240 s"},
    },
    # The real edition under `./dev serve`: body and data/edition.yml within their goals, the
    # title's slowest edit over 1.5 s.
    "edition_serve": {
        "page": "practices/three-pillar-approach-training-course/",
        "files": {
            "body": "data/cases/01-training-policy/three-pillar-approach-training-course.yml",
            "title": "data/cases/01-training-policy/three-pillar-approach-training-course.yml",
            "edition": "data/edition.yml",
        },
        "show_timeout_s": 90,
        "records": 190,
        "initial_reported_s": 1.9,
        "initial_wall_s": 2.2,
        "edits": {
            "body": [_shown(0.97, 0.5), _shown(1.12, 0.61), _shown(1.08, 0.6)],
            "title": [_shown(1.33, 0.9), _shown(1.79, 1.2), _shown(1.84, 1.3)],
            "edition": [_shown(2.70, 2.3), _shown(2.72, 2.2), _shown(2.70, 2.31)],
        },
    },
    "profile": [
        "   ncalls  tottime  percall  cumtime  percall filename:lineno(function)\n"
        "        1    0.001    0.001    1.900    1.900 compendium_hook.py:33(on_config)",
        "   ncalls  tottime  percall  cumtime  percall filename:lineno(function)\n"
        "    10005    0.600    0.000    0.900    0.000 jinja2/runtime.py:262(call)",
        {
            "total": 2.0,
            "compendium_hook.py:on_config": 1.9,
            "compendium_hook.py:on_files": 0.1,
            "check.py:build_compendium": 0.8,
            "pages.py:render_site": 1.0,
            "areas": {"Jinja2 (templates)": 1.2, "other Python": 0.8, "too small to show": 0.001},
        },
    ],
    "edition": {
        "records": 185,
        "build_s": 17.8,
        "pdf_s": 15.9,
        "pdf_bytes": 530_000,
        "pdf_pages": 141,
        "offline_bytes": 2_440_000,
        "epub_bytes": 127_000,
        "index_raw": 530_000,
        "index_gzip": 126_000,
        "first_load": {"practices/a-case/": [208_000, 11], "explore/": [229_000, 11]},
    },
    # Lighthouse: the home page meets every goal, the explorer misses two; transfers measured
    # on the edition and a 300-record corpus only, so the 10,000-record goals are not run.
    "phone": {
        "runs": 3,
        "corpus_size": 300,
        "lighthouse": [
            _page("home", "", 98, 100, (98, 97, 99), 0.0),
            _page("explorer", "explore/", 93, 100, (93, 90, 94), 0.12),
        ],
        "transfers": [
            _transfers("the edition", 185, 110_000, 164_000),
            _transfers("corpus of 300", 300, 120_000, 90_000),
        ],
    },
    "validation_memory": [23.0, 5.6],
    "errors": ["mkdocs serve (full): no `Documentation built in` within 240 s"],
}


def _rows(text: str, heading: str) -> list[list[str]]:
    """The cells of the first table under `heading`, its header and rule left out."""
    lines = text.split(heading + "\n", 1)[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    table = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        table.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return table[2:]


def test_the_report_is_written_from_a_results_file(tmp_path):
    results_file = tmp_path / "results.json"
    Results.from_dict(copy.deepcopy(FAKE_RESULTS)).save(results_file)
    out = tmp_path / "BENCHMARKS.md"
    assert report.main([str(results_file), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")

    assert text.startswith("# Benchmarks: scale and speed\n")
    assert "`.venv/bin/python bench/run.py --sizes 100,300` on 2026-11-24 03:51 UTC" in text
    assert "(1.5 minutes in all)" in text
    assert "fingerprint `0a0b620c162b`" in text and "at the start and the end of the run" in text
    # The failed step is reported, and the mode it stopped is said to be unmeasured.
    assert "## Steps that failed" in text and "mkdocs serve (full): no `Documentation built in`" in text
    assert "`mkdocs serve`: not measured: no `Documentation built in` within 240 s" in text

    goals = {row[0]: row[1:] for row in _rows(text, "## Goals (2-core machine)")}
    # Best runs: 1.4 / 1.3 s wall and 1.5 / 1.3 s CPU; 3.3 / 3.0 and 3.4 / 3.0.
    assert goals["Data layer adds at most 10% to the plain-Markdown build (100 records)"] == [
        "+8% wall, +15% CPU",
        "**pass**",
    ]
    assert goals["Data layer adds at most 10% to the plain-Markdown build (300 records)"] == [
        "+10% wall, +13% CPU",
        "**pass**",
    ]
    assert goals["10,000-record goals"] == ["not run (no 10,000 corpus in --sizes)", "n/a"]
    assert goals["Case page size independent of record count (100 -> 300)"][1] == "**pass**"

    table = {row[0]: row[1:] for row in _rows(text, "## All corpora")}
    assert table["Build, ours (wall / CPU)"] == ["1.4 s / 1.5 s", "3.3 s / 3.4 s"]
    assert table["Ratio ours / baseline (wall / CPU)"] == ["1.08 / 1.15", "1.10 / 1.13"]
    assert table["Peak memory, ours / baseline"] == ["54 / 50 MB", "80 / 70 MB"]
    assert table["Search index (raw / gzip)"] == ["0.40 MB / 94.7 kB", "0.40 MB / 0.24 MB"]
    assert table["Build per record, ours (wall)"] == ["14.0 ms", "11.0 ms"]

    for size in ("100", "300"):
        rows = {row[0]: row[1] for row in _rows(text, f"### {size} records")}
        assert rows["Ratio ours / baseline"].endswith(" CPU")
    rows = {row[0]: row[1] for row in _rows(text, "### 100 records")}
    assert rows["`mkdocs build --strict`, ours"] == (
        "1.5 s, 1.4 s wall; best 1.4 s wall, 1.5 s CPU; MkDocs reports 1.2 s; "
        "load before: 0.40 0.54 0.59, 0.40 0.54 0.59"
    )
    assert "compendium_hook.py:33(on_config)" in text and "jinja2/runtime.py:262(call)" in text

    serve = _rows(text, "## `mkdocs serve`: rebuild after a one-record edit")
    assert [row[2:] for row in serve] == [
        ["1", "0.0 s", "1.0 s", "0.9 s", "yes"],
        ["2", "0.3 s", "1.3 s", "0.9 s", "**no**"],
    ]
    assert "`data/cases/01-training-policy/a-case-00012.yml` was edited" in text

    # The real edition under `./dev serve`: each kind judged on its slowest edit.
    assert goals[BODY_GOAL] == ["slowest 1.12 s of 0.97, 1.12, 1.08 s", "**pass**"]
    assert goals[TITLE_GOAL] == ["slowest 1.84 s of 1.33, 1.79, 1.84 s", "**FAIL**"]
    assert goals[EDITION_GOAL] == ["slowest 2.72 s of 2.70, 2.72, 2.70 s", "**pass**"]
    edits = {row[0]: row[1:] for row in _rows(text, EDITION_SERVE)}
    assert list(edits) == [BODY, TITLE, PUBLISHER]  # in the order they are made
    assert edits == {
        BODY: [
            "0.97, 1.12, 1.08 s",
            "1.08 s",
            "1.12 s",
            "0.50, 0.61, 0.60 s",
            "at most 1.5 s: **pass**",
        ],
        TITLE: [
            "1.33, 1.79, 1.84 s",
            "1.79 s",
            "1.84 s",
            "0.90, 1.20, 1.30 s",
            "at most 1.5 s: **FAIL**",
        ],
        PUBLISHER: [
            "2.70, 2.72, 2.70 s",
            "2.70 s",
            "2.72 s",
            "2.30, 2.20, 2.31 s",
            "at most 5 s: **pass**",
        ],
    }
    assert "190 record files; first build 1.9 s" in text and "Each edit was saved 3 times" in text
    assert "Edited: `data/cases/01-training-policy/three-pillar-approach-training-course.yml`" in text
    assert "fetched `/practices/three-pillar-approach-training-course/` from the server" in text
    assert text.index("## `mkdocs serve`: rebuild") < text.index(EDITION_SERVE) < text.index("## Where the")

    assert "- `site.render_site` (Jinja2 templates to Markdown): 1.0 s (50%)" in text
    assert "`load.read_yaml`" not in text.split("Top functions")[0]  # a step not measured is left out
    areas = _rows(text, "Own time by area:")
    assert areas == [["Jinja2 (templates)", "1.2 s", "60%"], ["other Python", "0.8 s", "40%"]]

    edition = {
        row[0]: row[1:] for row in _rows(text, "## The real edition: PDF, EPUB, downloads and size budgets")
    }
    assert edition["`compendium build` (site, PDF, EPUB and offline copy)"] == [
        "17.8 s",
        "at most 60 s",
        "**pass**",
    ]
    assert edition["PDF written by WeasyPrint (alone)"] == [
        "15.9 s, 0.53 MB, 141 A4 pages",
        "at most 2 MB",
        "**pass**",
    ]
    assert edition["EPUB"] == ["0.13 MB", "at most 1 MB", "**pass**"]
    assert goals["The EPUB at most 1 MB"] == ["0.13 MB", "**pass**"]
    assert goals["The PDF at most 2 MB"] == ["0.53 MB", "**pass**"]

    # Phone readers: each Lighthouse page judged on its own; no 10,000-record corpus, no verdict.
    assert goals[f"{LIGHTHOUSE_GOAL} (home)"] == ["98, 100, 0.000", "**pass**"]
    assert goals[f"{LIGHTHOUSE_GOAL} (explorer)"] == ["93, 100, 0.120", "**FAIL**"]
    assert goals[EXPLORER_GOAL] == ["not run (no corpus of 10,000 records)", "n/a"]
    phone = {
        row[0]: row[1:] for row in _rows(text, "## Phone readers: Lighthouse and what a phone downloads")
    }
    assert phone["explorer (`/explore/`)"][:2] == ["**93** (93, 90, 94)", "100"]
    assert "- explorer: layout-shifts: 2 layout shifts found" in text
    transfers = _rows(text.split("What a phone transfers", 1)[1], "")
    assert ["First search adds", "164 kB (/search/first.json)", "90 kB (/search/first.json)"] in transfers
    assert edition["First visit to `/practices/a-case/`: every file fetched, gzip"] == [
        "203 kB in 11 files",
        "under 500 kB",
        "**pass**",
    ]

    reading = text.split("## Reading\n", 1)[1]
    assert "At 300 records MkDocs waits 0.1 s for the hook" in reading
    assert "Validation alone peaks at 23 MB" in reading
    assert "100: 14.0 / 13.0 ms, 300: 11.0 / 10.0 ms" in reading


def test_phone_goals_at_10000_records_and_without_a_phone_run(tmp_path):
    data = copy.deepcopy(FAKE_RESULTS)
    # 9,800 published: the corpus of 10,000 records keeps its drafts (2%) out of the site.
    data["phone"]["transfers"].append(_transfers("corpus of 10,000", 9_800, 320_000, 840_000))
    data["phone"]["corpus_size"] = 10_000
    out = tmp_path / "BENCHMARKS.md"
    goals = {name: (measured, ok) for name, measured, ok in report.write_report(Results.from_dict(data), out)}
    assert goals[EXPLORER_GOAL] == ("320 kB (10,000 records)", False)
    assert goals[FIRST_SEARCH_GOAL] == ("840 kB (10,000 records)", True)

    del data["phone"]  # a run with --no-phone, or a results file from before
    goals = {name: (measured, ok) for name, measured, ok in report.write_report(Results.from_dict(data), out)}
    assert goals[LIGHTHOUSE_GOAL] == goals[EXPLORER_GOAL] == ("not measured", None)
    assert "## Phone readers" not in out.read_text(encoding="utf-8")


def test_a_run_with_no_corpus_still_reports_its_machine_and_failures(tmp_path):
    data = copy.deepcopy(FAKE_RESULTS) | {"corpora": [], "errors": ["100 records: the build failed"]}
    out = tmp_path / "BENCHMARKS.md"
    goals = report.write_report(Results.from_dict(data), out)
    text = out.read_text(encoding="utf-8")
    assert goals == []
    assert "## Machine" in text and "100 records: the build failed" in text
    assert "## Goals" not in text and "## Reading" not in text


def _edition_serve_report(tmp_path: Path, edition_serve: dict | None) -> tuple[dict[str, list[str]], str]:
    data = copy.deepcopy(FAKE_RESULTS)
    if edition_serve is None:
        del data["edition_serve"]  # a results file from before, or a run with --no-serve
    else:
        data["edition_serve"] = copy.deepcopy(FAKE_RESULTS["edition_serve"]) | edition_serve
    results_file = tmp_path / "results.json"
    Results.from_dict(data).save(results_file)
    found = report.write_report(Results.load(results_file), tmp_path / "BENCHMARKS.md")
    return {name: [measured, report.verdict(ok)] for name, measured, ok in found}, (
        tmp_path / "BENCHMARKS.md"
    ).read_text(encoding="utf-8")


def test_real_edition_serve_goals_are_not_measured_without_figures(tmp_path):
    goals, text = _edition_serve_report(tmp_path, None)
    for goal in (TITLE_GOAL, BODY_GOAL, EDITION_GOAL):
        assert goals[goal] == ["not measured", "n/a"]
    assert EDITION_SERVE not in text
    assert "| " + TITLE_GOAL + " | not measured | n/a |" in text

    # The server failed before the first edit: the section says why, no goal is judged.
    goals, text = _edition_serve_report(
        tmp_path, {"edits": {}, "error": "mkdocs serve failed:\nERROR   -  Config value 'hooks'"}
    )
    assert [goals[g][1] for g in (TITLE_GOAL, BODY_GOAL, EDITION_GOAL)] == ["n/a", "n/a", "n/a"]
    assert text.split(EDITION_SERVE + "\n\n", 1)[1].startswith("Not measured: mkdocs serve failed:\n")


def test_an_edit_not_shown_in_time_fails_its_goal_and_stops_the_measurement(tmp_path):
    body = FAKE_RESULTS["edition_serve"]["edits"]["body"]
    stopped = "data/cases/01-training-policy/three-pillar-approach-training-course.yml, edit 2: not on"
    goals, text = _edition_serve_report(
        tmp_path,
        {
            "edits": {"body": body, "title": [_shown(1.2, 1.0), _shown(None, None)]},
            "error": stopped + " /practices/three-pillar-approach-training-course/ within 90 s; ...\nINFO",
        },
    )
    assert goals[BODY_GOAL] == ["slowest 1.12 s of 0.97, 1.12, 1.08 s", "**pass**"]
    assert goals[TITLE_GOAL] == ["edit 2 not shown within 90 s", "**FAIL**"]
    assert goals[EDITION_GOAL] == ["not measured", "n/a"]
    edits = {row[0]: row[1:] for row in _rows(text, EDITION_SERVE)}
    assert edits[TITLE] == [
        "1.20 s, not shown within 90 s",
        "",
        "",
        "",
        "at most 1.5 s: **FAIL**",
    ]
    assert edits[PUBLISHER] == [
        "not measured",
        "",
        "",
        "",
        "at most 5 s: n/a",
    ]
    assert "The measurement stopped early: " + stopped in text


def test_the_real_edition_edits_are_valid_and_reach_what_the_page_shows(tmp_path):
    """The benchmark's edits, made on a copy of the real edition, pass validation, and each
    marker lands where the case's page shows it: its body, its title, the edition's publisher."""
    project = copy_edition(tmp_path / "edition")
    for kind, relative, edit in EDITION_EDITS:
        path = project / relative
        before = path.read_text(encoding="utf-8")
        after = edit(before, f"Marker{kind}")
        assert len(after.splitlines()) == len(before.splitlines())
        assert sum(a != b for a, b in zip(after.splitlines(), before.splitlines(), strict=True)) == 1
        path.write_text(after, encoding="utf-8")
    edited = build_compendium(project, today=TODAY)
    record = edited.records[Path(EDITION_CASE).stem]
    assert record.body.startswith("Markerbody ")
    assert record.title.endswith(" Markertitle")
    assert edited.edition.publisher.endswith(" Markeredition")
    assert len(edited.records) == len(build_compendium(REPO, today=TODAY).records)


# ----------------------------------------------------------------------------------------
# Where a build's time goes (bench/event_times.py)


def test_a_timed_build_says_where_its_time_goes(corpus, tmp_path):
    from bench.event_times import HOOK, STEPS, THE_REST, steps
    from bench.measure import time_events

    measured = time_events(corpus.root, tmp_path / "site")
    assert (tmp_path / "site" / "index.html").is_file()
    found = dict(steps(measured))
    for handler in (("config", HOOK), ("page_content", HOOK), ("post_build", "compendium/search")):
        assert found[STEPS[handler]] > 0, f"{handler} was not timed: {measured['events']}"
    assert found[THE_REST] > 0
    assert sum(found.values()) == pytest.approx(measured["total_s"])


def test_the_report_shows_each_step_beside_the_baseline(tmp_path):
    from bench.event_times import HOOK

    data = copy.deepcopy(FAKE_RESULTS)
    for corpus_data, scale in zip(data["corpora"], (1, 3), strict=True):
        corpus_data["event_times"] = {
            "total_s": 1.6 * scale,
            "events": [
                {"event": "config", "plugin": HOOK, "seconds": 0.1 * scale},
                {"event": "page_content", "plugin": HOOK, "seconds": 0.05 * scale},
                {"event": "post_build", "plugin": "compendium/search", "seconds": 0.05 * scale},
                {"event": "post_build", "plugin": "compendium/reading", "seconds": 0.01 * scale},
                {"event": "page_context", "plugin": "material/search", "seconds": 0.2 * scale},
                {"event": "post_build", "plugin": "material/offline", "seconds": 0.02 * scale},
            ],
        }
    results_file, out = tmp_path / "results.json", tmp_path / "BENCHMARKS.md"
    Results.from_dict(data).save(results_file)
    assert report.main([str(results_file), "--out", str(out)]) == 0
    table = {
        row[0]: row[1:]
        for row in _rows(out.read_text(encoding="utf-8"), "## Where a build's time goes, step by step")
    }
    assert table["Validation, rendering every page, navigation (hook `on_config`)"] == ["0.10 s", "0.30 s"]
    assert table["Our other events (hook, `compendium/*`)"] == ["0.01 s", "0.03 s"]
    assert table["Other plugins' events"] == ["0.02 s", "0.06 s"]
    assert table["MkDocs and the theme (the rest)"] == ["1.17 s", "3.51 s"]  # 1.6 - 0.43, 4.8 - 1.29
    assert table["**This build, in all**"] == ["1.6 s", "4.8 s"]
    assert table["Baseline's build (best run)"] == ["1.3 s", "3.0 s"]
    # Ours: 0.21 s of a 1.3 s baseline, 0.63 s of 3.0 s.
    assert table["Our steps (hook, `compendium/*`) against the baseline"] == ["0.2 s, 16%", "0.6 s, 21%"]
