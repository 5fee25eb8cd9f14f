"""What a build makes beyond the pages, as one typed value.

`compendium build` sets it on the MkDocs configuration it builds with; a plain `mkdocs
build` reads it from `extra.compendium` in mkdocs.yml (where COMPENDIUM_PDF=0 turns the
PDF off for a quick preview). The hook reads it with `BuildOptions.of(config)` only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_KEY = "compendium"


@dataclass(frozen=True)
class BuildOptions:
    pdf: bool = True  # write downloads/<edition>.pdf after the pages
    offline: bool = False  # the copy that works from the file system (Material's offline plugin)

    @classmethod
    def of(cls, config: Any) -> BuildOptions:
        value = config.extra.get(_KEY) or {}
        if isinstance(value, BuildOptions):
            return value
        if not isinstance(value, dict) or set(value) - {"pdf", "offline"}:
            raise ValueError(f"mkdocs.yml: extra.{_KEY} takes `pdf` and `offline` (true or false): {value!r}")
        return cls(**{key: _flag(key, v) for key, v in value.items()})

    def apply(self, config: Any) -> None:
        """Build `config` with these options (before MkDocs' build starts)."""
        config.extra[_KEY] = self
        for name in ("material/offline", "offline"):  # MkDocs names Material's plugins so
            if name in config.plugins:
                config.plugins[name].config.enabled = self.offline


def _flag(key: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    if str(value).strip().lower() in ("1", "true", "yes", "on"):
        return True
    if str(value).strip().lower() in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"mkdocs.yml: extra.{_KEY}.{key} must be true or false, not {value!r}")
