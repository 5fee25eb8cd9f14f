"""The "Share a practice" GitHub issue form (`compendium issue-form`), written from data/ so its
lists of chapters, member administrations and topics stay those of the registries.

ISSUE_FIELDS is what the form asks and `compendium import-issue` reads back: the headings
GitHub writes into an issue made with the form are these labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..kinds import KINDS
from ..registries import Chapter
from .project import Project, load_project
from .template import max_length

ISSUE_FORM = Path(".github") / "ISSUE_TEMPLATE" / "share-a-practice.yml"


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
NO_RESPONSE = "_No response_"  # what GitHub writes under the heading of an unanswered field


def chapter_option(chapter: Chapter) -> str:
    return f"{chapter.number}. {chapter.title}"


def issue_form(project: Project) -> dict[str, Any]:
    """The GitHub issue form, with the chapters, members and topics of data/."""
    by_id = {f.id: f for f in ISSUE_FIELDS}
    practice = KINDS["practice"].model

    def field(kind: str, fid: str, description: str, **attributes: Any) -> dict[str, Any]:
        spec = by_id[fid]
        return {
            "type": kind,
            "id": fid,
            "attributes": {"label": spec.label, "description": description, **attributes},
            "validations": {"required": spec.required},
        }

    return {
        "name": "Share a practice",
        "description": "Propose a training-management practice of your administration for the Compendium. "
        "An editor turns it into a draft case.",
        "title": "Practice: ",
        "labels": ["new practice"],
        "body": [
            {
                "type": "markdown",
                "attributes": {
                    "value": (
                        "Thank you for sharing a practice. Fill in the fields below in plain English; "
                        "an editor of the ROCB A/P turns your answers into a draft case of the Compendium "
                        "and asks you before anything is published.\n\n"
                        "**Please note:** this issue itself can be read by everyone who can see this "
                        "repository. If the repository is public and your practice must stay anonymous, "
                        "or you would rather not show your name here, send the practice to the ROCB A/P "
                        "by e-mail instead."
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
                "A short title, as it should appear on the page"
                f" (at most {max_length(practice, 'title')} characters).",
                placeholder="e.g. A Three-Pillar Approach to Training Course",
            ),
            field(
                "textarea",
                "summary",
                "One or two sentences that say what the practice is; shown in lists and search results"
                f" (at most {max_length(practice, 'summary')} characters).",
                placeholder="e.g. An administration trains through off-the-job training, on-the-job training "
                "and self-development.",
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
                "if you know them, e.g. "
                "`Framework of Principles and Practices on Customs Professionalism, p. 80`.",
                placeholder="One publication per line.",
            ),
            field(
                "input",
                "contact",
                "Your name and e-mail address, so that an editor can ask you questions. The "
                "Compendium never publishes it, but this issue shows it to everyone who can see the "
                "repository.",
                placeholder="e.g. A. Officer, a.officer@customs.example",
            ),
            {
                "type": "checkboxes",
                "id": "permission",
                "attributes": {
                    "label": PERMISSION_LABEL,
                    "description": "Practices are published under the ROCB A/P's name, with or without "
                    "your administration's name as you chose above.",
                    "options": [
                        {
                            "label": "My administration agrees that the ROCB A/P publishes this practice "
                            "in the Compendium.",
                            "required": True,
                        }
                    ],
                },
            },
        ],
    }


class _FormDumper(yaml.SafeDumper):
    """Block lists indented under their key, and multi-line text as `|` blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|" if "\n" in data else None)


_FormDumper.add_representer(str, _represent_str)

# The committed form starts with these lines; changing them changes the form, so run
# `compendium issue-form` and commit the form with the change.
_HEADER = (
    '# The "Share a practice" GitHub issue form. Generated from data/ by `compendium issue-form`:\n'
    "# change src/compendium/authoring.py or the registries, then run the command again.\n"
    "# `compendium import-issue` turns an issue made with this form into a draft record.\n"
)


def issue_form_text(project: Project) -> str:
    return _HEADER + yaml.dump(
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
