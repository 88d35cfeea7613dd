"""'Download this table: CSV, Excel (XLSX), CSV on the Web metadata': the links every table
and chart has to the data it shows (no PAGE here: not a page).

The links go to /download/<view>.<format>?<the view's query> (callbacks/downloads.py),
which rebuilds the rows through the request's store, so a download holds exactly what
the page shows to the person who clicks it. Plain links, so they work without
JavaScript, from the keyboard, and can be copied; each one's accessible name says what
it downloads and in which format.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dashboard.views.explore import query_string
from layouts.plain import h

FORMATS = (("csv", "CSV"), ("xlsx", "Excel (XLSX)"),
           ("csv-metadata.json", "CSV on the Web metadata"))


def download_href(view: str, fmt: str, query: Mapping[str, Any] | None = None) -> str:
    """/download/<view>.<fmt>?query (empty values left out, lists joined by commas)."""
    return f"/download/{view}.{fmt}{query_string(dict(query or {}))}"


def _label(fmt: str, text: str, what: str) -> list:
    """The link's words: the format shown, the rest for assistive technology
    ("Download the work and worklessness table for Oldham as CSV")."""
    if fmt == "csv-metadata.json":
        return [h("Span", "Download the ", className="visually-hidden"), text,
                h("Span", f" for {what} (JSON)", className="visually-hidden")]
    return [h("Span", f"Download {what} as ", className="visually-hidden"), text]


def download_links(view: str, query: Mapping[str, Any] | None, what: str,
                   lead: str = "Download this table:", link_id: str | None = None) -> dict:
    """The three links for one table or chart, as component JSON (layouts/plain.py: a
    page may have a dozen of them). `what` names the data for assistive technology
    ("the work and worklessness table for Oldham")."""
    children: list = [h("Span", lead, className="download-lead"), " "]
    for index, (fmt, text) in enumerate(FORMATS):
        if index:
            children.append(", ")
        children.append(h("A", _label(fmt, text, what), href=download_href(view, fmt, query),
                          className="download-link", **{"data-format": fmt}))
    return h("P", children, className="download-links", id=link_id or f"{view}-downloads")
