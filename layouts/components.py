"""Small, pure building blocks shared by pages (no PAGE here: not a page)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from dash import dcc, html

from dashboard.store.base import SEARCHABLE_TYPES
from dashboard.views import explore


def tab_title(find: Callable[[], Mapping[str, Any] | None], key: str, fallback: str,
              words: str = "") -> str:
    """A browser tab's title: the name `find()` gives under `key` (else `fallback`), then
    the page's `words`. A title must never break the page, so a failed look-up gives the
    fallback too."""
    try:
        found = find()
    except Exception:  # noqa: BLE001 - a title must never break the page
        found = None
    return f"{found[key] if found else fallback}{words} - Placeboard"


def page_header(title: str, lead: str | None = None, caption: str | None = None) -> html.Div:
    children = []
    if caption:
        children.append(html.Span(caption, className="caption"))
    children.append(html.H1(title))
    if lead:
        children.append(html.P(lead, className="lead"))
    return html.Div(children, className="page-header")


def problem_page(title: str, message: str,
                 suggestions: Iterable[tuple[str, str]] = (),
                 home: tuple[str, str] = ("Go to the home page to find an area", "/")
                 ) -> html.Div:
    """A helpful page for a bad URL, unknown code or missing data."""
    items = [html.Li(dcc.Link(label, href=href)) for label, href in suggestions]
    children = [html.H1(title), html.P(message, className="lead")]
    if items:
        children += [html.H2("Did you mean", className="h3"), html.Ul(items)]
    children.append(html.P(dcc.Link(home[0], href=home[1])))
    return html.Div(children, className="problem-page", role="alert")


def source_line(text: str) -> html.P:
    return html.P(text, className="source-line")


def chart_figure(graph: dcc.Graph, title: str, alt_text: str, source: str,
                 extra: Iterable[Any] = ()) -> html.Figure:
    """A chart with its title, text alternative and source line (GOV.UK Analysis Function),
    then anything `extra` gives (a quality line, an "Embed this chart" panel; None is
    left out)."""
    return html.Figure([
        html.Figcaption(title, className="chart-title"),
        graph,
        html.P(alt_text, className="visually-hidden chart-alt"),
        source_line(source),
        *(item for item in extra if item is not None),
    ], className="chart")


def summary_list(rows: Iterable[tuple[str, object]]) -> html.Dl:
    """GOV.UK-style summary list of key/value pairs."""
    children = []
    for key, value in rows:
        children += [html.Dt(key), html.Dd(value if value not in (None, "") else "—")]
    return html.Dl(children, className="summary-list")


def benchmark_switch(href: Callable[[str, str], str], benchmark: str, level: str,
                     choices: Mapping[str, str], levels: Iterable[str] = ("95", "99.8"),
                     id: str = "benchmark-switch") -> html.Nav:
    """'Compare with: England · Region · Statistical neighbours' and 'Confidence: 95% ·
    99.8%' as plain links (state lives in the URL, works without JavaScript); the current
    choice is marked with aria-current and is not a link."""
    def group(label: str, options: Iterable[tuple[str, str, str]], current: str) -> html.Div:
        items = []
        for key, text, target in options:
            if key == current:
                items.append(html.Li(html.Strong(text, **{"aria-current": "true"}),
                                     className="switch-current"))
            else:
                items.append(html.Li(dcc.Link(text, href=target)))
        return html.Div([html.Span(label, className="switch-label"),
                         html.Ul(items, className="switch-options")], className="switch")

    return html.Nav([
        group("Compare with:", [(k, v, href(k, level)) for k, v in choices.items()],
              benchmark),
        group("Confidence level:", [(k, f"{k}%", href(benchmark, k)) for k in levels], level),
    ], className="benchmark-switch", id=id, **{"aria-label": "Benchmark and confidence level"})


def replaced_notice(store: Any, area: Mapping[str, Any], *,
                    href: Callable[[str], str] = explore.area_href,
                    notice_id: str = "area-replaced",
                    closing: str = "Values below are the last published for the old area."
                    ) -> html.Div:
    """Obsolete codes say what replaced them, with links (to each successor's area page,
    or where `href` sends them: the same indicator for the successor, say). `store` is
    anything with .area(code) -> record or None."""
    links = successor_links(area, store.area, href, with_code=True)
    text: list = [html.Strong(f"{area['area_name']} ({area['area_code']}) is no longer in use: "
                              f"the code ended{ended(area)}. ")]
    if links:
        text += ["It was replaced by ", *links, ". "]
    text.append(closing)
    return html.Div(html.P(text), className="notice", role="note", id=notice_id)


def successor_links(area: Mapping[str, Any], find: Callable[[str], Mapping[str, Any] | None],
                    href: Callable[[str], str], with_code: bool = False) -> list:
    """Links to the areas that replaced an obsolete one, joined by " and ": each named as
    `find(code)` names it (its code where that finds nothing), with its code too if
    `with_code`."""
    links: list = []
    for code in explore.successors(area):
        successor = find(code)
        name = successor["area_name"] if successor else code
        if links:
            links.append(" and ")
        links.append(dcc.Link(f"{name} ({code})" if with_code else name, href=href(code)))
    return links


def ended(area: Mapping[str, Any]) -> str:
    """' in <year>' for an obsolete area whose end year is known, else nothing."""
    return f" in {int(area['valid_to'])}" if area.get("valid_to") else ""


def area_suggestions(store: Any, code: str) -> list[tuple[str, str]]:
    """Areas to suggest for a code we do not know, as (label, profile link): codes and
    names like it, else the areas a name search for it finds."""
    suggestions = explore.suggest_areas(code, store.areas(SEARCHABLE_TYPES))
    if not suggestions and code:
        found = store.search_areas(code, limit=8)
        suggestions = [(explore.area_option_label(r.area_name, r.area_code, r.area_type,
                                                  r.valid_to), explore.area_href(r.area_code))
                       for r in found.itertuples()]
    return suggestions


def unknown_code_text(code: str) -> str:
    """The start of the message for an area code we do not know: well formed but not in
    the store, or not an area code at all."""
    return (f"There is no area with the code {code} in this store. "
            if explore.is_code(code) else
            f"“{code}” is not an area code we recognise. Area codes are ONS GSS codes such "
            "as E08000004 (Oldham). ")
