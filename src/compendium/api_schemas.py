"""The JSON Schemas of the open data's files (api.py writes them under `api/v1/schemas/`):
made from the models of the data, so that a field added to a record is described at once.
"""

from __future__ import annotations

import functools

from pydantic import BaseModel

from .citation import FORMATS
from .kinds import KINDS
from .registries import Chapter, Edition, Member, Source, Tag, Term

VERSION = "v1"
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Fields of the data that are not published: an editor's contact (the compendium has
# already dropped it), the status (every published record is `published`), and who can
# read the repository.
PRIVATE_FIELDS = {"contact", "status"}

# A record's citation files, by the name of their field in its JSON: bibtex, ris, csl_json.
CITATION_KEYS = {ext: FORMATS[ext].lower().replace("-", "_") for ext in FORMATS}


@functools.cache  # a function of the models alone: made once, not on every (re)build
def api_schemas() -> dict[str, dict]:
    """File name under api/v1/schemas/ -> the JSON Schema of each kind of file (shared:
    not to be changed by the caller)."""
    url = {"type": "string", "description": "A page of the site: absolute when the site's address is set."}
    ids = {"type": "array", "items": {"type": "string"}, "description": "Ids of records."}
    dated = {"type": "string", "format": "date"}

    def listing(key: str, model: type[BaseModel], extra: dict, title: str) -> dict:
        defs: dict = {}
        item = _extended(model, defs, extra=extra)
        return _document({key: {"type": "array", "items": item}}, defs, title)

    schemas = {
        "index.schema.json": _document(
            {
                "api_version": {"const": VERSION},
                "title": {"type": "string"},
                "edition": {"type": "string"},
                "as_of": dated,
                "site": {"type": "string", "description": "The site's address; empty when not configured."},
                "records": {"type": "integer", "minimum": 0},
                "files": {
                    "type": "object",
                    "additionalProperties": {"anyOf": [{"type": "string"}, {"type": "array"}]},
                },
            },
            {},
            "The API's index: the edition and where each file is",
        ),
        "edition.schema.json": _edition_schema(url),
        "chapters.schema.json": listing(
            "chapters",
            Chapter,
            {"part_name": {"type": "string"}, "reference": {"type": "string"}, "url": url, "records": ids},
            "The edition's chapters, front matter, annexes and companion parts",
        ),
        "members.schema.json": listing(
            "members", Member, {"url": url, "records": ids}, "Member administrations and their named records"
        ),
        "sources.schema.json": listing(
            "sources", Source, {"page": url, "cited_by": ids}, "Publications the records cite"
        ),
        "tags.schema.json": listing("tags", Tag, {"url": url, "records": ids}, "Topic tags"),
        "glossary.schema.json": listing("terms", Term, {"url": url}, "Acronyms and glossary"),
        "records-index.schema.json": _document(
            {
                "records": {
                    "type": "array",
                    "items": _closed(
                        {
                            "id": {"type": "string"},
                            "kind": {"enum": list(KINDS)},
                            "chapter": {"type": "integer"},
                            "title": {"type": "string"},
                            "heading": {"type": "string"},
                            "added": dated,
                            "updated": {"anyOf": [dated, {"type": "null"}]},
                            "url": url,
                            "api": {"type": "string"},
                        }
                    ),
                }
            },
            {},
            "Every published record, in the edition's order",
        ),
        "record.schema.json": _record_schema(url),
    }
    return schemas


def _closed(properties: dict, required: list[str] | None = None) -> dict:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


def _document(properties: dict, defs: dict, title: str) -> dict:
    schema = {
        "$schema": SCHEMA_DIALECT,
        "title": title,
        **_closed({"$schema": {"type": "string"}, **properties}),
    }
    if defs:
        schema["$defs"] = defs
    return schema


def _extended(
    model: type[BaseModel], defs: dict, *, extra: dict, drop: frozenset[str] | set[str] = frozenset()
) -> dict:
    """The model's JSON Schema as the API writes it (every field present), without the
    fields in `drop`, with `extra` fields; its definitions move to `defs`."""
    schema = model.model_json_schema(mode="serialization", ref_template="#/$defs/{model}")
    defs.update(schema.pop("$defs", {}))
    properties = {k: v for k, v in schema["properties"].items() if k not in drop}
    return {
        **{k: v for k, v in schema.items() if k not in ("properties", "required")},
        "properties": {**properties, **extra},
        "required": [*properties, *extra],
        "additionalProperties": False,
    }


def _edition_schema(url: dict) -> dict:
    defs: dict = {}
    edition = _extended(
        Edition,
        defs,
        drop={"chapters", "repository"},
        extra={"url": url, "downloads": {"type": "object", "additionalProperties": url}},
    )
    edition["properties"]["$schema"] = {"type": "string"}
    edition["required"].append("$schema")
    return {"$schema": SCHEMA_DIALECT, **edition, "$defs": defs}


def _record_schema(url: dict) -> dict:
    defs: dict = {}
    extra = {
        "$schema": {"type": "string"},
        "heading": {"type": "string", "description": "The record's heading on the site (Case N: …)."},
        "case_number": {"type": ["integer", "null"], "description": "Its number among the chapter's cases."},
        "url": url,
        "citation": _closed(
            {
                "text": {"type": "string", "description": "An APA-style reference."},
                **{name: {"type": "string"} for name in CITATION_KEYS.values()},
            }
        ),
    }
    kinds = []
    for name, kind in KINDS.items():
        defs[f"record-{name}"] = _extended(kind.model, defs, extra=extra, drop=PRIVATE_FIELDS)
        kinds.append({"$ref": f"#/$defs/record-{name}"})
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "A published record: one of the kinds, by its `kind`",
        "oneOf": kinds,
        "$defs": defs,
    }
