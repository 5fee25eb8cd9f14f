"""The self-assessment page (/self-assessment/): "Where does your administration stand?"

Its questions are the survey figures that editors mark with `question:` (model.Question):
their wording, whether a Yes or a No is a gap, and the topics of what to read next are
data. Here they are gathered in the edition's order, grouped by chapter, with the region's
share for each answer and, for a gap, the records of the question's chapter that carry its
topics. The page's script (docs/assets/self-assessment.js) only shows and hides what this
module worked out; the answers stay in the reader's browser.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..compendium import Compendium
from ..model import AnyRecord, Figure
from ..model import Question as QuestionField
from ..registries import Chapter

URI = "self-assessment.md"
TITLE = "Where does your administration stand?"

# What a gap leads to, in this order: the WCO tools first, then how members do it, what
# they said, and the ROCB A/P's recommendations.
READING_KINDS = ("wco-tool", "practice", "discussion", "one-step-forward")
READING_PER_KIND = 3  # the records sharing most of the question's topics; the chapter has the rest

# The other side of a figure the edition gives without an exact number: if "nearly 80%"
# answer Yes, "more than 20%" answer No.
_OTHER_SIDE = {
    None: None,
    "more than": "less than",
    "less than": "more than",
    "nearly": "more than",
    "about": "about",
}


@dataclass(frozen=True)
class Share:
    value: float  # percent of responding administrations
    text: str  # as readers see it: "73%", "more than 20%"


@dataclass(frozen=True)
class Reading:
    """Records of one kind to read for a gap."""

    kind: str
    title: str  # the chapter's section title, e.g. "Members' practices"
    records: tuple[AnyRecord, ...]


@dataclass(frozen=True)
class Question:
    id: str
    ask: str
    chapter: int
    survey: AnyRecord  # the survey record the figure belongs to
    figure: Figure
    gap: Literal["yes", "no"]  # the answer that is a gap
    yes: Share
    no: Share
    yes_group: str
    no_group: str
    topics: tuple[str, ...]
    reading: tuple[Reading, ...]

    def share(self, answer: Literal["yes", "no"]) -> Share:
        return self.yes if answer == "yes" else self.no

    def sentence(self, answer: Literal["yes", "no"]) -> str:
        """Where an administration that answers `answer` stands, e.g. "You are among the 27%
        of responding administrations without a training policy."."""
        group = self.yes_group if answer == "yes" else self.no_group
        return f"You are among the {self.share(answer).text} of responding administrations {group}."

    def finding(self) -> str:
        """The figure as the survey states it, e.g. "73% have a training policy"."""
        return f"{self.yes.text}: {self.figure.label}"


@dataclass(frozen=True)
class ChapterQuestions:
    chapter: Chapter
    anchor: str  # id of the chapter's group on the page
    questions: tuple[Question, ...]


def _share(value: float, qualifier: str | None) -> Share:
    return Share(value, f"{qualifier + ' ' if qualifier else ''}{value:g}%")


def reading(compendium: Compendium, chapter: int, topics: tuple[str, ...]) -> tuple[Reading, ...]:
    """What to read for a gap: records of `chapter` (or illustrating it) of each reading kind
    that carry at least one of `topics`, most topics shared first, then in the edition's order."""
    wanted = set(topics)
    found = []
    for kind in READING_KINDS:
        candidates = compendium.section(chapter, kind) + [
            r for r in compendium.also_in(chapter) if r.kind == kind
        ]
        shared = [(len(wanted & set(r.tags)), place, r) for place, r in enumerate(candidates)]
        ranked = [r for n, _, r in sorted(shared, key=lambda s: (-s[0], s[1])) if n]
        if ranked:
            title = compendium.chapter(chapter).section_title(kind)
            found.append(Reading(kind, title, tuple(ranked[:READING_PER_KIND])))
    return tuple(found)


def _complete(question: QuestionField | None) -> bool:
    # The checker refuses a question without its wording; none half-worded reaches the page.
    return question is not None and all(
        getattr(question, name) for name in ("id", "ask", "measures", "yes_group", "no_group")
    )


def questions(compendium: Compendium) -> list[Question]:
    """Every figure marked as a question, in the edition's order (chapters, sections, records,
    figures)."""
    out = []
    for record in compendium.current:
        for figure in getattr(record, "figures", []):
            q = figure.question
            if not _complete(q):
                continue
            assert q is not None and q.id and q.ask and q.yes_group and q.no_group
            topics = tuple(q.topics or record.tags)
            out.append(
                Question(
                    id=q.id,
                    ask=q.ask,
                    chapter=record.chapter,
                    survey=record,
                    figure=figure,
                    gap="no" if q.measures == "practice" else "yes",
                    yes=_share(figure.value, figure.qualifier),
                    no=_share(max(0.0, 100 - figure.value), _OTHER_SIDE[figure.qualifier]),
                    yes_group=q.yes_group,
                    no_group=q.no_group,
                    topics=topics,
                    reading=reading(compendium, record.chapter, topics),
                )
            )
    return out


def chapter_anchor(number: int) -> str:
    return f"chapter-{number}"


def by_chapter(compendium: Compendium) -> list[ChapterQuestions]:
    """The questions grouped by chapter, in the edition's order of chapters."""
    found = questions(compendium)
    groups = []
    for chapter in compendium.edition.chapters:
        mine = tuple(q for q in found if q.chapter == chapter.number)
        if mine:
            groups.append(ChapterQuestions(chapter, chapter_anchor(chapter.number), mine))
    return groups


def chapter_link(compendium: Compendium, number: int) -> str | None:
    """Where a chapter's survey section leads ("How does your administration compare?"):
    the chapter's questions on the page; None when the chapter asks none."""
    has_questions = any(
        _complete(figure.question)
        for record in compendium.current
        if record.chapter == number
        for figure in getattr(record, "figures", [])
    )
    return f"{URI}#{chapter_anchor(number)}" if has_questions else None


def page_context(compendium: Compendium) -> dict:
    groups = by_chapter(compendium)
    return dict(title=TITLE, groups=groups, count=sum(len(g.questions) for g in groups))
