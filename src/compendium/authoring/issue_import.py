"""`compendium import-issue FILE`: the body of a "Share a practice" issue as a draft practice
record, or every heading of the issue that is wrong, with what to write there instead.

The draft is typed by the practice model first; once written, the whole validator runs with
it in place, and the file is removed again if the validator finds problems in it.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..kinds import KINDS
from ..problems import CompendiumError, Problem
from ..registries import Chapter
from ..typed import did_you_mean
from .issue_form import ISSUE_FIELDS, NO_RESPONSE, PERMISSION_LABEL, chapter_option
from .project import AuthoringError, Project, load_project, slugify
from .template import WIDTH, record_text


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


@dataclass(frozen=True)
class IssueSection:
    label: str
    value: str  # "" when GitHub wrote _No response_
    line: int  # of its heading


@dataclass(frozen=True)
class Draft:
    """The record an issue makes, not yet written: where it goes, its text, and the issue's
    sections, to point the validator's complaints at the heading to fix."""

    path: Path
    text: str
    sections: dict[str, IssueSection]
    shown: str  # the issue's name in messages


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


def _read_issue_body(source: str) -> tuple[str, str, str | None]:
    """(text, name shown in messages, the issue's address or number if known) of FILE or
    `-`; `gh issue view N --json body,number,url` output works too, and names the issue."""
    if source == "-":
        text, shown = sys.stdin.read(), "(issue)"
    else:
        path = Path(source)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise AuthoringError(
                f"{source}: no such file; save the issue's text (Edit > copy everything) in a file, "
                "or pass - and paste it"
            ) from None
        except (OSError, UnicodeDecodeError) as error:
            raise AuthoringError(f"{source}: cannot be read as text ({error})") from None
        shown = path.name
    issue = None
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            data = None
        if isinstance(data, dict) and isinstance(data.get("body"), str):
            text = data["body"]
            issue = str(data.get("url") or (f"#{data['number']}" if data.get("number") else "")) or None
    return text, shown, issue


_EMAIL = re.compile(r"[^\s<>()\[\],;:]+@[^\s<>()\[\],;:]+\.[^\s<>()\[\],;:]+")
_PAGES = re.compile(
    r"^(?P<what>.*?)(?:[,;]?\s*(?:pp?\.|pages?)\s*(?P<pages>\d+(?:\s*-\s*\d+)?(?:\s*,\s*\d+(?:\s*-\s*\d+)?)*))?\s*$",
    re.IGNORECASE,
)


def _publication_and_pages(line: str) -> tuple[str, str | None]:
    """`Title, p. 80` -> (`Title`, `80`)."""
    match = _PAGES.match(line)
    return (match.group("what"), match.group("pages")) if match else (line, None)


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


def draft_from_issue(
    root: Path, source: str, today: datetime.date | None = None, issue: str | None = None
) -> Draft:
    """The draft practice an issue body makes; IssueProblems, with every problem of the
    issue at once, when the body cannot make a valid record. `issue` (a number or an
    address) is noted in the draft; `gh issue view --json body,number,url` gives it too."""
    text, shown, from_json = _read_issue_body(source)
    issue = issue or from_json
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
                    f"the heading `### {spec.label}` is missing; the issue must keep the headings GitHub "
                    "wrote from the form. Put the heading back, with the answer under it, or ask the "
                    'submitter to use the "Share a practice" form again',
                )
            continue
        if spec.required and not section.value.strip():
            problem(
                spec.label,
                f"is empty ({NO_RESPONSE}); it is required: write the answer under `### {spec.label}` "
                "(edit the issue), or ask the submitter for it",
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
                f"`{values['member']}` is not a member administration of data/members.yml; write a "
                f"name as listed there (e.g. {names[0]}) or its two-letter code, or add the member to "
                f"data/members.yml first.{did_you_mean(values['member'], names)}",
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
                f"`{values['attribution']}` is neither Named nor Anonymous; write `Named` (the "
                "administration is shown) or `Anonymous` (it stays private)",
            )
    if values.get("tags"):
        record["tags"] = []
        for given in [t.strip() for t in values["tags"].replace("\n", ",").split(",") if t.strip()]:
            tag = _match_tag(project, given)
            if tag is None:
                labels = [t.label for t in project.tags.tags]
                problem(
                    "Topics",
                    f"`{given}` is not a topic of data/tags.yml; remove it or use a listed topic."
                    + did_you_mean(given, labels),
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
                what, _ = _publication_and_pages(line)
                problem(
                    "Sources",
                    f"`{line}` is not a publication of data/sources.yml; write its title or id as "
                    "listed there, followed by the pages (e.g. `, p. 80`), or add the publication to "
                    f"data/sources.yml first.{did_you_mean(what, titles)}",
                    line=section.line + 1 + offset,
                )
            else:
                record["sources"].append(citation)
    contact = _parse_contact(values.get("contact", ""))
    if contact:
        record["contact"] = contact
    withheld = _withhold_confidential(project, record)
    # Every problem in one round: what the answers lack above, what the model and the whole
    # validator find in the record they make (checked in the first chapter with practices
    # when the chapter is the problem), each reported once, under its heading.
    place = chapter or project.chapters_with("practice")[0]
    record["chapter"] = place.number
    record["position"] = project.next_position(place.number, "practice")
    record["id"] = project.free_id(slugify(record.get("title", "")) or "shared-practice")
    came_from = f"Imported from issue {issue}." if issue else "The issue's number was not given."
    header = [
        f"A members' practice for {place.part_name} ({place.title}), imported from a",
        '"Share a practice" issue by `compendium import-issue`. Read it through, correct what',
        "needs correcting, run `./dev validate`, and set `status: published` when it is ready.",
        "Lines starting with # are notes for you; they are never published.",
        came_from,
        *withheld,
    ]
    path = project.folder(place) / f"{record['id']}.yml"
    draft = Draft(path, record_text("practice", record, header), sections, shown)
    reported = {p.field for p in problems}
    problems += [p for p in _model_problems(record, sections, shown) if p.field not in reported]
    reported = {p.field for p in problems}
    problems += [p for p in validator_problems(root, draft) if p.field not in reported]
    if problems:
        raise IssueProblems(sorted(dict.fromkeys(problems), key=lambda p: p.line))
    return draft


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


def _match_chapter(project: Project, given: str) -> Chapter | None:
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
    what, pages = _publication_and_pages(line)
    wanted = what.strip(" ,;").casefold()
    for source in project.sources.sources:
        if wanted in (source.id, source.title.casefold()):
            citation = {"source": source.id}
            if pages:
                citation["pages"] = re.sub(r"\s*-\s*", "-", re.sub(r"\s*,\s*", ", ", pages))
            return citation
    return None


def _heading_of(field_name: str) -> str:
    top = field_name.split(".")[0].split("[")[0]
    return next((f.label for f in ISSUE_FIELDS if f.record_field == top), field_name)


def _model_problems(record: dict[str, Any], sections: dict[str, IssueSection], shown: str) -> list[Problem]:
    """The record as the model sees it; its complaints pointed at the issue's headings."""
    problems: list[Problem] = []
    try:
        KINDS["practice"].model.model_validate(record)
    except ValidationError as error:
        for e in error.errors(include_url=False):
            label = _heading_of(str(e["loc"][0]) if e["loc"] else "")
            section = sections.get(label)
            ctx = e.get("ctx") or {}
            message = str(e["msg"]).removeprefix("Value error, ")
            if e["type"] == "string_too_long":
                length, limit = len(str(e["input"])), ctx.get("max_length")
                message = f"is too long ({length} characters); shorten it to at most {limit}"
            problems.append(Problem(shown, section.line if section else 1, 1, label, message))
    return problems


def validator_problems(root: Path, draft: Draft) -> list[Problem]:
    """What the whole validator says of the draft, with its file in place for the check
    (under a name of its own, removed again), pointed at the issue's headings."""
    from ..check import build_compendium  # the validator, loaded only when an issue is imported

    trial = draft.path.with_name(f".import-check-{os.getpid()}.yml")
    text = draft.text.replace(f"id: {draft.path.stem}\n", f"id: {trial.stem}\n", 1)
    written = trial.relative_to(root).as_posix()
    trial.parent.mkdir(parents=True, exist_ok=True)
    trial.write_text(text, encoding="utf-8")
    try:
        build_compendium(root)
        return []
    except CompendiumError as error:
        mine = [p for p in error.problems if p.path == written and p.field != "id"]
    finally:
        trial.unlink(missing_ok=True)
    problems = []
    for p in mine:
        label = _heading_of(p.field)
        section = draft.sections.get(label)
        problems.append(Problem(draft.shown, section.line if section else 1, 1, label, p.message))
    return problems
