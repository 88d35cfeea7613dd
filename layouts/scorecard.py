"""Scorecards: /scorecard lists partnerships; /scorecard/<partnership> shows one row per
target with its status and reason, filters in the URL, the board pack and the return."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any
from urllib.parse import quote, urlencode

import dash_ag_grid as dag
from dash import dcc, html

from dashboard.common.formatting import format_value, value_with_period
from dashboard.methods import targets as model
from dashboard.security import exceptions
from dashboard.views import exceptions as exception_words
from dashboard.views import oversight as oversight_view
from dashboard.web import runtime
from layouts import scorecard_meeting
from layouts.components import page_header, problem_page
from layouts.download_links import download_links
from layouts.target_exceptions import Ids as ReportIds


def page_title(partnership: str | None = None, **_: Any) -> str:
    """Browser tab title (from the URL only: no store access)."""
    if partnership:
        return f"{partnership.replace('-', ' ').title()} scorecard - Placeboard"
    return "Partnership scorecards - Placeboard"


PAGE = {"path": "/scorecard", "path_template": "/scorecard/<partnership>",
        "title": page_title, "order": 6}


BOARDPACK_LABEL = "Download board pack (PDF)"
TARGET_COMMENTARY = ReportIds.SECTION
RETURN_LABEL = "Download return"


class Ids:
    URL = "scorecard-url"
    PARTNERSHIP = "scorecard-partnership"
    STATUS = "scorecard-status"
    THEME = "scorecard-theme"
    GRID = "scorecard-grid"
    SUMMARY = "scorecard-summary"
    EXCEPTIONS = "scorecard-exceptions"
    SHOWN = "scorecard-shown"
    BOARDPACK = "scorecard-boardpack"
    BOARDPACK_DOWNLOAD = "scorecard-boardpack-download"
    RETURN_FORMAT = "scorecard-return-format"
    RETURN = "scorecard-return"
    RETURN_DOWNLOAD = "scorecard-return-download"
    LIST = "scorecard-list"
    DOWNLOADS = "scorecard-table-downloads"


def _md(text: str) -> str:
    """Text safe inside a markdown link label."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def target_href(partnership_id: str, indicator_id: str, area_code: str | None = None) -> str:
    href = f"/target/{quote(partnership_id)}/{quote(indicator_id)}"
    return f"{href}?{urlencode({'area': area_code})}" if area_code else href


def sparkline_src(partnership_id: str, indicator_id: str, area_code: str) -> str:
    return (f"/targets/sparkline/{quote(partnership_id)}/{quote(indicator_id)}/"
            f"{quote(area_code)}.svg")


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def grid_rows(card: list[dict], partnership_id: str,
              marks: dict[tuple[str, str], exception_words.Freshness] | None = None,
              frozen: bool = False) -> list[dict]:
    """The scorecard's rows as the grid shows them (pure: scorecard records in, as
    Store.scorecard_records gives them, with each target's exception report mark).
    `frozen` (a meeting as presented): the trend in words from the values kept, not
    today's sparkline image."""
    counts = Counter(row["indicator_id"] for row in card)
    several_areas = len({row["area_code"] for row in card}) > 1
    marks = marks or {}
    rows = []
    for row in card:
        mark = marks.get((row["indicator_id"], row["area_code"]))
        meta = model.display_meta(row)
        area = row["area_code"] if counts[row["indicator_id"]] > 1 else None
        values = row["spark_values"] or []
        spark_alt = (f"Recent values {row['spark_labels'][0]} to {row['spark_labels'][-1]}: "
                     + ", ".join(format_value(v, meta) for v in values)) if values \
            else "No published values"
        england = row.get("england_value")
        england_text = "" if _missing(england) else \
            f" (England {format_value(england, meta)})"
        href = target_href(partnership_id, row["indicator_id"], area)
        baseline = value_with_period(row["baseline_value"], row["baseline_period_label"], meta)
        target = f"{format_value(row['target_value'], meta)} by {row['target_period_label']}"
        rows.append({
            "id": f"{row['indicator_id']}|{row['area_code']}",
            "indicator": indicator_cell(row, href, several_areas),
            "title": row["title"],
            "indicator_id": row["indicator_id"],
            "area": row.get("area_name") or row["area_code"],
            "area_code": row["area_code"],
            "theme": row.get("theme") or "",
            "baseline": baseline,
            "latest": value_with_period(row.get("latest_value"), row.get("latest_period"), meta),
            "target": target,
            "target_cell": f"{_md(target)}\n\nBaseline {_md(baseline)}",
            "status": row["status"],
            "status_label": model.status_label(row["status"]),
            "status_rank": int(row["status_rank"]),
            "reason": row["reason"],
            "travel": row.get("travel_words") or "",
            "trend": _md(spark_alt) if frozen else f"![{_md(spark_alt)}]"
                     f"({sparkline_src(partnership_id, row['indicator_id'], row['area_code'])})",
            "vs_england": f"{row.get('vs_england_words') or ''}{england_text}",
            "illustrative": bool(row.get("illustrative")),
            "exception": exception_cell(mark),
            "exception_mark": exception_link(mark, f"{href}#{TARGET_COMMENTARY}"),
            "exception_state": mark.state if mark else "",
        })
    return rows


def indicator_cell(row: dict, href: str, several_areas: bool) -> str:
    """The indicator's title linking to its target page and, under it, its area (where
    the partnership's targets are for several) and theme."""
    details = [row.get("area_name") or row["area_code"]] if several_areas else []
    details += [str(row.get("theme")).capitalize()] if not _missing(row.get("theme")) \
        and row.get("theme") else []
    link = f"[{_md(str(row['title']))}]({href})"
    return f"{link}\n\n{_md(' · '.join(details))}" if details else link


def exception_cell(mark: exception_words.Freshness | None) -> str:
    """A target's exception report mark: a shape and the words, with the reason."""
    if mark is None:  # not asked for (a download of the table)
        return ""
    if mark.state == exception_words.NOT_NEEDED:
        return exception_words.MARK_WORDS[exception_words.NOT_NEEDED]
    return f"{exception_words.MARK_ICONS[mark.state]} {mark.reason}"


def exception_link(mark: exception_words.Freshness | None, href: str) -> str:
    """The grid's compact mark: a shape and a word ("! Missing") linking to the target's
    report, the whole reason as the link's title (and the cell's tooltip)."""
    if mark is None:
        return ""
    if mark.state == exception_words.NOT_NEEDED:
        return mark.short_mark
    title = exception_cell(mark).replace('"', "'")
    return f'[{_md(mark.short_mark)}]({href} "{_md(title)}")'


def exception_marks(partnership_id: str, card: list[dict]
                    ) -> dict[tuple[str, str], exception_words.Freshness]:
    """Each target's exception report: needed, missing, out of date or current."""
    reports = exceptions.latest_for_partnership(runtime.accounts(), partnership_id)
    return exception_words.scorecard_marks(card, reports,
                                           runtime.store().data_loaded(partnership_id))


def column_defs() -> list[dict]:
    """The grid's columns, the same for every partnership (an area, where a partnership's
    targets are for several, and the theme are written under the indicator; the baseline
    under the target), narrow enough for a 1366 px screen without scrolling sideways."""
    status_classes = {f"status-cell status-{s}": f"params.data.status == '{s}'"
                      for s in model.STATUSES}
    wrapped = {"wrapText": True, "autoHeight": True}
    return [
        {"field": "indicator", "headerName": "Indicator", "cellRenderer": "markdown",
         "minWidth": 170, "flex": 3, "cellClass": "indicator-cell", **wrapped},
        # Sorted by urgency (the rank), shown as icon + word, coloured by class.
        {"field": "status_rank", "headerName": "Status", "minWidth": 116, "flex": 1,
         "valueFormatter": {"function": "params.data.status_label"},
         "cellClassRules": status_classes, "tooltipField": "reason", "sort": "asc",
         **wrapped},
        {"field": "reason", "headerName": "Why", "minWidth": 200, "flex": 4,
         "sortable": False, "cellClass": "reason-cell", **wrapped},
        {"field": "latest", "headerName": "Latest", "minWidth": 96, "flex": 1,
         "sortable": False, **wrapped},
        {"field": "target_cell", "colId": "target", "headerName": "Target",
         "cellRenderer": "markdown", "minWidth": 100, "flex": 1, "sortable": False,
         "cellClass": "target-cell", **wrapped},
        {"field": "travel", "headerName": "Direction of travel",
         "minWidth": 96, "flex": 1, **wrapped},
        {"field": "trend", "headerName": "Recent values", "cellRenderer": "markdown",
         "minWidth": 112, "flex": 1, "sortable": False, "cellClass": "trend-cell"},
        {"field": "vs_england", "headerName": "vs England", "minWidth": 110, "flex": 1,
         **wrapped},
        {"field": "exception_mark", "colId": "exception", "headerName": "Exception report",
         "cellRenderer": "markdown", "tooltipField": "exception", "minWidth": 100,
         "flex": 1, "sortable": False, "cellClass": "exception-cell", **wrapped},
    ]


def status_options(card: list[dict]) -> list[dict]:
    counts = Counter(row["status"] for row in card)
    return [{"label": f"{model.status_label(s)} ({int(counts.get(s, 0))})", "value": s}
            for s in model.STATUSES]


def theme_options(card: list[dict]) -> list[dict]:
    themes = sorted({row["theme"] for row in card if not _missing(row.get("theme"))})
    return [{"label": t.capitalize(), "value": t} for t in themes]


def shown_text(shown: int, total: int) -> str:
    return f"Showing all {total} targets" if shown == total else \
        f"Showing {shown} of {total} targets"


def filter_search(statuses: list[str] | None, themes: list[str] | None) -> str:
    """The query string that reproduces a filtered view."""
    query = {}
    if statuses:
        query["status"] = ",".join(s for s in model.STATUSES if s in statuses)
    if themes:
        query["theme"] = ",".join(sorted(themes))
    return f"?{urlencode(query)}" if query else ""


def table_downloads(partnership_id: str, name: str, statuses: list[str] | None,
                    themes: list[str] | None) -> dict:
    """The links to download the grid's rows (as filtered) as a table."""
    statuses = [s for s in model.STATUSES if s in (statuses or [])]
    return download_links(
        "scorecard", {"partnership": partnership_id, "status": statuses,
                      "theme": sorted(themes or [])},
        f"the table of {name}'s targets" + (" shown" if statuses or themes else ""),
        link_id="scorecard-download-links")


def _partnership_list() -> html.Div:
    store = runtime.store()
    frame = store.partnership_records()
    header = page_header("Partnership scorecards",
                         "Each partnership's targets, whether they are on track, and why.",
                         caption="Targets")
    if not frame:
        return html.Div([header, html.P(
            "No partnerships are loaded. Load targets with `placeboard targets load FILE` "
            "(the shipped examples are in data/targets/).", className="lead")])
    statuses = store.scorecard_statuses()
    rows = []
    for row in frame:
        pid = row["partnership_id"]
        summary = model.summary_line(statuses.get(pid) or []) if statuses.get(pid) \
            else "no targets"
        rows.append(html.Tr([
            html.Td(dcc.Link(row["name"], href=f"/scorecard/{pid}")),
            html.Td(row["partnership_type"].capitalize()),
            html.Td(", ".join(f"{n} ({c})" for n, c in zip(row["member_names"],
                                                            row["members"]))),
            html.Td(str(row["n_targets"])),
            html.Td(summary, className="scorecard-list-summary"),
        ], **{"data-partnership": pid}))
    illustrative = any(bool(row["any_illustrative"]) for row in frame)
    return html.Div([
        header,
        html.P(model.ILLUSTRATIVE_NOTE_PLURAL + ": the shipped targets show how Placeboard "
               "works; the data behind them is real.", className="illustrative-banner",
               role="note") if illustrative else None,
        html.Div(className="table-wrap", children=html.Table(className="table", id=Ids.LIST,
                                                             children=[
            html.Caption("Partnerships and the status of their targets",
                         className="visually-hidden"),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in (
                "Partnership", "Type", "Areas", "Targets", "Status")])),
            html.Tbody(rows)])),
        html.P([dcc.Link("Regional oversight", href="/oversight"),
                ": every partnership in a region against its targets, side by side."],
               className="oversight-link"),
    ])


def _unknown(partnership: str) -> html.Div:
    suggestions = [(row["name"], f"/scorecard/{row['partnership_id']}")
                   for row in runtime.store().partnership_records()]
    message = (f"There is no partnership with the id “{partnership}” that you can see. "
               "Choose one of the partnerships below.")
    if not runtime.viewer().signed_in:
        message += (" Some partnerships share their scorecard with partners only: sign in "
                    "to see them.")
        suggestions.append(("Sign in", f"/login?next=/scorecard/{partnership}"))
    return problem_page("Partnership not found", message,
                        [("All scorecards", "/scorecard"), *suggestions])


def layout(partnership: str | None = None, status: Any = None, theme: Any = None,
           meeting: Any = None, **_query: Any) -> html.Div:
    if not partnership:
        return _partnership_list()
    store = runtime.store()
    info = store.partnership(partnership)
    if info is None:
        return _unknown(partnership)
    banner = None
    if meeting:
        presented = scorecard_meeting.meeting_records(partnership, str(meeting))
        if presented is None:
            return _unknown_meeting(partnership, str(meeting))
        card, banner = presented
    else:
        card = store.scorecard_records(partnership)
    statuses = [s for s in model.as_list(status) if s in model.STATUSES]
    themes = model.as_list(theme)
    shown = model.filter_records(card, statuses, themes)
    illustrative = any(bool(row["illustrative"]) for row in card)
    summary = (f"{len(card)} targets: {model.summary_line(r['status'] for r in card)}"
               if card else "No targets are loaded for this partnership.")
    marks = exception_marks(partnership, card)
    return html.Div([
        dcc.Location(id=Ids.URL, refresh=False),
        dcc.Store(id=Ids.PARTNERSHIP, data=partnership),
        page_header(f"{info['name']} scorecard" + (" as presented" if banner else ""), None,
                    caption=f"{info['partnership_type'].capitalize()} · {_members(info)}"),
        banner,
        html.P(summary, id=Ids.SUMMARY, className="scorecard-summary lead"),
        html.P(exception_words.scorecard_line(card, marks), id=Ids.EXCEPTIONS,
               className="scorecard-exceptions") if card else None,
        html.P([html.Strong(model.ILLUSTRATIVE_NOTE_PLURAL + ". "),
                ("These targets, and any commentary and actions, are examples shipped with "
                "Placeboard to show how it works; the data values are real published "
                "statistics.")], className="illustrative-banner", role="note")
        if illustrative else None,
        html.P(info.get("note"), className="partnership-note") if info.get("note") else None,
        _oversight_links(partnership),
        None if banner else scorecard_meeting.since_last_meeting(partnership, card),
        None if banner else _downloads(),
        None if banner else _filters(card, statuses, themes),
        html.P(shown_text(len(shown), len(card)), id=Ids.SHOWN, role="status",
               **{"aria-live": "polite"}),
        _grid(shown, partnership, marks, frozen=banner is not None),
        None if banner else html.Div(table_downloads(partnership, info["name"], statuses,
                                                     themes), id=Ids.DOWNLOADS),
        html.Details([
            html.Summary("How a status is decided"),
            html.Ul([html.Li(text) for text in STATUS_RULE_TEXT]),
        ], className="status-rule"),
        html.P([("Data: real published statistics; sources and dates on each target's page "
                "and in the board pack. "), dcc.Link("All scorecards", href="/scorecard")],
               className="source-line"),
    ], className="scorecard-page")


def _unknown_meeting(partnership: str, meeting: str) -> html.Div:
    return html.Div([
        page_header("No meeting on that date", None),
        html.P(f"No meeting on {meeting[:10]!s} is recorded for this partnership."),
        html.P([html.A("The partnership's meetings", href=f"/scorecard/{partnership}/meetings"),
                " · ", dcc.Link("The live scorecard", href=f"/scorecard/{partnership}")]),
    ], className="scorecard-page")


def _oversight_links(partnership: str) -> html.P | None:
    """Links to the regional oversight view of each region the partnership's areas lie in."""
    regions = {row["region_code"]: row["region_name"] for row in
               runtime.store().partnership_regions() if row["partnership_id"] == partnership}
    if not regions:
        return None
    links: list = []
    for code, name in sorted(regions.items(), key=lambda item: str(item[1])):
        links += [" · "] if links else []
        links.append(dcc.Link("Every partnership's targets in "
                              f"{oversight_view.place_words(str(name))}",
                              href=f"/oversight/{quote(code)}"))
    return html.P(links, className="oversight-link")


def _members(info: dict) -> str:
    """The partnership's member areas, 'name (code)', after its own area code if any."""
    members = ", ".join(f"{n} ({c})" for n, c in zip(info.get("member_names") or [],
                                                    info.get("members") or []))
    if info.get("area_code"):
        members = f"{info['area_code']}; members {members}"
    return members


def _downloads() -> html.Div:
    """The board pack button and the return, in a chosen format."""
    return html.Div(className="scorecard-actions", children=[
        html.Button(BOARDPACK_LABEL, id=Ids.BOARDPACK, n_clicks=0, className="button",
                    **{"aria-busy": "false"}),
        # The spinner shows while the PDF is drawn (a few seconds for many charts).
        dcc.Loading(dcc.Download(id=Ids.BOARDPACK_DOWNLOAD), type="dot",
                    className="boardpack-loading"),
        html.Div(className="return-download", children=[
            html.Label("Return format", htmlFor=Ids.RETURN_FORMAT),
            dcc.Dropdown(id=Ids.RETURN_FORMAT, clearable=False, value="csv",
                         options=[{"label": "CSV", "value": "csv"},
                                  {"label": "JSON", "value": "json"},
                                  {"label": "Excel (xlsx)", "value": "xlsx"}],
                         className="return-format"),
            html.Button(RETURN_LABEL, id=Ids.RETURN, n_clicks=0,
                        className="button secondary", **{"aria-busy": "false"}),
            dcc.Download(id=Ids.RETURN_DOWNLOAD),
        ]),
    ])


def _filters(card: list[dict], statuses: list[str], themes: list[str]) -> html.Div:
    """The status checkboxes (with counts) and the theme picker."""
    return html.Div(className="scorecard-filters", children=[
        html.Fieldset([
            html.Legend("Status"),
            dcc.Checklist(id=Ids.STATUS, options=status_options(card), value=statuses,
                          inline=True, className="status-filter",
                          inputClassName="status-filter-input"),
        ]),
        html.Div([
            html.Label("Theme", htmlFor=Ids.THEME),
            dcc.Dropdown(id=Ids.THEME, options=theme_options(card), value=themes,
                         multi=True, placeholder="All themes"),
        ], className="theme-filter"),
    ])


def _grid(shown: list[dict], partnership: str, marks: dict,
          frozen: bool = False) -> dag.AgGrid:
    """The scorecard's grid: one row per target shown."""
    return dag.AgGrid(
        id=Ids.GRID, rowData=grid_rows(shown, partnership, marks, frozen),
        columnDefs=column_defs(),
        defaultColDef={"resizable": True, "sortable": True, "suppressMovable": True,
                       "wrapHeaderText": True, "autoHeaderHeight": True},
        getRowId="params.data.id",
        # every column drawn: rows size to their tallest cell, wherever one scrolls
        dashGridOptions={"domLayout": "autoHeight", "loadThemeGoogleFonts": False,
                         "suppressColumnVirtualisation": True,
                         # columns drawn where they are, not sliding in from the left
                         "suppressColumnMoveAnimation": True,
                         "tooltipShowDelay": 300},
        className="scorecard-grid", style={"width": "100%"},
    )


STATUS_RULE_TEXT = [
    ("★ Achieved: the value meets the target. Before the target period, where a "
     "confidence interval is published, the whole interval must be at or beyond the "
     "target."),
    "⊘ Missed: the target period has been reached and the value falls short of the target.",
    ("✔ On track: the value is at or ahead of the trajectory (the straight line from the "
     "baseline through any milestones to the target) and the recent trend, projected to "
     "the target period, meets the target."),
    ("▲ At risk: the value is behind the trajectory but not clearly (its confidence "
     "interval includes the trajectory or, without one, it is within the tolerance of "
     f"{int(model.TOLERANCE_SHARE * 100)}% of the planned change); or it is ahead but the "
     "projection falls short of the target; or it is clearly behind but the projection "
     "meets the target in time."),
    ("✖ Off track: the value is clearly behind the trajectory (its whole confidence "
     "interval, or more than the tolerance) and the projection does not meet the target."),
    ("Projections fit the values published since the baseline (at least three), on a scale "
     "that keeps them possible (percentages between 0 and 100, rates above 0), with a 95% "
     "prediction interval. Numbers are compared at the precision they are published to."),
    "○ No data: no value has been published since the baseline.",
]
