"""Help editors add records without starting from a blank file.

- `compendium new KIND --chapter N` writes a record from a template made from the record
  models themselves: every field of the kind, each with its description as a comment, so
  the template cannot drift from what `compendium validate` accepts (new.py, template.py).
- `compendium import-issue FILE` turns the body of a "Share a practice" GitHub issue into
  a draft practice record, or says which heading of the issue is wrong (issue_import.py).
- `compendium issue-form` writes that issue form from data/, so its lists of chapters,
  member administrations and topics stay those of the registries (issue_form.py).

project.py reads what the commands need of the project. Nothing here decides what is
valid: the models and `check` do. This package only writes files they accept, and
refuses, before writing anything, what they would refuse.

This module is the commands' side facing the editor: their arguments, what they print,
and the files they write.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from collections.abc import Callable
from pathlib import Path

from ..kinds import KINDS
from .edition import new_edition
from .issue_form import (
    ANONYMOUS_OPTION,
    ISSUE_FIELDS,
    ISSUE_FORM,
    NAMED_OPTION,
    NO_RESPONSE,
    PERMISSION_LABEL,
    IssueField,
    issue_form,
    issue_form_text,
    write_issue_form,
)
from .issue_import import Draft, IssueProblems, draft_from_issue, issue_sections
from .new import new_record_file
from .project import AuthoringError, Project, load_project, slugify
from .template import REPLACE, describe, fields_in_order, item_model, record_text, replace_lines

__all__ = [
    "ANONYMOUS_OPTION",
    "COMMANDS",
    "ISSUE_FIELDS",
    "ISSUE_FORM",
    "NAMED_OPTION",
    "NO_RESPONSE",
    "PERMISSION_LABEL",
    "REPLACE",
    "AuthoringError",
    "Draft",
    "IssueField",
    "IssueProblems",
    "Project",
    "add_commands",
    "describe",
    "fields_in_order",
    "import_issue",
    "issue_form",
    "issue_form_text",
    "issue_sections",
    "item_model",
    "load_project",
    "new_record",
    "record_text",
    "replace_lines",
    "run",
    "slugify",
    "write_issue_form",
]

COMMANDS = ("new", "import-issue", "issue-form", "new-edition")


def write_file(path: Path, text: str) -> None:
    """Create `path` holding `text`: never over an existing file, and never left half-written.

    Every record file of these commands is written here, with this module's `open`, which
    tests replace to play a read-only folder or a full disk (tests/test_build_safety.py).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    out = open(path, "x", encoding="utf-8", newline="\n")  # never overwrite
    try:
        with out:
            out.write(text)
    except BaseException:  # a full disk: no half-written record left behind
        path.unlink(missing_ok=True)
        raise


def new_record(
    root: Path,
    kind: str,
    chapter_number: int,
    title: str | None = None,
    record_id: str | None = None,
    today: datetime.date | None = None,
) -> tuple[Path, str]:
    """`compendium new`: write a new record file from the template; its path and text."""
    path, text = new_record_file(root, kind, chapter_number, title, record_id, today)
    write_file(path, text)
    return path, text


def import_issue(
    root: Path, source: str, today: datetime.date | None = None, issue: str | None = None
) -> tuple[Path, str]:
    """`compendium import-issue`: write a draft practice from an issue body, its path and
    text; IssueProblems, with nothing written, when the body cannot make a valid record."""
    draft = draft_from_issue(root, source, today, issue)
    write_file(draft.path, draft.text)
    return draft.path, draft.text


# ----------------------------------------------------------------------------------------
# The command line: called from compendium.cli


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], project_root: Callable[[str], Path]
) -> None:
    """Add `new`, `import-issue` and `issue-form` to the `compendium` command's subparsers;
    `project_root` is the `--root` argument type of the other commands."""
    new = commands.add_parser("new", help="write a new record file from a template, ready to fill in")
    new.add_argument("kind", help=f"the kind of record: {', '.join(KINDS)}")
    new.add_argument("--chapter", type=int, required=True, help="chapter number, as in data/edition.yml")
    new.add_argument("--title", help="the record's title; the id and file name are made from it")
    new.add_argument(
        "--id", dest="record_id", help="the id (and file name) to use instead of one made from the title"
    )
    new.add_argument(
        "--root", type=project_root, default=".", help="project folder holding data/ (default: here)"
    )
    issue = commands.add_parser(
        "import-issue", help='turn a "Share a practice" issue into a draft practice record'
    )
    issue.add_argument(
        "file",
        help="the issue's text saved in a file (or `gh issue view N --json body` output); "
        "- reads it from the keyboard or a pipe",
    )
    issue.add_argument(
        "--issue",
        help="the issue's number or address, noted in the draft (gh's --json body,number,url gives it)",
    )
    issue.add_argument(
        "--root", type=project_root, default=".", help="project folder holding data/ (default: here)"
    )
    edition = commands.add_parser(
        "new-edition", help="start the next edition: the current one becomes an earlier edition"
    )
    edition.add_argument("name", help='the new edition\'s name, e.g. "2027"')
    edition.add_argument(
        "--as-of",
        type=datetime.date.fromisoformat,
        default=None,
        help="the date the edition is current as of, YYYY-MM-DD (default: today); it can be changed later",
    )
    edition.add_argument(
        "--root", type=project_root, default=".", help="project folder holding data/ (default: here)"
    )
    form = commands.add_parser("issue-form", help=f"write {ISSUE_FORM.as_posix()} from data/")
    form.add_argument("--root", type=project_root, default=".", help="project folder (default: here)")
    form.add_argument(
        "--check", action="store_true", help="only report whether the committed form is current"
    )


def run(args: argparse.Namespace) -> int:
    """Carry out one of the authoring commands; the exit code."""
    try:
        if args.command == "new":
            return _new(args)
        if args.command == "import-issue":
            path, _ = import_issue(args.root, args.file, issue=args.issue)
            shown = path.relative_to(args.root).as_posix()
            print(f"Wrote {shown}, a draft. Read it through, run `./dev validate`,")
            print("and set `status: published` when the practice is ready to appear on the site.")
            return 0
        if args.command == "issue-form":
            return _issue_form(args)
        if args.command == "new-edition":
            new_edition(args.root, args.name, args.as_of)
            print(f"data/edition.yml: Edition {args.name} is now the current edition.")
            print(f'Records may now say `revised_in: "{args.name}"`, `new_in` or `retired_in` with it.')
            return 0
    except IssueProblems as error:
        print(error.report(), file=sys.stderr)
        return 1
    except AuthoringError as error:
        print(f"compendium {args.command}: {error}", file=sys.stderr)
        return error.exit_code
    raise ValueError(f"not an authoring command: {args.command}")  # pragma: no cover


def _new(args: argparse.Namespace) -> int:
    path, text = new_record(args.root, args.kind, args.chapter, args.title, args.record_id)
    print(f"Wrote {path.relative_to(args.root).as_posix()}.")
    todo = replace_lines(text)
    if todo:
        lines = ", ".join(f"{n} ({name})" for n, name in todo)
        print(f"Fill in the values marked {REPLACE} on lines {lines},")
        print("then run `./dev validate` (or `compendium validate`) to check the file.")
    return 0


def _issue_form(args: argparse.Namespace) -> int:
    if not args.check:
        write_issue_form(args.root)
        print(f"wrote {ISSUE_FORM.as_posix()}")
        return 0
    if write_issue_form(args.root, check=True):
        print(f"{ISSUE_FORM.as_posix()} is current.")
        return 0
    print(
        f"{ISSUE_FORM.as_posix()} is out of date; run `compendium issue-form` and commit the result",
        file=sys.stderr,
    )
    return 1
