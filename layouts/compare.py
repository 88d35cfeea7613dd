"""Compare areas: several areas by several indicators, each cell coloured by comparison
with England, with a word and a shape ("tartan rug"). /compare?areas=&indicators=&sort=."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dash import dcc, html

from dashboard.common.formatting import format_value
from dashboard.common.geography import ENGLAND
from dashboard.security import custom_areas
from dashboard.store import Store
from dashboard.store.base import SEARCHABLE_TYPES
from dashboard.views import area_groups, compare, explore
from dashboard.web import runtime
from layouts import area_custom
from layouts.components import page_header
from layouts.download_links import download_links
from layouts.indicator import labelled_field
from layouts.plain import h, link

PAGE = {"path": "/compare", "title": "Compare areas - Placeboard", "order": 4}

DEFAULT_THEME = "work and worklessness"
MAX_AREAS = 30
MAX_INDICATORS = 20
DEFAULT_LSOA_INDICATORS = ("iod-employment-score", "iod-income-score")


class Ids:
    AREAS = "compare-areas"
    INDICATORS = "compare-indicators"
    SORT = "compare-sort"
    ORDER = "compare-order"
    URL = "compare-url"
    MATRIX = "compare-matrix"
    BENCHMARK = "compare-benchmark"
    LEVEL = "compare-level"
    NOTICE = "compare-notice"


@dataclass(frozen=True)
class Selection:
    areas: tuple[str, ...]
    indicators: tuple[str, ...]
    sort: str = "area"
    descending: bool = False
    problems: tuple[str, ...] = ()
    benchmark: str = explore.DEFAULT_BENCHMARK
    level: str = explore.DEFAULT_LEVEL
    small: tuple[str, ...] = ()  # neighbourhood, ward and custom-area codes
    lsoa_indicators: tuple[str, ...] = ()  # indicators published for LSOAs

    def params(self) -> dict:
        """The selection as the page's address (and its downloads') query has it."""
        return {"areas": [*self.areas, *self.small],
                "indicators": [*self.indicators, *self.lsoa_indicators],
                "sort": None if self.sort == "area" else self.sort,
                "order": "desc" if self.descending else None,
                "benchmark": None if self.benchmark == explore.DEFAULT_BENCHMARK
                else self.benchmark,
                "level": None if self.level == explore.DEFAULT_LEVEL else self.level}

    def query(self) -> str:
        return explore.query_string(self.params())

    @property
    def benchmark_words(self) -> str:
        return {"england": "England", "region": "each area's region",
                "neighbours": "each area's statistical neighbours"}[self.benchmark]


def indicator_choices(indicators: list[dict]) -> list[dict]:
    """Indicators that can be compared across areas (not the LSOA-only IoD measures)."""
    return [r for r in indicators if not explore.is_lsoa_only(r["indicator_id"],
                                                              r["dataset_id"])]


def default_indicators(indicators: list[dict]) -> list[str]:
    return [r["indicator_id"] for r in indicators
            if r["theme"] == DEFAULT_THEME and not str(r["dataset_id"]).startswith("iod")]


def resolve(store: Store, areas: Any = None, indicators: Any = None, sort: Any = None,
            order: Any = None, benchmark: Any = None, level: Any = None) -> Selection:
    """Query-string values to a valid selection (defaults: the partnership areas and the
    work and worklessness indicators)."""
    known_areas = {a["area_code"] for a in store.area_list(SEARCHABLE_TYPES)}
    choices = indicator_choices(store.indicator_list())
    known_indicators = {c["indicator_id"] for c in choices}
    problems = []
    small, (areas,) = area_custom.split_small(areas)
    lsoa_level = {m["indicator_id"] for m in lsoa_indicator_list(store)}
    lsoa_ids = tuple(i for i in explore.parse_list(indicators) if i in lsoa_level)
    indicators = [i for i in explore.parse_list(indicators) if i not in lsoa_level] \
        if indicators is not None else None
    if lsoa_ids and not indicators:
        indicators = []
    codes = [c for c in explore.parse_codes(areas) if c != explore.NEIGHBOURS]
    unknown = [c for c in codes if c not in known_areas]
    if unknown:
        problems.append(f"Unknown area codes left out: {', '.join(unknown)}.")
    codes = [c for c in codes if c in known_areas][:MAX_AREAS]
    if areas is None and not small:
        codes = [c for c, _ in explore.PARTNERSHIP_AREAS if c in known_areas]
    ids = explore.parse_list(indicators)
    unknown = [i for i in ids if i not in known_indicators]
    if unknown:
        problems.append(f"Unknown indicators left out: {', '.join(unknown)}.")
    ids = [i for i in ids if i in known_indicators][:MAX_INDICATORS]
    if indicators is None:
        ids = default_indicators(choices)
    sort_key = sort if isinstance(sort, str) and sort in ids else "area"
    if small and indicators is None:
        ids = []
    return Selection(tuple(codes), tuple(ids), sort_key, order == "desc", tuple(problems),
                     explore.benchmark_choice(benchmark), explore.level_choice(level),
                     tuple(small[:MAX_AREAS]), lsoa_ids[:MAX_INDICATORS])


def lsoa_indicator_list(store: Store) -> list[dict]:
    """Indicators published for LSOAs that add up for a group (area_groups)."""
    return area_groups.lsoa_indicators(store.catalogue_records())


def layout(areas: Any = None, indicators: Any = None, sort: Any = None, order: Any = None,
           benchmark: Any = None, level: Any = None, **_query: object) -> html.Div:
    store = runtime.store()
    selection = resolve(store, areas, indicators, sort, order, benchmark, level)
    choices = indicator_choices(store.indicator_list())
    indicator_options = [{"label": f"{r['title']} ({explore.theme_title(r['theme'] or '')})",
                          "value": r["indicator_id"]} for r in choices] + [
        {"label": f"{r['title']} (neighbourhoods, wards and custom areas)",
         "value": r["indicator_id"]} for r in lsoa_indicator_list(store)]
    return html.Div([
        page_header("Compare areas",
                    "Each cell is an area's latest value, coloured by how it compares with "
                    "England, its region or its statistical neighbours: the word and the "
                    "shape say the same as the colour.",
                    caption="Compare"),
        dcc.Location(id=Ids.URL, refresh=False),
        html.Div([
            labelled_field("Areas", Ids.AREAS, dcc.Dropdown(
                id=Ids.AREAS, options=explore.area_options(store.area_list(SEARCHABLE_TYPES))
                + small_options(store, selection.small),
                value=[*selection.areas, *selection.small], multi=True, placeholder="Choose areas",
                maxHeight=320)),
            labelled_field("Indicators", Ids.INDICATORS, dcc.Dropdown(
                id=Ids.INDICATORS, options=indicator_options,
                value=[*selection.indicators, *selection.lsoa_indicators],
                multi=True, placeholder="Choose indicators", maxHeight=320)),
            labelled_field("Sort areas by", Ids.SORT, dcc.Dropdown(
                id=Ids.SORT, options=sort_options(store, selection.indicators),
                value=selection.sort, clearable=False)),
            html.Div(html.Fieldset([
                html.Legend("Order"),
                dcc.RadioItems(id=Ids.ORDER, options=[
                    {"label": "Ascending (A to Z, lowest first)", "value": "asc"},
                    {"label": "Descending", "value": "desc"}],
                    value="desc" if selection.descending else "asc",
                    className="radio-inline"),
            ]), className="field"),
            html.Div(html.Fieldset([
                html.Legend("Compare with"),
                dcc.RadioItems(id=Ids.BENCHMARK, options=[
                    {"label": label, "value": key}
                    for key, label in explore.BENCHMARK_CHOICES.items()],
                    value=selection.benchmark, className="radio-inline"),
            ]), className="field"),
            html.Div(html.Fieldset([
                html.Legend("Confidence level"),
                dcc.RadioItems(id=Ids.LEVEL, options=[
                    {"label": f"{key}%", "value": key} for key in explore.LEVEL_CHOICES],
                    value=selection.level, className="radio-inline"),
            ]), className="field"),
        ], className="controls", role="group", **{"aria-label": "Choose what to compare"}),
        dcc.Loading(html.Div(matrix(store, selection), id=Ids.MATRIX), delay_show=300),
    ], className="compare-page")


def sort_options(store: Store, indicators: Sequence[str]) -> list[dict]:
    titles = {r["indicator_id"]: r["title"] for r in store.indicator_list()}
    return [{"label": "Area name", "value": "area"}] + [
        {"label": titles.get(i, i), "value": i} for i in indicators]


def small_options(store: Store, chosen: Sequence[str]) -> list[dict]:
    """The viewer's custom areas, and the neighbourhoods and wards chosen, as options."""
    viewer = runtime.viewer()
    options = [{"label": f"{a.name} (custom area)", "value": a.code}
               for a in custom_areas.visible(runtime.accounts(), viewer)] \
        if viewer.signed_in else []
    found, _ = area_custom.small_areas(store, [c for c in chosen
                                               if not c.lower().startswith("custom:")])
    return options + [{"label": f"{a['name']} {a['code']}", "value": a["code"]}
                      for a in found]


def small_section(store: Store, selection: Selection) -> html.Section | None:
    """Neighbourhoods, wards and custom areas by the chosen LSOA-level indicators (the
    employment and income deprivation rates when none is chosen), or why not."""
    if not selection.small and not selection.lsoa_indicators:
        return None
    titles = {r["indicator_id"]: r["title"] for r in store.indicator_list()}
    if not selection.small:
        return html.Section(html.P(
            "Indicators published for neighbourhoods ("
            + ", ".join(titles.get(i, i) for i in selection.lsoa_indicators)
            + ") are shown for neighbourhoods (E01...), wards (E05...) and custom areas "
            "(custom:<id>): add one to the areas.", className="notice", role="status"),
            id="compare-small-areas")
    areas, notices = area_custom.small_areas(store, list(selection.small))
    notices += [area_groups.NO_LSOA_DATA.format(title=titles.get(i, i))
                for i in selection.indicators]
    chosen = selection.lsoa_indicators or DEFAULT_LSOA_INDICATORS
    return area_custom.small_area_section(store, areas, tuple(chosen), notices,
                                          "compare-small-areas")


def matrix(store: Store, selection: Selection) -> list:
    """The matrix table (and any notices) for a selection."""
    children: list = []
    if selection.problems:
        children.append(html.Div([html.P(p) for p in selection.problems], className="notice",
                                 role="status", id=Ids.NOTICE))
    small = small_section(store, selection)
    if small is not None:
        children.append(small)
        if not selection.areas:
            return children
    if not selection.areas or not selection.indicators:
        children.append(html.P("Choose at least one area and one indicator.", className="lead"))
        return children
    latest, rows, columns, areas = matrix_data(store, selection)
    children.append(_table(selection, latest, rows, columns, areas))
    children.append(download_links(
        "compare", selection.params(),
        f"the comparison of {len(rows)} areas by {len(columns)} indicators",
        link_id="compare-downloads"))
    children.append(html.P(
        f"Compared with {selection.benchmark_words} at the {selection.level}% level. Better "
        f"or worse: the benchmark is outside the area's {selection.level}% confidence "
        "interval; for indicators published with no intervals, the difference is larger "
        "than the usual spread between areas (the spread rule). Unreliable estimates and "
        "values without their interval are not compared. Hover over or read a cell for its "
        "reason.", className="source-line", id="compare-method"))
    if areas:
        children.append(html.P(dcc.Link(
            "Worse and getting worse: find indicators that need attention",
            href=f"/worsening?area={areas[0]}"), className="finder-link"))
    sources = source_orgs(latest)
    if sources:
        children.append(html.P("Sources: " + "; ".join(sources) + ". Open Government "
                               "Licence v3.0.", className="source-line"))
    return children


def source_orgs(latest: list[dict]) -> list[str]:
    return sorted({str(r["source_org"]) for r in latest if r.get("source_org") is not None})


def matrix_data(store: Store, selection: Selection
                ) -> tuple[list[dict], list[dict], list[dict], list[str]]:
    """What the matrix shows for a selection: the latest records (England's too), the
    rows and columns of `compare.compare_matrix`, and the areas. The page's table and its
    download are both made from them."""
    codes = tuple(sorted(set(selection.areas) | {ENGLAND}))
    latest = store.latest_value_records(codes, tuple(sorted(set(selection.indicators))),
                                        selection.benchmark,
                                        explore.LEVEL_CHOICES[selection.level])
    names = {r["area_code"]: r["area_name"] for r in latest}
    for code in codes:
        if code not in names:
            names[code] = (store.area(code) or {}).get("area_name", code)
    areas = [c for c in selection.areas if c != ENGLAND]
    rows, columns = compare.compare_matrix(latest, areas, selection.indicators, names,
                                           selection.sort, selection.descending)
    return latest, rows, columns, areas


def _table(selection: Selection, latest: list[dict], rows: list[dict], columns: list[dict],
           areas: list[str]) -> html.Div:
    """The matrix itself, as component JSON (layouts/plain.py): 8 areas by 8 indicators
    are ~2,000 components, and building each as a Dash component was half of the update's
    time. A header row of indicators, England's values, then a row per area."""
    header = [h("Th", "Area", scope="col", **_aria_sort(selection, "area"))]
    for column in columns:
        header.append(h("Th", [
            link(column["title"], explore.indicator_href(
                column["indicator_id"], area=areas[0] if areas else None)),
            h("Span", column["period"] or "no data", className="period"),
        ], scope="col", **_aria_sort(selection, column["indicator_id"])))
    body = [_england_row(latest, columns), *(_area_row(record, columns) for record in rows)]
    return html.Div(h("Table", [
        h("Caption", f"{len(rows)} areas by {len(columns)} indicators, latest values, "
                     f"compared with {selection.benchmark_words}", className="visually-hidden"),
        h("Thead", h("Tr", header)), h("Tbody", body),
    ], className="matrix"), className="table-wrap matrix-wrap", tabIndex="0",
        role="region", **{"aria-label": "Comparison matrix (scrolls sideways)"})


def _england_row(latest: list[dict], columns: list[dict]) -> dict:
    """England's latest value of each indicator, the benchmark row."""
    england_by_indicator = {r["indicator_id"]: r for r in latest if r["area_code"] == ENGLAND}
    cells = [h("Th", link("England", explore.area_href(ENGLAND)), scope="row")]
    for column in columns:
        row = england_by_indicator.get(column["indicator_id"])
        cells.append(h(
            "Td", format_value(row["value"], row, row.get("status"), row.get("note"))
            if row else "no data", className="benchmark"))
    return h("Tr", cells, className="england-row")


def _area_row(record: dict, columns: list[dict]) -> dict:
    """One area's cells: value, comparison word and shape, and the reason (read aloud and
    on hover)."""
    cells = [h("Th", link(record["area_name"], explore.area_href(record["area_code"])),
               scope="row")]
    for column in columns:
        cell = record["cells"][column["indicator_id"]]
        cells.append(h("Td", [
            h("Span", cell["value_text"], className="cell-value"),
            h("Span", [h("Span", cell["glyph"], **{"aria-hidden": "true"}), " ",
                       cell["word"]], className="cell-word"),
            h("Span", cell["reason"], className="visually-hidden"),
        ], className=f"cell {cell['comparison']}", title=cell["reason"],
            **{"data-indicator": column["indicator_id"]}))
    return h("Tr", cells, **{"data-area": record["area_code"]})


def _aria_sort(selection: Selection, key: str) -> dict:
    if selection.sort != key:
        return {}
    return {"aria-sort": "descending" if selection.descending else "ascending"}
