"""A value's flag and note beside it, the key and notes under its table, and the line
that sums up its dataset's quality checks (dashboard/views/value_notes.py decides what
they say). No PAGE here: not a page.

Markers and notes are written as the component JSON Dash sends (layouts/plain.py), as
the tables they sit in are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from dashboard.views.value_notes import Mark, ValueNotes, quality_sentence
from layouts.plain import h, link


def marked(text: Any, marks: list[Mark], revised: str | None = None) -> Any:
    """A cell's text followed by its markers as superscript links to the key and notes
    (each link names what it points to for assistive technology), and, for a value
    revised lately, the words saying when and what it was ("revised on 12 March 2026:
    was 6.4%", value_notes.revision_words) on a line of their own; the text alone when
    there are none."""
    if not marks and not revised:
        return text
    out: list = [text]
    links: list = []
    for mark in marks:
        if links:
            links.append(" ")
        links.append(h("A", mark.text, href=f"#{mark.target}", className="value-mark",
                       **{"aria-label": mark.label}))
    if links:
        out.append(h("Sup", links, className="value-marks"))
    if revised:
        out.append(h("Span", f" ({revised})", className="value-revised"))
    return out


def notes_block(notes: ValueNotes) -> dict | None:
    """The key to the flags and the numbered notes a table's values carry, under the
    table (None when its values carry none)."""
    if not notes:
        return None
    heading = ("Flags and notes" if notes.flags and notes.notes else
               "Flags" if notes.flags else "Notes")
    children: list = [h("P", h("Strong", heading), className="value-notes-title")]
    if notes.flags:
        children.append(h("Dl", [part for flag, words, target in notes.flags
                                 for part in (h("Dt", flag, id=target), h("Dd", words))],
                          className="value-key"))
    if notes.notes:
        children.append(h("Ol", [h("Li", words, id=target)
                                 for _, words, target in notes.notes],
                          className="value-note-list"))
    return h("Div", children, className="value-notes", id=f"{notes.prefix}-notes")


def quality_line(summaries: Iterable[Mapping[str, Any]],
                 dataset_id: str | None = None) -> dict | None:
    """'Quality checks when the data was loaded: 0 errors, 366 warnings (see the Data
    page).', linking to the dataset's entry on the Data page where there is one dataset;
    None when no load of the data is recorded."""
    sentence = quality_sentence(summaries)
    if sentence is None:
        return None
    href = f"/data#dataset-{dataset_id}" if dataset_id else "/data"
    return h("P", [sentence, " (", link("see the Data page", href), ")."],
             className="source-line quality-line")
