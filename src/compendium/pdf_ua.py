"""What the tagged PDF needs beyond what WeasyPrint writes for PDF/UA-1.

WeasyPrint (`pdf_variant="pdf/ua-1"`) writes the structure tree, the document's language,
the title in the window, headings, lists, tables with header cells linked to their data
cells, figures with their alternative text, and link annotations. `finish` runs on the
PDF objects before they are written (WeasyPrint's `finisher`) and completes three things:

- running heads and page numbers become pagination artifacts: WeasyPrint marks them as
  content that no structure element holds (in PDF 1.7 a margin box cannot be part of the
  tree), which assistive technology would read as stray text on every page;
- every header cell says that it heads its column (/Scope), as checkers expect besides the
  /Headers links;
- a link whose text holds another element (an acronym inside a link) gets all its
  annotations: WeasyPrint gives the inner element an annotation of its own, outside any
  /Link element; and every annotation is printed (/F 4), so print and screen agree;
- the XMP metadata names the edition, its publisher, date, language and address, besides
  the title and PDF/UA identification WeasyPrint writes.

It works on WeasyPrint's objects (pydyf) as WeasyPrint 70 makes them; tests/test_pdf.py
reads the result back, so a change of those objects fails a test, not a reader.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "prism": "http://prismstandard.org/namespaces/basic/2.0/",
}
for _prefix, _uri in NS.items():
    register_namespace(_prefix, _uri)


@dataclass(frozen=True)
class Details:
    """What the XMP metadata says about the edition."""

    title: str
    edition: str
    publisher: str
    description: str
    keywords: str
    language: str
    date: datetime.date  # the edition's "as of" date
    modified: datetime.date  # the last change of its records
    producer: str
    address: str = ""  # the site's public address, when configured


def finisher(details: Details) -> Any:
    """`finish` as WeasyPrint's `finisher` argument."""

    def finish_pdf(document: Any, pdf: Any) -> None:
        finish(pdf, details)

    return finish_pdf


def finish(pdf: Any, details: Details) -> None:
    tree = _structure(pdf)
    _pagination_artifacts(pdf, tree)
    _annotations_in_links(pdf, tree)
    for element in tree.values():
        if element.get("S") == "/TH" and "A" in element and "Scope" not in element["A"]:
            element["A"]["Scope"] = "/Column"  # Markdown tables have one header row
    metadata = _object(pdf, pdf.catalog["Metadata"])
    metadata.stream, metadata.compress = [xmp(details)], False  # readable by any tool


def _object(pdf: Any, reference: bytes) -> Any:
    return pdf.objects[int(reference.split()[0])]


def _structure(pdf: Any) -> dict[int, Any]:
    """The structure elements reachable from the structure tree's root, by number."""
    root = _object(pdf, pdf.catalog["StructTreeRoot"])
    reached: dict[int, Any] = {}
    todo = [kid for kid in root["K"]]
    while todo:
        kid = todo.pop()
        if not isinstance(kid, bytes):
            continue  # a marked-content id
        element = _object(pdf, kid)
        if not hasattr(element, "get") or element.get("Type") != "/StructElem":
            continue  # an annotation's reference
        if element.number not in reached:
            reached[element.number] = element
            todo.extend(element["K"])
    return reached


def _pagination_artifacts(pdf: Any, tree: dict[int, Any]) -> None:
    """Mark the content no reachable structure element holds (the page margins' running
    head and page number) as pagination artifacts, and take it out of the parent tree."""
    dictionary, array = type(pdf.catalog), type(pdf.pages["Kids"])  # pydyf's, as WeasyPrint uses them
    parents = _object(pdf, _object(pdf, pdf.catalog["StructTreeRoot"])["ParentTree"])["Nums"]
    pages = pdf.pages["Kids"][::3]
    for index, number in enumerate(pages):
        page = pdf.objects[number]
        by_mcid = parents[2 * index + 1]
        if parents[2 * index] != page["StructParents"] or not isinstance(by_mcid, array):
            raise ValueError("unexpected parent tree: WeasyPrint's tagging changed")
        loose = {mcid for mcid, ref in enumerate(by_mcid) if int(ref.split()[0]) not in tree}
        if not loose:
            continue
        content = _object(pdf, page["Contents"]).stream
        for at, item in enumerate(content):
            if isinstance(item, dictionary) and item.get("MCID") in loose and content[at + 1] == b"BDC":
                content[at - 1] = "/Artifact"
                content[at] = dictionary({"Type": "/Pagination"})
        for mcid in loose:
            by_mcid[mcid] = b"null"


def _annotations_in_links(pdf: Any, tree: dict[int, Any]) -> None:
    """Hand each link annotation to the /Link element around it, and print them all."""
    array = type(pdf.pages["Kids"])
    parents = _object(pdf, _object(pdf, pdf.catalog["StructTreeRoot"])["ParentTree"])["Nums"]
    where = {key: at for at, key in enumerate(parents[::2])}  # parents[2 * at] == key
    for number in pdf.pages["Kids"][::3]:
        for reference in pdf.objects[number].get("Annots", []):
            annotation = _object(pdf, reference)
            annotation["F"] = 4  # Print
            if annotation.get("Subtype") != "/Link" or "StructParent" not in annotation:
                continue
            at = 2 * where[annotation["StructParent"]]
            holder = _object(pdf, parents[at + 1])
            link = holder
            while (
                link.get("S") != "/Link"
                and link.get("P")
                and _object(pdf, link["P"]).get("Type") == "/StructElem"
            ):
                link = _object(pdf, link["P"])
            if link is holder or link.get("S") != "/Link":
                continue
            mark = next(
                kid
                for kid in holder["K"]
                if isinstance(kid, bytes) and _object(pdf, kid).get("Obj") == annotation.reference
            )
            holder["K"] = array([kid for kid in holder["K"] if kid != mark])
            link["K"].append(mark)
            parents[at + 1] = link.reference


def xmp(details: Details) -> bytes:
    """The XMP packet: Dublin Core, XMP basic, PDF, PDF/UA identification and the edition."""
    rdf = Element(f"{{{NS['rdf']}}}RDF")
    about = SubElement(rdf, f"{{{NS['rdf']}}}Description", {f"{{{NS['rdf']}}}about": ""})

    def simple(name: str, text: str) -> None:
        prefix, local = name.split(":")
        SubElement(about, f"{{{NS[prefix]}}}{local}").text = text

    def listed(name: str, kind: str, texts: list[str], lang: bool = False) -> None:
        prefix, local = name.split(":")
        holder = SubElement(SubElement(about, f"{{{NS[prefix]}}}{local}"), f"{{{NS['rdf']}}}{kind}")
        for text in texts:
            item = SubElement(holder, f"{{{NS['rdf']}}}li")
            if lang:
                item.set("{http://www.w3.org/XML/1998/namespace}lang", "x-default")
            item.text = text

    simple("pdfuaid:part", "1")
    listed("dc:title", "Alt", [details.title], lang=True)
    listed("dc:creator", "Seq", [details.publisher])
    listed("dc:publisher", "Bag", [details.publisher])
    listed("dc:description", "Alt", [details.description], lang=True)
    listed("dc:language", "Bag", [details.language])
    listed("dc:date", "Seq", [details.date.isoformat()])
    simple("dc:format", "application/pdf")
    if details.address:
        simple("dc:identifier", details.address)
    simple("prism:edition", details.edition)
    simple("pdf:Keywords", details.keywords)
    simple("pdf:Producer", details.producer)
    simple("xmp:CreatorTool", "compendium")
    simple("xmp:CreateDate", details.date.isoformat())
    simple("xmp:ModifyDate", details.modified.isoformat())
    simple("xmp:MetadataDate", details.modified.isoformat())
    meta = Element(f"{{{NS['x']}}}xmpmeta")
    meta.append(rdf)
    body = tostring(meta, encoding="unicode")
    return f'<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n{body}\n<?xpacket end="r"?>'.encode()
