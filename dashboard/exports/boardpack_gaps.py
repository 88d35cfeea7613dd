"""The board pack's "Gap to target in people" part: for every target whose indicator is a
percentage of a population Placeboard holds, the gap in people, the denominator's source
and, for worklessness targets, the neighbourhoods holding most of it."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

import pandas as pd
from reportlab.platypus import Paragraph

from dashboard.exports.boardpack_flow import headed
from dashboard.methods.targets.context import neighbourhood_words, partnership_gaps


def gap_part(store: Any, card: pd.DataFrame, styles: dict[str, Any]) -> list:
    """Paragraphs for each target with a gap in people (nothing when none has one)."""
    gaps = partnership_gaps(store, card)
    if not gaps:
        return []
    several = len({g["area_name"] for g in gaps}) > 1
    story: list = []
    for gap in gaps:
        area = f" ({gap['area_name']})" if several else ""
        story.append(Paragraph(f"<b>{escape(gap['title'] + area)}</b>: "
                               f"{escape(gap['sentence'])}", styles["body"]))
        story.append(Paragraph(escape(gap["source"]), styles["small"]))
        if gap["neighbourhoods"]:
            story.append(Paragraph("Neighbourhoods holding most of it: "
                                   + escape("; ".join(neighbourhood_words(gap))) + ". "
                                   + escape(gap["split"]), styles["small"]))
    return headed(Paragraph("Gap to target in people", styles["h2"]), story)
