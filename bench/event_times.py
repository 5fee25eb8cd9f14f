"""Where a `mkdocs build` spends its time, event by event and plugin by plugin.

Run as `python -m bench.event_times OUT.json <mkdocs build arguments>`: MkDocs builds as
usual, each plugin event handler is timed (MkDocs' own `PluginCollection.run_event`, with
a clock around each handler), and OUT.json gets the seconds of each (event, plugin) and
the whole build's. What no handler spends is MkDocs' and the theme's own work: reading
and converting the Markdown, the templates, writing the files.

The report (bench/report.py) names the steps in `STEPS`; a handler it does not name is
counted under "other plugins".
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from pathlib import Path

# (event, plugin) -> what the step is, in the order the report shows them. The plugin is
# MkDocs' name for it: the hook's file, or the key our glue registers it under.
HOOK = "hooks/compendium_hook.py"
STEPS: dict[tuple[str, str], str] = {
    ("config", HOOK): "Validation, rendering every page, navigation (hook `on_config`)",
    ("files", HOOK): "Generated files: pages, feed, open data, citations (hook `on_files`)",
    ("page_content", HOOK): "Each page's HTML through the allowlist (hook `on_page_content`)",
    ("post_page", HOOK): "Each page's Content-Security-Policy (hook `on_post_page`)",
    (
        "post_build",
        "compendium/search",
    ): "Search synonyms, chapters, first-search index (`compendium/search`)",
    ("page_context", "compendium/reading"): "Descriptions, the chapter marked (`compendium/reading`)",
    ("page_context", "material/search"): "Material's search plugin, indexing each page",
    ("post_build", "material/search"): "Material's search plugin, writing the index",
}


def timed_build(out: Path, args: list[str]) -> None:
    from mkdocs import plugins
    from mkdocs.__main__ import cli

    seconds: dict[tuple[str, str], float] = defaultdict(float)

    def run_event(self, name, item=None, **kwargs):  # MkDocs 1.6's, with a clock per handler
        pass_item = item is not None
        for method in self.events[name]:
            self._current_plugin = self._event_origins.get(method, "<unknown>")
            start = time.perf_counter()
            result = method(item, **kwargs) if pass_item else method(**kwargs)
            seconds[(name, self._current_plugin)] += time.perf_counter() - start
            if result is not None:
                item = result
        self._current_plugin = None
        return item

    plugins.PluginCollection.run_event = run_event  # type: ignore[method-assign]
    start = time.perf_counter()
    try:
        cli.main(["build", *args], standalone_mode=False)
    finally:
        total = time.perf_counter() - start
        events = [{"event": e, "plugin": p, "seconds": s} for (e, p), s in sorted(seconds.items())]
        out.write_text(json.dumps({"total_s": total, "events": events}, indent=1), encoding="utf-8")


OUR_OTHER_EVENTS = "Our other events (hook, `compendium/*`)"
OTHER_PLUGINS = "Other plugins' events"
THE_REST = "MkDocs and the theme (the rest)"
# The steps that are ours: what the baseline, the same pages as plain files, does not do.
OURS_STEPS = {
    step for (event, plugin), step in STEPS.items() if plugin == HOOK or plugin.startswith("compendium/")
}
OURS_STEPS.add(OUR_OTHER_EVENTS)


def steps(measured: dict) -> list[tuple[str, float]]:
    """The build's time by step, as the report shows it: the named steps, the other events
    (ours, then other plugins'), and MkDocs' own work (what no handler spent)."""
    named: dict[str, float] = dict.fromkeys([*STEPS.values(), OUR_OTHER_EVENTS, OTHER_PLUGINS], 0.0)
    for entry in measured["events"]:
        plugin = entry["plugin"]
        step = STEPS.get((entry["event"], plugin))
        if step is None:
            step = OUR_OTHER_EVENTS if plugin == HOOK or plugin.startswith("compendium/") else OTHER_PLUGINS
        named[step] += entry["seconds"]
    return [*named.items(), (THE_REST, measured["total_s"] - sum(named.values()))]


if __name__ == "__main__":
    timed_build(Path(sys.argv[1]), sys.argv[2:])
