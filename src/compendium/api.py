"""The open data: a static, versioned JSON API and a CSV of every record, built with the
site under `api/v1/`, with the JSON Schemas its files follow.

Pure functions of the site's model. Everything comes from the `Compendium`, which holds
published records only, without editors' contacts and without the member of an anonymous
record: what it does not hold, no file here can show. A file's `$schema` names its schema
(relative to the file); addresses of the API's own files are relative to `api/v1/`; `url`
is a page of the site, absolute when the site's address (`site_url`) is configured.

Version 1 grows only by new fields and files; a change that would break a reader's code
(a field renamed, removed or retyped) makes a `v2` beside it.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from pydantic import BaseModel

from .api_schemas import CITATION_KEYS, PRIVATE_FIELDS, VERSION, api_schemas
from .citation import FORMATS, apa_plain, file_uri, reference
from .kinds import KINDS
from .model import AnyRecord
from .registries import Chapter, Edition, Member, Source, Tag, Term
from .site.links import Site

ROOT = f"api/{VERSION}/"

# Columns of records.csv, in order; lists are joined with "; ".
CSV_COLUMNS = (
    "id",
    "kind",
    "chapter",
    "part",
    "case_number",
    "title",
    "summary",
    "attribution",
    "member",
    "member_name",
    "partners",
    "tags",
    "sources",
    "related",
    "also_in",
    "added",
    "updated",
    "new_in",
    "revised_in",
    "revision_note",
    "retired_in",
    "url",
    "api",
    "body",
)


def api_files(site: Site) -> dict[str, str]:
    """Path under the site's root -> text, for every file of the API."""
    documents = api_documents(site)
    files = {ROOT + path: _json(document) for path, document in documents.items()}
    files[ROOT + "records.csv"] = records_csv(site)
    files |= {ROOT + "schemas/" + name: _json(schema) for name, schema in api_schemas().items()}
    return files


def api_documents(site: Site) -> dict[str, dict]:
    """Path under api/v1/ -> JSON document, for every JSON file but the schemas."""
    c = site.compendium
    records = list(c.records.values())
    documents = {
        "index.json": _index(site),
        "edition.json": {"$schema": "schemas/edition.schema.json", **_edition(site, c.edition)},
        "chapters.json": {
            "$schema": "schemas/chapters.schema.json",
            "chapters": [_chapter(site, ch) for ch in c.edition.chapters],
        },
        "members.json": {
            "$schema": "schemas/members.schema.json",
            "members": [_member(site, m) for m in c.members.values()],
        },
        "sources.json": {
            "$schema": "schemas/sources.schema.json",
            "sources": [_source(site, s) for s in c.sources.values()],
        },
        "tags.json": {
            "$schema": "schemas/tags.schema.json",
            "tags": [_tag(site, t) for t in c.tags.values()],
        },
        "glossary.json": {
            "$schema": "schemas/glossary.schema.json",
            "terms": [_term(site, t) for t in c.glossary],
        },
        "records/index.json": {
            "$schema": "../schemas/records-index.schema.json",
            "records": [_record_entry(site, r) for r in records],
        },
    }
    for r in records:
        documents[record_path(r.id)] = {
            "$schema": "../schemas/record.schema.json",
            **record_document(site, r),
        }
    return documents


def record_path(record_id: str) -> str:
    return f"records/{record_id}.json"


def _json(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _index(site: Site) -> dict:
    c = site.compendium
    return {
        "$schema": "schemas/index.schema.json",
        "api_version": VERSION,
        "title": c.edition.title,
        "edition": c.edition.edition,
        "as_of": c.edition.as_of.isoformat(),
        "site": site.site_url,
        "records": len(c.records),
        "files": {
            "edition": "edition.json",
            "chapters": "chapters.json",
            "members": "members.json",
            "sources": "sources.json",
            "tags": "tags.json",
            "glossary": "glossary.json",
            "records": "records/index.json",
            "record": "records/{id}.json",
            "csv": "records.csv",
            "schemas": sorted(f"schemas/{name}" for name in api_schemas()),
        },
    }


def _public(model: BaseModel, exclude: frozenset[str] | set[str] = frozenset()) -> dict:
    return model.model_dump(mode="json", exclude=set(exclude))


def _edition(site: Site, edition: Edition) -> dict:
    return {
        **_public(edition, {"chapters", "repository"}),
        "url": site.url_of("index.md"),
        "downloads": {key: site.url_of(path) for key, path in site.downloads().items() if "/" in path},
    }


def _chapter(site: Site, chapter: Chapter) -> dict:
    records = [r.id for r in site.compendium.records.values() if r.chapter == chapter.number]
    return {
        **_public(chapter),
        "part_name": chapter.part_name,
        "reference": chapter.reference,
        "url": site.url_of(site.chapter_uri(chapter.number)),
        "records": records,
    }


def _member(site: Site, member: Member) -> dict:
    return {
        **_public(member),
        "url": site.url_of(site.member_uri(member.code)),
        "records": [r.id for r in site.compendium.by_member(member.code)],
    }


def _source(site: Site, source: Source) -> dict:
    return {
        **_public(source),
        "page": site.url_of(site.source_uri(source.id)),
        "cited_by": [r.id for r in site.compendium.citing(source.id)],
    }


def _tag(site: Site, tag: Tag) -> dict:
    return {
        **_public(tag),
        "url": site.url_of(site.tag_uri(tag.id)),
        "records": [r.id for r in site.compendium.tagged(tag.id)],
    }


def _term(site: Site, term: Term) -> dict:
    return {**_public(term), "url": site.url_of(f"glossary.md#{site.term_anchor(term)}")}


def _record_entry(site: Site, record: AnyRecord) -> dict:
    return {
        "id": record.id,
        "kind": record.kind,
        "chapter": record.chapter,
        "title": record.title,
        "heading": site.record_heading(record),
        "added": record.added.isoformat(),
        "updated": record.updated.isoformat() if record.updated else None,
        "url": site.url_of(site.record_uri(record)),
        "api": record_path(record.id),
    }


def record_document(site: Site, record: AnyRecord) -> dict:
    """Every public field of a record, with its address, case number and citation."""
    ref = reference(site, record)
    return {
        **_public(record, PRIVATE_FIELDS),
        "heading": site.record_heading(record),
        "case_number": site.compendium.case_numbers.get(record.id),
        "url": site.url_of(site.record_uri(record)),
        "citation": {
            "text": apa_plain(ref),
            **{name: "../../../" + file_uri(record.id, ext) for ext, name in CITATION_KEYS.items()},
        },
    }


# ----------------------------------------------------------------------------------------
# CSV


def _cell(value: object) -> str:
    """A cell as text. A spreadsheet runs a cell that starts with = + - @ as a formula, so
    record text starting with one is kept from running by a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def records_csv(site: Site) -> str:
    c = site.compendium
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in c.records.values():
        row = {
            **{name: getattr(r, name, None) for name in CSV_COLUMNS},
            "part": c.chapter(r.chapter).reference,
            "case_number": c.case_numbers.get(r.id),
            "member_name": site.member_name(r),
            "sources": [s.source for s in r.sources],
            "url": site.url_of(site.record_uri(r)),
            "api": record_path(r.id),
        }
        writer.writerow([_cell(row[name]) for name in CSV_COLUMNS])
    return out.getvalue()


# ----------------------------------------------------------------------------------------
# The page that documents the API


PAGE_URI = "open-data.md"


def page_context(site: Site) -> dict:
    """What the open-data page shows: where the files are, with real examples."""
    c = site.compendium
    example = next((r for r in c.records.values() if r.id in c.case_numbers), next(iter(c.records.values())))
    base = site.url_of(ROOT + "index.md")  # the folder's address: …/api/v1/
    return {
        "base": base if base.startswith("http") else "https://SITE/" + ROOT,
        "root": ROOT,
        "version": VERSION,
        "count": len(c.records),
        "example": example,
        "example_kind": KINDS[example.kind].label,
        "schemas": sorted(api_schemas()),
        "columns": CSV_COLUMNS,
        "formats": FORMATS,
        "cite_uri": file_uri(example.id, "bib"),
    }
