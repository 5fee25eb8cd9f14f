"""Where the hook's time goes: cProfile of its on_config and on_files on one corpus, as
tables of the top functions, the time of the main steps, and own time by area.

(Named hook_profile, not profile: bench/run.py runs with bench/ on sys.path, where a
profile.py would hide the standard library's, which cProfile imports.)"""

from __future__ import annotations

import cProfile
import io
import pstats
import re
from pathlib import Path

from bench.measure import run_hook

REPO = Path(__file__).resolve().parent.parent

# The steps the report names: file:function -> what it does. Steps the code no longer
# has are left out of the report, not shown as 0 s.
STEPS = {
    "check.py:build_compendium": "validation",
    "load.py:read_yaml": "reading YAML with positions",
    "typed.py:typed_model": "pydantic",
    "text_rules.py:rule_text": "glossary, raw HTML and link checks",
    "compendium.py:assemble": "assembly of the compendium",
    "pages.py:render_site": "Jinja2 templates to Markdown",
}
HOOK_EVENTS = ("compendium_hook.py:on_config", "compendium_hook.py:on_files")

# Own time of the package's modules, by file name, in the report's areas.
_MODULE_AREAS = {
    "load.py": "compendium.load (positions, checks of the text)",
    "typed.py": "compendium.typed",
}
_CHECK_MODULES = ("check.py", "rules.py", "text_rules.py", "compendium.py", "registries.py", "kinds.py")


def profile_hook(corpus_dir: Path, top: int = 25) -> tuple[str, str, dict]:
    """The top functions by cumulative and by own time (as text), and `shares`: seconds
    of each step and hook event found, `total`, and own time by area (`areas`)."""
    profiler = cProfile.Profile()
    run_hook(corpus_dir, profiler)
    stats = pstats.Stats(profiler)
    shares: dict = {}
    areas: dict[str, float] = {}
    for (filename, _, name), (_, _, tottime, cumulative, _) in stats.stats.items():
        key = f"{Path(filename).name}:{name}"
        if key in STEPS or key in HOOK_EVENTS:
            shares[key] = shares.get(key, 0) + cumulative
        area = area_of(filename, name)
        areas[area] = areas.get(area, 0) + tottime
    shares["total"] = stats.total_tt
    shares["areas"] = dict(sorted(areas.items(), key=lambda kv: -kv[1]))
    return _table(profiler, "cumulative", top), _table(profiler, "tottime", 15), shares


def _table(profiler: cProfile.Profile, sort: str, count: int) -> str:
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(sort).print_stats(count)
    text = out.getvalue().replace(str(REPO / "src") + "/", "").replace(str(REPO) + "/", "")
    text = re.sub(r"\S*/site-packages/", "", text)
    text = re.sub(r"\S*/lib/python3\.\d+/", "", text)
    lines = text.splitlines()
    head = next(i for i, line in enumerate(lines) if line.strip().startswith("ncalls"))
    return "\n".join(line.rstrip() for line in lines[head:] if line.strip())


def area_of(filename: str, name: str) -> str:
    """Which part of the work a profiled function belongs to, by its own time."""
    path = filename.replace("\\", "/")
    if filename == "~":  # a C function or method
        if "_yaml" in name:
            return "libyaml (C)"
        if "pydantic" in name:
            return "pydantic (validation of the typed records)"
        if "re.Pattern" in name or "_sre" in name:
            return "regular expressions (C)"
        return "other C functions (str, dict, os...)"
    if "/yaml/" in path:
        if any(path.endswith(f"/yaml/{m}.py") for m in ("scanner", "parser", "reader")):
            return "PyYAML scanner and parser (pure Python)"
        return "PyYAML composer and constructor (Python)"
    if "/jinja2/" in path or "/templates/" in path or path.startswith("<template>"):
        return "Jinja2 (templates)"
    if "/pydantic" in path:
        return "pydantic (validation of the typed records)"
    if "/compendium/site/" in path:
        return "compendium.site (pages, links)"
    if "/compendium/" in path:
        module = path.rsplit("/", 1)[-1]
        if module in _MODULE_AREAS:
            return _MODULE_AREAS[module]
        if module in _CHECK_MODULES:
            return "compendium.check (rules, assembly)"
    if "/mkdocs/" in path or "/material/" in path or path.endswith(("compendium_hook.py", "mkdocs_glue.py")):
        return "MkDocs, Material and the hook itself"
    return "other Python"
