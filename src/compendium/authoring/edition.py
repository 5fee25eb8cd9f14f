"""`compendium new-edition NAME`: start the next edition in data/edition.yml.

The current edition becomes an earlier one (with its date, so What's new and the feed
keep grouping its changes under it), and NAME becomes the edition that records may now
say they are `new_in`, `revised_in` or `retired_in`. The file keeps its comments and
layout: only the lines that change are written.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from ..load import read_yaml
from ..registries import Edition
from ..typed import typed_model
from .project import AuthoringError

EDITION_FILE = Path("data") / "edition.yml"
_EDITION = re.compile(r"^edition:[ \t]*(.*)$", re.MULTILINE)
_AS_OF = re.compile(r"^as_of:[ \t]*(.*)$", re.MULTILINE)
_EARLIER = re.compile(r"^earlier_editions:[ \t]*(\[\])?[ \t]*$", re.MULTILINE)
_NAME = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.-]{0,19}$")


def new_edition_text(text: str, current: Edition, name: str, as_of: datetime.date) -> str:
    """data/edition.yml's text with `name` as the edition and the current one as earlier."""
    if not _NAME.fullmatch(name):
        raise AuthoringError(f"`{name}` is not an edition name; write it like the others, e.g. 2027")
    known = [e.edition for e in current.earlier_editions] + [current.edition]
    if name in known:
        raise AuthoringError(f"Edition {name} exists already (editions: {', '.join(known)})")
    if as_of < current.as_of:
        raise AuthoringError(
            f"--as-of {as_of} is before Edition {current.edition}'s date ({current.as_of}); "
            "an edition comes after the one before it"
        )
    earlier = f'  - {{edition: "{current.edition}", as_of: {current.as_of.isoformat()}}}\n'
    text = _EDITION.sub(f'edition: "{name}"', text, count=1)
    text = _AS_OF.sub(f"as_of: {as_of.isoformat()}", text, count=1)
    block = _EARLIER.search(text)
    if block is None:  # the first earlier edition: the list starts after `as_of`
        end = _AS_OF.search(text).end() + 1  # type: ignore[union-attr]
        return text[:end] + "earlier_editions:\n" + earlier + text[end:]
    if block.group(1):  # `earlier_editions: []`
        return text[: block.start()] + "earlier_editions:\n" + earlier.rstrip("\n") + text[block.end() :]
    # After the last item of the list: the lines indented under it.
    end = block.end() + 1
    for line in text[end:].splitlines(keepends=True):
        if not line.startswith((" ", "\t")) or not line.strip():
            break
        end += len(line)
    return text[:end] + earlier + text[end:]


def new_edition(root: Path, name: str, as_of: datetime.date | None = None) -> Path:
    """Write the new edition into data/edition.yml; the file's path."""
    path = root / EDITION_FILE
    doc, problems = read_yaml(path, EDITION_FILE.as_posix())
    current, found = typed_model(doc, Edition) if doc is not None else (None, [])
    if current is None:
        shown = "\n".join(str(p) for p in problems + found)
        raise AuthoringError(f"fix data/edition.yml first (run ./dev validate):\n{shown}", exit_code=1)
    text = new_edition_text(path.read_text(encoding="utf-8"), current, name, as_of or datetime.date.today())
    # What is written must read back as the edition asked for.
    scratch = path.with_name(".edition.yml.new")
    scratch.write_text(text, encoding="utf-8", newline="\n")
    try:
        written, problems = read_yaml(scratch, EDITION_FILE.as_posix())
        edition, found = typed_model(written, Edition) if written is not None else (None, problems)
        if edition is None or edition.edition != name:  # pragma: no cover - a bug, not a mistake
            raise AuthoringError(f"could not write the new edition: {problems + found}", exit_code=1)
        scratch.replace(path)
    finally:
        scratch.unlink(missing_ok=True)
    return path
