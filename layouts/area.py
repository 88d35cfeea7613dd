"""Area profile: every indicator for one area against England, its region and the spread
across areas like it, grouped by theme."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dash import dcc, html

from dashboard.common import clock
from dashboard.common.geography import ENGLAND
from dashboard.store import Store
from dashboard.views import area_profile, explore
from dashboard.views.embeds import area_theme_path, theme_slug
from dashboard.views.value_notes import ValueNotes, revised_since, revisions_by_key
from dashboard.web import runtime
from layouts import area_custom
from layouts.components import (
    area_suggestions,
    benchmark_switch,
    page_header,
    problem_page,
    replaced_notice,
    tab_title,
    unknown_code_text,
)
from layouts.download_links import download_links
from layouts.embed_panel import embed_panel
from layouts.plain import h, link
from layouts.value_marks import marked, notes_block, quality_line


def _title(code: str | None = None, **_: Any) -> str:
    """The browser tab's title: the area's name where the code is known."""
    if is_custom(code):
        return "Custom area - Placeboard"
    return tab_title(lambda: runtime.store().area((code or "").strip().upper()), "area_name",
                     code or "Area", ": area profile")


PAGE = {"path_template": "/area/<code>", "title": _title, "order": 2}


class Ids:
    PROFILE = "area-profile"
    SUMMARY = "area-summary"
    NOTICE = "area-replaced"


def layout(code: str | None = None, benchmark: str | None = None, level: str | None = None,
           **_query: object) -> html.Div:
    store = runtime.store()
    code = (code or "").strip()
    if is_custom(code):
        found = area_custom.page(store, code)
        return found if found is not None else unknown_area(store, code)
    area = store.area(code.upper()) if code else None
    if area is None:
        return unknown_area(store, code)
    if area["area_type"] in ("lsoa", "ward"):
        return neighbourhood_area(store, area)
    return profile(store, area, explore.benchmark_choice(benchmark),
                   explore.level_choice(level))


def is_custom(code: str | None) -> bool:
    """/area/custom, /area/custom/new and /area/custom/<id> (layouts/area_custom.py)."""
    text = (code or "").strip().lower()
    return text == "custom" or text.startswith("custom/")


def unknown_area(store: Store, code: str) -> html.Div:
    """A helpful page for a code we do not know, with codes and names like it."""
    message = unknown_code_text(code or "(none)")
    message += "Search for the area by name on the home page, or choose one below."
    return problem_page("Area not found", message, area_suggestions(store, code))


def neighbourhood_area(store: Store, area: Mapping[str, Any]) -> html.Div:
    """LSOAs and wards are explored on the Neighbourhoods page, within their LA."""
    parents = store.parents(area["area_code"])
    lad = parents.get("lad")
    links = [(f"Neighbourhoods in {lad['name']}", f"/neighbourhoods?area={lad['code']}"),
             (f"Profile of {lad['name']}", explore.area_href(lad["code"]))] if lad else []
    return problem_page(
        f"{area['area_name']} is a neighbourhood",
        f"{area['area_name']} ({area['area_code']}) is a "
        f"{explore.area_type_label(area['area_type']).lower()}. Area profiles cover local "
        "authorities and larger areas; neighbourhood data is on the Neighbourhoods page.",
        links)


def profile_rows(store: Store, area: Mapping[str, Any], benchmark: str = "england",
                 level: str = "95") -> list[dict]:
    """The profile's rows for a benchmark and level: the page's tables and their
    download are both made from them."""
    records = store.area_profile(area["area_code"], benchmark, explore.LEVEL_CHOICES[level])
    now = clock.now()
    revised = store.revised_values(tuple(sorted({r["indicator_id"] for r in records})),
                                   (area["area_code"],), revised_since(now))
    return area_profile.profile_rows(records, area, revisions_by_key(revised), now)


def profile(store: Store, area: Mapping[str, Any], benchmark: str = "england",
            level: str = "95") -> html.Div:
    code = area["area_code"]
    rows = profile_rows(store, area, benchmark, level)
    groups = area_profile.group_by_theme(rows)
    parents = store.parents(code)
    children: list = [
        page_header(area["area_name"], _lead(area, parents),
                    caption=f"Area profile · {explore.area_type_label(area['area_type'])}"),
    ]
    if explore.is_obsolete(area):
        children.append(replaced_notice(store, area, notice_id=Ids.NOTICE))
    children.append(_actions(area, parents))
    if not rows:
        children.append(html.P(f"No indicator values are published for {area['area_name']}.",
                               className="lead", id=Ids.SUMMARY))
        return html.Div(children, className="area-page")
    is_england = code == ENGLAND  # England is what everything else is compared with
    bench_name = benchmark_name(benchmark, parents)
    if is_england:
        children.append(html.P("England is the benchmark: every other area's profile compares "
                               "its values with these.", className="lead", id=Ids.SUMMARY))
    else:
        children += [
            benchmark_switch(lambda b, lv: profile_href(code, b, lv), benchmark, level,
                             benchmark_choices(area)),
            _summary(rows, area, bench_name, level), _key(area, bench_name, level)]
        if benchmark == "neighbours":
            children.append(neighbour_panel(store, area))
    context = ThemeContext.of(store, area, rows, parents, benchmark, level)
    children += [_theme_section(theme, theme_rows, context) for theme, theme_rows in groups]
    return html.Div(children, className="area-page", id=Ids.PROFILE,
                    **{"data-area": code, "data-benchmark": benchmark, "data-level": level})


@dataclass(frozen=True)
class ThemeContext:
    """What every theme table of one profile shares: the area, its benchmark and level,
    the region's name, and its indicators' datasets (publisher, licence and quality
    checks)."""

    area: Mapping[str, Any]
    benchmark: str
    level: str
    bench_name: str
    region_name: str | None
    datasets: Mapping[str, Mapping[str, Any]]  # Store.dataset_quality's records by id
    embed: bool = True

    @classmethod
    def of(cls, store: Store, area: Mapping[str, Any], rows: list[dict],
           parents: Mapping[str, dict], benchmark: str, level: str,
           embed: bool = True) -> ThemeContext:
        datasets = tuple(sorted({r["dataset_id"] for r in rows if r.get("dataset_id")}))
        return cls(area, benchmark, level, benchmark_name(benchmark, parents),
                   parents.get("region", {}).get("name"),
                   {q["dataset_id"]: q for q in store.dataset_quality(datasets)}, embed)


def _theme_section(theme: str, rows: list[dict], context: ThemeContext) -> Any:
    slug = theme_slug(theme)
    if theme == explore.DEPRIVATION:
        return html.Details([
            html.Summary(html.H2(explore.theme_title(theme), className="h3 inline")),
            html.P("Local authority summaries of the English Indices of Deprivation 2025. "
                   "Ranks: 1 is the most deprived local authority."),
            *theme_content(theme, rows, context),
        ], className="theme deprivation", id="theme-deprivation")
    return html.Section([
        html.H2(explore.theme_title(theme), id=f"theme-{slug}"),
        *theme_content(theme, rows, context),
    ], className="theme", **{"aria-labelledby": f"theme-{slug}"})


def theme_title(theme: str, context: ThemeContext) -> str:
    """A theme table's title (its caption, and its embed's title)."""
    name = context.area["area_name"]
    if theme == explore.DEPRIVATION:
        return f"{explore.theme_title(theme)}: {name}"
    if context.area["area_code"] == ENGLAND:
        return f"{explore.theme_title(theme)}: {name}"
    return (f"{explore.theme_title(theme)}: {name} compared with {context.bench_name} "
            f"({context.level}%)")


def theme_content(theme: str, rows: list[dict], context: ThemeContext) -> list:
    """One theme's table, then the key to its values' flags and notes, its source line,
    its datasets' quality checks and (on the page) "Embed this chart"."""
    area, slug = context.area, theme_slug(theme)
    notes = ValueNotes(f"theme-{slug}")
    if theme == explore.DEPRIVATION:  # ranks and scores of one release: no comparison, no trend
        table = theme_table(theme, rows, area, spine=False, region_name=context.region_name,
                            compare=False, trend=False, notes=notes)
    else:
        is_england = area["area_code"] == ENGLAND
        table = theme_table(theme, rows, area, spine=not is_england,
                            region_name=context.region_name, compare=not is_england,
                            bench_name=context.bench_name, level=context.level, notes=notes)
    ids = list(dict.fromkeys(r["dataset_id"] for r in rows if r.get("dataset_id")))
    datasets = [context.datasets[d] for d in ids if d in context.datasets]
    content = [table, notes_block(notes),
               h("P", area_profile.sources_sentence(datasets), className="source-line"),
               quality_line(datasets, ids[0] if len(ids) == 1 else None)]
    if context.embed:
        content.append(_theme_downloads(area, theme, context.benchmark, context.level))
        content.append(embed_panel(
            area_theme_path(area["area_code"], slug, context.benchmark, context.level),
            theme_title(theme, context), f"theme-{slug}-embed"))
    return [item for item in content if item is not None]


def download_query(code: str, benchmark: str, level: str, theme: str | None = None) -> dict:
    """The query of a profile's downloads (/download/area-profile.csv?area=...)."""
    return {"area": code, "benchmark": None if benchmark == explore.DEFAULT_BENCHMARK
            else benchmark, "level": None if level == explore.DEFAULT_LEVEL else level,
            "theme": theme}


def _theme_downloads(area: Mapping[str, Any], theme: str, benchmark: str,
                     level: str) -> dict:
    return download_links(
        "area-profile", download_query(area["area_code"], benchmark, level, theme),
        f"the {explore.theme_title(theme).lower()} table for {area['area_name']}",
        link_id=f"downloads-{theme_slug(theme)}")


def profile_href(code: str, benchmark: str, level: str) -> str:
    params = {"benchmark": None if benchmark == explore.DEFAULT_BENCHMARK else benchmark,
              "level": None if level == explore.DEFAULT_LEVEL else level}
    return explore.area_href(code) + explore.query_string(params)


def benchmark_choices(area: Mapping[str, Any]) -> dict[str, str]:
    """England and region for every area; statistical neighbours where they are found
    (local authorities and counties)."""
    choices = dict(explore.BENCHMARK_CHOICES)
    if area.get("area_type") not in ("lad", "county"):
        choices.pop("neighbours")
    if area.get("area_type") in ("region", "nation", "country"):
        choices.pop("region")
    return choices


def benchmark_name(benchmark: str, parents: Mapping[str, dict]) -> str:
    if benchmark == "region":
        return parents.get("region", {}).get("name") or "the region"
    if benchmark == "neighbours":
        return "statistical neighbours"
    return "England"


def neighbour_panel(store: Store, area: Mapping[str, Any]) -> html.Details:
    """The named statistical neighbours, with similarity and the method."""
    neighbours = store.neighbour_list(area["area_code"])
    if neighbours.empty:
        return html.P(f"No statistical neighbours are found for {area['area_name']}.",
                      className="notice", id="neighbour-list")
    items = [html.Li([dcc.Link(row.neighbour_name, href=explore.area_href(row.neighbour_code)),
                      f" — {row.similarity:.0%} similar (distance {row.distance:.2f}, "
                      f"{row.shared} of {row.n_features} indicators compared)"])
             for row in neighbours.itertuples()]
    return html.Details([
        html.Summary(f"{area['area_name']}'s {len(items)} statistical neighbours"),
        html.Ol(items, className="neighbour-list"),
        html.P(f"{neighbours['method'].iloc[0]}. Similarity is 100% for an identical profile "
               "and 0% for two areas as different as a typical pair picked at random. The "
               "neighbours' value is their average for the same period, shown where at "
               "least half of them have a value."),
    ], className="neighbours", id="neighbour-list", open=True)


def _lead(area: Mapping[str, Any], parents: Mapping[str, dict]) -> str:
    if area["area_code"] == ENGLAND:
        return f"{ENGLAND}. The latest value of every indicator."
    text = (f"{area['area_code']}. The latest value of every indicator, compared with "
            "England")
    region = parents.get("region")
    if region:
        text += f", alongside {region['name']}"
    return text + "."


def _actions(area: Mapping[str, Any], parents: Mapping[str, dict]) -> html.Nav:
    code = area["area_code"]
    items = [
        dcc.Link("Compare with other areas",
                 href=explore.compare_href([code] + [p["code"] for k, p in parents.items()
                                                     if k == "region"] + [ENGLAND])),
        dcc.Link("Map", href=f"/map?area={code}"),
        dcc.Link("Neighbourhoods", href=f"/neighbourhoods?area={code}"),
        dcc.Link("Worklessness", href=f"/worklessness?area={code}"),
        dcc.Link("Worse and getting worse", href=f"/worsening?area={code}"),
    ]
    for kind in ("region", "combined_authority", "county"):
        parent = parents.get(kind)
        if parent:
            items.append(dcc.Link(f"{parent['name']} profile",
                                  href=explore.area_href(parent["code"])))
    return html.Nav(html.Ul([html.Li(item) for item in items], className="action-list"),
                    **{"aria-label": "About this area"})


def _summary(rows: list[dict], area: Mapping[str, Any], bench_name: str,
             level: str) -> html.P:
    counts = area_profile.comparison_counts(rows)
    total = sum(counts.values())
    parts = [f"{counts[key]} {explore.JUDGEMENT_WORDS[key].lower()}"
             for key in ("better", "similar", "worse", "higher", "lower", "not_compared")
             if counts.get(key)]
    return html.P(f"Compared with {bench_name} at the {level}% level, {area['area_name']} "
                  f"has {total} indicators: " + ", ".join(parts) + ".", className="lead",
                  id=Ids.SUMMARY)


def _key(area: Mapping[str, Any], bench_name: str = "England",
         level: str = "95") -> html.Details:
    badges = [html.Li([_badge(key), " ", text]) for key, text in (
        ("better", f"significantly better than {bench_name}"),
        ("similar", f"similar to {bench_name}"),
        ("worse", f"significantly worse than {bench_name}"),
        ("higher", f"higher than {bench_name} (no judgement of better or worse)"),
        ("lower", f"lower than {bench_name} (no judgement of better or worse)"),
        ("not_compared", "not compared: the reason says why (no value, an unreliable "
                         "estimate, no confidence interval, no benchmark value)"),
    )]
    return html.Details([
        html.Summary("How to read this page"),
        html.Ul(badges, className="key-list"),
        html.P(f"Where a value has a confidence interval, it is better or worse when "
               f"{bench_name}'s value lies outside its {level}% interval (99.8% limits are "
               "derived from the published 95% limits). Estimates the source flags as "
               "unreliable, and values published without the interval their indicator "
               "usually has, are not compared. Indicators published with no intervals at "
               "all are compared by the spread rule: higher or lower when the difference "
               "is larger than the usual spread between areas (1.4826 × median absolute "
               "deviation); the reason says when this rule is used."),
        html.P(["The spine shows the spread across ", area_profile.spine_group(area["area_type"]),
                (": the bar runs from the worst to the best value, the darker part from "
                 "the 25th to the 75th percentile; the line is England and the marker is "),
                area["area_name"], "."]),
        html.P("Recent trend: Fingertips' method, over the latest five consecutive periods "
               "with confidence intervals or counts, at the 99.8% level; where it cannot be "
               "calculated the reason says why."),
        html.P(dcc.Link("How Placeboard judges values", href="/about#methods")),
    ], className="key")


def _badge(comparison: str, title: str | None = None) -> dict:
    return h("Span", [h("Span", explore.JUDGEMENT_GLYPHS.get(comparison, "○"),
                        **{"aria-hidden": "true"}),
                      " ", explore.JUDGEMENT_WORDS.get(comparison, comparison)],
             className=f"judgement {comparison}", title=title)


COLUMN_CLASSES = ("c-indicator", "c-period", "c-value", "c-bench", "c-bench", "c-comparison",
                  "c-trend", "c-spine")


# The theme tables are most of the page (about 13 elements a row): they are built in the
# JSON form Dash sends (layouts/plain.py), not as Dash components, to the same page.
def theme_table(theme: str, rows: list[dict], area: Mapping[str, Any], spine: bool,
                region_name: str | None = None, compare: bool = True,
                trend: bool = True, bench_name: str = "England",
                level: str = "95", notes: ValueNotes | None = None) -> dict:
    middle = "Neighbours' average" if bench_name == "statistical neighbours" else \
        (region_name or "Region")
    headers = ["Indicator", "Period", area["area_name"], middle, "England",
               f"Compared with {bench_name} ({level}%)", "Recent trend"]
    columns = list(COLUMN_CLASSES[:7])
    if not compare:
        headers = headers[:3] + headers[6:]
        columns = columns[:3] + columns[6:]
    if not trend:
        headers, columns = headers[:-1], columns[:-1]
    if spine:
        headers.append(f"Spread across {area_profile.spine_group(area['area_type'])}")
        columns.append(COLUMN_CLASSES[7])
    notes = notes if notes is not None else ValueNotes("theme")
    body = [_row(row, headers, spine, compare, trend, notes) for row in rows]
    return h("Div", h("Table", [
        h("Caption", f"{explore.theme_title(theme)}: {area['area_name']} compared with "
                     f"{bench_name}", className="visually-hidden"),
        h("Colgroup", [h("Col", className=c) for c in columns]),
        h("Thead", h("Tr", [h("Th", text, scope="col") for text in headers])),
        h("Tbody", body),
    ], className="table profile-table"), className="table-wrap")


def _row(row: dict, headers: list[str], spine: bool, compare: bool = True,
         trend: bool = True, notes: ValueNotes | None = None) -> dict:
    def cell(children: Any, class_name: str | None = None) -> dict:
        # data-label: the column name shown before the cell when the table stacks (320px)
        return h("Td", children, className=class_name, **{"data-label": headers[len(cells)]})

    cells: list = [h("Th", link(row["title"], row["href"]), scope="row")]
    cells.append(cell(row["period"] or "—"))
    marks = [] if notes is None else notes.marks(row.get("status"), row.get("note"),
                                                 row["value_text"])
    cells.append(cell(marked(row["value_text"], marks, row.get("revised")), "value"))
    if compare:
        cells.append(cell(row["benchmark_text"] if headers[3] == "Neighbours' average"
                          else row["region_text"]))
        cells.append(cell(row["england_text"]))
        cells.append(cell([_badge(row["comparison"], row["explanation"]),
                           h("Details", [h("Summary", "Why?"), h("P", row["explanation"])],
                             className="why")], "comparison"))
    if trend:
        cells.append(cell([h("Span",
                             [h("Span", row["trend_glyph"], **{"aria-hidden": "true"}), " ",
                              row["trend_word"]],
                             className=f"trend {row['trend_class']}", title=row["trend_text"]),
                           h("Details", [h("Summary", "Why?"), h("P", row["trend_text"])],
                             className="why")],
                          "trend-cell"))
    if spine:
        cells.append(cell(spine_chart(row), "spine-cell"))
    return h("Tr", cells, className=f"profile-row {row['comparison']}",
             **{"data-indicator": row["indicator_id"]})


def spine_chart(row: Mapping[str, Any]) -> dict:
    """A Fingertips-style spine as one image with its text alternative."""
    geometry = row.get("spine")
    if not geometry:
        return h("Span", "—", title="Too few comparable areas to show a spread")
    return h("Img", src=area_profile.spine_svg(geometry, row["comparison"]), alt=row["spine_text"],
             title=row["spine_text"], className="spine",
             width=area_profile.SPINE_WIDTH, height=area_profile.SPINE_HEIGHT)
