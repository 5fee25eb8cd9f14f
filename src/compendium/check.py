"""Read every file under data/, check everything, and build the one immutable `Compendium`.

Reads like a checklist: each rule is a small function that adds problems to one list, and
the build stops once, at the end, with all of them. Only published records reach the
compendium, and confidential fields are removed from them here, so no later step can
leak them.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import html
import os
import re
import typing
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pydantic import ValidationError

from .load import Document, Loc, dotted, read_yaml
from .model import (
    MODEL_OF_KIND,
    RECORD_KINDS,
    REGISTRIES,
    SECTION_TITLES,
    AnyRecord,
    Chapter,
    Edition,
    Glossary,
    Member,
    Members,
    Source,
    Sources,
    Tag,
    Tags,
    Term,
)
from .problems import CompendiumError, Problem
from .safe import is_raster_image
from .typed import did_you_mean, typed_model

# Raster images only: an SVG file is a document that can carry scripts.
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp"}
GLOSSARY_REFERENCE = re.compile(r"\[\[([^\[\]\n]+)\]\]")
# Raw HTML and script URLs are refused: records are Markdown, and the site must stay safe
# whatever a pull request brings.
RAW_HTML = re.compile(r"<(?!https?://|mailto:)/?[a-zA-Z!?][^>]*>")
LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)|^ {0,3}\[[^\]]+\]:\s*<?(\S*)", re.MULTILINE)
SAFE_SCHEMES = {"http", "https", "mailto"}
# Control characters other than line breaks and tabs: invisible in an editor, they break
# the feed (XML forbids them) and can forge lines in a CI log.
_CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")


@dataclass(frozen=True)
class Compendium:
    """The checked edition: registries, published records in the edition's order, and links."""

    edition: Edition
    members: dict[str, Member]
    sources: dict[str, Source]
    tags: dict[str, Tag]
    glossary: tuple[Term, ...]
    records: dict[str, AnyRecord]  # published only, in chapter and section order
    files: dict[str, str]  # record id -> its file, relative to the project root
    case_numbers: dict[str, int] = field(default_factory=dict)
    referenced_by: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def last_changed(self) -> datetime.date:
        """The latest date in the data: what a build is dated, so that two builds of the
        same data are byte-identical whatever day they run."""
        dates = [self.edition.as_of] + [r.updated or r.added for r in self.records.values()]
        return max(dates)

    def chapter(self, number: int) -> Chapter:
        return next(c for c in self.edition.chapters if c.number == number)

    # Indexes, built once on first use: pages ask for them thousands of times.

    @cached_property
    def current(self) -> list[AnyRecord]:
        """Records of the current edition: published and not retired."""
        return [r for r in self.records.values() if r.retired_in is None]

    @cached_property
    def _index(self) -> dict[tuple, list[AnyRecord]]:
        index: dict[tuple, list[AnyRecord]] = defaultdict(list)
        for r in self.records.values():
            if r.retired_in is None:
                index["section", r.chapter, r.kind].append(r)
                for chapter in r.also_in:
                    index["also_in", chapter].append(r)
            else:
                index["retired", r.chapter].append(r)
            if r.attribution == "named":
                for code in dict.fromkeys((r.member, *r.partners)):
                    index["member", code].append(r)
            for source in dict.fromkeys(c.source for c in r.sources):
                index["citing", source].append(r)
            for tag in r.tags:
                index["tag", tag].append(r)
            for code in dict.fromkeys(i.credit_member for i in r.images if i.credit_member):
                index["credited", code].append(r)
        # Events read as a timeline, whatever their positions.
        for key, records in index.items():
            if key[0] == "section" and key[2] == "event":
                records.sort(key=lambda r: r.date)
        return index

    def retired(self, chapter: int) -> list[AnyRecord]:
        return self._index.get(("retired", chapter), [])

    def section_kinds(self, chapter: int) -> set[str]:
        """Kinds of record the chapter actually holds (sections with nothing to show are skipped)."""
        return {key[2] for key in self._index if key[0] == "section" and key[1] == chapter}

    def section(self, chapter: int, kind: str) -> list[AnyRecord]:
        return self._index.get(("section", chapter, kind), [])

    def by_member(self, code: str) -> list[AnyRecord]:
        return self._index.get(("member", code), [])

    def citing(self, source_id: str) -> list[AnyRecord]:
        return self._index.get(("citing", source_id), [])

    def tagged(self, tag_id: str) -> list[AnyRecord]:
        return self._index.get(("tag", tag_id), [])

    def also_in(self, chapter: int) -> list[AnyRecord]:
        return self._index.get(("also_in", chapter), [])

    def credited(self, code: str) -> list[AnyRecord]:
        """Records with a figure credited to the member (the edition prints these credits)."""
        return self._index.get(("credited", code), [])


def build_compendium(root: Path, today: datetime.date | None = None) -> Compendium:
    """Check everything under `root`/data; return the compendium or raise every problem at once."""
    with _no_cycle_collection():
        return _build_compendium(root, today or datetime.date.today())


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


def _build_compendium(root: Path, today: datetime.date) -> Compendium:
    problems: list[Problem] = []
    registries = _read_registries(root, problems)
    loaded, invalid_ids, partial = _read_records(root, problems, today)
    if registries is None:
        raise CompendiumError(problems)
    edition, members, sources, glossary, tags = registries
    _check_registries(registries, problems)
    context = _Context(
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
    return _assemble(registries, loaded)


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
            problems.extend(found)
            if value is not None:
                typed[name] = (value, doc)
    if len(typed) < len(REGISTRIES):
        return None
    return tuple(typed[name] for name in REGISTRIES)


def _read_records(root: Path, problems: list[Problem], today: datetime.date):
    """Typed records; the ids of records that exist but failed to type (so links to them
    are not reported a second time as dangling); and those records made whole with
    stand-in values for their bad fields, with the names of those fields."""
    cases = root / "data" / "cases"
    loaded = []
    invalid_ids: set[str] = set()
    partial = []
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
                    "this is a symbolic link; put the folder or file itself under data/cases/, not a link to it",
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
                        "records are YAML files ending in .yml; rename the file or move it out of data/cases/",
                    )
                )
            continue
        doc, found = read_yaml(path, shown)
        problems.extend(found)
        if doc is None:
            continue
        kind = doc.data.get("kind")
        if kind not in MODEL_OF_KIND:
            if isinstance(doc.data.get("id"), str):
                invalid_ids.add(doc.data["id"])
            if kind is None:
                problems.append(
                    doc.problem(
                        (),
                        "required field `kind` is missing; add `kind:` with one of: "
                        + ", ".join(RECORD_KINDS),
                        field_name="kind",
                    )
                )
            else:
                problems.append(
                    doc.problem(
                        ("kind",),
                        f"`{kind}` is not a kind of record; write one of: {', '.join(RECORD_KINDS)}.{did_you_mean(kind, RECORD_KINDS)}",
                    )
                )
            continue
        record, found = typed_model(doc, MODEL_OF_KIND[kind])
        problems.extend(found)
        if record is not None:
            loaded.append((record, doc))
            continue
        if isinstance(doc.data.get("id"), str):
            invalid_ids.add(doc.data["id"])
        failed = {_root_field(p.field) for p in found}
        stand_in, replaced = _with_stand_ins(doc.data, MODEL_OF_KIND[kind], failed, today)
        if stand_in is not None:
            partial.append((stand_in, doc, failed | replaced))
    return loaded, invalid_ids, partial


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
                problems.append(
                    doc.problem((list_name, index, "id"), _reserved(item.id))
                )


# ----------------------------------------------------------------------------------------
# Record rules: each takes one record and the context of everything else


@dataclass(frozen=True)
class _Context:
    root: Path
    edition: tuple[Edition, Document]
    members: tuple[Members, Document]
    sources: tuple[Sources, Document]
    glossary: tuple[Glossary, Document]
    tags: tuple[Tags, Document]
    today: datetime.date
    records: dict[str, tuple[AnyRecord, Document]]
    invalid_ids: set[str]

    @cached_property
    def real_root(self) -> Path:
        return self.root.resolve()

    @cached_property
    def chapters(self) -> dict[int, Chapter]:
        return {c.number: c for c in self.edition[0].chapters}

    @cached_property
    def member_codes(self) -> list[str]:
        return [m.code for m in self.members[0].members]

    @cached_property
    def source_ids(self) -> list[str]:
        return [s.id for s in self.sources[0].sources]

    @cached_property
    def tag_ids(self) -> list[str]:
        return [t.id for t in self.tags[0].tags]

    @cached_property
    def glossary_keys(self) -> set[str]:
        return set(glossary_index(self.glossary[0].terms))


def glossary_index(terms) -> dict[str, Term]:
    """Every way a `[[reference]]` may name a term (its acronym or the term, any case)."""
    index: dict[str, Term] = {}
    for term in terms:
        index[term.term.casefold()] = term
        if term.abbr:
            index[term.abbr.casefold()] = term
    return index


def _rule_file_name(record, doc, ctx, problems):
    stem = Path(doc.path).stem
    if record.id != stem:
        problems.append(
            doc.problem(
                ("id",),
                f"the id `{record.id}` must equal the file name `{stem}`; rename the file to `{record.id}.yml` or change the id",
            )
        )


def _rule_chapter(record, doc, ctx, problems):
    chapter = ctx.chapters.get(record.chapter)
    if chapter is None:
        numbers = ", ".join(str(n) for n in ctx.chapters)
        problems.append(
            doc.problem(("chapter",), f"there is no chapter {record.chapter}; write one of: {numbers}")
        )
    elif record.kind not in chapter.sections:
        problems.append(
            doc.problem(
                ("kind",),
                f"chapter {chapter.number} ({chapter.title}) has no `{record.kind}` section; choose another chapter or add the section to data/edition.yml",
            )
        )
    for index, number in enumerate(record.also_in):
        if number not in ctx.chapters or number == record.chapter:
            problems.append(
                doc.problem(
                    ("also_in", index),
                    f"`{number}` is not another chapter of data/edition.yml; list other chapters' numbers only",
                )
            )


def _rule_confidential(record, doc, ctx, problems):
    """What must stay confidential stays out of a public repository, and out of credits."""
    public = ctx.edition[0].repository == "public"
    secret_member = record.member if record.attribution == "anonymous" else None
    if public and secret_member is not None:
        problems.append(
            doc.problem(
                ("member",),
                "this repository is public, so anyone can read which member an anonymous record "
                "names here; remove `member:` and send the member's name to the ROCB A/P editors "
                "privately (see the editors' guide, 'Anonymous cases')",
            )
        )
    if public and record.contact is not None:
        problems.append(
            doc.problem(
                ("contact",),
                "this repository is public, so anyone can read an editor's contact here; remove "
                "`contact:` and keep contacts in the editors' private list",
            )
        )
    for index, image in enumerate(record.images):
        if secret_member is not None and image.credit_member == secret_member:
            problems.append(
                doc.problem(
                    ("images", index, "credit_member"),
                    "this credit names the administration of an anonymous record and would reveal "
                    "it; remove `credit_member` or ask the member to publish the record as named",
                )
            )


def _rule_member(record, doc, ctx, problems):
    if record.attribution == "named" and record.member is None:
        problems.append(
            doc.problem(
                ("attribution",),
                "a named record needs `member:` with the member's code; or write `attribution: anonymous`",
                field_name="member",
            )
        )
    if record.attribution == "none" and record.member is not None:
        problems.append(
            doc.problem(
                ("member",),
                "`member` is set but `attribution` is not; add `attribution: named` (shown) or `attribution: anonymous` (kept private)",
            )
        )
    if record.partners and record.attribution != "named":
        problems.append(
            doc.problem(
                ("partners",),
                "`partners` are shown publicly, so they need `attribution: named`; remove them from an anonymous record",
            )
        )
    for index, code in enumerate(record.partners):
        if code not in ctx.member_codes or code == record.member:
            problems.append(
                doc.problem(
                    ("partners", index),
                    f"`{code}` is not another member of data/members.yml.{did_you_mean(code, ctx.member_codes)}",
                )
            )
    if record.member is not None and record.member not in ctx.member_codes:
        problems.append(
            doc.problem(
                ("member",),
                f"`{record.member}` is not in data/members.yml; use a listed code or add the member there.{did_you_mean(record.member, ctx.member_codes)}",
            )
        )
    for index, image in enumerate(record.images):
        if image.credit_member and image.credit_member not in ctx.member_codes:
            problems.append(
                doc.problem(
                    ("images", index, "credit_member"),
                    f"`{image.credit_member}` is not in data/members.yml.{did_you_mean(image.credit_member, ctx.member_codes)}",
                )
            )


def _rule_sources(record, doc, ctx, problems):
    for index, citation in enumerate(record.sources):
        if citation.source not in ctx.source_ids:
            problems.append(
                doc.problem(
                    ("sources", index, "source"),
                    f"`{citation.source}` is not in data/sources.yml; add the publication there first.{did_you_mean(citation.source, ctx.source_ids)}",
                )
            )


def _rule_tags(record, doc, ctx, problems):
    for index, tag in enumerate(record.tags):
        if tag not in ctx.tag_ids:
            problems.append(
                doc.problem(
                    ("tags", index),
                    f"`{tag}` is not in data/tags.yml; use a listed tag or propose it there.{did_you_mean(tag, ctx.tag_ids)}",
                )
            )
    if len(set(record.tags)) != len(record.tags):
        problems.append(doc.problem(("tags",), "a tag is listed twice; list each tag once"))


def _rule_related(record, doc, ctx, problems):
    for index, other in enumerate(record.related):
        if other == record.id:
            problems.append(
                doc.problem(("related", index), "a record cannot be related to itself; remove this line")
            )
        elif other in record.related[:index]:
            problems.append(doc.problem(("related", index), f"`{other}` is listed twice; remove this line"))
        elif other in ctx.invalid_ids:
            continue  # that record's own problems are reported; fixing them fixes this link
        elif other not in ctx.records:
            problems.append(
                doc.problem(
                    ("related", index),
                    f"no record has the id `{other}`; check the file name under data/cases/.{did_you_mean(other, ctx.records)}",
                )
            )
        elif record.status == "published" and ctx.records[other][0].status == "draft":
            problems.append(
                doc.problem(
                    ("related", index),
                    f"`{other}` is still a draft; publish it first or remove this link, so no published page links to a missing one",
                )
            )


def _strings(data, loc: Loc = ()):
    """Every text value of a record's data, with where it stands."""
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, loc + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, loc + (index,))


def unsafe_link(target: str) -> bool:
    """True for a link a browser would run or embed: any scheme but http(s) and mailto,
    however it is disguised with entities (`jav&#x61;script:`), case or control characters."""
    plain = _URL_NOISE.sub("", html.unescape(target)).lower()
    scheme = re.match(r"([a-z][a-z0-9+.-]*):", plain)
    return bool(scheme) and scheme.group(1) not in SAFE_SCHEMES


def _rule_text(record, doc, ctx, problems):
    problems.extend(text_problems(doc, ctx.glossary_keys))


def text_problems(doc: Document, glossary: set[str] | None) -> list[Problem]:
    """Raw HTML, unsafe links and unknown glossary terms in any text of a file."""
    problems = []
    for loc, text in _strings(doc.data):
        control = _CONTROL_CHARACTER.search(text)
        if control:
            problems.append(
                _at_text(
                    doc,
                    loc,
                    text,
                    control.start(),
                    f"an invisible control character (U+{ord(control.group()):04X}) is in this text; "
                    "delete it (it often comes with text copied from a PDF)",
                )
            )
        # Each pattern needs a character most texts lack: looking for it first skips the
        # pattern for them (a third of this function's time on a large corpus).
        if glossary is not None and "[[" in text:
            for match in GLOSSARY_REFERENCE.finditer(text):
                if match.group(1).strip().casefold() not in glossary:
                    problems.append(
                        _at_text(
                            doc,
                            loc,
                            text,
                            match.start(),
                            f"`[[{match.group(1)}]]` is not in data/glossary.yml; add the term there or remove the brackets",
                        )
                    )
        if "<" in text:
            for match in list(RAW_HTML.finditer(text))[:1]:  # the first tag is enough to point at
                problems.append(
                    _at_text(
                        doc,
                        loc,
                        text,
                        match.start(),
                        f"raw HTML `{match.group(0)[:40]}` is not allowed; use Markdown (**bold**, lists, [links](https://...)) instead",
                    )
                )
        if "]" in text:
            for match in LINK_TARGET.finditer(text):
                if unsafe_link(match.group(1) or match.group(2) or ""):
                    problems.append(
                        _at_text(
                            doc,
                            loc,
                            text,
                            match.start(),
                            "links must start with https:// (or http://, mailto:); script and data links are refused",
                        )
                    )
    return problems


def _at_text(doc: Document, loc: Loc, text: str, offset: int, message: str) -> Problem:
    """A problem at character `offset` of a text value, placed on its own line of the file."""
    line, column = doc.place(loc)
    style = doc.styles.get(loc)
    before = text[:offset]
    if style in ("|", ">"):
        # A block's text starts on the line after its `|`; literal blocks keep their lines.
        line += before.count("\n") + 1
        source_line = doc.lines[line - 1] if line - 1 < len(doc.lines) else ""
        indent = len(source_line) - len(source_line.lstrip(" "))
        column = indent + len(before) - (before.rfind("\n") + 1) + 1
    else:
        column += offset + (1 if style in ("'", '"') else 0)
    return Problem(doc.path, line, column, dotted(loc), message)


def _rule_images(record, doc, ctx, problems):
    root = ctx.real_root
    for index, image in enumerate(record.images):
        loc = ("images", index)
        if image.missing and image.path:
            problems.append(
                doc.problem(
                    loc + ("missing",), "an image marked `missing: true` has no `path`; remove one of the two"
                )
            )
        elif not image.missing and not image.path:
            problems.append(
                doc.problem(
                    loc,
                    "an image needs `path:` to its file, or `missing: true` when the figure is not available",
                    field_name="images[%d].path" % index,
                )
            )
        if not image.path:
            continue
        candidate = Path(image.path)
        if candidate.parts[:1] != ("data",) or ".." in candidate.parts:
            problems.append(
                doc.problem(
                    loc + ("path",),
                    "the image path must lead to a file under data/: write it from the project folder, e.g. data/images/figure.png, without `./` or `..`",
                )
            )
            continue
        resolved = (root / candidate).resolve()
        if not resolved.is_relative_to(root):
            problems.append(
                doc.problem(
                    loc + ("path",),
                    "the image path leads outside the repository (through a link); put the image file itself under data/images/",
                )
            )
        elif not resolved.is_file():
            problems.append(
                doc.problem(
                    loc + ("path",), f"no image file at `{image.path}`; add the file or correct the path"
                )
            )
        elif resolved.suffix.lower() not in IMAGE_SUFFIXES:
            problems.append(
                doc.problem(
                    loc + ("path",),
                    f"`{resolved.suffix}` images cannot be published; save the figure as one of "
                    f"{', '.join(sorted(IMAGE_SUFFIXES))} (SVG files can carry scripts)",
                )
            )
        elif not is_raster_image(resolved):
            problems.append(
                doc.problem(
                    loc + ("path",),
                    f"`{image.path}` is not a PNG, JPEG or WebP image inside, whatever its name says; "
                    "export the figure again as PNG or JPEG",
                )
            )


def _rule_dates(record, doc, ctx, problems):
    for name in ("added", "updated"):
        value = getattr(record, name)
        if value is not None and value > ctx.today:
            problems.append(
                doc.problem(
                    (name,),
                    f"{value} is in the future; use the date the change was made (today is {ctx.today})",
                )
            )
    if record.updated is not None and record.updated < record.added:
        problems.append(
            doc.problem(
                ("updated",),
                f"`updated` ({record.updated}) is before `added` ({record.added}); a record is updated after it is added",
            )
        )


def _rule_edition_marks(record, doc, ctx, problems):
    edition = ctx.edition[0]
    known = [e.edition for e in edition.earlier_editions] + [edition.edition]
    for field_name in ("new_in", "revised_in", "retired_in"):
        value = getattr(record, field_name)
        if value is not None and value not in known:
            problems.append(
                doc.problem(
                    (field_name,),
                    f"`{value}` is not an edition of data/edition.yml; write one of: {', '.join(known)}",
                )
            )


def _rule_event_dates(record, doc, ctx, problems):
    if getattr(record, "precision", "day") == "month" and record.date.day != 1:
        problems.append(
            doc.problem(
                ("date",), f"with `precision: month` write the first of the month ({record.date:%Y-%m}-01)"
            )
        )
    end = getattr(record, "end", None)
    if end is not None and end < record.date:
        problems.append(
            doc.problem(
                ("end",),
                f"`end` ({end}) is before `date` ({record.date}); the last day comes after the first",
            )
        )


def _rule_figures_and_tables(record, doc, ctx, problems):
    for index, figure in enumerate(getattr(record, "figures", [])):
        if figure.unit == "percent" and figure.value > 100:
            problems.append(
                doc.problem(
                    ("figures", index, "value"),
                    f"{figure.value:g} percent is more than 100; check the figure",
                )
            )
    for t, table in enumerate(record.tables):
        for r, row in enumerate(table.rows):
            if len(row) != len(table.columns):
                problems.append(
                    doc.problem(
                        ("tables", t, "rows", r),
                        f'this row has {len(row)} cells but the table has {len(table.columns)} columns; give every row one cell per column ("" for an empty cell)',
                    )
                )


RECORD_RULES = (
    _rule_file_name,
    _rule_chapter,
    _rule_member,
    _rule_sources,
    _rule_tags,
    _rule_related,
    _rule_text,
    _rule_confidential,
    _rule_images,
    _rule_dates,
    _rule_event_dates,
    _rule_edition_marks,
    _rule_figures_and_tables,
)


# Addresses the site gives to its own pages and sections: a record, source or tag with one
# of these ids would take the place of an index page (practices/index) or of a section's
# anchor on a chapter page.
RESERVED_IDS = frozenset(
    {"index", "also-illustrating-this-chapter"}
    | {re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-") for title in SECTION_TITLES.values() if title}
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
                    f"position {position} of this section is also used by {others}; give each record its own number",
                )
            )


# ----------------------------------------------------------------------------------------
# Assembly: only published records, without confidential fields


def _public(record: AnyRecord) -> AnyRecord:
    changes: dict = {"contact": None}
    if record.attribution == "anonymous":
        changes["member"] = None
    return record.model_copy(update=changes)


def _assemble(registries, loaded) -> Compendium:
    (edition, _), (members, _), (sources, _), (glossary, _), (tags, _) = registries
    chapter_order = {c.number: i for i, c in enumerate(edition.chapters)}
    section_order = {c.number: {k: i for i, k in enumerate(c.sections)} for c in edition.chapters}
    published = [(r, d) for r, d in loaded if r.status == "published"]
    published.sort(
        key=lambda rd: (
            chapter_order[rd[0].chapter],
            section_order[rd[0].chapter][rd[0].kind],
            rd[0].position,
        )
    )
    records = {r.id: _public(r) for r, _ in published}
    case_numbers: dict[str, int] = {}
    counters: dict[int, int] = defaultdict(int)
    for record in records.values():
        # A practice with `attribution: none` is text printed among the cases: no number.
        if record.kind == "practice" and record.retired_in is None and record.attribution != "none":
            counters[record.chapter] += 1
            case_numbers[record.id] = counters[record.chapter]
    referenced: dict[str, list[str]] = defaultdict(list)
    for record in records.values():
        for other in record.related:
            referenced[other].append(record.id)
    return Compendium(
        edition=edition,
        members={m.code: m for m in members.members},
        sources={s.id: s for s in sources.sources},
        tags={t.id: t for t in tags.tags},
        glossary=tuple(sorted(glossary.terms, key=lambda t: (t.abbr or t.term).casefold())),
        records=records,
        files={r.id: d.path for r, d in published},
        case_numbers=case_numbers,
        referenced_by={k: tuple(v) for k, v in referenced.items()},
    )
