"""Synthetic, valid corpora of any size for benchmarks, written outside the repository.

`generate(target, size, seed)` writes a complete project into `target`: the real registries
of data/ (edition, members, sources, glossary, tags), `size` record files under
data/cases/, and copies of mkdocs.yml, hooks/, overrides/ and docs/, so that both
`compendium.check.build_compendium(target)` and `mkdocs build` work on it.

Records look like the edition's: every kind, spread across chapters 1-9 in the edition's
proportions (practices, discussion points, surveys, WCO tool excerpts, One Step Forward,
highlights), plus a share of front matter, annex text, examples and events in the chapters
that hold them; prose made of sentences of the real records, a few hundred to a few
thousand characters, some lists, subheadings, tables, survey figures, glossary references
like [[HRM]], tags, citations, related ids pointing at other generated records, named and
anonymous records, missing and present figures and a few drafts. As in the edition's public
repository, no record names an anonymous record's member or an editor's contact (the
checker refuses both). The same seed and size always give byte-identical files.
"""

from __future__ import annotations

import datetime
import re
import shutil
import struct
import textwrap
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

import yaml

from compendium.kinds import KINDS

REPO = Path(__file__).resolve().parent.parent
REGISTRIES = ("edition.yml", "members.yml", "sources.yml", "glossary.yml", "tags.yml")
PROJECT_FILES = ("mkdocs.yml", "CONTRIBUTING.md")
PROJECT_FOLDERS = ("hooks", "overrides", "docs")

# Share of each kind inside a chapter of 1-9 that has that section (kinds.py), from the edition
# (chapters 1-9 hold 44 practices, 36 discussion points, 11 surveys, 11 WCO tool
# excerpts, 10 One Step Forward items, 3 highlights in three chapters, 1 text).
KIND_WEIGHTS = {name: kind.corpus_weight for name, kind in KINDS.items() if kind.corpus_weight}
MAIN_SHARE = 0.88  # chapters 1-9; the rest goes to front matter, annexes, report, timeline
OTHER_SLOTS = {  # (chapter, kind): weight, for records outside chapters 1-9
    (0, "text"): 1,
    (10, "text"): 1,
    (11, "text"): 0.5,
    (20, "text"): 1,
    (20, "survey"): 2,
    (20, "example"): 8,
    (21, "event"): 2,
    (21, "example"): 2,
}
# Median body length (characters) of each kind, from the edition.
BODY_MEDIAN = {
    "practice": 900,
    "wco-tool": 800,
    "discussion": 600,
    "survey": 450,
    "highlight": 4000,
    "one-step-forward": 750,
    "text": 1600,
    "example": 300,
    "event": 1400,
}
EDITION_DATE = datetime.date(2026, 5, 20)  # no generated date is after it
FIRST_DATE = datetime.date(2024, 1, 1)
DRAFT_SHARE = 0.02
IMAGE_FILES = 3

_FALLBACK_SENTENCES = (
    "The administration reviews its training policy every year with the human resources unit.",
    "Trainers are selected among experienced officers and follow a course on adult learning.",
    "Needs are gathered from every office through a questionnaire and interviews with managers.",
    "The annual plan lists each course with its budget, its trainers and its expected results.",
    "Evaluation covers the reactions of trainees, what they learnt and how they apply it at work.",
    "Online courses complement classroom sessions for officers posted far from the academy.",
    "Material is reviewed after each course and shared with other administrations of the region.",
    "Women and men take part in leadership programmes in equal numbers.",
)
_FALLBACK_HEADINGS = ("Background", "Results", "Challenges", "Conclusion", "Next steps")
_SLUG_NOISE = re.compile(r"[^a-z0-9]+")
_GLOSSARY_REFERENCE = re.compile(r"\[\[([^\[\]\n]+)\]\]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_MARKUP = set("[]`<>|*_#{}\\")


@dataclass
class Corpus:
    """What was generated: enough for tests and the benchmark to check and use it."""

    root: Path
    size: int
    seed: int
    files: dict[str, Path] = field(default_factory=dict)  # record id -> its file
    kinds: Counter = field(default_factory=Counter)
    published: list[str] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)
    named_practices: list[str] = field(default_factory=list)
    anonymous_practices: list[str] = field(default_factory=list)
    related: dict[str, list[str]] = field(default_factory=dict)

    @property
    def practices(self) -> list[str]:
        published = set(self.published)
        return [i for i in self.named_practices + self.anonymous_practices if i in published]


# ----------------------------------------------------------------------------------------
# Text material: sentences, headings and titles of the real records


@dataclass(frozen=True)
class _Material:
    sentences: tuple[str, ...]
    headings: tuple[str, ...]
    titles: tuple[str, ...]


def _harvest(repo: Path) -> _Material:
    sentences: set[str] = set(_FALLBACK_SENTENCES)
    headings: set[str] = set(_FALLBACK_HEADINGS)
    titles: set[str] = set()
    for path in sorted((repo / "data" / "cases").rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if isinstance(data.get("title"), str) and not _MARKUP & set(data["title"]):
            titles.add(data["title"].strip())
        texts = [str(data.get("summary") or ""), str(data.get("body") or "")]
        for text in texts:
            for paragraph in text.split("\n\n"):
                lines = [line.strip() for line in paragraph.strip().splitlines()]
                if not lines:
                    continue
                if lines[0].startswith("#"):
                    heading = lines[0].lstrip("#").strip()
                    if heading and not _MARKUP & set(heading):
                        headings.add(heading)
                    lines = lines[1:]
                if not lines or lines[0].startswith(("-", "*", "|", ">", "!", "<", "1.")):
                    continue
                joined = _GLOSSARY_REFERENCE.sub(lambda m: m.group(1), " ".join(lines))
                for sentence in _SENTENCE_END.split(joined):
                    sentence = sentence.strip()
                    if (
                        30 <= len(sentence) <= 280
                        and sentence[-1] in ".!?"
                        and sentence[0].isupper()
                        and not _MARKUP & set(sentence)
                    ):
                        sentences.add(sentence)
    titles = titles or {"Training management in practice"}
    return _Material(tuple(sorted(sentences)), tuple(sorted(headings)), tuple(sorted(titles)))


# ----------------------------------------------------------------------------------------
# YAML output: literal blocks for multi-line text, keys in the editors' order


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml's emitter when present: 5x faster
    pass


def _str(dumper, value: str):
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def _dump(kind: str, data: dict) -> str:
    header = f"# yaml-language-server: $schema=../../../schemas/{kind}.schema.json\n"
    return header + yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88, default_flow_style=False
    )


# ----------------------------------------------------------------------------------------
# Pieces of records


def slugify(text: str, limit: int = 60) -> str:
    return _SLUG_NOISE.sub("-", text.casefold()).strip("-")[:limit].strip("-") or "record"


def _phrase(rng: Random, material: _Material, low: int, high: int) -> str:
    words = rng.choice(material.sentences).rstrip(".!?").split()
    count = rng.randint(low, high)
    start = rng.randint(0, max(0, len(words) - count))
    phrase = " ".join(words[start : start + count]).strip(",;:()\"'")
    return (phrase[:1].upper() + phrase[1:]) if phrase else "Training"


def _wrap(text: str) -> str:
    # Keep glossary references on one line: `[[On-the-Job Training]]` must not break.
    protected = _GLOSSARY_REFERENCE.sub(lambda m: m.group(0).replace(" ", "\x00"), text)
    wrapped = textwrap.fill(protected, width=88, break_long_words=False, break_on_hyphens=False)
    return wrapped.replace("\x00", " ")


def _glossary_sentence(rng: Random, key: str) -> str:
    return rng.choice(
        (
            f"The work draws on [[{key}]] throughout.",
            f"Officers in charge of [[{key}]] took part from the start.",
            f"This builds on what the administration learnt about [[{key}]].",
            f"Managers see [[{key}]] as part of everyday work.",
        )
    )


def _body(rng: Random, material: _Material, kind: str, glossary: list[str]) -> str:
    target = int(min(12000, max(150, rng.lognormvariate(0, 0.6) * BODY_MEDIAN[kind])))
    blocks: list[str] = []
    length = 0
    with_headings = rng.random() < 0.08
    while length < target:
        roll = rng.random()
        if with_headings and blocks and roll < 0.2:
            block = "### " + rng.choice(material.headings)
        elif roll < 0.18:
            block = "\n".join("- " + rng.choice(material.sentences) for _ in range(rng.randint(3, 6)))
        else:
            sentences = [rng.choice(material.sentences) for _ in range(rng.randint(2, 5))]
            block = " ".join(sentences)
        blocks.append(block)
        length += len(block)
    paragraphs = [i for i, b in enumerate(blocks) if not b.startswith(("#", "- "))]
    if not paragraphs:
        blocks.append(rng.choice(material.sentences))
        paragraphs = [len(blocks) - 1]
    for _ in range(rng.choice((0, 0, 1, 1, 1, 2, 3))):
        index = rng.choice(paragraphs)
        blocks[index] += " " + _glossary_sentence(rng, rng.choice(glossary))
    blocks = [b if b.startswith(("#", "- ")) else _wrap(b) for b in blocks]
    return "\n\n".join(blocks) + "\n"


def _summary(rng: Random, material: _Material) -> str:
    summary = rng.choice(material.sentences)
    second = rng.choice(material.sentences)
    return f"{summary} {second}" if rng.random() < 0.4 and len(summary) + len(second) < 480 else summary


def _table(rng: Random, material: _Material, glossary: list[str]) -> dict:
    columns = [_phrase(rng, material, 1, 3) for _ in range(rng.choice((2, 2, 3, 3, 4, 5)))]
    rows = []
    for _ in range(rng.choice((2, 3, 4, 5, 6, 8, 12, 20))):
        row = [_phrase(rng, material, 2, 9) for _ in columns]
        if rng.random() < 0.05:
            row[-1] += f" ([[{rng.choice(glossary)}]])"
        rows.append(row)
    table = {"caption": _phrase(rng, material, 3, 10), "columns": columns, "rows": rows}
    if rng.random() < 0.2:
        table["note"] = rng.choice(material.sentences)
    return table


def _figures(rng: Random, material: _Material) -> list[dict]:
    figures = []
    for _ in range(rng.randint(2, 9)):
        figure: dict = {"label": _phrase(rng, material, 3, 10)}
        if rng.random() < 0.85:
            figure["value"] = rng.randint(0, 100) if rng.random() < 0.8 else round(rng.uniform(0, 100), 1)
        else:
            figure["unit"] = "count"
            figure["value"] = rng.randint(1, 60)
        if rng.random() < 0.1:
            figure["qualifier"] = rng.choice(("more than", "less than", "about"))
        if rng.random() < 0.5:
            figure["base"] = rng.choice(
                (
                    "Administrations that answered the questionnaire",
                    "Administrations with a training strategy document",
                    "Training units that run e-learning",
                )
            )
        figures.append(figure)
    return figures


def _citation(rng: Random, sources: list[str]) -> dict:
    citation = {"source": rng.choice(sources)}
    roll = rng.random()
    if roll < 0.4:
        citation["pages"] = str(rng.randint(1, 200))
    elif roll < 0.6:
        first = rng.randint(1, 190)
        citation["pages"] = f"{first}-{first + rng.randint(1, 8)}"
    elif roll < 0.65:
        citation["pages"] = f"{rng.randint(1, 90)}, {rng.randint(91, 200)}"
    return citation


def _date(
    rng: Random, first: datetime.date = FIRST_DATE, last: datetime.date = EDITION_DATE
) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _png(red: int, green: int, blue: int) -> bytes:
    """A valid 1x1 PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(bytes((0, red, green, blue)))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


# ----------------------------------------------------------------------------------------
# The corpus


def copy_project(target: Path, repo: Path = REPO) -> None:
    """Registries, mkdocs.yml, hooks/, overrides/ and docs/ of the repository, without records."""
    (target / "data" / "cases").mkdir(parents=True, exist_ok=True)
    for name in REGISTRIES:
        shutil.copy(repo / "data" / name, target / "data" / name)
    for name in PROJECT_FILES:
        shutil.copy(repo / name, target / name)
    for folder in PROJECT_FOLDERS:
        shutil.copytree(repo / folder, target / folder, ignore=shutil.ignore_patterns("__pycache__"))


def _slots(edition: dict) -> list[tuple[tuple[int, str], float]]:
    chapters = {c["number"]: c for c in edition["chapters"]}
    main = [n for n in chapters if 1 <= n <= 9]
    slots = []
    for number in main:
        kinds = [k for k in chapters[number]["sections"] if k in KIND_WEIGHTS]
        total = sum(KIND_WEIGHTS[k] for k in kinds)
        for kind in kinds:
            slots.append(((number, kind), MAIN_SHARE / len(main) * KIND_WEIGHTS[kind] / total))
    others = {
        slot: w
        for slot, w in OTHER_SLOTS.items()
        if slot[0] in chapters and slot[1] in chapters[slot[0]]["sections"]
    }
    for slot, weight in others.items():
        slots.append((slot, (1 - MAIN_SHARE) * weight / sum(others.values())))
    return slots


def generate(target: Path, size: int, seed: int = 7, repo: Path = REPO) -> Corpus:
    """Write a project of `size` records into `target` (which must not exist or be empty)."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target} is not empty")
    copy_project(target, repo)
    rng = Random(f"compendium-bench/{seed}/{size}")
    material = _harvest(repo)
    edition = yaml.safe_load((target / "data" / "edition.yml").read_text(encoding="utf-8"))
    members = [
        m["code"]
        for m in yaml.safe_load((target / "data" / "members.yml").read_text(encoding="utf-8"))["members"]
    ]
    sources = [
        s["id"]
        for s in yaml.safe_load((target / "data" / "sources.yml").read_text(encoding="utf-8"))["sources"]
    ]
    tags = [
        t["id"] for t in yaml.safe_load((target / "data" / "tags.yml").read_text(encoding="utf-8"))["tags"]
    ]
    terms = yaml.safe_load((target / "data" / "glossary.yml").read_text(encoding="utf-8"))["terms"]
    glossary = [t["abbr"] for t in terms if t.get("abbr")] * 3 + [t["term"] for t in terms]
    chapter_dirs = {c["number"]: f"{c['number']:02d}-{c['slug']}" for c in edition["chapters"]}
    chapter_numbers = sorted(chapter_dirs)

    # 1. Plan every record (where it goes, its id, whether it is a draft), so related ids
    #    can point at records generated later.
    slots = _slots(edition)
    by_kind = {kind: [s for s, _ in slots if s[1] == kind] for kind in {s[1] for s, _ in slots}}
    forced = [("practice", "named"), ("practice", "anonymous")] + [
        (k, None) for k in sorted(by_kind) if k != "practice"
    ]
    plans = []
    positions: Counter = Counter()
    for index in range(size):
        if index < len(forced):
            kind, attribution = forced[index]
            chapter, kind = rng.choice(by_kind[kind])
        else:
            (chapter, kind), attribution = (
                rng.choices([s for s, _ in slots], weights=[w for _, w in slots])[0],
                None,
            )
        title = rng.choice(material.titles)
        if rng.random() < 0.7:
            title = f"{title}: {_phrase(rng, material, 2, 6).lower()}"[:200].rstrip(" ,;:")
        record_id = f"{slugify(title)}-{index:05d}"
        positions[(chapter, kind)] += 1
        draft = index >= len(forced) and rng.random() < DRAFT_SHARE
        plans.append(
            {
                "id": record_id,
                "kind": kind,
                "chapter": chapter,
                "title": title,
                "position": positions[(chapter, kind)] * 10,
                "draft": draft,
                "attribution": attribution,
            }
        )
    published_by_chapter: dict[int, list[str]] = defaultdict(list)
    for plan in plans:
        if not plan["draft"]:
            published_by_chapter[plan["chapter"]].append(plan["id"])
    all_published = [p["id"] for p in plans if not p["draft"]]
    all_ids = [p["id"] for p in plans]

    corpus = Corpus(root=target, size=size, seed=seed)
    images = target / "data" / "images"
    images.mkdir(parents=True)
    for k in range(IMAGE_FILES):
        (images / f"bench-figure-{k}.png").write_bytes(_png(40 * k, 80, 160))

    # 2. Write each record.
    for plan in plans:
        kind, chapter, record_id = plan["kind"], plan["chapter"], plan["id"]
        data: dict = {
            "id": record_id,
            "kind": kind,
            "chapter": chapter,
            "position": plan["position"],
            "title": plan["title"],
        }
        data["summary"] = _summary(rng, material)
        attribution = plan["attribution"]
        if attribution is None:
            if kind == "practice":
                attribution = rng.choice(("named", "anonymous"))
            elif kind == "example":
                attribution = "named"
            elif kind == "text":
                attribution = rng.choices(("named", "none", "anonymous"), weights=(40, 55, 5))[0]
            elif kind in ("discussion", "survey", "one-step-forward"):
                attribution = rng.choices(("none", "anonymous", "named"), weights=(85, 10, 5))[0]
            else:
                attribution = "none"
        if attribution != "none" or kind == "practice":
            data["attribution"] = attribution
        if attribution == "named":  # an anonymous record's member is kept private, never in data/
            data["member"] = rng.choice(members)
        if attribution == "named" and rng.random() < 0.1:
            data["partners"] = rng.sample([m for m in members if m != data["member"]], rng.randint(1, 2))
        if kind == "survey":
            data["year"] = rng.randint(2019, 2025)
            data["figures"] = _figures(rng, material)
        elif kind == "highlight":
            data["meeting"] = f"{_ordinal(rng.randint(15, 24))} RTC Heads Meeting"
        elif kind == "event":
            start = _date(rng, datetime.date(2019, 1, 1))
            if rng.random() < 0.2:
                data["date"] = start.replace(day=1)
                data["precision"] = "month"
            else:
                data["date"] = start
                if rng.random() < 0.6:
                    data["end"] = start + datetime.timedelta(days=rng.randint(1, 4))
            data["place"] = rng.choice(
                (
                    "online",
                    "Bangkok, Thailand",
                    "Tokyo, Japan",
                    "Kuala Lumpur, Malaysia",
                    "Colombo, Sri Lanka",
                )
            )
        elif kind == "text" and rng.random() < 0.3:
            data["byline"] = rng.choice(
                ("Head of the ROCB A/P", "Sri Lanka Customs", "A Customs officer and trainer (author)")
            )
        data["body"] = _body(rng, material, kind, glossary)
        table_chance = {"practice": 0.3, "survey": 0.35, "text": 0.1}.get(kind, 0.05)
        if rng.random() < table_chance:
            data["tables"] = [_table(rng, material, glossary) for _ in range(1 if rng.random() < 0.85 else 2)]
        data["tags"] = rng.sample(tags, rng.choice((1, 2, 2, 3, 3, 3, 4, 5)))
        if rng.random() < 0.05:
            data["also_in"] = [rng.choice([n for n in chapter_numbers if n != chapter])]
        count = rng.choice((0, 1, 1, 2, 2, 2, 3, 4))
        pool_same = [i for i in published_by_chapter[chapter] if i != record_id]
        pool_all = all_ids if plan["draft"] else all_published
        related: list[str] = []
        for _ in range(count):
            pool = pool_same if pool_same and rng.random() < 0.7 else pool_all
            other = rng.choice(pool)
            if other != record_id and other not in related:
                related.append(other)
        if related:
            data["related"] = related
        citations = {"wco-tool": rng.randint(1, 2), "survey": 1, "example": 1}.get(
            kind, 1 if rng.random() < 0.1 else 0
        )
        if citations:
            data["sources"] = [_citation(rng, sources) for _ in range(citations)]
        roll = rng.random()
        if roll < 0.12:
            image = {
                "missing": True,
                "alt": f"Figure credited to a member administration: {_phrase(rng, material, 3, 8).lower()}",
            }
            if rng.random() < 0.7:
                image["credit_member"] = rng.choice(members)
            if rng.random() < 0.3:
                image["caption"] = _phrase(rng, material, 4, 12)
            data["images"] = [image]
        elif roll < 0.15:
            data["images"] = [
                {
                    "path": f"data/images/bench-figure-{rng.randrange(IMAGE_FILES)}.png",
                    "alt": _phrase(rng, material, 4, 10),
                    "caption": _phrase(rng, material, 4, 12),
                }
            ]
        data["status"] = "draft" if plan["draft"] else "published"
        data["added"] = _date(rng)
        if rng.random() < 0.2:
            data["updated"] = _date(rng, data["added"])

        path = target / "data" / "cases" / chapter_dirs[chapter] / f"{record_id}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_dump(kind, data), encoding="utf-8")
        corpus.files[record_id] = path
        corpus.kinds[kind] += 1
        corpus.related[record_id] = related
        (corpus.drafts if plan["draft"] else corpus.published).append(record_id)
        if kind == "practice":
            (corpus.named_practices if attribution == "named" else corpus.anonymous_practices).append(
                record_id
            )
    return corpus
