"""`compendium new KIND --chapter N`: a new record file from the template of its kind, with
what the command knows filled in (kind, chapter, next free position, id and title) and a
REPLACE placeholder for the rest. Every request is checked before anything is written."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..kinds import KINDS
from ..model import Record, Slug
from ..typed import did_you_mean
from .project import AuthoringError, load_project, slugify
from .template import max_length, record_text

_ID = TypeAdapter(Slug)  # what the models accept as an id


def _checked_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise AuthoringError(
            "--title is empty; give the record's title, or leave --title out and write it in the file"
        )
    longest = max_length(Record, "title")
    if longest is not None and len(title) > longest:
        raise AuthoringError(f"--title is {len(title)} characters long; a title must be at most {longest}")
    return title


def _is_id(record_id: str) -> bool:
    try:
        _ID.validate_python(record_id)
    except ValidationError:
        return False
    return True


def new_record_file(
    root: Path,
    kind: str,
    chapter_number: int,
    title: str | None = None,
    record_id: str | None = None,
    today: datetime.date | None = None,
) -> tuple[Path, str]:
    """The path and text of the file `compendium new` writes; AuthoringError when the request
    cannot make one (the caller writes the file)."""
    if kind not in KINDS:
        raise AuthoringError(
            f"`{kind}` is not a kind of record; use one of: {', '.join(KINDS)}.{did_you_mean(kind, KINDS)}"
        )
    if title is not None:
        title = _checked_title(title)
    project = load_project(root)
    chapter = project.chapter(chapter_number)
    if chapter is None:
        numbers = ", ".join(str(c.number) for c in project.edition.chapters)
        raise AuthoringError(
            f"there is no chapter {chapter_number} in data/edition.yml; use one of: {numbers}"
        )
    if kind not in chapter.sections:
        having = ", ".join(f"{c.number} ({c.title})" for c in project.chapters_with(kind)) or "none"
        raise AuthoringError(
            f"chapter {chapter.number} ({chapter.title}) has no `{kind}` section; "
            f"chapters with one: {having}. Choose one of them, or add the section to the chapter "
            "in data/edition.yml first."
        )
    if record_id is not None:
        if not _is_id(record_id):
            raise AuthoringError(
                f"--id `{record_id}` is not a valid id; use only lower-case letters, digits and "
                "single hyphens, e.g. `annual-training-plan`"
            )
        if record_id in project.ids:
            where = next((r.path for r in project.records if record_id in (r.id, r.path.stem)), None)
            shown = where.relative_to(root).as_posix() if where else "data/cases/"
            raise AuthoringError(
                f"a record with the id `{record_id}` already exists ({shown}); choose another id"
            )
        stem = record_id
    elif title and slugify(title):
        stem = project.free_id(slugify(title))
    else:
        stem = project.free_id(f"new-{kind}")
    path = project.folder(chapter) / f"{stem}.yml"
    shown = path.relative_to(root).as_posix()
    if path.exists():
        raise AuthoringError(f"{shown} already exists; edit that file, or choose another --id or --title")

    values: dict[str, Any] = {
        "kind": kind,
        "chapter": chapter.number,
        "position": project.next_position(chapter.number, kind),
        "status": "draft",
        "added": today or datetime.date.today(),
    }
    hints = {
        "id": f"lower-case words joined by hyphens, e.g. `{stem}`; rename the file to match",
        "title": "the title readers will see",
        "summary": "one or two sentences",
        "attribution": "named (the member is shown) or anonymous (the member stays private)",
        "year": "the year the survey was run, e.g. 2023",
        "meeting": 'the meeting, e.g. "23rd RTC Heads Meeting"',
        "date": "the first day, as YYYY-MM-DD",
        "label": "what was measured",
        "value": "a number, e.g. 73",
        "source": "an id from data/sources.yml",
    }
    if record_id or (title and slugify(title)):
        values["id"] = stem
    if title:
        values["title"] = title
    section = chapter.section_title(kind) or f"{kind} records"
    header = [
        f'A new {kind} record for {chapter.part_name} ({chapter.title}), section "{section}".',
        "Made by `compendium new`. Fill in every value marked REPLACE, check the other values,",
        "then run `./dev validate`. Lines starting with # are notes for you; they are never",
        "published, and you may delete them. The record is a draft until `status: published`.",
    ]
    return path, record_text(kind, values, header, hints)
