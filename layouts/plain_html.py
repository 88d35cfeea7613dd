"""Components as plain HTML text, for the pages served outside Dash (the embeds).

`to_html(node)` writes what the browser would show for a tree of html components, in
either form: Dash components or the JSON Dash sends (layouts/plain.py). Text and
attribute values are escaped. A dcc.Link is a link; other core components (graphs,
pickers) need Dash's scripts and are left out. With `new_tab=True` every link that
leaves the document opens in a new tab (an embed is framed in another site's page, and
Placeboard's full pages may not be framed).
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from dash.development.base_component import Component

from layouts.plain import DCC, HTML

VOID = frozenset({"area", "br", "col", "hr", "img", "input", "wbr"})
ATTRIBUTES = {"className": "class", "htmlFor": "for", "tabIndex": "tabindex",
              "colSpan": "colspan", "rowSpan": "rowspan", "readOnly": "readonly",
              "accessKey": "accesskey", "contentEditable": "contenteditable",
              "spellCheck": "spellcheck", "dateTime": "datetime"}
NOT_ATTRIBUTES = frozenset({"children", "n_clicks", "n_clicks_timestamp",
                            "disable_n_clicks", "loading_state", "key"})


def to_html(node: Any, new_tab: bool = False) -> str:
    """HTML text for a component tree (components, their JSON, lists, text, numbers)."""
    if node is None or isinstance(node, bool):
        return ""
    if isinstance(node, (list, tuple)):
        return "".join(to_html(child, new_tab) for child in node)
    if isinstance(node, Component):
        node = node.to_plotly_json()
    if isinstance(node, dict) and {"type", "namespace", "props"} <= node.keys():
        return _element(node, new_tab)
    return escape(str(node), quote=False)


def _element(node: dict, new_tab: bool) -> str:
    props = dict(node["props"])
    if node["namespace"] == DCC and node["type"] == "Link":
        tag = "a"
    elif node["namespace"] == HTML:
        tag = node["type"].lower()
    else:
        return ""  # needs Dash's scripts
    if tag == "a" and new_tab and not str(props.get("href") or "#").startswith("#"):
        props.update(target="_blank", rel="noopener")
    # in name order: a component and its JSON form list their props in different orders
    attributes = "".join(_attribute(name, props[name]) for name in sorted(props))
    if tag in VOID:
        return f"<{tag}{attributes}>"
    return f"<{tag}{attributes}>{to_html(props.get('children'), new_tab)}</{tag}>"


def _attribute(name: str, value: Any) -> str:
    if name in NOT_ATTRIBUTES or value is None or value is False:
        return ""
    if name == "id" and not isinstance(value, str):
        return ""  # a pattern-matching id means nothing outside Dash
    name = ATTRIBUTES.get(name, name)
    if value is True:
        return f" {name}"
    if name == "style" and isinstance(value, dict):
        value = "; ".join(f"{_kebab(k)}: {v}" for k, v in value.items())
    return f' {name}="{escape(str(value), quote=True)}"'


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"-\1", name).lower()
