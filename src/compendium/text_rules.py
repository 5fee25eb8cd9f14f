"""What record text may say, checked in every text value of a file: no raw HTML, links
only to the web or e-mail, glossary references that resolve, no control characters.

The renderer does not rely on these checks (see safe.py); they are here so that an editor
learns, at the exact line and column, what to change.
"""

from __future__ import annotations

import html
import re

from .load import Document, Loc, dotted
from .problems import Problem

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
    return scheme is not None and scheme.group(1) not in SAFE_SCHEMES


def rule_text(record, doc, ctx, problems):
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
                            f"`[[{match.group(1)}]]` is not in data/glossary.yml; "
                            "add the term there or remove the brackets",
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
                        f"raw HTML `{match.group(0)[:40]}` is not allowed; "
                        "use Markdown (**bold**, lists, [links](https://...)) instead",
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
                            "links must start with https:// (or http://, mailto:); "
                            "script and data links are refused",
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
