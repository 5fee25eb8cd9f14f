"""Measured comparisons for the two costs the benchmark found in the hook's work: reading
YAML and making relative links. Nothing here is used by the project.

Each comparison adapts to the code it finds:

- YAML. When `compendium.load` composes with libyaml (`_CLoader`), its fast path is
  compared with its own pure-Python path (`_CLoader = None`). Otherwise the project's
  pure-Python loader is compared with `LibyamlEventsLoader`, a prototype drop-in for
  `load._Loader`: libyaml (C) scans and parses, while composition (with the anchor check),
  the node walk and construction stay the project's Python code, so the `Document` is the
  same, positions included (libyaml reports plain style as "" where PyYAML says None).
- Links. When `render.Page.href` calls `posixpath.relpath` (which asks the file system for
  the current directory twice per link), rendering is compared with `Page.href` going
  through a cache. Otherwise there is nothing to compare.
"""

from __future__ import annotations

import functools
import inspect
import posixpath
import time
from pathlib import Path

from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from compendium import load

try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml
    CParser = None


if CParser is not None:

    class LibyamlEventsLoader(CParser, Composer, SafeConstructor, Resolver):
        def __init__(self, stream):
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

        # The Python composer, not libyaml's: it is where anchors are refused with a place.
        get_single_node = Composer.get_single_node
        compose_document = Composer.compose_document

        def compose_node(self, parent, index):
            event = self.peek_event()
            if getattr(event, "anchor", None) is not None:
                raise load._Unreadable(
                    event.start_mark.line + 1,
                    event.start_mark.column + 1,
                    "anchors and aliases (`&name`, `*name`) are not allowed; write the value out",
                )
            return Composer.compose_node(self, parent, index)

        def dispose(self):
            pass


def project_uses_libyaml() -> bool:
    return getattr(load, "_CLoader", None) is not None


class _PurePython:
    """Within the block, the project reads YAML without libyaml (project mode), or the
    prototype replaces the project's loader (prototype mode) -- the 'other' loader."""

    def __enter__(self):
        if project_uses_libyaml():
            self.name, self.saved = "_CLoader", load._CLoader
            load._CLoader = None
        else:
            self.name, self.saved = "_Loader", load._Loader
            load._Loader = LibyamlEventsLoader
        return self

    def __exit__(self, *exc):
        setattr(load, self.name, self.saved)


def _same(a, b) -> bool:
    def styles(doc):
        return {k: (v or None) for k, v in doc.styles.items()}

    return (
        a is not None
        and b is not None
        and a.data == b.data
        and a.values == b.values
        and a.keys == b.keys
        and a.lines == b.lines
        and styles(a) == styles(b)
    )


def compare_loaders(cases: Path) -> dict:
    """Read every record of `cases` with the project's loader as it is and with the other
    one (see the module's docstring); both times, and whether the documents are the same."""
    mode = "project" if project_uses_libyaml() else "prototype"
    if mode == "prototype" and CParser is None:
        return {"available": False}
    files = sorted(cases.rglob("*.yml"))
    start = time.perf_counter()
    current = [load.read_yaml(f, f.as_posix())[0] for f in files]
    current_s = time.perf_counter() - start
    with _PurePython():
        start = time.perf_counter()
        other = [load.read_yaml(f, f.as_posix())[0] for f in files]
        other_s = time.perf_counter() - start
    python_s, libyaml_s = (other_s, current_s) if mode == "project" else (current_s, other_s)
    return {
        "available": True,
        "mode": mode,
        "files": len(files),
        "python_s": python_s,
        "libyaml_s": libyaml_s,
        "identical": all(_same(a, b) for a, b in zip(current, other)),
    }


def validate_other(root: Path):
    """Seconds `build_compendium(root)` takes with the other loader, and the compendium."""
    from compendium.check import build_compendium

    if not project_uses_libyaml() and CParser is None:
        return None, None
    with _PurePython():
        start = time.perf_counter()
        compendium = build_compendium(root)
        return time.perf_counter() - start, compendium


def render_with_cached_relpath(compendium, edit_base: str | None) -> dict:
    """`render_site` as it is, then with `Page.href` making relative paths through a cache
    of `posixpath.relpath`; only when the project's `Page.href` calls `posixpath.relpath`."""
    from compendium import render

    if "posixpath.relpath(" not in inspect.getsource(render.Page.href):
        return {"applicable": False}
    site = render.Site(compendium, edit_base)
    start = time.perf_counter()
    current = render.render_site(site)
    current_s = time.perf_counter() - start

    relative = functools.lru_cache(maxsize=None)(posixpath.relpath)

    def href(self, target: str) -> str | None:
        path, _, fragment = target.partition("#")
        if path == self.uri:
            return f"#{fragment}" if fragment else posixpath.basename(path)
        return relative(path, posixpath.dirname(self.uri) or ".") + (f"#{fragment}" if fragment else "")

    original = render.Page.href
    render.Page.href = href
    try:
        site = render.Site(compendium, edit_base)
        start = time.perf_counter()
        cached = render.render_site(site)
        cached_s = time.perf_counter() - start
    finally:
        render.Page.href = original
    info = relative.cache_info()
    return {
        "applicable": True,
        "current_s": current_s,
        "cached_s": cached_s,
        "identical": cached == current,
        "links": info.hits + info.misses,
        "distinct": info.misses,
    }
