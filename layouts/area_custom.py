"""Custom areas (/area/custom/<id>): a saved group of neighbourhoods (LSOAs) or wards with
every LSOA-level indicator added up for it against its council and England, and
/area/custom/new: a form to save one from typed codes, with the person's saved areas.
Routed from layouts/area.py (the same /area/ address family); no PAGE here.

Who may see an area is decided by dashboard.security.custom_areas.get: anyone but the
owner and their partnership is answered with the page for an unknown area."""

from __future__ import annotations

import re
from typing import Any

from dash import dcc, html

from dashboard.methods import area_aggregates as agg
from dashboard.security import custom_areas
from dashboard.security.custom_areas import CustomArea
from dashboard.store import Store
from dashboard.views import area_groups, explore
from dashboard.web import runtime
from layouts.components import page_header, problem_page

NEW = "new"
SMALL_CODE = re.compile(r"^E0[15]\d{6}$")
SOURCE = ("Source: Ministry of Housing, Communities and Local Government, English Indices "
          "of Deprivation 2025; Office for National Statistics, Census 2021 usual residents "
          "by LSOA (licensed under the Open Government Licence v3.0).")
METHOD = ("How these are made: a rate is the sum of the neighbourhoods' counts over the sum "
          "of their Census 2021 residents (aged 16 to 64 for employment deprivation, all "
          "ages for income deprivation), with a 95% Wilson confidence interval; a count is "
          "the sum of the neighbourhoods' counts (published rounded to 5); any other score is "
          "the population-weighted mean (weights: Census 2021 usual residents). IoD 2025's own "
          "LSOA rates use MHCLG's own population estimates, so a rate here can differ a "
          "little from the IoD's. Ranks and deciles are not added up.")


class Ids:
    NAME = "custom-name"
    CODES = "custom-codes"
    SAVE = "custom-save"
    RESULT = "custom-result"


def page(store: Store, path: str) -> html.Div | None:
    """The page for /area/custom[/<id>|/new]; None for an area that does not exist or
    that the viewer may not see (the caller answers as for an unknown area)."""
    rest = path.strip("/").split("/", 1)
    key = rest[1] if len(rest) > 1 else NEW
    if key.lower() == NEW:
        return new_area_page()
    area = custom_areas.get(runtime.accounts(), runtime.viewer(), key)
    if area is None:
        return None
    return area_page(store, area)


def exists(path: str) -> bool:
    """Whether /area/<path> (path 'custom/...') has a page for this viewer."""
    rest = path.strip("/").split("/", 1)
    key = rest[1] if len(rest) > 1 else NEW
    return key.lower() == NEW or custom_areas.get(
        runtime.accounts(), runtime.viewer(), key) is not None


def area_figures(store: Store, members: tuple[str, ...],
                 only: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Every LSOA-level indicator (or those in `only`) for a group of LSOA and ward codes,
    its council(s) and England (views/area_groups.group_figures), with the group's
    LSOAs."""
    lsoas = store.group_members(tuple(members))
    indicators = area_groups.lsoa_indicators(store.catalogue_records())
    if only is not None:
        indicators = [m for m in indicators if m["indicator_id"] in only]
    ids = tuple(m["indicator_id"] for m in indicators)
    codes = tuple(lsoas["area_code"]) if not lsoas.empty else ()
    lads = tuple(sorted(set(lsoas["lad_code"].dropna()))) if not lsoas.empty else ()
    summary = area_groups.members_summary(lsoas)
    council = " and ".join(summary["councils"]) or "its council"
    rows = area_groups.group_figures(
        indicators, store.group_rows(ids, codes), store.lad_group_rows(ids, lads),
        store.england_group_sums(ids), council)
    return {"lsoas": lsoas, "summary": summary, "council": council, "rows": rows}


def is_small_code(code: str) -> bool:
    """A neighbourhood (E01), ward (E05) or custom area (custom:<id>) code."""
    text = str(code or "").strip()
    return bool(SMALL_CODE.match(text.upper())) or text.lower().startswith("custom:")


def small_areas(store: Store, codes: list[str]) -> tuple[list[dict], list[str]]:
    """Neighbourhoods, wards and custom areas named in an address: (areas, problems).
    A custom area the viewer may not see is reported like one that does not exist."""
    found, problems = [], []
    for code in codes:
        if code.lower().startswith("custom:"):
            area = custom_areas.get(runtime.accounts(), runtime.viewer(), code)
            if area is None:
                problems.append(f"No custom area {code.lower()} that you can see: left out.")
                continue
            found.append({"code": area.code, "name": area.name, "members": area.members,
                          "href": area.href})
            continue
        row = store.area(code.upper())
        if row is None or row["area_type"] not in ("lsoa", "ward"):
            problems.append(f"Unknown neighbourhood or ward code {code}: left out.")
            continue
        kind = "ward" if row["area_type"] == "ward" else "neighbourhood"
        found.append({"code": row["area_code"], "name": f"{row['area_name']} ({kind})",
                      "members": (row["area_code"],), "href": None})
    return found, problems


def small_area_section(store: Store, areas: list[dict], indicator_ids: tuple[str, ...],
                       notices: list[str], section_id: str) -> html.Section:
    """Each neighbourhood, ward or custom area with the chosen LSOA-level indicators
    against its council and England, and notices (indicators with no LSOA data)."""
    children: list[Any] = [html.H2("Neighbourhoods, wards and custom areas", className="h2")]
    if notices:
        children.append(html.Div([html.P(n) for n in notices], className="notice",
                                 role="status"))
    for area in areas:
        figures = area_figures(store, area["members"], indicator_ids)
        heading: Any = dcc.Link(area["name"], href=area["href"]) if area["href"] \
            else area["name"]
        children += [html.H3(heading, className="h3"),
                     html.P(figures["summary"]["sentence"] + "."),
                     figures_table(figures["rows"], figures["council"])]
    if areas:
        children.append(html.P(METHOD, className="source-line"))
        children.append(html.P(SOURCE, className="source-line"))
    return html.Section(children, id=section_id, className="small-areas")


def normal_code(code: str) -> str:
    """'custom:12' in lower case, GSS codes in upper case."""
    text = str(code).strip()
    return text.lower() if text.lower().startswith("custom:") else text.upper()


def split_small(*values: Any) -> tuple[list[str], list[Any]]:
    """(neighbourhood, ward and custom-area codes, each value without them) from query
    values such as ?area=&compare=."""
    small: list[str] = []
    rest = []
    for value in values:
        codes = explore.parse_list(value)
        small += [c for c in map(normal_code, codes) if is_small_code(c) and c not in small]
        kept = [c for c in codes if not is_small_code(c)]
        rest.append(value if not any(is_small_code(c) for c in codes) else
                    ",".join(kept))
    return small, rest


def indicator_section(store: Store, meta: dict, codes: list[str]) -> html.Section | None:
    """The indicator page's figures for neighbourhoods, wards and custom areas in its
    address, or why there are none (an indicator with no LSOA data)."""
    if not codes:
        return None
    areas, notices = small_areas(store, codes)
    title = meta.get("title") or meta["indicator_id"]
    kind = agg.rule_for(meta["indicator_id"], meta.get("value_type")).kind
    if not area_groups.is_lsoa_level(meta):
        notices.append(area_groups.NO_LSOA_DATA.format(title=title))
        areas = []
    elif kind == "none":
        notices.append(f"{title} is a rank or decile of neighbourhoods, which does not add "
                       "up for a group: see the domain's rate or score.")
        areas = []
    return small_area_section(store, areas, (meta["indicator_id"],), notices,
                              "indicator-small-areas")


def area_page(store: Store, area: CustomArea) -> html.Div:
    figures = area_figures(store, area.members)
    summary = figures["summary"]
    shared = (f"Shared with the {area.partnership_id} partnership" if area.partnership_id
              else "Seen by you only")
    return html.Div([
        page_header(area.name, f"A custom area: {summary['sentence']}.",
                    caption="Custom area"),
        html.P([f"Saved by {area.owner}. {shared}. Created {area.created_at[:10]}, "
                f"updated {area.updated_at[:10]}. Address to share: ",
                html.Code(area.href)], id="custom-about"),
        figures_table(figures["rows"], figures["council"]),
        html.P(METHOD, className="source-line", id="custom-method"),
        members_table(figures["lsoas"]),
        html.P(SOURCE, className="source-line"),
        html.P(dcc.Link("Save another custom area", href="/area/custom/new")),
    ], className="custom-area-page", **{"data-custom-area": str(area.id)})


def _cell(text: dict[str, str], comparisons: tuple[str, ...] = ()) -> html.Td:
    parts: list[Any] = [html.Span(text["value"], className="cell-value")]
    if text["interval"]:
        parts += [html.Br(), html.Span(f"95% interval {text['interval']}",
                                       className="interval")]
    if text["counts"]:
        parts += [html.Br(), html.Span(text["counts"], className="counts")]
    if text["note"]:
        parts += [html.Br(), html.Span(text["note"], className="note")]
    parts += [html.Span([html.Br(), c], className="comparison") for c in comparisons if c]
    return html.Td(parts)


def figures_table(rows: list[dict], council: str) -> html.Div:
    """One row per indicator: the custom area, its council and England, with how each is
    made and its denominator."""
    if not rows:
        return html.P("No neighbourhood data for these areas.", className="lead")
    body = [html.Tr([
        html.Th([html.Span(r["title"]), html.Br(),
                 html.Span(f"{r['period'] or ''}. {r['method'].capitalize()}.",
                           className="method")], scope="row"),
        _cell(r["area_text"], (r["versus_council"], r["versus_england"])),
        _cell(r["council_text"]), _cell(r["england_text"]),
        html.Td(r["denominator"] or "none (a count)"),
    ], **{"data-indicator": r["indicator_id"]}) for r in rows]
    return html.Div(html.Table([
        html.Caption("Every neighbourhood indicator for this custom area, its council "
                     "and England"),
        html.Thead(html.Tr([html.Th(t, scope="col") for t in
                            ("Indicator", "This area", council, "England", "Denominator")])),
        html.Tbody(body),
    ], className="table custom-figures", id="custom-figures"), className="table-wrap",
        tabIndex="0", role="region", **{"aria-label": "Custom area figures"})


def members_table(lsoas) -> html.Details:
    rows = [] if lsoas is None or lsoas.empty else [
        html.Tr([html.Td(r.area_name), html.Td(r.area_code), html.Td(r.ward_name or ""),
                 html.Td(r.lad_name or "")]) for r in lsoas.itertuples()]
    return html.Details([
        html.Summary(f"The {len(rows):,} neighbourhoods (LSOAs) in this area"),
        html.Table([html.Thead(html.Tr([html.Th(t, scope="col") for t in
                                        ("Neighbourhood", "Code", "Ward", "Council")])),
                    html.Tbody(rows)], className="table")])


def new_area_page() -> html.Div:
    """The form: a name and the codes of neighbourhoods (E01) or wards (E05), and the
    person's saved areas. Signing in comes first."""
    viewer = runtime.viewer()
    if not viewer.signed_in:
        return problem_page("Sign in to save a custom area",
                            "Custom areas are kept for signed-in users and their "
                            "partnership.", [("Sign in", "/login?next=/area/custom/new")])
    saved = custom_areas.visible(runtime.accounts(), viewer)
    return html.Div([
        page_header("Save a custom area",
                    "Name a group of neighbourhoods (LSOAs) or wards, such as a "
                    "regeneration area, to see every neighbourhood indicator for it. "
                    "People in your partnership can open it too.", caption="Custom area"),
        html.Div([
            html.Div([html.Label("Name", htmlFor=Ids.NAME),
                      dcc.Input(id=Ids.NAME, type="text", maxLength=custom_areas.MAX_NAME)],
                     className="field"),
            html.Div([html.Label("Neighbourhood (E01...) or ward (E05...) codes, separated "
                                 "by spaces, commas or lines", htmlFor=Ids.CODES),
                      dcc.Textarea(id=Ids.CODES, style={"width": "100%", "minHeight": "6em"})],
                     className="field"),
            html.Button("Save custom area", id=Ids.SAVE, className="button", type="button"),
        ], className="controls"),
        html.Div(id=Ids.RESULT, role="status", **{"aria-live": "polite"}),
        html.H2("Your custom areas and your partnership's", className="h2"),
        html.Ul([html.Li(dcc.Link(a.name, href=a.href)) for a in saved])
        if saved else html.P("None saved yet."),
    ])
