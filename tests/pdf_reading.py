"""Reading a tagged PDF back as a person sees it: lines of text where they stand on the page,
each with the structure element that holds it (a heading, a paragraph, a table cell) or
marked as an artifact (running heads, page numbers). Only pypdf: no renderer needed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

# Structure types that hold lines of text of their own.
BLOCKS = {
    "/P",
    "/H1",
    "/H2",
    "/H3",
    "/H4",
    "/H5",
    "/H6",
    "/LBody",
    "/Lbl",
    "/TD",
    "/TH",
    "/Caption",
    "/Figure",
}
HEADINGS = {"/H1", "/H2", "/H3", "/H4", "/H5", "/H6"}


@dataclass
class Line:
    page: int  # 0-based
    y: float  # baseline, in points from the bottom of the page
    x: float  # where the line's first piece starts
    kind: str  # structure type of the block holding it ("/H3", "/P", "/TD"…), or "Artifact"
    block: int  # object number of that block (0 for artifacts)
    pieces: list[tuple[float, str]] = field(default_factory=list)  # (x, text)

    @property
    def text(self) -> str:
        return "".join(text for _, text in sorted(self.pieces, key=lambda piece: piece[0])).strip()


def structure_root(reader: PdfReader) -> DictionaryObject:
    return reader.trailer["/Root"]["/StructTreeRoot"].get_object()


def _parent_tree(reader: PdfReader) -> dict[int, object]:
    def numbers(node) -> Iterator[tuple[int, object]]:
        node = node.get_object()
        values = node.get("/Nums", [])
        for at in range(0, len(values), 2):
            yield int(values[at]), values[at + 1]
        for kid in node.get("/Kids", []):
            yield from numbers(kid)

    return dict(numbers(structure_root(reader)["/ParentTree"]))


def _block_of(reference: IndirectObject, blocks: dict[int, tuple[str, int]]) -> tuple[str, int]:
    """The nearest element holding `reference` (a structure element) that is a block."""
    number = reference.idnum
    if number not in blocks:
        element = reference.get_object()
        kind = str(element.get("/S"))
        if kind in BLOCKS:
            blocks[number] = (kind, number)
        elif isinstance(element.raw_get("/P"), IndirectObject) and element["/P"].get("/S"):
            blocks[number] = _block_of(element.raw_get("/P"), blocks)
        else:
            blocks[number] = (kind, number)
    return blocks[number]


def read_lines(reader: PdfReader) -> list[Line]:
    """Every line of every page, top to bottom, as the structure tree files it."""
    parents = _parent_tree(reader)
    blocks: dict[int, tuple[str, int]] = {}
    lines: list[Line] = []
    for number, page in enumerate(reader.pages):
        by_mcid = parents.get(page.get("/StructParents", -1))
        by_mcid = by_mcid.get_object() if by_mcid is not None else []
        marks: list[tuple[str, int | None]] = []
        found: dict[tuple[str, int, float], Line] = {}

        def before(operator, operands, cm, tm, marks=marks):
            if operator == b"BDC":
                properties = operands[1] if isinstance(operands[1], dict) else {}
                marks.append((str(operands[0]), properties.get("/MCID")))
            elif operator == b"BMC":
                marks.append((str(operands[0]), None))
            elif operator == b"EMC" and marks:
                marks.pop()

        def text(piece, cm, tm, font, size, marks=marks, found=found, by_mcid=by_mcid, number=number):
            if not piece.strip():
                return
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            if any(tag == "/Artifact" for tag, _ in marks):
                kind, block = "Artifact", 0
            else:
                mcid = next((mcid for _, mcid in reversed(marks) if mcid is not None), None)
                reference = by_mcid[mcid] if mcid is not None and mcid < len(by_mcid) else None
                if not isinstance(reference, IndirectObject):
                    kind, block = "Untagged", -1
                else:
                    kind, block = _block_of(reference, blocks)
            key = (kind, block, round(y, 1))
            line = found.setdefault(key, Line(number, round(y, 1), x, kind, block))
            line.x = min(line.x, x)
            line.pieces.append((x, piece.replace("\n", "")))

        page.extract_text(visitor_operand_before=before, visitor_text=text)
        lines += sorted(found.values(), key=lambda line: (-line.y, line.x))
    return lines


def walk(element: DictionaryObject, depth: int = 0) -> Iterator[tuple[int, DictionaryObject]]:
    """Every structure element under `element`, in document order, with its depth."""
    yield depth, element
    kids = element.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, list) else [kids]:
        if isinstance(kid, IndirectObject):
            child = kid.get_object()
            if isinstance(child, DictionaryObject) and "/S" in child:
                yield from walk(child, depth + 1)
