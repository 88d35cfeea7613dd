"""Reading a PDF page by page for tests (pypdfium2): each page's lines of text, top to
bottom, with the size of their largest letters, so a test can tell a heading from body
text and see what a page ends with."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

POINTS_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Line:
    text: str
    size: float  # the largest font size on the line, in points
    y: float  # the baseline, in points from the foot of the page


def page_lines(pdf: bytes, above_mm: float = 0.0) -> list[list[Line]]:
    """Every page's lines of text, top to bottom, leaving out anything whose baseline is
    within `above_mm` of the foot of the page (a running footer)."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [_lines(document[i], above_mm * POINTS_PER_MM) for i in range(len(document))]
    finally:
        document.close()


def _lines(page: pdfium.PdfPage, floor: float) -> list[Line]:
    text_page = page.get_textpage()
    rows: dict[int, list] = {}
    x, y = ctypes.c_double(), ctypes.c_double()
    for index in range(text_page.count_chars()):
        character = chr(pdfium_raw.FPDFText_GetUnicode(text_page.raw, index))
        if character in "\r\n":
            continue
        pdfium_raw.FPDFText_GetCharOrigin(text_page.raw, index, x, y)
        if y.value < floor:
            continue
        size = pdfium_raw.FPDFText_GetFontSize(text_page.raw, index)
        row = rows.setdefault(round(y.value), [0.0, []])
        row[0] = max(row[0], size)
        row[1].append(character)
    return [Line("".join(chars).strip(), size, float(baseline))
            for baseline, (size, chars) in sorted(rows.items(), reverse=True)
            if "".join(chars).strip()]
