"""Typed records and registries: what a valid YAML file may say, field by field.

The models check one file at a time (types, enums, formats). Everything that needs more
than one file (references, unique ids, case order) is the job of `check`. Descriptions
here are written for editors: they appear in the JSON Schemas their editor shows.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MEMBER_PATTERN = r"^[A-Z]{2}$"
PAGES_PATTERN = r"^\d+(?:-\d+)?(?:, ?\d+(?:-\d+)?)*$"


def _matching(pattern: str, advice: str):
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise ValueError(advice)
        return value

    return AfterValidator(check)


def _not_a_number(value: object) -> object:
    # Pydantic would take a number for seconds since 1970 (`added: 0` is 1970-01-01).
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError("write the date as YYYY-MM-DD, e.g. 2026-05-20")
    return value


Date = Annotated[datetime.date, BeforeValidator(_not_a_number)]

Slug = Annotated[
    str,
    Field(max_length=80, json_schema_extra={"pattern": SLUG_PATTERN}),
    _matching(
        SLUG_PATTERN, "use only lower-case letters, digits and single hyphens, e.g. `annual-training-plan`"
    ),
]
MemberCode = Annotated[
    str,
    Field(
        json_schema_extra={"pattern": MEMBER_PATTERN},
        description="Two-letter code of a member administration, as listed in data/members.yml, e.g. MY.",
    ),
    _matching(
        MEMBER_PATTERN, "use the member's two capital letters from data/members.yml, e.g. `MY` for Malaysia"
    ),
]
Pages = Annotated[
    str,
    Field(
        json_schema_extra={"pattern": PAGES_PATTERN},
        description='Page or pages cited, e.g. "80" or "102-106" or "80, 83".',
    ),
    _matching(PAGES_PATTERN, 'write pages as digits, e.g. "80", "102-106" or "80, 83" (in double quotes)'),
]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Line = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    # A line break in a title would end its heading and start a paragraph.
    _matching(r"[^\n\r]*", "write this on one line; remove the line break"),
]
Summary = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class Strict(BaseModel):
    """Every model refuses unknown fields: a misspelt field is an error, not silently ignored."""

    # allow_inf_nan: `.inf` and `.nan` are YAML numbers, but no figure of the edition.
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False)


# ----------------------------------------------------------------------------------------
# Parts of records


class Citation(Strict):
    """A reference to a publication in data/sources.yml, with the pages cited."""

    source: Slug = Field(description="Id of the publication in data/sources.yml.")
    pages: Pages | None = None

    @property
    def pages_cited(self) -> str:
        """ "p. 80" or "pp. 102-106"; "" when no pages are given."""
        if not self.pages:
            return ""
        return ("pp. " if "-" in self.pages or "," in self.pages else "p. ") + self.pages


class Image(Strict):
    """A figure of the record. When the edition credits a figure that is not available, set `missing: true`."""  # noqa: E501 - the schemas' description, one line: a line break would change schemas/*.json

    path: str | None = Field(
        None, description="Image file inside the repository, e.g. data/images/ch1-plan.png."
    )
    alt: NonEmpty = Field(description="What the image shows, for readers who cannot see it. Required.")
    caption: str | None = None
    credit_member: MemberCode | None = Field(
        None, description="Member administration credited for the figure."
    )
    credit: Line | None = Field(
        None, description="Who else the figure is credited to, in words (e.g. a publication)."
    )
    missing: bool = Field(
        False, description="true when the edition credits this figure but the image is not available."
    )


class Table(Strict):
    """A table of the edition (course plan, ADDIE phases, evaluation levels), as rows of cells."""

    caption: Line
    columns: list[NonEmpty] = Field(min_length=1)
    rows: list[list[str]] = Field(min_length=1, description="Each row lists one cell per column.")
    note: str | None = None


class Question(Strict):
    """Asks readers about the figure on the self-assessment page (/self-assessment/): they answer
    for their own administration and see the region's share beside their answer. Mark only
    percentages of all responding administrations."""

    # The wording is checked by rules.py (with a message saying what the page needs);
    # editors' schemas ask for it as they type.
    model_config = ConfigDict(
        json_schema_extra={"required": ["id", "ask", "measures", "yes_group", "no_group"]}
    )

    id: Slug | None = Field(
        None,
        description="Short name of the answer in the page's address, unique in the compendium, e.g. "
        "`training-policy`. Required. Keep it once published: saved links to results use it.",
    )
    ask: Line | None = Field(
        None,
        description='The question, ending with "?", e.g. "Does your administration have a written '
        'training policy?". Required.',
    )
    measures: Literal["practice", "challenge"] | None = Field(
        None,
        description="practice: the figure counts administrations that do something, so answering No is "
        "a gap; challenge: it counts those who find something hard, so answering Yes is a gap. Required.",
    )
    yes_group: Line | None = Field(
        None,
        description='Those who answer Yes, as the page ends "You are among the 73% of responding '
        'administrations …", e.g. "with a training policy". Required.',
    )
    no_group: Line | None = Field(
        None,
        description='Those who answer No, as the page ends "You are among the 27% of responding '
        'administrations …", e.g. "without a training policy". Required.',
    )
    topics: list[Slug] = Field(
        default_factory=list,
        description="Topics (data/tags.yml) of what the page recommends to read for a gap: the chapter's "
        "WCO tools, members' practices, discussion and One Step Forward carrying them. The survey's "
        "own tags when left out.",
    )


class Figure(Strict):
    """One survey figure, e.g. 73 percent of responding administrations have a training policy."""

    label: NonEmpty = Field(description="What was measured, in plain words.")
    value: float = Field(ge=0)
    qualifier: Literal["more than", "less than", "about", "nearly"] | None = Field(
        None,
        description='When the edition gives no exact figure, in its words: "more than" 20%, "nearly" 80%.',
    )
    unit: Literal["percent", "count"] = "percent"
    base: str | None = Field(None, description="Who the figure counts, when not all respondents.")
    question: Question | None = Field(
        None, description="Makes the figure a question of the self-assessment page, with its wording."
    )


class Contact(Strict):
    """The editor who submitted the record. Confidential: never published."""

    name: NonEmpty
    email: str | None = None


# ----------------------------------------------------------------------------------------
# Records: one YAML file each, under data/cases/


class Record(Strict):
    """Fields every record has."""

    id: Slug = Field(
        description="Stable id; equal to the file name without .yml. Pages keep this address forever."
    )
    kind: str  # each kind narrows it to its own name (see kinds.py)
    chapter: int = Field(
        ge=0, description="Chapter number, as in data/edition.yml (0 front matter, 10+ annexes)."
    )
    position: int = Field(
        ge=1,
        description=(
            "Place inside its chapter section, in the edition's order. "
            "Case numbers are derived from it; leave gaps (10, 20, 30) to insert later."
        ),
    )
    title: Line
    summary: Summary = Field(description="One or two sentences shown in lists and search results.")
    body: str = Field("", description="The text, in Markdown. Write [[HRM]] to link a glossary term.")
    tags: list[Slug] = Field(default_factory=list, description="Topic tags from data/tags.yml.")
    related: list[Slug] = Field(default_factory=list, description="Ids of related records.")
    also_in: list[int] = Field(
        default_factory=list,
        description="Other chapters this record illustrates; it is listed on their pages too.",
    )
    sources: list[Citation] = Field(default_factory=list)
    attribution: Literal["named", "anonymous", "none"] = Field(
        "none",
        description=(
            "named: the member is shown; anonymous: the member is never published; "
            "none: not a member's record."
        ),
    )
    member: MemberCode | None = Field(
        None, description="The member administration. For an anonymous record it stays private."
    )
    partners: list[MemberCode] = Field(
        default_factory=list,
        description=(
            "Other member administrations a named record is credited to; it is listed on their pages too."
        ),
    )
    images: list[Image] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    status: Literal["draft", "published"] = Field(
        description="draft records are checked but never published."
    )
    added: Date = Field(description="Date the record was added, YYYY-MM-DD.")
    updated: Date | None = Field(None, description="Date of the last change of substance, YYYY-MM-DD.")
    contact: Contact | None = Field(
        None, description="Who to ask about this record. Confidential: never published."
    )
    new_in: Line | None = Field(None, description='Edition the record first appeared in, e.g. "2026".')
    revised_in: Line | None = Field(None, description="Edition in which the record was last revised.")
    revision_note: Summary | None = Field(
        None,
        description="What changed when the record was revised (`revised_in`), in a sentence; shown on "
        'its page, e.g. "Figures updated with the 2025 survey."',
    )
    retired_in: Line | None = Field(
        None,
        description=(
            "Edition from which the record is withdrawn. It keeps its address, with a notice, "
            "but leaves the chapter's numbering."
        ),
    )


class Practice(Record):
    """A member's practice: the edition's "Case N"; or text the edition prints among the cases."""

    kind: Literal["practice"]
    attribution: Literal["named", "anonymous", "none"] = Field(
        description=(
            "named: the member is shown; anonymous: the member is never published. Both make a"
            ' numbered case ("Case N"). none: text the edition prints among the members\' practices'
            " without a case number (an introduction to the cases, a survey finding); it keeps its"
            " place by `position` but takes no number, and the cases after it keep theirs."
        )
    )


class WcoTool(Record):
    """An excerpt of a WCO tool, restated, with its citation."""

    kind: Literal["wco-tool"]
    sources: list[Citation] = Field(min_length=1)


class Discussion(Record):
    """Points raised in the members' discussion."""

    kind: Literal["discussion"]


class Survey(Record):
    """Figures from a survey."""

    kind: Literal["survey"]
    year: int = Field(ge=1990, le=2100, description="Year the survey was run.")
    figures: list[Figure] = Field(min_length=1)
    sources: list[Citation] = Field(min_length=1)


class Highlight(Record):
    """Key highlights of an RTC Heads Meeting."""

    kind: Literal["highlight"]
    meeting: Line = Field(description='The meeting, e.g. "23rd RTC Heads Meeting".')


class OneStepForward(Record):
    """The ROCB A/P's recommendations that close a chapter."""

    kind: Literal["one-step-forward"]


class Text(Record):
    """Prose of the edition outside the chapter sections: messages, introduction, annex notes."""

    kind: Literal["text"]
    byline: str | None = Field(None, description='Who signed it, e.g. "Jun Tajima, Head of the ROCB A/P".')


class Example(Record):
    """An attributed example from a companion publication, such as a follow-up report."""

    kind: Literal["example"]


class Event(Record):
    """A dated event (meeting, workshop) shown on the timeline."""

    kind: Literal["event"]
    date: Date = Field(description="First day of the event, YYYY-MM-DD.")
    precision: Literal["day", "month"] = Field(
        "day", description="month: only the month is known; write the 1st as the day."
    )
    end: Date | None = Field(None, description="Last day, when it lasted more than one day.")
    place: str | None = Field(None, description='Where it was held, e.g. "online" or "Bangkok, Thailand".')


# Any record: what the kinds have in common. Code that needs a kind's own fields checks
# `record.kind` first (kinds.py lists the kinds).
AnyRecord = Record
