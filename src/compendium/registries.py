"""The registries: one YAML file each, directly under data/ (the edition and its chapters,
members, sources, the glossary, topic tags)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .kinds import KINDS, KindName
from .model import Date, Line, MemberCode, Slug, Strict, Summary


class Chapter(Strict):
    """A part of the edition: a numbered chapter, or front matter and annexes with a label."""

    number: int = Field(
        ge=0,
        description=(
            "0 for front matter, 1-9 for chapters, "
            "10-19 for annexes, 20 and above for companion publications."
        ),
    )
    label: str | None = Field(None, description='How the part is named, e.g. "Annex 1"; default "Chapter N".')
    slug: Slug
    title: Line
    summary: Summary
    intro: str = Field("", description="Markdown shown before the first section.")
    sections: list[KindName] = Field(
        min_length=1, description="Sections of the chapter, in the edition's order."
    )
    section_titles: dict[KindName, Line] = Field(
        default_factory=dict,
        description='Headings that differ from the usual ones, e.g. {wco-tool: "WCO Initiatives"}.',
    )

    @property
    def part_name(self) -> str:
        """`Chapter 6`, or the part's own label, e.g. `Annex 1`."""
        return self.label or f"Chapter {self.number}"

    @property
    def reference(self) -> str:
        """How lists refer to the part: `Chapter 6: Trainer`."""
        return f"{self.part_name}: {self.title}"

    def section_title(self, kind: str) -> str:
        """The heading of the section of records of `kind`; "" for none (text)."""
        return self.section_titles.get(kind, KINDS[kind].section_title)

    @property
    def numbered(self) -> bool:
        """Chapters are numbered; front matter, annexes and companion parts have a label."""
        return self.label is None

    @property
    def part(self) -> Literal["front", "main", "companion"]:
        """Where the part stands in the book: front matter before the contents, companion
        publications after the annexes and the glossary."""
        if self.number == 0:
            return "front"
        return "companion" if self.number >= 20 else "main"


class GlossaryHeading(Strict):
    label: str | None = Field(None, description='How the edition names the glossary\'s part, e.g. "Annex 3".')
    title: Line = Field(description='e.g. "Acronyms and glossary".')


class EarlierEdition(Strict):
    edition: Line
    as_of: Date


class Edition(Strict):
    """data/edition.yml: the edition and its chapters."""

    title: Line
    edition: Line = Field(description='Name of the edition, e.g. "2026".')
    as_of: Date
    earlier_editions: list[EarlierEdition] = Field(
        default_factory=list, description="Editions before this one, oldest first."
    )
    publisher: Line
    repository: Literal["public", "private"] = Field(
        "public",
        description=(
            "Who can read this repository. `public` (the default, as for a site on GitHub Pages): "
            "the validator refuses what must stay confidential (the member of an anonymous record, "
            "an editor's contact), since anyone can read the files. `private`: those fields may be "
            "kept in the records; they are still never published."
        ),
    )
    chapters: list[Chapter] = Field(min_length=1)
    glossary: GlossaryHeading = Field(description="How the edition heads its glossary (data/glossary.yml).")


class Member(Strict):
    code: MemberCode
    name: Line = Field(description='Name as the compendium writes it, e.g. "Hong Kong, China".')


class Members(Strict):
    """data/members.yml: member administrations of the Asia/Pacific region."""

    members: list[Member]


class Source(Strict):
    id: Slug
    title: Line
    publisher: Line
    year: int | None = Field(
        None, ge=1950, le=2100, description="Year of publication; leave out when the sources give none."
    )
    kind: Literal["wco-tool", "survey", "report", "news", "programme"]
    url: str | None = Field(None, pattern=r"^https://\S+$")
    about: str = Field("", description="What the publication is, in a sentence or two.")


class Sources(Strict):
    """data/sources.yml: publications that records cite."""

    sources: list[Source]


class Term(Strict):
    term: Line = Field(description="The term written out, e.g. Human Resource Management.")
    abbr: str | None = Field(
        None, pattern=r"^\S(?:.*\S)?$", max_length=20, description="Its acronym, e.g. HRM."
    )
    definition: str = Field("", description="What it means, in a sentence or two.")


class Glossary(Strict):
    """data/glossary.yml: acronyms and terms."""

    terms: list[Term]


class Tag(Strict):
    id: Slug
    label: Line
    description: str = ""


class Tags(Strict):
    """data/tags.yml: the controlled list of topic tags."""

    tags: list[Tag]


REGISTRIES: dict[str, type[Strict]] = {
    "edition.yml": Edition,
    "members.yml": Members,
    "sources.yml": Sources,
    "glossary.yml": Glossary,
    "tags.yml": Tags,
}
