"""Read every file under data/, check everything, and build the one immutable `Compendium`.

Reads like a checklist: every rule adds problems to one list, and the build stops once,
at the end, with all of them. A file that fails its own checks is still checked against
the others with stand-in values for its bad fields, so one run reports every mistake.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import os
import re
import typing
from collections import defaultdict
from pathlib import Path

from pydantic import ValidationError

from .compendium import Compendium, assemble
from .kinds import KINDS
from .load import Document, Loc, read_yaml
from .model import AnyRecord
from .problems import CompendiumError, Problem
from .registries import REGISTRIES, Member
from .rules import IMAGE_SUFFIXES, RECORD_RULES, RuleContext
from .text_rules import text_problems
from .typed import did_you_mean, typed_model

# Editors work across the region, most of it ahead of UTC (Auckland, Tonga, Kiribati at
# UTC+14); a date is "in the future" only once it has begun nowhere on Earth.
_EARLIEST_TIME_ZONE = datetime.timezone(datetime.timedelta(hours=14))


def latest_date_on_earth() -> datetime.date:
    return datetime.datetime.now(_EARLIEST_TIME_ZONE).date()


def build_compendium(root: Path, today: datetime.date | None = None, *, drafts: bool = False) -> Compendium:
    """Check everything under `root`/data; return the compendium or raise every problem at once."""
    with _no_cycle_collection():
        return _build_compendium(root, today or latest_date_on_earth(), drafts)


@contextlib.contextmanager
def _no_cycle_collection():
    # Reading makes a hundred or so objects per record and keeps most of them: Python's
    # cycle collector would scan the growing heap again and again for cycles there are
    # none of (a third of the time at 10,000 records). Reference counting still frees
    # everything dropped on the way.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build_compendium(root: Path, today: datetime.date, drafts: bool) -> Compendium:
    problems: list[Problem] = []
    registries = _read_registries(root, problems)
    members = registries[1][0].members if registries else []
    loaded, invalid_ids, partial = _read_records(root, problems, today, members)
    if registries is None:
        raise CompendiumError(problems)
    edition, members, sources, glossary, tags = registries
    _check_registries(registries, problems)
    context = RuleContext(
        root, edition, members, sources, glossary, tags, today, {r.id: (r, d) for r, d in loaded}, invalid_ids
    )
    _check_unique_ids(loaded, problems)
    for record, doc in loaded:
        for rule in RECORD_RULES:
            rule(record, doc, context, problems)
    # Records that failed their own checks are still checked against everything else, so
    # one run reports all of an editor's mistakes; only what their bad fields would cause is left out.
    for record, doc, failed in partial:
        found: list[Problem] = []
        for rule in RECORD_RULES:
            rule(record, doc, context, found)
        problems.extend(p for p in found if not _caused_by(p, failed))
    _check_positions(loaded, problems)
    if problems:
        raise CompendiumError(problems)
    return assemble(registries, loaded, drafts=drafts)


# ----------------------------------------------------------------------------------------
# Reading


def _shown(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _read_registries(root: Path, problems: list[Problem]):
    typed = {}
    for name, model in REGISTRIES.items():
        path = root / "data" / name
        if not path.is_file():
            problems.append(
                Problem(
                    f"data/{name}",
                    1,
                    1,
                    "(file)",
                    f"data/{name} is missing; it is one of the registries every build needs",
                )
            )
            continue
        doc, found = read_yaml(path, _shown(root, path))
        problems.extend(found)
        if doc is not None:
            value, found = typed_model(doc, model)
            problems.extend(p for p in found if p.field not in {q.field for q in doc.problems})
            if value is not None:
                typed[name] = (value, doc)
    if len(typed) < len(REGISTRIES):
        return None
    return tuple(typed[name] for name in REGISTRIES)


def _read_records(root: Path, problems: list[Problem], today: datetime.date, members: list[Member]):
    """Typed records; the ids of records that exist but failed to type (so links to them
    are not reported a second time as dangling); and those records made whole with
    stand-in values for their bad fields, with the names of those fields."""
    cases = root / "data" / "cases"
    loaded: list[tuple[AnyRecord, Document]] = []
    invalid_ids: set[str] = set()
    partial: list[tuple[AnyRecord, Document, set[str]]] = []  # stand-in record, its file, failed fields
    if not cases.is_dir():
        problems.append(
            Problem(
                "data/cases",
                1,
                1,
                "(folder)",
                "the folder data/cases/ is missing; the records of the edition live there (run from the "
                "project folder, or restore it with `git checkout -- data/cases`)",
            )
        )
        return loaded, invalid_ids, partial
    named = _MemberNames(members)
    for relative in _files_under(cases):
        path = cases / relative
        shown = "data/cases/" + relative
        if os.path.islink(path) and path.suffix != ".yml":
            problems.append(
                Problem(
                    shown,
                    1,
                    1,
                    "(file)",
                    "this is a symbolic link; "
                    "put the folder or file itself under data/cases/, not a link to it",
                )
            )
            continue
        if path.suffix != ".yml":
            if path.name != ".gitkeep" and path.suffix.lower() not in IMAGE_SUFFIXES:
                problems.append(
                    Problem(
                        shown,
                        1,
                        1,
                        "(file)",
                        "records are YAML files ending in .yml; "
                        "rename the file or move it out of data/cases/",
                    )
                )
            continue
        doc, found = read_yaml(path, shown)
        problems.extend(found)
        if doc is None:
            continue
        kind = doc.data.get("kind")
        if kind not in KINDS:
            if isinstance(doc.data.get("id"), str):
                invalid_ids.add(doc.data["id"])
            if kind is None:
                problems.append(
                    doc.problem(
                        (),
                        "required field `kind` is missing; add `kind:` with one of: " + ", ".join(KINDS),
                        field_name="kind",
                    )
                )
            else:
                problems.append(
                    doc.problem(
                        ("kind",),
                        f"`{kind}` is not a kind of record; write one of: {', '.join(KINDS)}."
                        f"{did_you_mean(kind, KINDS)}",
                    )
                )
            continue
        problems.extend(_member_names_as_codes(doc, named))
        record, found = typed_model(doc, KINDS[kind].model)
        # A value the reader already reported (an impossible date) is not reported again,
        # but counts among the fields that failed.
        found = [p for p in found if p.field not in {q.field for q in doc.problems}]
        problems.extend(found)
        found += doc.problems
        if record is not None:
            loaded.append((record, doc))
            continue
        if isinstance(doc.data.get("id"), str):
            invalid_ids.add(doc.data["id"])
        failed = {_root_field(p.field) for p in found}
        stand_in, replaced = _with_stand_ins(doc.data, KINDS[kind].model, failed, today)
        if stand_in is not None:
            partial.append((stand_in, doc, failed | replaced))
    return loaded, invalid_ids, partial


class _MemberNames:
    """The members' codes, and each member by its code or name in small letters."""

    def __init__(self, members: list[Member]):
        self.codes = {m.code for m in members}
        self.by_key = {m.code.casefold(): m for m in members} | {m.name.casefold(): m for m in members}


def _member_names_as_codes(doc: Document, members: _MemberNames) -> list[Problem]:
    """A member written by name or in small letters (`Thailand`, `th`) where its code is
    wanted: say which code to write."""
    data = doc.data
    places: list[tuple[Loc, object]] = [(("member",), data.get("member"))]
    places += [(("partners", i), v) for i, v in enumerate(_list(data.get("partners")))]
    places += [
        (("images", i, "credit_member"), image.get("credit_member"))
        for i, image in enumerate(_list(data.get("images")))
        if isinstance(image, dict)
    ]
    found = []
    for loc, value in places:
        if not isinstance(value, str) or value in members.codes:
            continue
        member = members.by_key.get(value.strip().casefold())
        if member is not None:
            found.append(
                doc.problem(loc, f"write the member's code, `{member.code}` ({member.name}), not `{value}`")
            )
    doc.problems.extend(found)  # reported here; the model's own message for them is left out
    return found


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _files_under(folder: Path) -> list[str]:
    """Every file under `folder` (symbolic links to folders left out), relative to it with
    forward slashes, sorted as `sorted(folder.rglob("*"))` would be. os.walk knows folders
    from files without a call to the file system for each file, which pathlib needs."""
    top = str(folder)
    found = []
    for parent, folders, names in os.walk(top):
        prefix = parent[len(top) + 1 :].replace(os.sep, "/")
        # os.walk does not enter linked folders but lists them: list them too, so that
        # reading them reports the link instead of skipping their records without a word.
        linked = [name for name in folders if os.path.islink(os.path.join(parent, name))]
        found += [f"{prefix}/{name}" if prefix else name for name in names + linked]
    return sorted(found, key=lambda relative: relative.split("/"))


def _root_field(field_name: str) -> str:
    return re.split(r"[.\[]", field_name, maxsplit=1)[0]


# Problems a stand-in value could cause in other fields: a stand-in chapter makes up
# section and numbering problems, a stand-in attribution makes up member problems.
_DEPENDENT_FIELDS = {
    "chapter": {"kind", "position"},
    "attribution": {"member", "partners"},
    "added": {"updated"},
}


def _caused_by(problem: Problem, failed: set[str]) -> bool:
    root = _root_field(problem.field)
    return root in failed or any(root in _DEPENDENT_FIELDS.get(f, ()) for f in failed)


def _with_stand_ins(data: dict, model, failed: set[str], today: datetime.date):
    """The record with each bad field replaced by its default or a harmless stand-in (or
    None when even that does not make a record: a bad nested value, say), and the names of
    the fields given a stand-in."""
    values = {k: v for k, v in data.items() if k not in failed and k in model.model_fields}
    replaced = set()
    for name, info in model.model_fields.items():
        if info.is_required() and name not in values:  # bad, or missing (perhaps misspelt)
            values[name] = _stand_in(info.annotation, today)
            replaced.add(name)
    try:
        return model.model_validate(values), replaced
    except ValidationError:
        return None, replaced


def _stand_in(annotation, today: datetime.date):
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) is typing.Literal:
        return typing.get_args(annotation)[0]
    return {int: 1, float: 0.0, str: "stand-in", datetime.date: today}.get(annotation, [])


# ----------------------------------------------------------------------------------------
# Registry rules


def _duplicates(doc: Document, items: list, key: str, list_name: str, problems: list[Problem]) -> None:
    first: dict[object, int] = {}
    for index, item in enumerate(items):
        value = getattr(item, key)
        if value is None:
            continue
        if value in first:
            line = doc.place((list_name, first[value], key))[0]
            problems.append(
                doc.problem(
                    (list_name, index, key),
                    f"`{value}` is listed twice (first on line {line}); each {key} must be unique",
                )
            )
        else:
            first[value] = index


def _check_registries(registries, problems: list[Problem]) -> None:
    (edition, edoc), (members, mdoc), (sources, sdoc), (glossary, gdoc), (tags, tdoc) = registries
    for _, doc in registries:
        problems.extend(text_problems(doc, None))
    _duplicates(edoc, edition.chapters, "number", "chapters", problems)
    _duplicates(edoc, edition.chapters, "slug", "chapters", problems)
    for index, chapter in enumerate(edition.chapters):
        if len(set(chapter.sections)) != len(chapter.sections):
            problems.append(
                edoc.problem(
                    ("chapters", index, "sections"),
                    "a section is listed twice; list each kind of section once",
                )
            )
    _duplicates(mdoc, members.members, "code", "members", problems)
    _duplicates(sdoc, sources.sources, "id", "sources", problems)
    _duplicates(tdoc, tags.tags, "id", "tags", problems)
    _duplicates(gdoc, glossary.terms, "abbr", "terms", problems)
    _duplicates(gdoc, glossary.terms, "term", "terms", problems)
    for doc, items, list_name in ((sdoc, sources.sources, "sources"), (tdoc, tags.tags, "tags")):
        for index, item in enumerate(items):
            if item.id in RESERVED_IDS:
                problems.append(doc.problem((list_name, index, "id"), _reserved(item.id)))


# ----------------------------------------------------------------------------------------
# Rules across records


# Addresses the site gives to its own pages and sections: a record, source or tag with one
# of these ids would take the place of an index page (practices/index) or of a section's
# anchor on a chapter page.
RESERVED_IDS = frozenset(
    {"index", "also-illustrating-this-chapter"}
    | {
        re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")
        for title in (k.section_title for k in KINDS.values())
        if title
    }
)


def _reserved(value: str) -> str:
    return f"the id `{value}` is the address of one of the site's own pages or sections; choose another id"


def _check_unique_ids(loaded, problems: list[Problem]) -> None:
    first: dict[str, Document] = {}
    for record, doc in loaded:
        if record.id in RESERVED_IDS:
            problems.append(doc.problem(("id",), _reserved(record.id)))
        elif record.id in first:
            problems.append(
                doc.problem(
                    ("id",),
                    f"the id `{record.id}` is already used by {first[record.id].path}; choose another id",
                )
            )
        else:
            first[record.id] = doc


def _check_positions(loaded, problems: list[Problem]) -> None:
    sharing: dict[tuple[int, str, int], list[Document]] = defaultdict(list)
    for record, doc in loaded:
        if record.status == "published" and record.retired_in is None:
            sharing[(record.chapter, record.kind, record.position)].append(doc)
    for (_, _, position), docs in sharing.items():
        for doc in docs if len(docs) > 1 else ():
            others = ", ".join(d.path for d in docs if d is not doc)
            problems.append(
                doc.problem(
                    ("position",),
                    f"position {position} of this section is also used by {others}; "
                    "give each record its own number",
                )
            )
