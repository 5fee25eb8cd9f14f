"""How to cite a record: an APA-like reference, and the same reference as BibTeX, RIS and
CSL-JSON files that reference managers (Zotero, EndNote, Mendeley, BibTeX) import.

Pure functions of the site's model. A citation names the edition, its date, the record's
stable address and the record's own id, so that a reader can find the very record again.
Record fields are hostile input: each format escapes them in its own way (the files are
downloaded, never shown as HTML; the web page prints the text through the templates'
escaping).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from .model import AnyRecord
from .site.links import Site, inline

FORMATS = {"bib": "BibTeX", "ris": "RIS", "csl.json": "CSL-JSON"}


@dataclass(frozen=True)
class Reference:
    """What a citation of one record says, whatever its format."""

    id: str
    author: str  # a member administration, or the edition's publisher
    title: str  # as the record's heading says it ("Case 2: …")
    container: str  # the compendium
    edition: str
    part: str  # "Chapter 1: Training Policy"
    publisher: str
    issued: datetime.date  # the edition's date
    added: datetime.date
    updated: datetime.date | None
    url: str
    revised_in: str | None = None

    @property
    def year(self) -> int:
        return self.issued.year

    @property
    def note(self) -> str:
        dates = f"added {self.added.isoformat()}"
        if self.updated:
            dates += f", updated {self.updated.isoformat()}"
        return f"Record {self.id}; {dates}"


def reference(site: Site, record: AnyRecord) -> Reference:
    compendium = site.compendium
    edition = compendium.edition
    return Reference(
        id=record.id,
        author=author(site, record),
        title=site.record_heading(record),
        container=edition.title,
        edition=edition.edition,
        part=compendium.chapter(record.chapter).reference,
        publisher=edition.publisher,
        issued=edition.as_of,
        added=record.added,
        updated=record.updated,
        url=stable_url(site, record),
        revised_in=record.revised_in,
    )


def author(site: Site, record: AnyRecord) -> str:
    """A named record's member administration(s); otherwise the edition's publisher, by
    its short name (an anonymous record never names its member)."""
    if record.attribution == "named" and record.member:
        names = [site.compendium.members[code].name for code in (record.member, *record.partners)]
        return "Customs administration of " + _and(names)
    return site.compendium.edition.publisher.split(",")[0].strip()


def stable_url(site: Site, record: AnyRecord) -> str:
    """The record's address for ever: its own page, or its place on its chapter's page.
    Absolute when the site's address is configured (`site_url`), else from the site's root."""
    return site.url_of(site.record_uri(record))


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# ----------------------------------------------------------------------------------------
# Formats


def apa(ref: Reference) -> str:
    """The reference in APA style, as plain text with the compendium's title between
    asterisks (Markdown's italics; the page escapes everything else)."""
    return (
        f"{ref.author}. ({ref.year}). {ref.title}. In *{ref.container}* "
        f"(Edition {ref.edition}, {ref.part}). {ref.publisher}. {ref.url} ({ref.note})"
    )


def apa_plain(ref: Reference) -> str:
    return apa(ref).replace("*", "")


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}


def _bib(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(c, c) for c in " ".join(str(text).split()))


def bibtex(ref: Reference) -> str:
    key = f"compendium{ref.edition}-{ref.id}"
    fields = {
        "author": "{" + _bib(ref.author) + "}",  # a body's name, not a person's: kept whole
        "title": _bib(ref.title),
        "booktitle": _bib(ref.container),
        "edition": _bib(ref.edition),
        "chapter": _bib(ref.part),
        "publisher": _bib(ref.publisher),
        "year": str(ref.year),
        "url": ref.url.replace("%", r"\%").replace("#", r"\#"),
        "note": _bib(ref.note),
    }
    lines = [f"@incollection{{{key},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields.items()]
    return "\n".join(lines) + "\n}\n"


def _ris_line(tag: str, value: object) -> str:
    return f"{tag}  - {' '.join(str(value).split())}"


def ris(ref: Reference) -> str:
    lines = [
        _ris_line("TY", "CHAP"),
        _ris_line("AU", ref.author),
        _ris_line("TI", ref.title),
        _ris_line("T2", ref.container),
        _ris_line("ET", ref.edition),
        _ris_line("SE", ref.part),
        _ris_line("PB", ref.publisher),
        _ris_line("PY", ref.year),
        _ris_line("DA", ref.issued.strftime("%Y/%m/%d")),
        _ris_line("UR", ref.url),
        _ris_line("ID", ref.id),
        _ris_line("N1", ref.note),
        _ris_line("ER", ""),
    ]
    return "\r\n".join(line.rstrip() for line in lines) + "\r\n"  # RIS ends lines with CRLF


def csl_json(ref: Reference) -> str:
    item = {
        "id": f"compendium{ref.edition}-{ref.id}",
        "type": "chapter",
        "title": ref.title,
        "author": [{"literal": ref.author}],
        "container-title": ref.container,
        "edition": ref.edition,
        "section": ref.part,
        "publisher": ref.publisher,
        "issued": {"date-parts": [[ref.issued.year, ref.issued.month, ref.issued.day]]},
        "URL": ref.url,
        "note": ref.note,
    }
    return json.dumps([item], indent=2, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class CiteBlock:
    """What a page shows to cite a record: the reference as Markdown (every part escaped
    but the italics of the compendium's title), its history, and the files to download."""

    markdown: str
    history: str
    files: tuple[tuple[str, str], ...]  # (format's name, file from the site's root)


def cite_block(site: Site, record: AnyRecord) -> CiteBlock:
    ref = reference(site, record)
    text = (
        f"{inline(ref.author)}. ({ref.year}). {inline(ref.title)}. In *{inline(ref.container)}* "
        f"(Edition {inline(ref.edition)}, {inline(ref.part)}). {inline(ref.publisher)}. "
        f"{_link(ref.url)} ({inline(ref.note)})"
    )
    return CiteBlock(
        markdown=text,
        history=inline(history(record)),
        files=tuple((name, file_uri(record.id, ext)) for ext, name in FORMATS.items()),
    )


def _link(url: str) -> str:
    # The address as a link (a Markdown autolink) once it is absolute.
    return f"<{url}>" if url.startswith(("https://", "http://")) and " " not in url else inline(url)


def history(record: AnyRecord) -> str:
    """When the record was added and last updated, and what changed when it was revised."""
    text = f"Added on {_day(record.added)}"
    if record.new_in:
        text += f" (new in Edition {record.new_in})"
    if record.updated:
        text += f"; last updated on {_day(record.updated)}"
    text += "."
    if record.revised_in:
        note = getattr(record, "revision_note", None)
        text += f" Revised in Edition {record.revised_in}" + (f": {note}" if note else ".")
    return text


def _day(date: datetime.date) -> str:
    return f"{date.day} {date:%B %Y}"


def citation_files(site: Site) -> dict[str, str]:
    """Path under the site's root -> text of every record's citation file, in each format."""
    files = {}
    for record in site.compendium.records.values():
        ref = reference(site, record)
        files[file_uri(record.id, "bib")] = bibtex(ref)
        files[file_uri(record.id, "ris")] = ris(ref)
        files[file_uri(record.id, "csl.json")] = csl_json(ref)
    return files


def file_uri(record_id: str, extension: str) -> str:
    """Where a record's citation file lives, from the site's root."""
    return f"cite/{record_id}.{extension}"
