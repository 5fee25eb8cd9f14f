"""The project as the authoring commands need it: the typed registries, and what each record
file under data/cases/ says about itself (id, chapter, kind, position), even when the record
does not validate yet. Also the names the commands make from it: ids, folders, labels."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from ..load import read_yaml
from ..registries import REGISTRIES, Chapter, Edition, Members, Sources, Tags
from ..typed import typed_model


class AuthoringError(Exception):
    """A request that cannot be carried out; nothing was written.

    `exit_code` 2 is a usage mistake (wrong kind, chapter, file exists); 1 is a problem in
    the data or in an imported issue.
    """

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class RecordFile:
    """A record file as written, before validation: its values may be of any type."""

    id: str
    path: Path
    chapter: object
    kind: object
    position: object


@dataclass(frozen=True)
class Project:
    root: Path
    edition: Edition
    members: Members
    sources: Sources
    tags: Tags
    records: tuple[RecordFile, ...]

    @property
    def ids(self) -> set[str]:
        return {r.id for r in self.records} | {r.path.stem for r in self.records}

    def chapter(self, number: int) -> Chapter | None:
        return next((c for c in self.edition.chapters if c.number == number), None)

    def chapters_with(self, kind: str) -> list[Chapter]:
        return [c for c in self.edition.chapters if kind in c.sections]

    def next_position(self, chapter: int, kind: str) -> int:
        used = [
            r.position
            for r in self.records
            if r.chapter == chapter and r.kind == kind and isinstance(r.position, int)
        ]
        return max(used, default=0) + 10

    def folder(self, chapter: Chapter) -> Path:
        """data/cases/NN-slug/: the chapter's existing folder, or the one to create."""
        cases = self.root / "data" / "cases"
        wanted = cases / f"{chapter.number:02d}-{chapter.slug}"
        if wanted.is_dir():
            return wanted
        existing = sorted(p for p in cases.glob(f"{chapter.number:02d}-*") if p.is_dir())
        return existing[0] if existing else wanted

    def free_id(self, wanted: str) -> str:
        taken = self.ids
        if wanted not in taken:
            return wanted
        number = 2
        while f"{wanted}-{number}" in taken:
            number += 1
        return f"{wanted}-{number}"


def load_project(root: Path) -> Project:
    """The registries, read and typed as `compendium validate` reads them, and what every
    readable record file says about itself."""
    registries = {}
    for name, model in REGISTRIES.items():
        path = root / "data" / name
        doc, _ = read_yaml(path, f"data/{name}") if path.is_file() else (None, [])
        value, _ = typed_model(doc, model) if doc is not None else (None, [])
        if value is None:
            raise AuthoringError(
                f"data/{name} is missing or has problems; run `compendium validate` to see them, "
                "fix them, then try again",
                1,
            )
        registries[name] = value
    records = []
    for path in sorted((root / "data" / "cases").rglob("*.yml")):
        doc, _ = read_yaml(path, path.name)
        data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
        given_id = data.get("id")
        record_id = given_id if isinstance(given_id, str) else path.stem
        records.append(
            RecordFile(record_id, path, data.get("chapter"), data.get("kind"), data.get("position"))
        )
    return Project(
        root,
        cast(Edition, registries["edition.yml"]),
        cast(Members, registries["members.yml"]),
        cast(Sources, registries["sources.yml"]),
        cast(Tags, registries["tags.yml"]),
        tuple(records),
    )


# ----------------------------------------------------------------------------------------
# Ids made from titles

# Shorter than the longest id the model allows, so that `-2` and the like still fit.
SUGGESTED_ID_LENGTH = 60
_STOP_WORDS = {
    "a",
    "an",
    "the",
    "of",
    "to",
    "and",
    "for",
    "in",
    "on",
    "with",
    "by",
    "at",
    "from",
    "as",
    "its",
    "their",
}


def slugify(title: str) -> str:
    """An id from a title: `A Three-Pillar Approach to Training` -> `three-pillar-approach-training`.
    Lower-case words joined by single hyphens: the form of `model.Slug`, or "" when the title
    has no letters or digits to make one from."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)
    kept = [w for w in words if w not in _STOP_WORDS] or words
    slug = ""
    for word in kept:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > SUGGESTED_ID_LENGTH:
            break
        slug = longer
    return slug or (kept[0][:SUGGESTED_ID_LENGTH] if kept else "")
