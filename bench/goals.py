"""The benchmark's goals (issue 7), whether a run's figures meet them, and their table."""

from __future__ import annotations

from bench.results import Result


def mb(n: float) -> str:
    return f"{n / 1e6:.2f} MB" if n >= 1e5 else f"{n / 1e3:.1f} kB"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("**pass**" if ok else "**FAIL**")


GOALS = {
    "overhead": 0.10,  # data layer adds at most 10% to the plain-Markdown build
    "validation_10k_s": 5.0,
    "build_10k_s": 120.0,
    "memory_10k_mb": 1536.0,  # 1.5 GB
    "per_record_growth": 0.20,  # per-record build time at 10,000 within 20% of 1,000
    "case_page_drift": 0.10,  # median case page within 10% of the smallest corpus's
}

# `./dev serve` on the real edition (issue 16): seconds from saving an edit until the served
# page shows it, for the slowest of the edits. (name in the results, what is edited, limit)
EDITION_SERVE_GOALS = (
    ("title", "Title edit", 1.5),
    ("body", "Body edit", 1.5),
    ("edition", "`data/edition.yml` edit", 5.0),
)

Goal = tuple[str, str, bool | None]  # what, measured, met (None: not measured)


def seconds(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values) + " s"


def edition_serve_goals(measured: dict | None) -> list[Goal]:
    """Each kind of edit under `./dev serve` on the real edition, judged on its slowest edit."""
    found: list[Goal] = []
    for kind, what, limit in EDITION_SERVE_GOALS:
        name = f"{what} under `./dev serve`, real edition: shown within {limit:g} s (its slowest edit)"
        runs = (measured or {}).get("edits", {}).get(kind) or []
        shown = [run["shown_after_s"] for run in runs]
        if not runs:
            found.append((name, "not measured", None))
        elif None in shown:
            timeout = (measured or {}).get("show_timeout_s", 0)
            late = shown.index(None) + 1
            found.append((name, f"edit {late} not shown within {timeout:g} s", False))
        else:
            found.append((name, f"slowest {max(shown):.2f} s of {seconds(shown)}", max(shown) <= limit))
    return found


def goals(corpora: list[Result], edition_serve: dict | None = None) -> list[Goal]:
    if not corpora:
        return []
    by_size = {r.size: r for r in corpora}
    r1k, r10k = by_size.get(1000), by_size.get(10000)
    found: list[Goal] = []
    for r in corpora:
        overhead, overhead_cpu = r.ours_wall / r.base_wall - 1, r.ours_cpu / r.base_cpu - 1
        found.append(
            (
                f"Data layer adds at most 10% to the plain-Markdown build ({r.size:,} records)",
                f"{overhead:+.0%} wall, {overhead_cpu:+.0%} CPU",
                overhead <= GOALS["overhead"],
            )
        )
    if r10k:
        found += [
            (
                "Validation of 10,000 records under 5 s",
                f"{r10k.validate_s:.1f} s",
                r10k.validate_s < GOALS["validation_10k_s"],
            ),
            (
                "Full build of 10,000 records under 120 s",
                f"{r10k.ours_wall:.0f} s wall ({r10k.ours_cpu:.0f} s CPU)",
                r10k.ours_wall < GOALS["build_10k_s"],
            ),
            (
                "Peak memory of the 10,000-record build under 1.5 GB",
                f"{r10k.ours_rss:,.0f} MB",
                r10k.ours_rss < GOALS["memory_10k_mb"],
            ),
        ]
    else:
        found.append(("10,000-record goals", "not run (no 10,000 corpus in --sizes)", None))
    smallest, largest = corpora[0].sizes, corpora[-1].sizes
    if len(corpora) > 1 and smallest and largest:
        drift = largest.case_median_raw / smallest.case_median_raw - 1
        chrome = largest.case_chrome_median / smallest.case_chrome_median - 1
        found.append(
            (
                f"Case page size independent of record count ({corpora[0].size:,} -> {corpora[-1].size:,})",
                f"median {mb(smallest.case_median_raw)} -> {mb(largest.case_median_raw)} ({drift:+.1%}); "
                f"chrome {mb(smallest.case_chrome_median)} -> {mb(largest.case_chrome_median)} "
                f"({chrome:+.1%})",
                abs(drift) <= GOALS["case_page_drift"] and abs(chrome) <= 0.02,
            )
        )
    if r1k and r10k:
        growth = (r10k.ours_wall / r10k.size) / (r1k.ours_wall / r1k.size) - 1
        growth_cpu = (r10k.ours_cpu / r10k.size) / (r1k.ours_cpu / r1k.size) - 1
        found.append(
            (
                "Build time per record at 10,000 within 20% of that at 1,000",
                f"{r1k.ours_wall / r1k.size * 1000:.1f} -> {r10k.ours_wall / r10k.size * 1000:.1f} ms/record "
                f"({growth:+.0%} wall, {growth_cpu:+.0%} CPU)",
                growth <= GOALS["per_record_growth"],
            )
        )
    return found + edition_serve_goals(edition_serve)


def goals_table(found: list[Goal]) -> list[str]:
    return [
        "## Goals (2-core machine)",
        "",
        "| Goal | Measured | Result |",
        "| --- | --- | --- |",
        *[f"| {name} | {measured} | {verdict(ok)} |" for name, measured, ok in found],
        "",
    ]
