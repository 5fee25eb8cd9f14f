"""A record's YAML text, written from its kind's model: every field, in the order an editor
reads a record, each with its description as a comment, and a REPLACE placeholder for each
value the model requires and nobody has given yet.

Descriptions, choices, defaults, lengths and which fields are required are read from the
models (model.py, through kinds.KINDS), so the template cannot drift from what
`compendium validate` accepts.
"""

from __future__ import annotations

import re
import textwrap
import types
import typing
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..kinds import KINDS
from ..model import Record

REPLACE = "REPLACE"  # marks every value an editor must write before the record validates
WIDTH = 88  # comment lines are wrapped to this width

# Fields in the order an editor reads a record: who and what first, then the kind's own
# fields, then attribution; every other field follows in the model's order.
_FIRST = ("id", "kind", "chapter", "position", "title", "summary")
_WHO = ("attribution", "member", "partners")
_BLOCK_FIELDS = {"body", "intro"}  # long Markdown: written as a `|` block


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


def item_model(annotation: Any) -> type[BaseModel] | None:
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


def _min_items(field: FieldInfo) -> int:
    return max((getattr(m, "min_length", 0) or 0 for m in field.metadata), default=0)


def max_length(model: type[BaseModel], name: str) -> int | None:
    """The most characters (or items) the model allows in the field, if it sets a limit."""
    limits = [getattr(m, "max_length", None) for m in model.model_fields[name].metadata]
    return min((n for n in limits if n is not None), default=None)


def _default(field: FieldInfo) -> Any:
    return field.get_default(call_default_factory=True)


def _doc(model: type[BaseModel] | None) -> str:
    return " ".join((model.__doc__ or "").split()) if model else ""


def _annotated_description(annotation: Any) -> str | None:
    """The description given inside `Annotated[...]`, e.g. of `Pages | None`."""
    if typing.get_origin(annotation) is typing.Annotated:
        for extra in typing.get_args(annotation)[1:]:
            description = getattr(extra, "description", None)
            if isinstance(description, str) and description:
                return description
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


def _fallback_description(name: str) -> str | None:
    """For the few fields whose model gives no description."""
    title_length = max_length(Record, "title")
    return {
        "title": "The title, as readers will see it on the page and in search results"
        f" (at most {title_length} characters).",
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
    }.get(name)


def describe(model: type[BaseModel], name: str, kind: str | None = None) -> str:
    """A field in plain English: its description, allowed values, and whether it is required."""
    field = model.model_fields[name]
    if name == "kind" and kind:
        return f"The kind of record: `{kind}`. {_doc(model)} Keep it as it is."
    text = _description(model, name) or _fallback_description(name) or _doc(item_model(field.annotation))
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
    model = KINDS[kind].model
    common = set.intersection(*(set(k.model.model_fields) for k in KINDS.values()))
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
    """`text` as `# ` comment lines, wrapped to WIDTH."""
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
    item = item_model(field.annotation)
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
            folded = name == "summary" and "\n\n" not in value
            return lines + [f"{key} " + "\n".join(_block(value, indent, folded=folded))]
        if isinstance(value, list) and value and isinstance(value[0], dict) and item is not None:
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
        lines += _comment(f"Write it on the lines under `{name}: |`, each indented by two spaces.", indent)
        return lines + [f"{key} |", indent + "  "]
    return lines + [f"{key} {_scalar(default)}".rstrip()]


def _mapping(model: type[BaseModel], values: dict[str, Any], indent: str, hints: dict[str, str]) -> list[str]:
    """The fields of one nested part: given values, defaults, or placeholders."""
    lines = []
    for sub, field in model.model_fields.items():
        if sub in values:
            lines.append(f"{indent}{sub}: {_scalar(values[sub])}".rstrip())
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
    model = KINDS[kind].model
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
