"""The analysts' pages' tables as downloads: the area profile, the compare matrix, the
local authority map and the neighbourhood map, from the rows those pages build
(dashboard/views), in the page's order, with the values as the page shows them beside
the numbers (a withheld value: a blank number and the page's label).

Pure: page-model rows in, a `tables.Table` out. The scorecard's and the residents'
pages' tables are in `targets_tables` and `public_tables`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from dashboard.common.formatting import format_value
from dashboard.common.geography import ENGLAND
from dashboard.exports.tables import Column, Table, columns
from dashboard.views import explore
from dashboard.views.area_profile import spine_group

AREA = (("area_code", "Area code"), ("area_name", "Area"))


def unit_words(meta: Mapping[str, Any] | None) -> str | None:
    """An indicator's unit as the download's column says it ('%', 'people', 'rate per
    100,000 population'), None where the metadata has none."""
    meta = meta or {}
    unit = meta.get("unit") or meta.get("measure")
    return str(unit) if isinstance(unit, str) and unit.strip() else None


# -- the indicator page ---------------------------------------------------------------------

INDICATOR_TYPES = {"value": "decimal", "lci": "decimal", "uci": "decimal", "rank": "integer"}


def indicator_table(names: Sequence[str], rows: list[list[Any]], meta: Mapping[str, Any], *,
                    title: str, source: str, url: str, name_parts: Sequence[str]) -> Table:
    """The data in the indicator page's charts (`indicator.csv_rows`: the trend's lines
    and the ranking, the indicator's metadata on every row), under the column names its
    CSV has always had."""
    cols = tuple(Column(name, name, INDICATOR_TYPES.get(name, "string"),
                        unit_words(meta) if INDICATOR_TYPES.get(name) == "decimal" else None)
                 for name in names)
    return Table("indicator", title, cols, rows, (source,), url, (), tuple(name_parts))


# -- the area profile ----------------------------------------------------------------------

def area_profile_table(groups: Sequence[tuple[str, list[dict]]], area: Mapping[str, Any], *,
                       benchmark: str, level: str, bench_name: str, region_name: str | None,
                       sources: Iterable[str], url: str, theme: str | None = None
                       ) -> Table:
    """The area profile's theme tables (`area_profile.group_by_theme` of its rows) as one
    table, theme by theme in the page's order; one theme's rows where `theme` is given."""
    neighbours = benchmark == "neighbours"
    middle = ("neighbours_average", "Neighbours' average") if neighbours else \
        ("region_value", f"{region_name or 'Region'} value")
    cols = columns(
        *AREA, ("theme", "Theme"), ("indicator_id", "Indicator id"),
        ("indicator", "Indicator"), ("period", "Period"), ("value", "Value", "decimal"),
        ("value_shown", "Value as shown"), ("unit", "Unit"),
        (middle[0], middle[1], "decimal"), (f"{middle[0]}_shown", f"{middle[1]} as shown"),
        ("england_value", "England value", "decimal"),
        ("england_value_shown", "England value as shown"),
        ("comparison", f"Compared with {bench_name} ({level}%)"),
        ("comparison_reason", "Why (comparison)"), ("recent_trend", "Recent trend"),
        ("recent_trend_reason", "Why (recent trend)"),
        ("spread", f"Spread across {_spine_group(area)}"))
    rows = []
    for key, theme_rows in groups:
        if theme and key != theme:
            continue
        for row in theme_rows:
            rows.append([
                area["area_code"], area["area_name"], explore.theme_title(key),
                row["indicator_id"], row["title"], row["period"], row["value"],
                row["value_text"], row.get("unit"),
                row.get("benchmark_value") if neighbours else row.get("region_value"),
                row["benchmark_text"] if neighbours else row["region_text"],
                row.get("england_value"), row["england_text"], row["comparison_word"],
                row["explanation"], row["trend_word"], row["trend_text"],
                row.get("spine_text")])
    what = f"{explore.theme_title(theme)}: " if theme else "Area profile: "
    return Table(
        "area-profile", f"{what}{area['area_name']} ({area['area_code']}) compared with "
        f"{bench_name} at the {level}% level, latest values", cols, rows,
        tuple(sources), url, ("area_code", "indicator_id"),
        (area["area_code"], _slug(theme) if theme else "", benchmark, f"{level}pc"))


def _spine_group(area: Mapping[str, Any]) -> str:
    return spine_group(area.get("area_type"))


def _slug(text: str | None) -> str:
    return "-".join(str(text or "").lower().replace("&", "and").split())


# -- the compare matrix ----------------------------------------------------------------------

def compare_table(latest: Iterable[Mapping[str, Any]], rows: Sequence[Mapping[str, Any]],
                  matrix_columns: Sequence[Mapping[str, Any]], *, benchmark_words: str,
                  level: str, sources: Iterable[str], url: str) -> Table:
    """The compare matrix (`compare.compare_matrix`'s rows and columns, with England's
    row from `latest` first, as the page shows it), one row per area and indicator."""
    cols = columns(*AREA, ("indicator_id", "Indicator id"), ("indicator", "Indicator"),
                   ("period", "Period"), ("value", "Value", "decimal"),
                   ("value_shown", "Value as shown"), ("unit", "Unit"),
                   ("comparison", f"Compared with {benchmark_words} ({level}%)"),
                   ("comparison_reason", "Why (comparison)"))
    by_key = {(r["indicator_id"], r["area_code"]): r for r in latest}
    out = []
    for column in matrix_columns:
        england = by_key.get((column["indicator_id"], ENGLAND))
        out.append([ENGLAND, "England", column["indicator_id"], column["title"],
                    england.get("period_label") if england else None,
                    england.get("value") if england else None,
                    format_value(england["value"], dict(england), england.get("status"),
                                 england.get("note")) if england else "no data",
                    unit_words(england or _any_row(by_key, column["indicator_id"])),
                    None, None])  # the benchmark row: no comparison
    for record in rows:
        for column in matrix_columns:
            cell = record["cells"][column["indicator_id"]]
            meta = by_key.get((column["indicator_id"], record["area_code"])) or \
                _any_row(by_key, column["indicator_id"])
            out.append([record["area_code"], record["area_name"], column["indicator_id"],
                        column["title"], cell.get("period"), cell.get("value"),
                        cell["value_text"], unit_words(meta), cell["word"], cell["reason"]])
    return Table(
        "compare", f"{len(rows)} areas by {len(matrix_columns)} indicators, latest values, "
        f"compared with {benchmark_words} at the {level}% level", cols, out,
        tuple(sources), url, ("area_code", "indicator_id"),
        (f"{len(rows)}-areas", f"{len(matrix_columns)}-indicators"))


def _any_row(by_key: Mapping[tuple, Mapping[str, Any]], indicator_id: str) -> dict:
    return dict(next((r for (i, _), r in by_key.items() if i == indicator_id), {}))


# -- maps -------------------------------------------------------------------------------------

def map_table(title: str, features: Sequence[Sequence[Any]], *, scale: float, unit: str | None,
              period: str, comparison_title: str, source: str | None, url: str,
              name_parts: Sequence[str]) -> Table:
    """The local authority map's table of the mapped data: `features` are (code, name,
    value, value as shown, comparison) in the table's order; numbers as the map shows
    them (`scale`: IoD proportions are mapped as percentages)."""
    cols = (Column("area_code", "Area code"), Column("area_name", "Area"),
            Column("period", "Period"), Column("value", "Value", "decimal", unit),
            Column("value_shown", "Value as shown"),
            Column("comparison", comparison_title))
    rows = [[code, name, period, _scaled(value, scale), shown, note or "Not compared"]
            for code, name, value, shown, note in features]
    return Table("map", title, cols, rows, (source,) if source else (), url,
                 ("area_code",), tuple(name_parts))


def _scaled(value: Any, scale: float) -> Any:
    """A value as the map shows it (a proportion as a percentage: 0.294 -> 29.4), without
    the float noise scaling adds (29.400000000000002)."""
    try:
        number = None if value is None else float(value)
    except (TypeError, ValueError):
        return None
    if number is None or scale == 1:
        return number
    return round(number * scale, 10)


def neighbourhood_table(title: str, level: str, features: Sequence[Sequence[Any]], *,
                        scale: float, unit: str | None, decile_title: str,
                        source: str | None, url: str, name_parts: Sequence[str]) -> Table:
    """The neighbourhood map's table, every row (the page shows the worst 500 of a large
    place): `features` are, for LSOAs, (code, name, ward, value, value as shown,
    decile) and, for approximate wards, (code, name, value, value as shown, LSOAs)."""
    if level == "ward":
        cols = (Column("ward_code", "Ward code"), Column("ward_name", "Ward"),
                Column("value", "Value (approximate)", "decimal", unit),
                Column("value_shown", "Value as shown"),
                Column("lsoas", "LSOAs", "integer"))
        rows = [[code, name, _scaled(value, scale), shown, lsoas]
                for code, name, value, shown, lsoas in features]
        key = ("ward_code",)
    else:
        cols = (Column("lsoa_code", "LSOA code"), Column("lsoa_name", "Neighbourhood"),
                Column("ward_name", "Ward"), Column("value", "Value", "decimal", unit),
                Column("value_shown", "Value as shown"),
                Column("decile", decile_title, "integer",
                       description="1 is the most deprived tenth of England"))
        rows = [[code, name, ward, _scaled(value, scale), shown, decile]
                for code, name, ward, value, shown, decile in features]
        key = ("lsoa_code",)
    return Table("neighbourhoods", title, cols, rows, (source,) if source else (), url, key,
                 tuple(name_parts))


# -- the scorecard ------------------------------------------------------------------------------

def scorecard_table(partnership: Mapping[str, Any], card: Sequence[Mapping[str, Any]],
                    grid: Sequence[Mapping[str, Any]], *, filters: str, url: str,
                    illustrative_note: str | None) -> Table:
    """The scorecard's grid: `card` the records shown (after the page's filters) and
    `grid` the rows the grid draws from them, in the grid's first order (most urgent
    status first)."""
    cols = columns(
        ("indicator_id", "Indicator id"), ("indicator", "Indicator"), *AREA,
        ("theme", "Theme"), ("unit", "Unit"),
        ("baseline_value", "Baseline value", "decimal"), ("baseline_period", "Baseline period"),
        ("baseline_shown", "Baseline"), ("latest_value", "Latest value", "decimal"),
        ("latest_period", "Latest period"), ("latest_shown", "Latest"),
        ("target_value", "Target value", "decimal"), ("target_period", "Target period"),
        ("target_shown", "Target"), ("status", "Status"), ("reason", "Why"),
        ("direction_of_travel", "Direction of travel"), ("vs_england", "vs England"),
        ("illustrative", "Illustrative example"))
    pairs = sorted(zip(card, grid, strict=True), key=lambda pair: pair[1]["status_rank"])
    rows = [[record["indicator_id"], record["title"], record["area_code"], shown["area"],
             shown["theme"], unit_words(record), record.get("baseline_value"),
             record.get("baseline_period_label"), shown["baseline"],
             record.get("latest_value"), record.get("latest_period"), shown["latest"],
             record.get("target_value"), record.get("target_period_label"), shown["target"],
             shown["status_label"], shown["reason"], shown["travel"], shown["vs_england"],
             "yes" if shown["illustrative"] else "no"] for record, shown in pairs]
    notes = (illustrative_note,) if illustrative_note else ()
    return Table(
        "scorecard", f"{partnership['name']} scorecard: targets, status and why"
        + (f" ({filters})" if filters else ""), cols, rows,
        ("Data: real published statistics; sources and dates on each target's page and in "
         "the board pack.",), url, ("indicator_id", "area_code"),
        (str(partnership["partnership_id"]),), notes)
