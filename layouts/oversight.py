"""Regional oversight: /oversight lists England and its regions; /oversight/<code> shows
every partnership with member areas in a region (or in England) against its targets:
statuses side by side, what changed since the previous period, filters by theme and
status in the URL, each partnership's targets, and one download of all their returns.

What the page says is dashboard/views/oversight.py; the partnerships are read through
the request's store (Store.partnerships_in), so one the viewer may not see is absent."""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from dashboard.methods import targets as model
from dashboard.views import oversight as view
from dashboard.web import runtime
from layouts.components import page_header, problem_page, tab_title
from layouts.scorecard import STATUS_RULE_TEXT


def page_title(region: str | None = None, **_: Any) -> str:
    """Browser tab title: the region's name, where the address names one."""
    if not region:
        return "Regional oversight - Placeboard"
    return tab_title(lambda: runtime.store().area(region.strip().upper()), "area_name",
                     "Regional oversight", ": partnerships' targets")


PAGE = {"path": "/oversight", "path_template": "/oversight/<region>",
        "title": page_title, "order": 7}


class Ids:
    URL = "oversight-url"
    REGION = "oversight-region"
    SUMMARY = "oversight-summary"
    STATUS = "oversight-status"
    THEME = "oversight-theme"
    SHOWN = "oversight-shown"
    TABLE = "oversight-table"
    RESULTS = "oversight-results"
    DOWNLOADS = "oversight-downloads"
    TARGETS = "oversight-targets"
    PLACES = "oversight-places"


def place(code: str | None) -> dict | None:
    """The region (or England) the address names, or None when it names no such place."""
    area = runtime.store().area(str(code or "").strip().upper())
    return area if view.is_oversight_place(area) else None


def oversight_model(code: str, themes: list[str], statuses: list[str]) -> dict:
    """The page model for a place, read through the request's store."""
    store = runtime.store()
    partnerships = store.partnerships_in(code)
    cards = {p["partnership_id"]: store.scorecard_records(p["partnership_id"])
             for p in partnerships}
    return view.oversight_view(partnerships, cards, themes, statuses)


def layout(region: str | None = None, theme: Any = None, status: Any = None,
           **_query: Any) -> html.Div:
    if not region:
        return _places()
    area = place(region)
    if area is None:
        return _unknown(region)
    code, name = area["area_code"], area["area_name"]
    themes, statuses = view.chosen(theme, status)
    page = oversight_model(code, themes, statuses)
    lead = (f"Every partnership with member areas in {view.place_words(name)}, against "
            "its targets.")
    return html.Div([
        dcc.Location(id=Ids.URL, refresh=False),
        dcc.Store(id=Ids.REGION, data=code),
        page_header(f"{name}: partnerships' targets", lead, caption="Regional oversight"),
        html.P(page["summary"], id=Ids.SUMMARY, className="scorecard-summary lead"),
        _illustrative() if page["illustrative"] else None,
        _filters(page, themes, statuses) if page["total_partnerships"] else None,
        html.P(page["shown"], id=Ids.SHOWN, role="status", **{"aria-live": "polite"})
        if page["total_partnerships"] else None,
        html.Div(results(page, name), id=Ids.RESULTS),
        html.Div(downloads(page, code, themes, statuses), id=Ids.DOWNLOADS,
                 className="oversight-downloads"),
        html.Details([html.Summary("How a status is decided"),
                      html.Ul([html.Li(text) for text in STATUS_RULE_TEXT])],
                     className="status-rule"),
        html.P(view.CHANGE_EXPLAINED, className="oversight-change-note"),
        html.P([("Data: real published statistics; sources and dates on each target's "
                 "page and in each partnership's board pack. "),
                dcc.Link("All regions", href="/oversight"), " · ",
                dcc.Link("All scorecards", href="/scorecard")], className="source-line"),
    ], className="oversight-page")


def _illustrative() -> html.P:
    return html.P([html.Strong(model.ILLUSTRATIVE_NOTE_PLURAL + ". "),
                   ("The targets shown are examples shipped with Placeboard to show how "
                    "it works; the data values are real published statistics.")],
                  className="illustrative-banner", role="note")


def _filters(page: dict, themes: list[str], statuses: list[str]) -> html.Div:
    """The theme picker and the status checkboxes (with counts)."""
    return html.Div(className="scorecard-filters", children=[
        html.Div([
            html.Label("Theme", htmlFor=Ids.THEME),
            dcc.Dropdown(id=Ids.THEME, options=page["theme_options"], value=themes,
                         multi=True, placeholder="All themes"),
        ], className="theme-filter"),
        html.Fieldset([
            html.Legend("Status"),
            dcc.Checklist(id=Ids.STATUS, options=page["status_options"], value=statuses,
                          inline=True, className="status-filter",
                          inputClassName="status-filter-input"),
        ]),
    ])


def results(page: dict, name: str) -> list:
    """The table of partnerships and each one's list of targets."""
    if not page["total_partnerships"]:
        return [html.P([dcc.Link("Every partnership in England", href=view.oversight_href(
            view.ENGLAND)), " · ", dcc.Link("All scorecards", href="/scorecard")])]
    if not page["rows"]:
        return [html.P("No partnership has a target that matches these filters. Clear a "
                       "filter to see more.", className="oversight-none")]
    return [_table(page, name), _target_lists(page["rows"])]


def _table(page: dict, name: str) -> html.Div:
    heads = [html.Th("Partnership", scope="col"), html.Th("Member areas", scope="col"),
             *[html.Th(model.status_label(s), scope="col",
                       className=f"status-head status-{s}") for s in view.COUNT_ORDER],
             html.Th("Targets", scope="col"),
             html.Th("What changed since the previous period", scope="col")]
    body = [html.Tr([
        html.Th(dcc.Link(row["name"], href=row["href"]), scope="row"),
        html.Td(row["members"], className="oversight-members"),
        *[html.Td(str(row["counts"][s]), className=f"status-count status-{s}",
                  **{"data-status": s}) for s in view.COUNT_ORDER],
        html.Td(str(row["total"]), className="oversight-total"),
        html.Td(row["change_summary"], className="oversight-change"),
    ], className="oversight-row", **{"data-partnership": row["id"]}) for row in page["rows"]]
    totals = html.Tr([
        html.Th("All listed", scope="row"), html.Td(""),
        *[html.Td(str(page["totals"][s]), className=f"status-count status-{s}",
                  **{"data-status": s}) for s in view.COUNT_ORDER],
        html.Td(str(sum(page["totals"].values()))), html.Td(""),
    ], className="oversight-totals")
    return html.Div(className="table-wrap", tabIndex="0", role="region",
                    **{"aria-label": f"Partnerships in {name} and their targets"},
                    children=html.Table(id=Ids.TABLE, className="table oversight-table",
                                        children=[
        html.Caption(f"Partnerships in {name}: how many targets have each status",
                     className="visually-hidden"),
        html.Thead(html.Tr(heads)), html.Tbody(body), html.Tfoot(totals)]))


def _target_lists(rows: list[dict]) -> html.Section:
    """Each listed partnership's targets (those the filters choose), to open one by one."""
    return html.Section(id=Ids.TARGETS, className="oversight-targets", children=[
        html.H2("Each partnership's targets"),
        *[html.Details([
            html.Summary(f"{row['name']}: {view.count_words(len(row['targets']), 'target')}"
                         + (" shown" if len(row["targets"]) < row["all_targets"] else "")),
            html.Ul([_target_item(t) for t in row["targets"]], className="oversight-list"),
            html.P(dcc.Link(f"Open the {row['name']} scorecard", href=row["href"])),
        ], className="oversight-partnership", **{"data-partnership": row["id"]})
          for row in rows],
    ])


def _target_item(target: dict) -> html.Li:
    return html.Li([
        html.Span(target["status_label"],
                  className=f"status-badge status-{target['status']}"),
        " ", dcc.Link(target["title"], href=target["href"]),
        html.Span(f" ({target['area']})", className="oversight-area"),
        html.P(target["reason"], className="target-reason"),
        html.P(f"What changed: {target['change_text']}.", className="oversight-change"),
    ], className="oversight-target", **{"data-status": target["status"]})


def downloads(page: dict, code: str, themes: list[str], statuses: list[str]) -> list:
    """One file of the listed partnerships' returns, in a choice of formats."""
    n = len(page["rows"])
    if not n:
        return []
    return [html.H2("Download", className="h3"),
            html.P([f"The returns of the {view.count_words(n, 'partnership')} listed, "
                    "every target of each, in one file: ",
                    *_joined([html.A(label, href=view.download_href(code, fmt, themes,
                                                                    statuses),
                                     className=f"oversight-download-{fmt}",
                                     **{"data-format": fmt})
                              for fmt, label in view.FORMATS])])]


def _joined(links: list) -> list:
    out: list = []
    for i, item in enumerate(links):
        out += ([" · "] if i else []) + [item]
    return out


def _places() -> html.Div:
    """The oversight index: England and each English region."""
    store = runtime.store()
    places = store.areas(("region", "nation")).to_dict("records")
    rows = view.place_rows(places, store.partnership_regions())
    return html.Div([
        page_header("Regional oversight",
                    "Every partnership in a region against its targets: statuses side by "
                    "side, what changed since the previous period, and one download of "
                    "all their returns.", caption="Targets"),
        html.Ul(id=Ids.PLACES, className="oversight-places", children=[html.Li([
            dcc.Link(row["name"], href=row["href"]),
            f" ({row['code']}): {view.count_words(row['partnerships'], 'partnership')}",
        ]) for row in rows]),
        html.P(dcc.Link("All scorecards", href="/scorecard"), className="source-line"),
    ])


def _unknown(region: str) -> html.Div:
    suggestions = [(row["name"], row["href"]) for row in view.place_rows(
        runtime.store().areas(("region", "nation")).to_dict("records"), [])]
    return problem_page(
        "Region not found",
        f"There is no English region or nation with the code “{region}”. Regional "
        "oversight uses a region's GSS code (E12000002 is the North West) or England's "
        "(E92000001). Choose one below.", [("All regions", "/oversight"), *suggestions])
