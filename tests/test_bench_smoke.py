"""The benchmark's synthetic corpus (bench/corpus.py): valid, complete and reproducible.

Correctness only, never timing: a 100-record corpus is generated outside the repository,
checked like real data, and built by MkDocs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from compendium.check import build_compendium
from conftest import REPO, TODAY, mkdocs_build

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.corpus import generate  # noqa: E402
from bench.run import mkdocs_build as measured_build  # noqa: E402
from bench.run import write_baseline

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
