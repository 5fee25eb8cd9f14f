"""Phone readers on slow links (issue 17), inside the benchmark: Lighthouse's mobile audit
of six pages of the real edition (bench/lighthouse.py) and what a phone downloads on the
edition and on the largest corpus (bench/phone_scale.py); their goals and report section.

The measuring is those two modules'; this one runs them in `bench/run.py`'s order, keeps
their figures as plain data in the results file, and judges and writes them."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from bench.lighthouse import PageResult, build_edition, lighthouse_table
from bench.lighthouse import measure as lighthouse
from bench.phone_scale import Transfers, measure_project, measure_site, scale_table

PERFORMANCE_GOAL = 95
ACCESSIBILITY_GOAL = 100
LAYOUT_SHIFT_GOAL = 0.05
# At 10,000 records, compressed bytes on the wire.
EXPLORER_GOAL_BYTES = 300 * 1000
FIRST_SEARCH_GOAL_BYTES = 1000 * 1000
SCALE_RECORDS = 10_000

Goal = tuple[str, str, bool | None]


def measure_phone(site: Path, corpus: Path | None, size: int, runs: int) -> dict:
    """Audit the real edition built in `site` (built now if the edition's step did not)
    with Lighthouse and measure its transfers; then the transfers of the (already
    generated) `corpus` project of `size` records, if any, built beside it."""
    from compendium.check import build_compendium

    repo = Path(__file__).resolve().parent.parent
    if not (site / "index.html").is_file():
        build_edition(site)
    measured: dict = {"runs": runs, "corpus_size": None, "lighthouse": [], "transfers": []}
    measured["lighthouse"] = [dataclasses.asdict(r) for r in lighthouse(site, runs=runs)]
    records = len(build_compendium(repo).current)
    measured["transfers"].append(dataclasses.asdict(measure_site("the edition", site, records)))
    if corpus is not None:
        print(f"phone: building {corpus.name} for its transfers", file=sys.stderr, flush=True)
        scale = measure_project(f"corpus of {size:,}", corpus, site.parent)
        measured["transfers"].append(dataclasses.asdict(scale))
        measured["corpus_size"] = size  # its records: this many, drafts (2%) left unpublished
    return measured


def _pages(measured: dict) -> list[PageResult]:
    return [
        PageResult(**{**r, "runs": tuple(r["runs"]), "failed_audits": tuple(r["failed_audits"])})
        for r in measured.get("lighthouse", [])
    ]


def _transfers(measured: dict) -> list[Transfers]:
    return [
        Transfers(**{**t, "first_search_files": tuple(t["first_search_files"])})
        for t in measured.get("transfers", [])
    ]


def phone_goals(measured: dict | None) -> list[Goal]:
    lighthouse_goal = (
        f"Lighthouse mobile: performance at least {PERFORMANCE_GOAL}, accessibility "
        f"{ACCESSIBILITY_GOAL}, layout shift under {LAYOUT_SHIFT_GOAL}"
    )
    scale_goals = (
        f"At {SCALE_RECORDS:,} records the explorer's first load is at most 300 kB compressed",
        f"At {SCALE_RECORDS:,} records the first search transfers at most 1 MB compressed",
    )
    if not measured:
        return [(lighthouse_goal, "not measured", None), *[(g, "not measured", None) for g in scale_goals]]
    found: list[Goal] = []
    for page in _pages(measured):
        ok = (
            page.performance >= PERFORMANCE_GOAL
            and page.accessibility >= ACCESSIBILITY_GOAL
            and page.cls < LAYOUT_SHIFT_GOAL
        )
        found.append(
            (
                f"{lighthouse_goal} ({page.name})",
                f"{page.performance}, {page.accessibility}, {page.cls:.3f}",
                ok,
            )
        )
    if not found:
        found.append((lighthouse_goal, "not measured", None))
    corpus_size = measured.get("corpus_size") or 0
    scale = _transfers(measured)[-1] if corpus_size >= SCALE_RECORDS else None
    if scale is None:
        found += [(g, f"not run (no corpus of {SCALE_RECORDS:,} records)", None) for g in scale_goals]
    else:
        found += [
            (
                scale_goals[0],
                f"{scale.explorer_first_load / 1000:.0f} kB ({corpus_size:,} records)",
                scale.explorer_first_load <= EXPLORER_GOAL_BYTES,
            ),
            (
                scale_goals[1],
                f"{scale.first_search / 1000:.0f} kB ({corpus_size:,} records)",
                scale.first_search <= FIRST_SEARCH_GOAL_BYTES,
            ),
        ]
    return found


def _times(runs: int) -> str:
    return "once" if runs == 1 else f"{runs} times"


def phone_lines(measured: dict | None) -> list[str]:
    if not measured:
        return []
    pages, transfers = _pages(measured), _transfers(measured)
    lines = ["## Phone readers: Lighthouse and what a phone downloads", ""]
    if pages:
        lines += [
            f"Lighthouse 12.2.3 (`bench/lighthouse.py`, pinned in `package.json`), mobile profile (a "
            "mid-range phone: 4x CPU slowdown, simulated 150 ms round trips and 1.6 Mbit/s), Debian's "
            "Chromium, on the real edition served on loopback with gzip. Each page is audited "
            f"{_times(measured['runs'])}; the run with the median performance score is shown, with "
            "its metrics.",
            "",
            lighthouse_table(pages),
            "",
        ]
        failed = [f"{p.name}: {'; '.join(p.failed_audits)}" for p in pages if p.failed_audits]
        if failed:
            lines += ["What Lighthouse found to improve:", "", *[f"- {line}" for line in failed], ""]
    if transfers:
        lines += [
            "What a phone transfers (`bench/phone_scale.py`): Chromium at 390x844, the site served "
            "with gzip, every byte on the wire counted. The search index is not downloaded until the "
            "reader starts a search.",
            "",
            scale_table(transfers),
            "",
        ]
    return lines
