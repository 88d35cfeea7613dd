"""Parts of the residents' area page that keep it short on a phone: the headline numbers
at a glance (the first screen at 390 px), and sections folded under a heading that says
what opening them shows."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from dash import html

from dashboard.views import public


class Ids:
    GLANCE = "public-area-glance"


_ENGLAND = re.compile(r"^(.+?)( (?:than|from|as) England)$")


def glance(records: Sequence[Mapping[str, Any]], name: str, compared: bool = True,
           after: Sequence[Any] = ()) -> html.Section:
    """Each headline's number with what it counts, its period and how it compares with
    England (a shape and words, never colour alone), then `after` (what is not
    published, the downloads); the sentences and charts are in the sections below."""
    items = [glance_item(record) for record in records]
    return html.Section([
        html.H2(f"{name} compared with England" if compared else f"{name} at a glance",
                id=f"{Ids.GLANCE}-title", className="glance-title"),
        html.Ul(items, className="glance-list"), *after,
    ], id=Ids.GLANCE, className="public-glance", **{"aria-labelledby": f"{Ids.GLANCE}-title"})


def glance_item(record: Mapping[str, Any]) -> html.Li:
    """One headline number: topic, value, period, comparison."""
    children: list = [
        html.Span(record["topic"], className="glance-topic"),
        html.Span(record["value_text"], className=f"glance-value {record['state']}"),
    ]
    if record.get("period"):
        children.append(html.Span(public.in_period(record["period"]),
                                  className="glance-period"))
    if record.get("tag"):
        shown, rest = short_tag(record["tag"])
        children.append(html.Span([html.Span(record["glyph"], **{"aria-hidden": "true"}),
                                   " ", shown,
                                   html.Span(rest, className="visually-hidden") if rest
                                   else None],
                                  className=f"public-tag glance-tag {record['comparison']}"))
    return html.Li(children, className="glance-item",
                   **{"data-indicator": record["indicator_id"], "data-state": record["state"]})


def short_tag(tag: str) -> tuple[str, str]:
    """A comparison's words as the glance shows them ('Worse') and the rest, which the
    list's heading says and assistive technology still reads (' than England')."""
    match = _ENGLAND.match(tag)
    return (match.group(1), match.group(2)) if match else (tag, "")


def fold(heading: str, heading_id: str, hint: str, children: list,
         section_id: str | None = None, class_name: str = "") -> html.Details:
    """A folded section: a heading and a line saying what is inside, opened with a click,
    Enter or Space (a native details element)."""
    return html.Details([
        html.Summary([html.H2(heading, id=heading_id),
                      html.Span(hint, className="fold-hint")], className="fold-summary"),
        html.Div(children, className="fold-body"),
    ], className=f"public-fold {class_name}".strip(), **({"id": section_id} if section_id
                                                          else {}))


def theme_hint(records: Sequence[Mapping[str, Any]], charts: int) -> str:
    """What a theme's folded section holds: 'Claiming unemployment-related benefits and
    people in work, explained, with 2 charts over time'."""
    topics = [str(r["topic"]) for r in records]
    names = [topics[0], *(t[:1].lower() + t[1:] for t in topics[1:])]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return listed + ", explained" + (
        "" if not charts else ", with a chart over time" if charts == 1
        else f", with {charts} charts over time")
