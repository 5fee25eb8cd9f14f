"""The report's closing paragraphs: plain statements drawn from a run's figures."""

from __future__ import annotations

from bench.event_times import OURS_STEPS, steps
from bench.goals import mb
from bench.results import Results


def reading(results: Results) -> list[str]:
    """Plain statements drawn from this run's figures."""
    corpora, profile, memory = results.corpora, results.profile, results.validation_memory
    largest = corpora[-1]
    out = [
        f"- At {largest.size:,} records MkDocs waits {largest.hook_s:.1f} s for the hook before its first "
        f"page: validation ({largest.validate_s:.1f} s), then rendering every page. The build takes "
        f"{largest.ours_wall:.1f} s wall ({largest.ours_wall - largest.base_wall:+.1f} s over the "
        f"{largest.base_wall:.1f} s plain-Markdown baseline) and {largest.ours_cpu:.1f} s CPU "
        f"({largest.ours_cpu - largest.base_cpu:+.1f} s). The rest is MkDocs and Material: Markdown to HTML, "
        "the theme around every page, and the search index."
    ]
    if largest.event_times:
        ours = sorted(
            ((step, seconds) for step, seconds in steps(largest.event_times) if step in OURS_STEPS),
            key=lambda item: -item[1],
        )
        total = sum(seconds for _, seconds in ours)
        out.append(
            f"- Step by step at {largest.size:,} records, our steps take {total:.1f} s of the timed build, "
            f"{total / largest.base_wall:.0%} of the baseline's whole build; the largest: "
            + "; ".join(f"{step} {seconds:.1f} s" for step, seconds in ours[:3])
            + ". The baseline is the same files, ready-made: it checks nothing, renders nothing, makes no "
            "open-data file (it copies ours), and its pages go out without the allowlist, the policy or the "
            "search's synonyms."
        )
    if profile is not None:
        shares = profile[2]
        total = shares["total"]
        top = ", ".join(
            f"{area} {seconds / total:.0%}" for area, seconds in list(shares["areas"].items())[:3]
        )
        out.append(
            f"- Under the profiler, validation (`build_compendium`) is "
            f"{shares.get('check.py:build_compendium', 0) / total:.0%} of the hook's time, of which reading "
            f"YAML (`load.read_yaml`) {shares.get('load.py:read_yaml', 0) / total:.0%}; rendering "
            f"(`render_site`) {shares.get('pages.py:render_site', 0) / total:.0%}. By own time the largest "
            f"areas are {top}. Rendering time goes to the pages that list every record (the explorer, "
            "chapters, topics, what's new): Jinja2 macro calls and a link for each record."
        )
    if len(corpora) > 1:
        per = [(r.size, r.ours_wall / r.size * 1000, r.base_wall / r.size * 1000) for r in corpora]
        (n1, a1, b1), (n2, a2, b2) = per[-2], per[-1]
        out.append(
            "- Build time per record, ours / baseline: "
            + ", ".join(f"{n:,}: {a:.1f} / {b:.1f} ms" for n, a, b in per)
            + ". Small corpora pay fixed costs (starting Python, imports, the theme); from "
            f"{n1:,} to {n2:,} records the cost per record changes by {a2 / a1 - 1:+.0%} for ours and "
            f"{b2 / b1 - 1:+.0%} for the baseline."
        )
    memory_text = (
        f" Validation alone peaks at {memory[0]:,.0f} MB of Python objects (tracemalloc) and keeps "
        f"{memory[1]:,.0f} MB (the compendium): until it ends, every record's document (its data, the line "
        "and column of each key and value, the file's lines) is held at once. Python keeps freed memory for "
        "reuse, so the peak stays in the build's resident size, and the generated Markdown is held for the "
        "whole build."
        if memory
        else ""
    )
    out.append(
        f"- Peak memory at {largest.size:,} records: {largest.ours_rss:,.0f} MB with the hook against "
        f"{largest.base_rss:,.0f} MB for the same pages as files.{memory_text}"
    )
    out += serve_reading(results.serve)
    sizes = [(r.size, r.sizes) for r in corpora if r.sizes]
    out.append(
        "- The search index grows with the corpus ("
        + ", ".join(f"{n:,}: {mb(s.index_raw)} raw / {mb(s.index_gzip)} gzip" for n, s in sizes)
        + "); every reader's browser downloads and indexes it on first search. Chapter pages and the "
        "explorer (which list every record of a chapter, or all of them) grow the same way: largest page "
        + ", ".join(f"{n:,}: {mb(s.largest_page_raw)}" for n, s in sizes)
        + "."
    )
    return out


def serve_reading(serve: dict | None) -> list[str]:
    dirty, full = (serve or {}).get("dirty", {}), (serve or {}).get("full", {})
    if not (serve and dirty.get("rebuilds") and full.get("rebuilds")):
        return []
    fastest = min(rb["built_after_s"] for rb in dirty["rebuilds"])
    slowest = max(rb["built_after_s"] for rb in dirty["rebuilds"])
    plain = min(rb["built_after_s"] for rb in full["rebuilds"])
    return [
        f"- Under `./dev serve` (`mkdocs serve --dirty`) an edited record of the {serve['size']:,}-record "
        f"corpus is on the page {fastest:.1f}-{slowest:.1f} s after it is saved, against "
        f"{dirty['initial_reported_s']:.1f} s for the first build and {plain:.1f} s with plain "
        "`mkdocs serve`. What remains is the hook checking all of `data/` and rendering every page to find "
        "the changed ones, and MkDocs' work around the pages (configuration, navigation, search index, "
        "sitemap)."
    ]
