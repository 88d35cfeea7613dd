"""The board pack's headings stay with what follows them: a heading that would sit at the
foot of a page goes to the next page with its content, and a long table after a heading
still starts under it when there is room (reportlab's KeepTogether would move it)."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from dashboard.exports.boardpack_flow import headed
from tests.pdf_pages import page_lines

STYLES = getSampleStyleSheet()
FRAME_HEIGHT = A4[1] - 40 * mm - 12  # 20 mm margins, and the frame's padding


def render(story: list) -> list[list[str]]:
    """Each page's lines of text."""
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, topMargin=20 * mm, bottomMargin=20 * mm,
                      leftMargin=20 * mm, rightMargin=20 * mm).build(story)
    return [[line.text for line in page] for page in page_lines(buffer.getvalue())]


def rows_table(n: int) -> Table:
    return Table([["Dataset", "Load"]] + [[f"Row {i}", str(i)] for i in range(1, n + 1)],
                 repeatRows=1)


def heading() -> Paragraph:
    return Paragraph("Data versions", STYLES["Heading2"])


def test_a_heading_at_the_foot_of_a_page_goes_over_with_its_table():
    # room under the filler for the heading, not for the table's first rows
    filler = Spacer(1, FRAME_HEIGHT - 40)
    plain = render([filler, heading(), rows_table(5)])
    assert plain[0][-1] == "Data versions"  # stranded without help
    kept = render([Spacer(1, FRAME_HEIGHT - 40), *headed(heading(), [rows_table(5)])])
    assert "Data versions" not in kept[0]
    assert kept[1][:3] == ["Data versions", "Dataset Load", "Row 1 1"]


def test_a_long_table_still_starts_under_its_heading():
    pages = render([Spacer(1, FRAME_HEIGHT / 2),
                    *headed(heading(), [rows_table(80)])])
    start = pages[0].index("Data versions")  # on the first page, half of it free
    assert pages[0][start + 1:start + 3] == ["Dataset Load", "Row 1 1"]
    assert pages[1][0] == "Dataset Load"  # the header row repeated over the page


def test_a_heading_is_kept_with_the_first_line_of_a_long_paragraph():
    long_text = " ".join(["The board saw these figures at its last meeting."] * 40)
    filler = Spacer(1, FRAME_HEIGHT - 45)
    plain = render([filler, heading(), Paragraph(long_text, STYLES["BodyText"])])
    assert plain[0][-1] == "Data versions"
    kept = render([Spacer(1, FRAME_HEIGHT - 45),
                   *headed(heading(), [Paragraph(long_text, STYLES["BodyText"])])])
    assert kept[1][0] == "Data versions"
