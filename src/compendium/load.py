"""Read one YAML file into plain data, keeping the line and column of every key and value.

Only the safe, boring subset of YAML is accepted: one document, no anchors or aliases,
no custom tags, bounded size and depth. Every way a file can be unreadable becomes a
`Problem` at the place an editor must look, never a traceback.
"""

from __future__ import annotations

import datetime
import errno
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import Problem

MAX_BYTES = 512 * 1024  # the longest case of the edition is under 20 KB
MAX_DEPTH = 12  # records nest at most four levels (tables -> rows -> cells)

Loc = tuple[str | int, ...]
Place = tuple[int, int]

_STANDARD_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_STANDARD_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}


_CLoader = getattr(yaml, "CSafeLoader", None)  # PyYAML built with libyaml, as its wheels are


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing anchors and aliases where they are met in the text."""

    def compose_node(self, parent, index):
        # Refusing `&anchor` and `*alias` outright means no alias bomb can expand and no
        # merge key (`<<: *base`) can pull fields in from elsewhere.
        event = self.peek_event()
        if getattr(event, "anchor", None) is not None:
            field_name = index.value if isinstance(index, ScalarNode) else "(file)"
            raise _Unreadable(
                event.start_mark.line + 1,
                event.start_mark.column + 1,
                "anchors and aliases (`&name`, `*name`) are not allowed; write the value out",
                field_name,
            )
        return super().compose_node(parent, index)


@dataclass(frozen=True)
class Document:
    """The data of one YAML file and where each part of it stands in the file."""

    path: str  # as shown to editors: relative to the project root, with forward slashes
    data: Any
    values: dict[Loc, Place] = field(default_factory=dict, repr=False)
    keys: dict[Loc, Place] = field(default_factory=dict, repr=False)
    styles: dict[Loc, str | None] = field(default_factory=dict, repr=False)
    text: str = field(default="", repr=False)
    # Values that could be read but not as what they look like (an impossible date): each
    # is reported here and kept as its text, so the file's other fields are still checked.
    problems: list[Problem] = field(default_factory=list, repr=False)

    @property
    def lines(self) -> list[str]:
        """The file's lines; only needed to place a problem inside a block of text."""
        return self.text.splitlines()

    def place(self, loc: Loc, *, key: bool = False) -> Place:
        """Line and column of the value (or key) at `loc`, or of its nearest known parent."""
        table = self.keys if key else self.values
        if loc in table:
            return table[loc]
        while loc:
            loc = loc[:-1]
            if loc in self.values:
                return self.values[loc]
        return (1, 1)

    def problem(self, loc: Loc, message: str, *, key: bool = False, field_name: str | None = None) -> Problem:
        line, column = self.place(loc, key=key)
        return Problem(self.path, line, column, field_name or dotted(loc), message)


def dotted(loc: Loc) -> str:
    """`('sources', 0, 'pages')` -> `sources[0].pages`, the way editors see a field."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(file)"


class _Unreadable(Exception):
    def __init__(self, line: int, column: int, message: str, field_name: str = "(file)"):
        self.place = (line, column)
        self.message = message
        self.field_name = field_name


def read_yaml(path: Path, shown_as: str) -> tuple[Document | None, list[Problem]]:
    """Read `path`; return its document (None if it cannot be read at all) and problems."""
    try:
        doc = _read(path, shown_as)
        return doc, list(doc.problems)
    except _Unreadable as e:
        return None, [Problem(shown_as, *e.place, e.field_name, e.message)]


def _read(path: Path, shown_as: str) -> Document:
    try:
        # O_NOFOLLOW: a record that is a symbolic link could publish any file of the
        # machine that builds the site.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise _Unreadable(
                1, 1, "this file is a symbolic link; put the record file itself here, not a link to it"
            ) from None
        raise _Unreadable(1, 1, f"the file cannot be read ({error.strerror}); check that it exists") from None
    with os.fdopen(descriptor, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size > MAX_BYTES:
            raise _Unreadable(
                1,
                1,
                f"the file is {size / 1_000_000:.1f} MB; a record must be under {MAX_BYTES // 1024} KB. "
                "Keep only the text of the record here and split very long material into several records.",
            )
        raw = file.read()
    text = _decode(raw)
    _refuse_tab_indentation(text)
    loader, root = _compose_fast(text)
    try:
        try:
            if loader is None:
                loader = _Loader(text)
                root = loader.get_single_node()
        except yaml.MarkedYAMLError as e:
            raise _syntax_problem(e) from None
        except yaml.reader.ReaderError as e:
            raise _control_character(text, e) from None
        except RecursionError:
            raise _Unreadable(
                1, 1, f"the data is nested far too deeply; records are at most {MAX_DEPTH} levels deep"
            ) from None
        if root is None:
            raise _Unreadable(
                1, 1, "the file is empty; copy a template from the editors' guide and fill it in"
            )
        doc = Document(shown_as, None, text=text)
        data = _walk(loader, root, (), doc, depth=0)
        if not isinstance(root, MappingNode):
            raise _Unreadable(
                *_place(root), "a record must be a list of `field: value` lines, starting with `id:`"
            )
    finally:
        if loader is not None:
            loader.dispose()
    return Document(shown_as, data, doc.values, doc.keys, doc.styles, text, doc.problems)


def _compose_fast(text: str):
    """Compose with libyaml when the file is plainly well-formed: it reads YAML about ten
    times faster than the pure-Python parser (most of a build's validation time). Files
    with `&` (which may be an anchor) or any YAML error go to the Python parser, whose
    messages and anchor checks are the ones editors see."""
    if _CLoader is None or "&" in text:
        return None, None
    loader = _CLoader(text)
    try:
        return loader, loader.get_single_node()
    except (yaml.YAMLError, RecursionError):
        loader.dispose()
        return None, None


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _Unreadable(
            1,
            1,
            "the file is saved as UTF-16; save it again as UTF-8 (in Notepad: Save as > Encoding: UTF-8)",
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raise _Unreadable(
            1,
            1,
            "the file starts with an invisible byte-order mark (BOM); save it as 'UTF-8' without BOM "
            "(in Notepad: Save as > Encoding: UTF-8, not 'UTF-8 with BOM')",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        before = raw[: e.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise _Unreadable(
            line,
            column,
            f"byte 0x{raw[e.start]:02X} is not UTF-8 text (often a quote or dash pasted from Word "
            "and saved in another encoding); save the file as UTF-8 and retype that character",
        ) from None


def _control_character(text: str, error: yaml.reader.ReaderError) -> _Unreadable:
    line, column = _line_column(text, error.position)
    code = error.character if isinstance(error.character, int) else ord(error.character)
    return _Unreadable(
        line,
        column,
        f"an invisible control character (U+{code:04X}) is in the text; "
        "delete it (it often comes with text pasted from another program)",
    )


def _line_column(text: str, offset: int) -> Place:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)


def _refuse_tab_indentation(text: str) -> None:
    if "\t" not in text or not _TAB_INDENT.search(text):
        return  # the common case, without looking at every line
    for number, line in enumerate(text.splitlines(), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            raise _Unreadable(
                number,
                indent.index("\t") + 1,
                "a tab is used for indentation; YAML needs spaces. Replace the tab with spaces "
                "(two per level, lined up with the field above)",
            )


def _syntax_problem(e: yaml.MarkedYAMLError) -> _Unreadable:
    quote_opened = "while scanning a quoted scalar" in (e.context or "")
    # An unclosed quote is found at the end of the file; the editor must look where it opened.
    mark = (e.context_mark if quote_opened else None) or e.problem_mark or e.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (e.problem or "the YAML cannot be read").strip()
    hint = "check the indentation and that every `field:` is followed by a space"
    if "could not find expected ':'" in problem and e.context_mark is not None:
        # Found at the next line; the line to change is where the unfinished key began.
        return _Unreadable(
            e.context_mark.line + 1,
            e.context_mark.column + 1,
            "YAML syntax: this line is neither `field: value` nor a list item. If it is one more "
            "item of the list above (a table row, a source), start it with `- ` like the others; "
            "if it is a field, write `: ` after its name",
        )
    if "expected <block end>" in problem or "did not find expected key" in problem:
        return _Unreadable(
            line,
            column,
            "YAML syntax: this line is indented differently from the lines above it; line it up "
            "with the field or the list items (`- `) it belongs with, using spaces",
        )
    if "mapping values are not allowed" in problem:
        hint = (
            "a value contains `: ` (put the whole value in double quotes), or this line is "
            "indented further than the field above it (line them up)"
        )
    elif "found undefined alias" in problem or "found unhashable key" in problem:
        hint = "`*` and `&` have a special meaning in YAML; put the value in double quotes"
    elif quote_opened:
        return _Unreadable(
            line,
            column,
            "YAML syntax: this quotation mark is opened but never closed; close it at the end of the value",
        )
    elif "expected a comment or a line break" in problem:
        hint = (
            "text cannot follow `|` or `>` on the same line; start the text on the next line, "
            "indented, or put the whole value in double quotes"
        )
    elif "found character" in problem and "that cannot start any token" in problem:
        hint = "start the value with a letter, or put the whole value in double quotes"
    elif "but found another document" in problem:
        return _Unreadable(
            line,
            column,
            "YAML syntax: a second document starts here (`---`); "
            "a record file holds one record, so remove this line and anything after it",
        )
    return _Unreadable(line, column, f"YAML syntax: {problem}; {hint}")


def _place(node: Node) -> Place:
    return node.start_mark.line + 1, node.start_mark.column + 1


# How the plain tags become Python values: SafeConstructor's own functions, called
# directly while walking the nodes, which halves reading time against a second pass.
#
# PyYAML reads YAML 1.1, whose plain scalars hold surprises (`012` is 10, `1:20` is 80,
# `yes` is true): plain scalars are read as YAML 1.2's core schema reads them instead, and
# what 1.2 does not take for a number or a boolean stays the text it is.
_INT_12 = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT_12 = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_CURLY_OPENING, _CURLY_CLOSING = "\u201c\u2018\u201e", "\u201d\u2019\u201c"
_BOOL_12 = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def _int_12(loader, node: ScalarNode) -> int | str:
    text = node.value
    if not _INT_12.fullmatch(text):
        return text
    if text.startswith(("0x", "0o")):
        return int(text[2:], 16 if text[1] == "x" else 8)
    return int(text, 10)


def _float_12(loader, node: ScalarNode) -> float | int | str:
    text = node.value
    if not _FLOAT_12.fullmatch(text):
        return _int_12(loader, node)  # 1.1 takes `1_000.0` or `1:20.5` for floats; 1.2 does not
    return float(text.lower().replace(".inf", "inf").replace(".nan", "nan"))


_SCALARS = {
    _STANDARD_TAG + "str": lambda loader, node: node.value,
    _STANDARD_TAG + "int": _int_12,
    _STANDARD_TAG + "float": _float_12,
    _STANDARD_TAG + "bool": lambda loader, node: _BOOL_12.get(node.value, node.value),
    _STANDARD_TAG + "null": lambda loader, node: None,
}


def _walk(loader: yaml.SafeLoader, node: Node, loc: Loc, doc: Document, depth: int) -> Any:
    """The value of `node`, recording where it and its parts stand and refusing what
    records may not hold."""
    if depth > MAX_DEPTH:
        raise _Unreadable(
            *_place(node),
            f"the data is nested more than {MAX_DEPTH} levels deep; records are much flatter",
            dotted(loc),
        )
    if node.tag not in _PLAIN_TAGS:
        raise _Unreadable(
            *_place(node),
            f"the YAML tag `{node.tag}` is not allowed; "
            "remove it (records hold plain text, numbers, dates and lists)",
            dotted(loc),
        )
    doc.values[loc] = _place(node)
    if isinstance(node, ScalarNode):
        doc.styles[loc] = node.style
        if (
            not node.style
            and len(node.value) > 1
            and node.value[0] in _CURLY_OPENING
            and node.value[-1] in _CURLY_CLOSING
        ):
            doc.problems.append(
                doc.problem(
                    loc,
                    f"{node.value[0]}curly quotes{node.value[-1]} are part of the text in YAML, not quotes; "
                    'write straight double quotes "like this" (your editor may have replaced them) '
                    "or none at all",
                )
            )
        if node.tag != _STANDARD_TAG + "timestamp":
            return _SCALARS[node.tag](loader, node)
        try:
            value = loader.construct_yaml_timestamp(node)
        except ValueError:
            doc.problems.append(
                doc.problem(
                    loc, f"`{node.value}` is not a real calendar date; write an existing date as YYYY-MM-DD"
                )
            )
            return node.value
        if isinstance(value, datetime.datetime):
            raise _Unreadable(*_place(node), "write a date without a time, as YYYY-MM-DD", dotted(loc))
        return value
    if isinstance(node, SequenceNode):
        return [_walk(loader, item, loc + (index,), doc, depth + 1) for index, item in enumerate(node.value)]
    if not isinstance(node, MappingNode):  # pragma: no cover - the composer makes no other node
        raise _Unreadable(*_place(node), "this value cannot be read", dotted(loc))
    mapping: dict[Any, Any] = {}
    first_seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag not in _SCALARS:
            raise _Unreadable(
                *_place(key_node), "a field name must be a plain word followed by `:`", dotted(loc)
            )
        key = key_node.value
        if key in first_seen:
            raise _Unreadable(
                *_place(key_node),
                f"`{key}` appears twice in the same block (first on line {first_seen[key]}); "
                "keep one and delete the other",
                dotted(loc + (key,)),
            )
        first_seen[key] = key_node.start_mark.line + 1
        doc.keys[loc + (key,)] = _place(key_node)
        mapping[_SCALARS[key_node.tag](loader, key_node)] = _walk(
            loader, value_node, loc + (key,), doc, depth + 1
        )
    return mapping
