"""JSON Schemas generated from the models, so editors' editors can autocomplete and warn."""

from __future__ import annotations

import json
from pathlib import Path

from .kinds import KINDS
from .model import Strict
from .registries import REGISTRIES


def schemas() -> dict[str, str]:
    """File name -> JSON text, for every record kind and registry."""
    models: dict[str, type[Strict]] = {f"{name}.schema.json": kind.model for name, kind in KINDS.items()}
    models |= {name.replace(".yml", ".schema.json"): model for name, model in REGISTRIES.items()}
    out = {}
    for name, model in sorted(models.items()):
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **model.model_json_schema()}
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return out


def stale_schemas(folder: Path) -> list[str]:
    """Names of committed schema files that differ from what the models generate."""
    expected = schemas()
    present = {p.name for p in folder.glob("*.schema.json")}
    stale = [
        n
        for n, text in expected.items()
        if not (folder / n).is_file() or (folder / n).read_text(encoding="utf-8") != text
    ]
    return sorted(stale + [n for n in present - expected.keys()])


def write_schemas(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.schema.json"):
        old.unlink()
    for name, text in schemas().items():
        (folder / name).write_text(text, encoding="utf-8")
