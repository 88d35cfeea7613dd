"""Target page /target/<partnership>/<indicator>?area=: the actual series with its
confidence interval, the trajectory, milestones, target and projection, England and the
region for context, the status and its reason, and commentary and action."""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlencode

from dash import dcc, html

from dashboard.common import attribution
from dashboard.common.formatting import format_value, polarity_words
from dashboard.figures.targets import (
    chart_title,
    period_key,
    published,
    target_figure,
    text_alternative,
)
from dashboard.methods import targets as model
from dashboard.security import exceptions
from dashboard.security.duties import is_editor
from dashboard.views import exceptions as exception_words
from dashboard.web import runtime
from layouts.components import chart_figure, page_header, problem_page, summary_list
from layouts.scorecard import STATUS_RULE_TEXT
from layouts.target_context import ambition_section, gap_section
from layouts.target_exceptions import form as report_form
from layouts.target_exceptions import section as report_section


def page_title(partnership: str | None = None, indicator: str | None = None,
               **_: Any) -> str:
    """Browser tab title (from the URL only: no store access)."""
    what = (indicator or "target").replace("-", " ").capitalize()
    who = (partnership or "").replace("-", " ").title()
    return f"{what} target, {who} - Placeboard"


PAGE = {"path_template": "/target/<partnership>/<indicator>", "title": page_title}


class Ids:
    CHART = "target-chart"
    STATUS = "target-status"
    REASON = "target-reason"
    COMMENTARY = "target-commentary"
    DETAILS = "target-details"
    DATA = "target-data"


def _fmt(value: Any, meta: dict) -> str:
    return format_value(value, meta)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def status_badge(status: str, element_id: str | None = None) -> html.Span:
    """Icon, word and colour together."""
    extra = {"id": element_id} if element_id else {}
    return html.Span([html.Span(model.STATUS_ICONS[status], className="status-icon",
                                **{"aria-hidden": "true"}),
                      " " + model.STATUS_WORDS[status]],
                     className=f"status-badge status-{status}", **extra)


def _data_table(detail: dict, meta: dict) -> html.Details:
    series: list[dict] = detail["series"]
    target: model.Target = detail["target"]
    region = detail.get("region") or {}
    values: dict[tuple, Any] = {}
    for row in series:  # the first row of an area and period, as the chart reads it
        values.setdefault((row["area_code"], period_key(row["period_start"])), row["value"])

    def value_at(code: str | None, start: Any) -> str:
        if not code:
            return "—"
        key = (code, period_key(start))
        return _fmt(values[key], meta) if key in values else "no data"

    rows = []
    for row in published(series, target.area_code):
        interval = "—" if _missing(row["lci"]) or _missing(row["uci"]) else \
            f"{_fmt(row['lci'], meta)} to {_fmt(row['uci'], meta)}"
        rows.append(html.Tr([html.Td(row["period_label"]), html.Td(_fmt(row["value"], meta)),
                             html.Td(interval),
                             html.Td(value_at(model.ENGLAND, row["period_start"])),
                             html.Td(value_at(region.get("code"), row["period_start"]))]))
    area = detail["info"].get("area_name") or target.area_code
    return html.Details([
        html.Summary("Data behind the chart"),
        html.Div(className="table-wrap", children=html.Table(className="table", children=[
            html.Caption(f"{meta.get('title')} in {area}, England and "
                         f"{region.get('name') or 'the region'}"),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in (
                "Period", area, "95% confidence interval", "England",
                region.get("name") or "Region")])),
            html.Tbody(rows),
        ])),
    ], id=Ids.DATA)


def _commentary(target: model.Target, status: str, partnership: str) -> html.Section | None:
    """The exception report (or the targets file's commentary) and, for an editor of the
    partnership on a target at risk, off track or missed, the form to write a version."""
    key = exceptions.TargetKey(partnership, target.indicator_id, target.area_code)
    accounts = runtime.accounts()
    history = exceptions.history(accounts, key)
    loaded = runtime.store().data_loaded(partnership).get(key[1:])
    fresh = exception_words.freshness(history[-1] if history else None, status, loaded)
    viewer = runtime.viewer()
    editing = (status in exceptions.EXCEPTION_STATUSES and viewer.signed_in
               and is_editor(accounts, viewer.user, viewer.role, partnership))
    form = report_form(key, history[-1] if history else None, status) if editing else None
    return report_section(target, status, history, fresh, form)


def _choices(partnership: str, indicator: str, codes: list[str]) -> html.Div:
    store = runtime.store()
    names = {code: (store.area(code) or {}).get("area_name", code) for code in codes}
    return problem_page(
        "Choose an area",
        "This partnership has a target for this indicator in more than one area.",
        [(f"{names[c]} ({c})", f"/target/{partnership}/{indicator}?{urlencode({'area': c})}")
         for c in codes])


def layout(partnership: str | None = None, indicator: str | None = None,
           area: str | None = None, **_query: Any) -> html.Div:
    store = runtime.store()
    info = store.partnership(partnership or "")
    if info is None:
        return problem_page("Partnership not found",
                            f"There is no partnership with the id “{partnership}”.",
                            [("All scorecards", "/scorecard")])
    area = area[0] if isinstance(area, list) else area
    detail = model.target_view(store, partnership, indicator or "", area)
    if detail is None:
        return problem_page("Target not found",
                            f"{info['name']} has no target for “{indicator}”"
                            + (f" in {area}" if area else "") + ".",
                            [(f"{info['name']} scorecard", f"/scorecard/{partnership}")])
    if "choices" in detail:
        return _choices(partnership, indicator or "", detail["choices"])
    return target_page(detail, info, partnership, _query.get("propose"), area)


def target_page(detail: dict, info: dict, partnership: str, propose: Any = None,
                area: str | None = None) -> html.Div:
    """The page for one target: status and reason, commentary, the chart, the target's
    details, its gap in people, how ambitious it is (or a proposed value is), the data
    behind the chart and how a status is decided."""
    target: model.Target = detail["target"]
    assessment: model.Assessment = detail["assessment"]
    meta = model.display_meta(detail["meta"])
    area_name = detail["info"].get("area_name") or target.area_code
    return html.Div([
        page_header(f"{meta.get('title')}: {area_name}", None,
                    caption=f"{info['name']} target"),
        html.P([html.Strong(model.ILLUSTRATIVE_NOTE + ". "),
                ("The data values are real; the target is invented to show how Placeboard "
                "works.")], className="illustrative-banner", role="note")
        if target.illustrative else None,
        html.Section([
            html.P(status_badge(assessment.status, Ids.STATUS), className="target-status"),
            html.P(assessment.reason, id=Ids.REASON, className="target-reason lead"),
        ], className=f"status-panel status-panel-{assessment.status}"),
        _commentary(target, assessment.status, partnership),
        chart_figure(dcc.Graph(id=Ids.CHART, figure=target_figure(detail),
                               config={"displaylogo": False, "responsive": True},
                               className="target-graph"),
                     chart_title(meta, area_name), text_alternative(detail),
                     _source(detail, meta)),
        _details(detail, meta, area_name),
        gap_section(runtime.store(), detail, meta, area_name),
        ambition_section(runtime.store(), detail, meta, area_name, partnership, propose,
                         area),
        _data_table(detail, meta),
        html.Details([html.Summary("How a status is decided"),
                      html.Ul([html.Li(text) for text in STATUS_RULE_TEXT])],
                     className="status-rule"),
        html.P(dcc.Link(f"Back to the {info['name']} scorecard",
                        href=f"/scorecard/{partnership}"), className="back-link"),
    ], className="target-page")


def _source(detail: dict, meta: dict) -> str:
    """The chart's source line: producer, publication date, load and where the target
    comes from."""
    target: model.Target = detail["target"]
    assessment: model.Assessment = detail["assessment"]
    return (f"{attribution.producer_line(meta.get('source_org'))}. Published "
            f"{meta.get('source_date') or 'date not recorded'}; latest value from load "
            f"{assessment.latest_load_id or '—'}. Target: "
            + ("illustrative example, not an agreed target." if target.illustrative
               else f"loaded from {detail['info'].get('source_file')}."))


def _latest(assessment: model.Assessment, meta: dict) -> str:
    """The latest value with its period and any confidence interval."""
    return "no data" if assessment.latest_value is None else (
        f"{_fmt(assessment.latest_value, meta)} ({assessment.latest_period})"
        + (f", 95% confidence interval {_fmt(assessment.latest_lci, meta)} to "
           f"{_fmt(assessment.latest_uci, meta)}" if assessment.latest_lci is not None else ""))


def _projected(target: model.Target, assessment: model.Assessment, meta: dict) -> str | None:
    """The projection at the target period, with its prediction interval where finite."""
    projection = assessment.projection
    if projection is None:
        return None
    projected = f"{_fmt(projection.at_target, meta)} in {target.target.label}"
    if math.isfinite(projection.at_target_lower):
        projected += (f" (95% prediction interval {_fmt(projection.at_target_lower, meta)}"
                      f" to {_fmt(projection.at_target_upper, meta)})")
    return projected + f", from the {projection.n_points} values since the baseline"


def _details(detail: dict, meta: dict, area_name: str) -> html.Section:
    """'The target': indicator, area, baseline, target, milestones, latest value,
    trajectory, projection and owner."""
    target: model.Target = detail["target"]
    assessment: model.Assessment = detail["assessment"]
    return html.Section([
        html.H2("The target"),
        summary_list([
            ("Indicator", f"{meta.get('title')} ({target.indicator_id})"),
            ("Area", f"{area_name} ({target.area_code})"),
            ("Theme", target.theme),
            ("Improvement means", (f"to {target.direction} "
             f"({polarity_words(meta.get('polarity')).lower()})")),
            ("Baseline", f"{_fmt(target.baseline_value, meta)} ({target.baseline.label}"
             + (", published value)" if target.baseline_source == "stored" else
                ", from the targets file)")),
            ("Target", f"{_fmt(target.target_value, meta)} by {target.target.label}"),
            ("Milestones", "; ".join(f"{m.period.label}: {_fmt(m.value, meta)}"
                                     for m in target.milestones) or None),
            ("Latest", _latest(assessment, meta)),
            ("Trajectory at the latest period", None
             if assessment.trajectory_value is None
             else _fmt(assessment.trajectory_value, meta)),
            ("Projection", _projected(target, assessment, meta)),
            ("Owner", target.owner),
        ]),
    ], id=Ids.DETAILS)
