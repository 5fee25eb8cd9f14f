"""Help editors add records without starting from a blank file.

- `compendium new KIND --chapter N` writes a record from a template made from the record
  models themselves: every field of the kind, each with its description as a comment, so
  the template cannot drift from what `compendium validate` accepts.
- `compendium import-issue FILE` turns the body of a "Share a practice" GitHub issue into
  a draft practice record, or says which heading of the issue is wrong.
- `compendium issue-form` writes that issue form from data/, so its lists of chapters,
  member administrations and topics stay those of the registries.

Nothing here decides what is valid: the models and `check` do. This module only writes
files they accept, and refuses, before writing anything, what they would refuse.
"""

from __future__ import annotations

import datetime
import json
import re
import sys
import textwrap
import types
import typing
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .load import read_yaml
from .model import MODEL_OF_KIND, RECORD_KINDS, REGISTRIES, SECTION_TITLES
from .problems import Problem
from .typed import did_you_mean

REPLACE = "REPLACE"  # marks every value an editor must write before the record validates
ISSUE_FORM = Path(".github") / "ISSUE_TEMPLATE" / "share-a-practice.yml"
WIDTH = 88  # comment lines are wrapped to this width

# Fields in the order an editor reads a record: who and what first, then the kind's own
# fields, then attribution; every other field follows in the model's order.
_FIRST = ("id", "kind", "chapter", "position", "title", "summary")
_WHO = ("attribution", "member", "partners")
# For the few fields whose model gives no description.
_FALLBACK_DESCRIPTIONS = {
    "title": "The title, as readers will see it on the page and in search results (at most 200 characters).",
    "caption": "The caption shown with it.",
    "columns": "The column headings, as a list, e.g. [Course type, What it gives].",
    "note": "A note shown under the table.",
    "name": "Full name.",
    "email": "E-mail address.",
    "figures": "The survey's figures, one item per figure.",
    "value": "The figure, as a number without %, e.g. 73.",
    "unit": "What the value counts.",
    "sources": "Publications this record cites, from data/sources.yml, with the pages cited.",
    "images": "Figures of the record. Put image files under data/images/; alt text is required.",
    "tables": "Tables of the record, written as rows of cells (not pasted Markdown).",
}
_BLOCK_FIELDS = {"body", "intro"}  # long Markdown: written as a `|` block
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
_ID_LENGTH = 60


class AuthoringError(Exception):
    """A request that cannot be carried out; nothing was written.

    `exit_code` 2 is a usage mistake (wrong kind, chapter, file exists); 1 is a problem in
    the data or in an imported issue.
    """

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code


class IssueProblems(Exception):
    """Every problem found in an issue body, as `file:line:column: heading: message`."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems

    def report(self) -> str:
        count = len(self.problems)
        return "\n".join(
            [
                *map(str, self.problems),
                f"{count} problem{'s' if count != 1 else ''} found in the issue; nothing was written.",
            ]
        )


# ----------------------------------------------------------------------------------------
# The project as the authoring commands need it


@dataclass(frozen=True)
class RecordFile:
    id: str
    path: Path
    chapter: Any
    kind: Any
    position: Any


@dataclass(frozen=True)
class Project:
    root: Path
    edition: Any  # model.Edition
    members: Any  # model.Members
    sources: Any  # model.Sources
    tags: Any  # model.Tags
    records: tuple[RecordFile, ...]

    @property
    def ids(self) -> set[str]:
        return {r.id for r in self.records} | {r.path.stem for r in self.records}

    def chapter(self, number: int):
        return next((c for c in self.edition.chapters if c.number == number), None)

    def chapters_with(self, kind: str) -> list:
        return [c for c in self.edition.chapters if kind in c.sections]

    def next_position(self, chapter: int, kind: str) -> int:
        used = [
            r.position
            for r in self.records
            if r.chapter == chapter and r.kind == kind and isinstance(r.position, int)
        ]
        return max(used, default=0) + 10

    def folder(self, chapter) -> Path:
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
    """The registries (typed) and what every readable record file says about itself."""
    registries = {}
    for name, model in REGISTRIES.items():
        path = root / "data" / name
        doc, problems = read_yaml(path, f"data/{name}") if path.is_file() else (None, [])
        try:
            if doc is None:
                raise ValueError
            registries[name] = model.model_validate(doc.data)
        except (ValueError, ValidationError):
            raise AuthoringError(
                f"data/{name} is missing or has problems; run `compendium validate` to see them, fix them, then try again",
                1,
            ) from None
    records = []
    for path in sorted((root / "data" / "cases").rglob("*.yml")):
        doc, _ = read_yaml(path, path.name)
        data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
        record_id = data.get("id") if isinstance(data.get("id"), str) else path.stem
        records.append(
            RecordFile(record_id, path, data.get("chapter"), data.get("kind"), data.get("position"))
        )
    return Project(
        root,
        registries["edition.yml"],
        registries["members.yml"],
        registries["sources.yml"],
        registries["tags.yml"],
        tuple(records),
    )


def slugify(title: str) -> str:
    """An id from a title: `A Three-Pillar Approach to Training` -> `three-pillar-approach-training`."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)
    kept = [w for w in words if w not in _STOP_WORDS] or words
    slug = ""
    for word in kept:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > _ID_LENGTH:
            break
        slug = longer
    return slug or (kept[0][:_ID_LENGTH] if kept else "")


# ----------------------------------------------------------------------------------------
# What the models say about each field


def _unwrap(annotation: Any) -> Any:
    """`X` from `Annotated[X, ...]` and `X | None`; lists are kept."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            inner = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(inner) != 1:
                return annotation
            annotation = inner[0]
        else:
            return annotation


def _item_model(annotation: Any) -> type[BaseModel] | None:
    """The model of a field holding `Model`, `list[Model]` or `Model | None`."""
    annotation = _unwrap(annotation)
    if typing.get_origin(annotation) is list:
        annotation = _unwrap(typing.get_args(annotation)[0])
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _is_list(annotation: Any) -> bool:
    return typing.get_origin(_unwrap(annotation)) is list


def _choices(annotation: Any) -> tuple[str, ...]:
    annotation = _unwrap(annotation)
    if typing.get_origin(annotation) is typing.Literal:
        return tuple(str(a) for a in typing.get_args(annotation))
    return ()


def _min_items(field) -> int:
    return max((getattr(m, "min_length", 0) or 0 for m in field.metadata), default=0)


def _default(field) -> Any:
    if field.default_factory is not None:
        return field.default_factory()
    return field.default


def _doc(model: type[BaseModel] | None) -> str:
    return " ".join((model.__doc__ or "").split()) if model else ""


def _annotated_description(annotation: Any) -> str | None:
    """The description given inside `Annotated[...]`, e.g. of `Pages | None`."""
    if typing.get_origin(annotation) is typing.Annotated:
        for extra in typing.get_args(annotation)[1:]:
            if getattr(extra, "description", None):
                return extra.description
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        for inner in typing.get_args(annotation):
            found = _annotated_description(inner)
            if found:
                return found
    return None


def _description(model: type[BaseModel], name: str) -> str | None:
    """The field's own description, or the one of the field it overrides in a parent model."""
    for cls in model.__mro__:
        fields = getattr(cls, "model_fields", None) or {}
        if isinstance(fields, dict) and name in fields:
            found = fields[name].description or _annotated_description(fields[name].annotation)
            if found:
                return found
    return None


def describe(model: type[BaseModel], name: str, kind: str | None = None) -> str:
    """A field in plain English: its description, allowed values, and whether it is required."""
    field = model.model_fields[name]
    if name == "kind" and kind:
        return f"The kind of record: `{kind}`. {_doc(model)} Keep it as it is."
    text = (
        _description(model, name) or _FALLBACK_DESCRIPTIONS.get(name) or _doc(_item_model(field.annotation))
    )
    if not text:
        text = f"{name.replace('_', ' ').capitalize()}."
    text = text.strip()
    parts = [text if text.endswith((".", "?", "!", ")")) else text + "."]
    if parts[0].endswith(" Required."):
        parts[0] = parts[0].removesuffix(" Required.")
    choices = _choices(field.annotation)
    if choices:
        parts.append("One of: " + ", ".join(choices) + ".")
    if field.is_required():
        need = _min_items(field)
        parts.append(
            f"Required (at least {need} item{'s' if need > 1 else ''})."
            if _is_list(field.annotation) and need
            else "Required."
        )
    else:
        parts.append("Optional.")
    return " ".join(parts)


def fields_in_order(kind: str) -> list[str]:
    """Every field of the kind's model, in the order the template writes them."""
    model = MODEL_OF_KIND[kind]
    common = set.intersection(*(set(m.model_fields) for m in MODEL_OF_KIND.values()))
    names = list(model.model_fields)
    first = [n for n in _FIRST if n in names]
    own = [n for n in names if n not in common and n not in first]
    who = [n for n in _WHO if n in names and n not in own]
    rest = [n for n in names if n not in first + own + who]
    return first + own + who + rest


# ----------------------------------------------------------------------------------------
# Writing a record: every field, described, with values or REPLACE placeholders


def _scalar(value: Any) -> str:
    """One YAML value on one line, quoted only when YAML needs it."""
    if value is None:
        return ""
    text = yaml.safe_dump(
        value, default_flow_style=True, allow_unicode=True, width=2**31 - 1, sort_keys=False
    )
    return text.removesuffix("\n").removesuffix("\n...").strip()


def _comment(text: str, indent: str = "") -> list[str]:
    return [
        indent + "# " + line for line in textwrap.wrap(text, WIDTH - len(indent) - 2, break_on_hyphens=False)
    ]


def _block(value: str, indent: str, folded: bool = False) -> list[str]:
    """A `|` (or `>-` for one paragraph) block holding `value`, indented under its field."""
    lines = [line.rstrip().replace("\t", "    ") for line in value.strip("\n").split("\n")]
    if folded:
        lines = textwrap.wrap(" ".join(value.split()), WIDTH - len(indent) - 2, break_on_hyphens=False)
    inner = indent + "  "
    header = ">-" if folded else ("|2" if lines and lines[0].startswith(" ") else "|")
    return [header] + [inner + line if line else "" for line in lines]


def _placeholder(hint: str = "") -> str:
    return f"  # {REPLACE} (required){': ' + hint if hint else ''}"


def _field_lines(
    model: type[BaseModel],
    name: str,
    values: dict[str, Any],
    hints: dict[str, str],
    indent: str = "",
    kind: str | None = None,
) -> list[str]:
    field = model.model_fields[name]
    lines = _comment(describe(model, name, kind), indent)
    item = _item_model(field.annotation)
    if item is not None:
        lines += _comment("Each item has:" if _is_list(field.annotation) else "Its fields:", indent)
        for sub in item.model_fields:
            lines += textwrap.wrap(
                f"{sub}: {describe(item, sub)}",
                WIDTH,
                initial_indent=indent + "#   ",
                subsequent_indent=indent + "#     ",
                break_on_hyphens=False,
            )
    key = f"{indent}{name}:"
    if name in values:
        value = values[name]
        if isinstance(value, str) and (name in _BLOCK_FIELDS or name == "summary" or "\n" in value):
            return lines + [
                f"{key} " + "\n".join(_block(value, indent, folded=name == "summary" and "\n\n" not in value))
            ]
        if isinstance(value, list) and value and isinstance(value[0], dict):
            return lines + [key] + _items(item, value, indent + "  ")
        if isinstance(value, dict) and item is not None:
            return lines + [key] + _mapping(item, value, indent + "  ", hints={})
        return lines + [f"{key} {_scalar(value)}".rstrip()]
    if field.is_required():
        if item is not None and _is_list(field.annotation):
            return lines + [key] + _items(item, [{}], indent + "  ", hints)
        if item is not None:
            return lines + [key] + _mapping(item, {}, indent + "  ", hints)
        return lines + [key + _placeholder(hints.get(name, ""))]
    default = _default(field)
    if name in _BLOCK_FIELDS and default == "":
        lines += _comment(
            "Write it on the lines under `" + name + ": |`, each indented by two spaces.", indent
        )
        return lines + [f"{key} |", indent + "  "]
    return lines + [f"{key} {_scalar(default)}".rstrip()]


def _mapping(model: type[BaseModel], values: dict[str, Any], indent: str, hints: dict[str, str]) -> list[str]:
    """The fields of one nested part: given values, defaults, or placeholders."""
    lines = []
    for sub, field in model.model_fields.items():
        if sub in values:
            value = values[sub]
            lines.append(f"{indent}{sub}: {_scalar(value)}".rstrip())
        elif field.is_required():
            lines.append(f"{indent}{sub}:" + _placeholder(hints.get(sub, "")))
        else:
            lines.append(f"{indent}{sub}: {_scalar(_default(field))}".rstrip())
    return lines


def _items(
    model: type[BaseModel], items: list[dict[str, Any]], indent: str, hints: dict[str, str] | None = None
) -> list[str]:
    lines = []
    for values in items:
        part = _mapping(model, values, indent + "  ", hints or {})
        part[0] = indent + "- " + part[0][len(indent) + 2 :]
        lines += part
    return lines


def record_text(
    kind: str, values: dict[str, Any], header: list[str], hints: dict[str, str] | None = None
) -> str:
    """The YAML file of a record of `kind`: the schema line, `header` comments, then every
    field with its description; fields missing from `values` get their default, or a
    REPLACE placeholder when the model requires them."""
    model = MODEL_OF_KIND[kind]
    lines = [f"# yaml-language-server: $schema=../../../schemas/{kind}.schema.json"]
    lines += [f"# {line}" if line else "#" for line in header]
    for name in fields_in_order(kind):
        lines.append("")
        lines += _field_lines(model, name, values, hints or {}, kind=kind)
    return "\n".join(lines) + "\n"


def replace_lines(text: str) -> list[tuple[int, str]]:
    """(line number, field) of every placeholder an editor must fill in."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        match = re.match(rf"^\s*(?:- )?([A-Za-z_]+):\s+# {REPLACE}\b", line)
        if match:
            found.append((number, match.group(1)))
    return found


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    out = open(path, "x", encoding="utf-8", newline="\n")  # never overwrite
    try:
        with out:
            out.write(text)
    except BaseException:  # a full disk: no half-written record left behind
        path.unlink(missing_ok=True)
        raise


# ----------------------------------------------------------------------------------------
# compendium new


def _kind_section(kind: str) -> str:
    return SECTION_TITLES.get(kind) or f"{kind} records"


def new_record(
    root: Path,
    kind: str,
    chapter_number: int,
    title: str | None = None,
    record_id: str | None = None,
    today: datetime.date | None = None,
) -> tuple[Path, str]:
    """Write a new record file from the template; return its path and text."""
    if kind not in MODEL_OF_KIND:
        raise AuthoringError(
            f"`{kind}` is not a kind of record; use one of: {', '.join(RECORD_KINDS)}.{did_you_mean(kind, RECORD_KINDS)}"
        )
    if title is not None:
        title = " ".join(title.split())
        if not title:
            raise AuthoringError(
                "--title is empty; give the record's title, or leave --title out and write it in the file"
            )
        if len(title) > 200:
            raise AuthoringError(f"--title is {len(title)} characters long; a title must be at most 200")
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
            f"chapter {chapter.number} ({chapter.title}) has no `{kind}` section; chapters with one: {having}. "
            "Choose one of them, or add the section to the chapter in data/edition.yml first."
        )
    if record_id is not None:
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", record_id) or len(record_id) > 80:
            raise AuthoringError(
                f"--id `{record_id}` is not a valid id; use only lower-case letters, digits and single hyphens, e.g. `annual-training-plan`"
            )
        if record_id in project.ids:
            where = next((r.path for r in project.records if record_id in (r.id, r.path.stem)), None)
            raise AuthoringError(
                f"a record with the id `{record_id}` already exists ({where.relative_to(root).as_posix() if where else 'data/cases/'}); choose another id"
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

    today = today or datetime.date.today()
    values: dict[str, Any] = {
        "kind": kind,
        "chapter": chapter.number,
        "position": project.next_position(chapter.number, kind),
        "status": "draft",
        "added": today,
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
    section = _kind_section(kind)
    header = [
        f'A new {kind} record for {chapter.label or f"Chapter {chapter.number}"} ({chapter.title}), section "{section}".',
        "Made by `compendium new`. Fill in every value marked REPLACE, check the other values,",
        "then run `./dev validate`. Lines starting with # are notes for you; they are never",
        "published, and you may delete them. The record is a draft until `status: published`.",
    ]
    text = record_text(kind, values, header, hints)
    _write(path, text)
    return path, text


# ----------------------------------------------------------------------------------------
# The "Share a practice" issue form, and importing what GitHub makes of it


@dataclass(frozen=True)
class IssueField:
    id: str
    label: str
    required: bool
    record_field: str  # the record field it fills, for messages


ISSUE_FIELDS: tuple[IssueField, ...] = (
    IssueField("chapter", "Chapter", True, "chapter"),
    IssueField("title", "Title of the practice", True, "title"),
    IssueField("summary", "Summary", True, "summary"),
    IssueField("practice", "The practice", True, "body"),
    IssueField("member", "Member administration", True, "member"),
    IssueField("attribution", "Publish the name of your administration?", True, "attribution"),
    IssueField("tags", "Topics", False, "tags"),
    IssueField("sources", "Sources", False, "sources"),
    IssueField("contact", "Contact for the editors (never published in the Compendium)", False, "contact"),
)
PERMISSION_LABEL = "Permission"
NAMED_OPTION = "Named: publish the name of our administration with the practice"
ANONYMOUS_OPTION = "Anonymous: do not publish the name of our administration"
NO_RESPONSE = "_No response_"


def chapter_option(chapter) -> str:
    return f"{chapter.number}. {chapter.title}"


def issue_form(project: Project) -> dict[str, Any]:
    """The GitHub issue form, with the chapters, members and topics of data/."""
    by_id = {f.id: f for f in ISSUE_FIELDS}

    def field(kind: str, fid: str, description: str, **attributes) -> dict[str, Any]:
        spec = by_id[fid]
        item: dict[str, Any] = {
            "type": kind,
            "id": fid,
            "attributes": {"label": spec.label, "description": description, **attributes},
        }
        item["validations"] = {"required": spec.required}
        return item

    return {
        "name": "Share a practice",
        "description": "Propose a training-management practice of your administration for the Compendium. An editor turns it into a draft case.",
        "title": "Practice: ",
        "labels": ["new practice"],
        "body": [
            {
                "type": "markdown",
                "attributes": {
                    "value": (
                        "Thank you for sharing a practice. Fill in the fields below in plain English; an editor of the "
                        "ROCB A/P turns your answers into a draft case of the Compendium and asks you before anything "
                        "is published.\n\n"
                        "**Please note:** this issue itself can be read by everyone who can see this repository. "
                        "If the repository is public and your practice must stay anonymous, or you would rather not "
                        "show your name here, send the practice to the ROCB A/P by e-mail instead."
                    )
                },
            },
            field(
                "dropdown",
                "chapter",
                "The chapter of the Compendium your practice belongs to.",
                options=[chapter_option(c) for c in project.chapters_with("practice")],
            ),
            field(
                "input",
                "title",
                "A short title, as it should appear on the page (at most 200 characters).",
                placeholder="e.g. A Three-Pillar Approach to Training Course",
            ),
            field(
                "textarea",
                "summary",
                "One or two sentences that say what the practice is; shown in lists and search results (at most 500 characters).",
                placeholder="e.g. An administration trains through off-the-job training, on-the-job training and self-development.",
            ),
            field(
                "textarea",
                "practice",
                "The practice itself: what your administration does, why, and what it has achieved. "
                "Separate paragraphs with an empty line; start a line with `- ` for a list.",
                placeholder="Describe the practice here.",
            ),
            field(
                "dropdown",
                "member",
                'The member administration whose practice this is. If you choose "Anonymous" below, '
                "the Compendium never shows it, but this issue does, to everyone who can see the "
                "repository: to stay anonymous there too, send the practice by e-mail instead.",
                options=[m.name for m in project.members.members],
            ),
            field(
                "dropdown",
                "attribution",
                "Named: the Compendium shows your administration's name. Anonymous: it says "
                '"a member administration" and keeps the name private.',
                options=[NAMED_OPTION, ANONYMOUS_OPTION],
            ),
            field(
                "dropdown",
                "tags",
                "Topics the practice is about (choose any number).",
                multiple=True,
                options=[t.label for t in project.tags.tags],
            ),
            field(
                "textarea",
                "sources",
                "WCO tools or other publications the practice refers to, one per line, with pages "
                "if you know them, e.g. `Framework of Principles and Practices on Customs Professionalism, p. 80`.",
                placeholder="One publication per line.",
            ),
            field(
                "input",
                "contact",
                "Your name and e-mail address, so that an editor can ask you questions. The "
                "Compendium never publishes it, but this issue shows it to everyone who can see the repository.",
                placeholder="e.g. A. Officer, a.officer@customs.example",
            ),
            {
                "type": "checkboxes",
                "id": "permission",
                "attributes": {
                    "label": PERMISSION_LABEL,
                    "description": "Practices are published under the ROCB A/P's name, with or without your administration's name as you chose above.",
                    "options": [
                        {
                            "label": "My administration agrees that the ROCB A/P publishes this practice in the Compendium.",
                            "required": True,
                        }
                    ],
                },
            },
        ],
    }


class _FormDumper(yaml.SafeDumper):
    """Block lists indented under their key, and multi-line text as `|` blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, data: str):
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|" if "\n" in data else None)


_FormDumper.add_representer(str, _represent_str)


def issue_form_text(project: Project) -> str:
    header = (
        '# The "Share a practice" GitHub issue form. Generated from data/ by `compendium issue-form`:\n'
        "# change src/compendium/authoring.py or the registries, then run the command again.\n"
        "# `compendium import-issue` turns an issue made with this form into a draft record.\n"
    )
    return header + yaml.dump(
        issue_form(project), Dumper=_FormDumper, sort_keys=False, allow_unicode=True, width=120
    )


def write_issue_form(root: Path, check: bool = False) -> bool:
    """Write the form (or, with `check`, report whether it is current). True when current."""
    text = issue_form_text(load_project(root))
    path = root / ISSUE_FORM
    if check:
        return path.is_file() and path.read_text(encoding="utf-8") == text
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return True


@dataclass(frozen=True)
class IssueSection:
    label: str
    value: str  # "" when GitHub wrote _No response_
    line: int  # of its heading


def issue_sections(text: str) -> dict[str, IssueSection]:
    """The `### Label` sections GitHub renders from the form, found in the form's order, so a
    `###` line inside someone's text is not mistaken for a field."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    labels = [f.label for f in ISSUE_FIELDS] + [PERMISSION_LABEL]
    starts: list[tuple[str, int]] = []
    cursor = 0
    for label in labels:
        for index in range(cursor, len(lines)):
            if lines[index].strip() == f"### {label}":
                starts.append((label, index))
                cursor = index + 1
                break
    sections = {}
    for position, (label, index) in enumerate(starts):
        end = starts[position + 1][1] if position + 1 < len(starts) else len(lines)
        value = "\n".join(line.rstrip() for line in lines[index + 1 : end]).strip("\n")
        value = textwrap.dedent(value) if value.startswith(" ") else value
        sections[label] = IssueSection(label, "" if value.strip() == NO_RESPONSE else value, index + 1)
    return sections


def _read_issue_body(source: str) -> tuple[str, str]:
    """(text, name shown in messages) of FILE or `-`; a `gh issue view --json body` file works too."""
    if source == "-":
        text, shown = sys.stdin.read(), "(issue)"
    else:
        path = Path(source)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise AuthoringError(
                f"{source}: no such file; save the issue's text (Edit > copy everything) in a file, or pass - and paste it"
            ) from None
        except (OSError, UnicodeDecodeError) as error:
            raise AuthoringError(f"{source}: cannot be read as text ({error})") from None
        shown = path.name
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            data = None
        if isinstance(data, dict) and isinstance(data.get("body"), str):
            text = data["body"]
    return text, shown


_EMAIL = re.compile(r"[^\s<>()\[\],;:]+@[^\s<>()\[\],;:]+\.[^\s<>()\[\],;:]+")
_PAGES = re.compile(
    r"^(?P<what>.*?)(?:[,;]?\s*(?:pp?\.|pages?)\s*(?P<pages>\d+(?:\s*-\s*\d+)?(?:\s*,\s*\d+(?:\s*-\s*\d+)?)*))?\s*$",
    re.IGNORECASE,
)


def _parse_contact(text: str) -> dict[str, str] | None:
    text = " ".join(text.split())
    if not text:
        return None
    email = _EMAIL.search(text)
    name = (text[: email.start()] + " " + text[email.end() :]) if email else text
    name = " ".join(name.replace("<", " ").replace(">", " ").split()).strip(" ,;:-()")
    contact = {"name": name or (email.group(0) if email else text)}
    if email:
        contact["email"] = email.group(0)
    return contact


def import_issue(root: Path, source: str, today: datetime.date | None = None) -> tuple[Path, str]:
    """Write a draft practice from an issue body; raise IssueProblems (nothing written) when
    the body cannot make a valid record."""
    text, shown = _read_issue_body(source)
    project = load_project(root)
    sections = issue_sections(text)
    problems: list[Problem] = []

    def problem(label: str, message: str, line: int | None = None) -> None:
        section = sections.get(label)
        problems.append(Problem(shown, line or (section.line if section else 1), 1, label, message))

    values: dict[str, str] = {}
    for spec in ISSUE_FIELDS:
        section = sections.get(spec.label)
        if section is None:
            if spec.required:
                problem(
                    spec.label,
                    f'the heading `### {spec.label}` is missing; the issue must keep the headings GitHub wrote from the form. Put the heading back, with the answer under it, or ask the submitter to use the "Share a practice" form again',
                )
            continue
        if spec.required and not section.value.strip():
            problem(
                spec.label,
                f"is empty ({NO_RESPONSE}); it is required: write the answer under `### {spec.label}` (edit the issue), or ask the submitter for it",
            )
        values[spec.id] = section.value.strip()

    record: dict[str, Any] = {"kind": "practice", "status": "draft", "added": today or datetime.date.today()}
    chapter = None
    if values.get("chapter"):
        chapter = _match_chapter(project, values["chapter"])
        if chapter is None:
            options = "; ".join(chapter_option(c) for c in project.chapters_with("practice"))
            problem(
                "Chapter",
                f"`{values['chapter']}` is not a chapter with members' practices; write one of: {options}",
            )
    if values.get("title"):
        record["title"] = " ".join(values["title"].split())
    if values.get("summary"):
        record["summary"] = " ".join(values["summary"].split())
    if values.get("practice"):
        record["body"] = values["practice"]
    if values.get("member"):
        code = _match_member(project, values["member"])
        if code is None:
            names = [m.name for m in project.members.members]
            problem(
                "Member administration",
                f"`{values['member']}` is not a member administration of data/members.yml; write a name as listed there (e.g. {names[0]}) "
                f"or its two-letter code, or add the member to data/members.yml first.{did_you_mean(values['member'], names)}",
            )
        else:
            record["member"] = code
    if values.get("attribution"):
        word = values["attribution"].split(":")[0].strip().lower()
        if word in ("named", "anonymous"):
            record["attribution"] = word
        else:
            problem(
                ISSUE_FIELDS[5].label,
                f"`{values['attribution']}` is neither Named nor Anonymous; write `Named` (the administration is shown) or `Anonymous` (it stays private)",
            )
    if values.get("tags"):
        record["tags"] = []
        for given in [t.strip() for t in values["tags"].replace("\n", ",").split(",") if t.strip()]:
            tag = _match_tag(project, given)
            if tag is None:
                labels = [t.label for t in project.tags.tags]
                problem(
                    "Topics",
                    f"`{given}` is not a topic of data/tags.yml; remove it or use a listed topic.{did_you_mean(given, labels)}",
                )
            elif tag not in record["tags"]:
                record["tags"].append(tag)
    if values.get("sources"):
        record["sources"] = []
        section = sections["Sources"]
        for offset, line in enumerate(section.value.split("\n"), 1):
            line = line.strip().lstrip("-*").strip()
            if not line:
                continue
            citation = _match_source(project, line)
            if citation is None:
                titles = [s.title for s in project.sources.sources]
                problem(
                    "Sources",
                    f"`{line}` is not a publication of data/sources.yml; write its title or id as listed there, "
                    f"followed by the pages (e.g. `, p. 80`), or add the publication to data/sources.yml first.{did_you_mean(_PAGES.match(line).group('what'), titles)}",
                    line=section.line + 1 + offset,
                )
            else:
                record["sources"].append(citation)
    contact = _parse_contact(values.get("contact", ""))
    if contact:
        record["contact"] = contact
    if problems:
        raise IssueProblems(sorted(problems, key=lambda p: p.line))
    withheld = _withhold_confidential(project, record)

    record["chapter"] = chapter.number
    record["position"] = project.next_position(chapter.number, "practice")
    record["id"] = project.free_id(slugify(record["title"]) or "shared-practice")
    _check_model(record, sections, shown)
    path = project.folder(chapter) / f"{record['id']}.yml"
    header = [
        f"A members' practice for {chapter.label or f'Chapter {chapter.number}'} ({chapter.title}), imported from a",
        '"Share a practice" issue by `compendium import-issue`. Read it through, correct what',
        "needs correcting, run `./dev validate`, and set `status: published` when it is ready.",
        "Lines starting with # are notes for you; they are never published.",
        *withheld,
    ]
    text = record_text("practice", record, header)
    _write(path, text)
    _check_written(root, path, sections, shown)
    return path, text


def _withhold_confidential(project: Project, record: dict[str, Any]) -> list[str]:
    """In a public repository, the member of an anonymous practice and the contact stay
    out of the draft (anyone can read the file); notes for the editor say so."""
    if project.edition.repository != "public":
        return []
    notes = []
    if record.get("attribution") == "anonymous" and record.pop("member", None):
        notes.append(
            "The issue names the member of this anonymous practice. This repository is public, so "
            "the member is not written here: keep it in the editors' private records, and ask the "
            "submitter to delete the issue (its text stays in this draft)."
        )
    if record.pop("contact", None):
        notes.append(
            "The issue gives a contact; this repository is public, so it is not written here: keep "
            "it in the editors' private records."
        )
    return [line for note in notes for line in textwrap.wrap(note, WIDTH - 2)]


def _match_chapter(project: Project, given: str):
    with_practices = project.chapters_with("practice")
    number = re.match(r"^\s*(?:chapter\s*)?(\d+)\b", given, re.IGNORECASE)
    if number:
        return next((c for c in with_practices if c.number == int(number.group(1))), None)
    return next((c for c in with_practices if c.title.casefold() == given.strip().casefold()), None)


def _match_member(project: Project, given: str) -> str | None:
    wanted = " ".join(given.split()).casefold()
    for member in project.members.members:
        if wanted in (member.name.casefold(), member.code.casefold()):
            return member.code
    return None


def _match_tag(project: Project, given: str) -> str | None:
    wanted = given.casefold()
    return next((t.id for t in project.tags.tags if wanted in (t.id, t.label.casefold())), None)


def _match_source(project: Project, line: str) -> dict[str, str] | None:
    match = _PAGES.match(line)
    what = match.group("what").strip(" ,;").casefold()
    for source in project.sources.sources:
        if what in (source.id, source.title.casefold()):
            citation = {"source": source.id}
            if match.group("pages"):
                citation["pages"] = re.sub(r"\s*-\s*", "-", re.sub(r"\s*,\s*", ", ", match.group("pages")))
            return citation
    return None


def _heading_of(field_name: str) -> str:
    top = field_name.split(".")[0].split("[")[0]
    return next((f.label for f in ISSUE_FIELDS if f.record_field == top), field_name)


def _check_model(record: dict[str, Any], sections: dict[str, IssueSection], shown: str) -> None:
    """The record as the model sees it; its complaints pointed at the issue's headings."""
    try:
        MODEL_OF_KIND["practice"].model_validate(record)
    except ValidationError as error:
        problems = []
        for e in error.errors(include_url=False):
            label = _heading_of(str(e["loc"][0]) if e["loc"] else "")
            section = sections.get(label)
            ctx = e.get("ctx") or {}
            message = str(e["msg"]).removeprefix("Value error, ")
            if e["type"] == "string_too_long":
                message = f"is too long ({len(str(e['input']))} characters); shorten it to at most {ctx.get('max_length')}"
            problems.append(Problem(shown, section.line if section else 1, 1, label, message))
        raise IssueProblems(problems) from None


def _check_written(root: Path, path: Path, sections: dict[str, IssueSection], shown: str) -> None:
    """Run the whole validator with the new file in place; remove it again if it has problems."""
    from .check import build_compendium
    from .problems import CompendiumError

    written = path.relative_to(root).as_posix()
    try:
        build_compendium(root)
        return
    except CompendiumError as error:
        mine = [p for p in error.problems if p.path == written]
    except Exception:
        path.unlink()
        raise
    if mine:
        path.unlink()
        problems = []
        for p in mine:
            label = _heading_of(p.field)
            section = sections.get(label)
            problems.append(Problem(shown, section.line if section else 1, 1, label, p.message))
        raise IssueProblems(problems)


# ----------------------------------------------------------------------------------------
# The command line: called from compendium.cli


def add_commands(commands, _project_root) -> None:
    """Add `new`, `import-issue` and `issue-form` to the `compendium` command's subparsers;
    `_project_root` is the `--root` argument type of the other commands."""
    new = commands.add_parser("new", help="write a new record file from a template, ready to fill in")
    new.add_argument("kind", help=f"the kind of record: {', '.join(RECORD_KINDS)}")
    new.add_argument("--chapter", type=int, required=True, help="chapter number, as in data/edition.yml")
    new.add_argument("--title", help="the record's title; the id and file name are made from it")
    new.add_argument(
        "--id", dest="record_id", help="the id (and file name) to use instead of one made from the title"
    )
    new.add_argument(
        "--root", type=_project_root, default=".", help="project folder holding data/ (default: here)"
    )
    issue = commands.add_parser(
        "import-issue", help='turn a "Share a practice" issue into a draft practice record'
    )
    issue.add_argument(
        "file",
        help="the issue's text saved in a file (or `gh issue view N --json body` output); - reads it from the keyboard or a pipe",
    )
    issue.add_argument(
        "--root", type=_project_root, default=".", help="project folder holding data/ (default: here)"
    )
    form = commands.add_parser("issue-form", help=f"write {ISSUE_FORM.as_posix()} from data/")
    form.add_argument("--root", type=_project_root, default=".", help="project folder (default: here)")
    form.add_argument(
        "--check", action="store_true", help="only report whether the committed form is current"
    )


def run(args) -> int:
    """Carry out one of the authoring commands; the exit code."""
    try:
        if args.command == "new":
            path, text = new_record(args.root, args.kind, args.chapter, args.title, args.record_id)
            shown = path.relative_to(args.root).as_posix()
            print(f"Wrote {shown}.")
            todo = replace_lines(text)
            if todo:
                print(
                    "Fill in the values marked REPLACE on lines "
                    + ", ".join(f"{n} ({name})" for n, name in todo)
                    + ","
                )
                print("then run `./dev validate` (or `compendium validate`) to check the file.")
            return 0
        if args.command == "import-issue":
            path, _ = import_issue(args.root, args.file)
            print(
                f"Wrote {path.relative_to(args.root).as_posix()}, a draft. Read it through, run `./dev validate`,"
            )
            print("and set `status: published` when the practice is ready to appear on the site.")
            return 0
        if args.command == "issue-form":
            if args.check:
                if write_issue_form(args.root, check=True):
                    print(f"{ISSUE_FORM.as_posix()} is current.")
                    return 0
                print(
                    f"{ISSUE_FORM.as_posix()} is out of date; run `compendium issue-form` and commit the result",
                    file=sys.stderr,
                )
                return 1
            write_issue_form(args.root)
            print(f"wrote {ISSUE_FORM.as_posix()}")
            return 0
    except IssueProblems as error:
        print(error.report(), file=sys.stderr)
        return 1
    except AuthoringError as error:
        print(f"compendium {args.command}: {error}", file=sys.stderr)
        return error.exit_code
    raise ValueError(f"not an authoring command: {args.command}")  # pragma: no cover


COMMANDS = ("new", "import-issue", "issue-form")
