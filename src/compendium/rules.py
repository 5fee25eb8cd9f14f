"""The record rules: each is a small function that takes one record, its document and the
context of everything else, and adds what is wrong to one list of problems."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .compendium import glossary_index
from .date_rules import rule_dates, rule_edition_marks, rule_event_dates
from .figure_rules import rule_figures_and_tables, rule_questions
from .load import Document
from .model import AnyRecord
from .registries import Chapter, Edition, Glossary, Members, Sources, Tags
from .safe import is_raster_image
from .text_rules import rule_text
from .typed import did_you_mean

# Raster images only: an SVG file is a document that can carry scripts.
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp"}


@dataclass(frozen=True)
class RuleContext:
    root: Path
    edition: tuple[Edition, Document]
    members: tuple[Members, Document]
    sources: tuple[Sources, Document]
    glossary: tuple[Glossary, Document]
    tags: tuple[Tags, Document]
    today: datetime.date
    records: dict[str, tuple[AnyRecord, Document]]
    invalid_ids: set[str]

    @cached_property
    def real_root(self) -> Path:
        return self.root.resolve()

    @cached_property
    def chapters(self) -> dict[int, Chapter]:
        return {c.number: c for c in self.edition[0].chapters}

    @cached_property
    def member_codes(self) -> list[str]:
        return [m.code for m in self.members[0].members]

    @cached_property
    def source_ids(self) -> list[str]:
        return [s.id for s in self.sources[0].sources]

    @cached_property
    def tag_ids(self) -> list[str]:
        return [t.id for t in self.tags[0].tags]

    @cached_property
    def glossary_keys(self) -> set[str]:
        return set(glossary_index(self.glossary[0].terms))

    @cached_property
    def question_files(self) -> dict[str, list[str]]:
        """Self-assessment question id -> the files that ask it (ids must be unique)."""
        found: dict[str, list[str]] = {}
        for record, doc in self.records.values():
            for figure in getattr(record, "figures", []):
                if figure.question is not None and figure.question.id:
                    found.setdefault(figure.question.id, []).append(doc.path)
        return found


def _rule_file_name(record, doc, ctx, problems):
    stem = Path(doc.path).stem
    if record.id != stem:
        problems.append(
            doc.problem(
                ("id",),
                f"the id `{record.id}` must equal the file name `{stem}`; "
                f"rename the file to `{record.id}.yml` or change the id",
            )
        )


def _rule_chapter(record, doc, ctx, problems):
    chapter = ctx.chapters.get(record.chapter)
    if chapter is None:
        numbers = ", ".join(str(n) for n in ctx.chapters)
        problems.append(
            doc.problem(("chapter",), f"there is no chapter {record.chapter}; write one of: {numbers}")
        )
    elif record.kind not in chapter.sections:
        problems.append(
            doc.problem(
                ("kind",),
                f"chapter {chapter.number} ({chapter.title}) has no `{record.kind}` section; "
                "choose another chapter or add the section to data/edition.yml",
            )
        )
    for index, number in enumerate(record.also_in):
        if number not in ctx.chapters or number == record.chapter:
            problems.append(
                doc.problem(
                    ("also_in", index),
                    f"`{number}` is not another chapter of data/edition.yml; "
                    "list other chapters' numbers only",
                )
            )


def _rule_confidential(record, doc, ctx, problems):
    """What must stay confidential stays out of a public repository, and out of credits."""
    public = ctx.edition[0].repository == "public"
    secret_member = record.member if record.attribution == "anonymous" else None
    if public and secret_member is not None:
        problems.append(
            doc.problem(
                ("member",),
                "this repository is public, so anyone can read which member an anonymous record "
                "names here; remove `member:` and send the member's name to the ROCB A/P editors "
                "privately (see the editors' guide, 'Anonymous cases')",
            )
        )
    if public and record.contact is not None:
        problems.append(
            doc.problem(
                ("contact",),
                "this repository is public, so anyone can read an editor's contact here; remove "
                "`contact:` and keep contacts in the editors' private list",
            )
        )
    for index, image in enumerate(record.images):
        if secret_member is not None and image.credit_member == secret_member:
            problems.append(
                doc.problem(
                    ("images", index, "credit_member"),
                    "this credit names the administration of an anonymous record and would reveal "
                    "it; remove `credit_member` or ask the member to publish the record as named",
                )
            )


def _rule_member(record, doc, ctx, problems):
    if record.attribution == "named" and record.member is None:
        problems.append(
            doc.problem(
                ("attribution",),
                "a named record needs `member:` with the member's code; or write `attribution: anonymous`",
                field_name="member",
            )
        )
    if record.attribution == "none" and record.member is not None:
        problems.append(
            doc.problem(
                ("member",),
                "`member` is set but `attribution` is not; "
                "add `attribution: named` (shown) or `attribution: anonymous` (kept private)",
            )
        )
    if record.partners and record.attribution != "named":
        problems.append(
            doc.problem(
                ("partners",),
                "`partners` are shown publicly, "
                "so they need `attribution: named`; remove them from an anonymous record",
            )
        )
    for index, code in enumerate(record.partners):
        if code not in ctx.member_codes or code == record.member:
            problems.append(
                doc.problem(
                    ("partners", index),
                    f"`{code}` is not another member of data/members.yml."
                    f"{did_you_mean(code, ctx.member_codes)}",
                )
            )
    if record.member is not None and record.member not in ctx.member_codes:
        problems.append(
            doc.problem(
                ("member",),
                f"`{record.member}` is not in data/members.yml; "
                f"use a listed code or add the member there.{did_you_mean(record.member, ctx.member_codes)}",
            )
        )
    for index, image in enumerate(record.images):
        if image.credit_member and image.credit_member not in ctx.member_codes:
            problems.append(
                doc.problem(
                    ("images", index, "credit_member"),
                    f"`{image.credit_member}` is not in data/members.yml."
                    f"{did_you_mean(image.credit_member, ctx.member_codes)}",
                )
            )


def _rule_sources(record, doc, ctx, problems):
    for index, citation in enumerate(record.sources):
        if citation.source not in ctx.source_ids:
            problems.append(
                doc.problem(
                    ("sources", index, "source"),
                    f"`{citation.source}` is not in data/sources.yml; "
                    f"add the publication there first.{did_you_mean(citation.source, ctx.source_ids)}",
                )
            )


def _rule_tags(record, doc, ctx, problems):
    for index, tag in enumerate(record.tags):
        if tag not in ctx.tag_ids:
            problems.append(
                doc.problem(
                    ("tags", index),
                    f"`{tag}` is not in data/tags.yml; "
                    f"use a listed tag or propose it there.{did_you_mean(tag, ctx.tag_ids)}",
                )
            )
    if len(set(record.tags)) != len(record.tags):
        problems.append(doc.problem(("tags",), "a tag is listed twice; list each tag once"))


def _rule_related(record, doc, ctx, problems):
    for index, other in enumerate(record.related):
        if other == record.id:
            problems.append(
                doc.problem(("related", index), "a record cannot be related to itself; remove this line")
            )
        elif other in record.related[:index]:
            problems.append(doc.problem(("related", index), f"`{other}` is listed twice; remove this line"))
        elif other in ctx.invalid_ids:
            continue  # that record's own problems are reported; fixing them fixes this link
        elif other not in ctx.records:
            problems.append(
                doc.problem(
                    ("related", index),
                    f"no record has the id `{other}`; "
                    f"check the file name under data/cases/.{did_you_mean(other, ctx.records)}",
                )
            )
        elif record.status == "published" and ctx.records[other][0].status == "draft":
            problems.append(
                doc.problem(
                    ("related", index),
                    f"`{other}` is still a draft; "
                    "publish it first or remove this link, so no published page links to a missing one",
                )
            )


def _rule_images(record, doc, ctx, problems):
    root = ctx.real_root
    for index, image in enumerate(record.images):
        loc = ("images", index)
        if image.missing and image.path:
            problems.append(
                doc.problem(
                    loc + ("missing",), "an image marked `missing: true` has no `path`; remove one of the two"
                )
            )
        elif not image.missing and not image.path:
            problems.append(
                doc.problem(
                    loc,
                    "an image needs `path:` to its file, or `missing: true` when the figure is not available",
                    field_name=f"images[{index}].path",
                )
            )
        if not image.path:
            continue
        candidate = Path(image.path)
        if candidate.parts[:1] != ("data",) or ".." in candidate.parts:
            problems.append(
                doc.problem(
                    loc + ("path",),
                    "the image path must lead to a file under data/: write it from the project folder, "
                    "e.g. data/images/figure.png, without `./` or `..`",
                )
            )
            continue
        resolved = (root / candidate).resolve()
        if not resolved.is_relative_to(root):
            problems.append(
                doc.problem(
                    loc + ("path",),
                    "the image path leads outside the repository (through a link); "
                    "put the image file itself under data/images/",
                )
            )
        elif not resolved.is_file():
            problems.append(
                doc.problem(
                    loc + ("path",), f"no image file at `{image.path}`; add the file or correct the path"
                )
            )
        elif resolved.suffix.lower() not in IMAGE_SUFFIXES:
            problems.append(
                doc.problem(
                    loc + ("path",),
                    f"`{resolved.suffix}` images cannot be published; save the figure as one of "
                    f"{', '.join(sorted(IMAGE_SUFFIXES))} (SVG files can carry scripts)",
                )
            )
        elif not is_raster_image(resolved):
            problems.append(
                doc.problem(
                    loc + ("path",),
                    f"`{image.path}` is not a PNG, JPEG or WebP image inside, whatever its name says; "
                    "export the figure again as PNG or JPEG",
                )
            )


RECORD_RULES = (
    _rule_file_name,
    _rule_chapter,
    _rule_member,
    _rule_sources,
    _rule_tags,
    _rule_related,
    rule_text,
    _rule_confidential,
    _rule_images,
    rule_dates,
    rule_event_dates,
    rule_edition_marks,
    rule_figures_and_tables,
    rule_questions,
)
