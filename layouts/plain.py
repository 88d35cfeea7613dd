"""Dash components in the JSON form Dash sends to the browser, for tables of many cells.

`h("Td", children, className=...)` is the dict `html.Td(children, className=...)
.to_plotly_json()` gives, nested to the leaves: {"props": {...}, "type": "Td",
"namespace": "dash_html_components"}. Dash renders a component from that form wherever it
appears in a layout or a callback's output (it is also what the page cache keeps), so the
browser receives exactly the same page. Building a Dash component validates each
property, about 30-40 µs a component: an area profile's tables (about 1,000 cells) or the
map's text-alternative table (five cells for each of about 300 areas) spent most of their
server time doing it. Everything else on a page stays a Dash component.

Only the props a component would accept may be given; tests/unit/test_plain.py rebuilds
pages' nodes as real components (which validate them) and checks the JSON is the same.
"""

from __future__ import annotations

from typing import Any

HTML = "dash_html_components"
DCC = "dash_core_components"


def h(type_: str, children: Any = None, /, **props: Any) -> dict:
    """html.<type_>(children, **props) as JSON; data-* and aria-* props as keywords
    (`**{"data-label": ...}`), as for the component. An html component always carries
    `children`, None when it has none."""
    return {"props": {"children": children, **props}, "type": type_, "namespace": HTML}


def link(children: Any, href: str) -> dict:
    """dcc.Link(children, href=href) as JSON."""
    return {"props": {"children": children, "href": href}, "type": "Link", "namespace": DCC}
