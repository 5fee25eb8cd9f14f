"""Turn a positioned YAML document into a typed model, or into problems an editor can act on.

Pydantic finds what is wrong; this module says it in an editor's words and at the exact
line and column, with a "did you mean" for misspelt field names and values.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .load import Document, Loc, dotted
from .problems import Problem

M = TypeVar("M", bound=BaseModel)


def typed_model(doc: Document, model: type[M], loc: Loc = ()) -> tuple[M | None, list[Problem]]:
    """Validate the data at `loc` of `doc` as `model`."""
    data = doc.data
    for part in loc:
        data = data[part]
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        errors = error.errors(include_url=False)
        # A misspelt field shows up twice: as unknown, and the real one as missing. Report
        # the misspelling only, with its "did you mean".
        misspelt = {
            e["loc"][:-1] + (did_you_mean(e["loc"][-1], _fields_at(model, e["loc"][:-1])).split("`")[1],)
            for e in errors
            if e["type"] == "extra_forbidden" and did_you_mean(e["loc"][-1], _fields_at(model, e["loc"][:-1]))
        }
        return None, [
            _problem(doc, model, loc, e)
            for e in errors
            if not (e["type"] == "missing" and e["loc"] in misspelt)
        ]


def did_you_mean(word: object, choices: typing.Iterable[str]) -> str:
    """` Did you mean `x`?` for the closest choice, or nothing when none is close."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" Did you mean `{close[0]}`?" if close else ""


def _problem(doc: Document, model: type[BaseModel], base: Loc, error: ErrorDetails) -> Problem:
    loc: Loc = base + tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    field_name = dotted(loc)
    name = loc[-1] if loc else ""
    if kind == "missing":
        return doc.problem(
            loc[:-1], f"required field `{name}` is missing; add `{name}: ...` here", field_name=field_name
        )
    if kind == "extra_forbidden":
        allowed = _fields_at(model, tuple(error["loc"])[:-1])
        hint = did_you_mean(name, allowed) or f" Allowed fields: {', '.join(allowed)}."
        return doc.problem(loc, f"unknown field `{name}`; remove it or correct its spelling.{hint}", key=True)
    return doc.problem(loc, _message(kind, error, ctx))


def _message(kind: str, error: ErrorDetails, ctx: dict[str, Any]) -> str:
    given = error.get("input")
    if given is None and kind != "value_error":
        # `field:` with nothing after it: say so, rather than "`None` is not ...".
        return "is empty; write a value after the colon, or remove the line if the field is optional"
    if kind == "literal_error":
        choices = [
            c.strip().strip("'") for c in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")
        ]
        return (
            f"`{given}` is not allowed here; "
            f"write one of: {', '.join(choices)}.{did_you_mean(given, choices)}"
        )
    if kind.startswith("date_"):
        return f"`{given}` is not a date; write it as YYYY-MM-DD, e.g. 2026-05-20"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"`{given}` is not a whole number; write digits only, e.g. 3"
    if kind in {"float_type", "float_parsing"}:
        return f"`{given}` is not a number; write digits only, without `%`, e.g. 73"
    if kind == "string_type":
        return "write text here (put it in double quotes if it looks like a number, a date or yes/no)"
    if kind == "list_type":
        return "write a list here: one `- item` per line, indented under the field"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return "write the fields of this part here, each on its own line as `field: value`"
    if kind in {"bool_type", "bool_parsing"}:
        return "write true or false"
    if kind == "too_short":
        need = ctx.get("min_length", 1)
        return f"needs at least {need} item{'s' if need != 1 else ''}"
    if kind == "string_too_short":
        return "must not be empty; write the text or remove the field if it is optional"
    if kind == "string_too_long":
        return f"is too long ({len(str(given))} characters); keep it under {ctx.get('max_length')}"
    if kind in {"greater_than_equal", "greater_than"}:
        return f"`{given}` is too small; it must be at least {ctx.get('ge', ctx.get('gt'))}"
    if kind in {"less_than_equal", "less_than"}:
        return f"`{given}` is too large; it must be at most {ctx.get('le', ctx.get('lt'))}"
    if kind == "string_pattern_mismatch":
        return f"`{given}` is not in the expected form; a web address starts with https://"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return str(error["msg"])


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """Field names of the model found at `loc` inside `model` (for "did you mean")."""
    current: Any = model
    for part in loc:
        current = _inner_model(current, part)
        if current is None:
            return []
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def _inner_model(current: Any, part: str | int) -> Any:
    if isinstance(part, int):
        return current  # list items: the list's item type was already unwrapped
    if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
        return None
    return _unwrap(current.model_fields[part].annotation)


def _unwrap(annotation: Any) -> Any:
    """The model inside `list[X]`, `X | None` or `Annotated[X, ...]`."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (list, typing.Union, types.UnionType):
            inner = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = inner[0] if inner else None
        else:
            return annotation
