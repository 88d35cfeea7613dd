"""The residents' area page's figures and charts as downloads: the headline figures, each
trend chart's figures, the neighbourhoods by tenth of deprivation, and a partnership's
public targets. Made from the rows the page builds (dashboard/views/public_*), read
through the public's store, so small numbers are withheld exactly as on the page: the
number blank, the page's words in the column of values as shown.

Pure: page-model rows in, a `tables.Table` out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from dashboard.common.geography import ENGLAND
from dashboard.exports.page_tables import unit_words
from dashboard.exports.tables import Column, Table, columns
from dashboard.views import public

AREA = (("area_code", "Area code"), ("area_name", "Area"))


def headlines_table(area: Mapping[str, Any], groups: Sequence[tuple[str, list[dict]]],
                    metas: Mapping[str, Mapping[str, Any]], url: str) -> Table:
    """The headline figures, theme by theme as the page shows them
    (`public_headlines.by_theme` of the shown headlines)."""
    cols = columns(*AREA, ("theme", "Theme"), ("topic", "Topic"),
                   ("indicator_id", "Indicator id"), ("period", "Period"),
                   ("value", "Value", "decimal"), ("value_shown", "Value as shown"),
                   ("unit", "Unit"), ("sentence", "In words"),
                   ("change", "Change since the period before"),
                   ("comparison", "Compared with England"), ("source", "Source"))
    rows = [[area["area_code"], area["area_name"], theme, record["topic"],
             record["indicator_id"], record.get("period"), record.get("value"),
             record["value_text"], unit_words(metas.get(record["indicator_id"])),
             record["sentence"], record.get("change"), record.get("tag"), record["source"]]
            for theme, records in groups for record in records]
    sources = tuple(dict.fromkeys(row[-1] for row in rows))
    return Table("public-area-headlines",
                 f"{area['area_name']} in numbers: the latest published figures", cols, rows,
                 sources, url, ("area_code", "indicator_id"), (area["area_code"],))


def trend_table(area: Mapping[str, Any], indicator_id: str, title: str,
                series: Iterable[Mapping[str, Any]], meta: Mapping[str, Any],
                url: str) -> Table:
    """A trend chart's figures, as its table shows them: latest period first, the area
    then England."""
    code = area["area_code"]
    rows = sorted(series, key=lambda r: r["period_start"])
    periods = list(dict.fromkeys(str(r["period_label"]) for r in rows))
    by_area = {(r["area_code"], str(r["period_label"])): r for r in rows}
    starts = {str(r["period_label"]): r["period_start"] for r in rows}
    codes = [code] if code == ENGLAND else [code, ENGLAND]
    out = []
    for period in reversed(periods):
        for column in codes:
            row = by_area.get((column, period))
            out.append([column, area["area_name"] if column == code else "England",
                        indicator_id, period, starts[period],
                        row.get("value") if row else None,
                        public.cell_words(row.get("value"), meta, row.get("status"),
                                          row.get("note")) if row else "no data"])
    cols = (Column("area_code", "Area code"), Column("area_name", "Area"),
            Column("indicator_id", "Indicator id"), Column("period", "Period"),
            Column("period_start", "Period starts", "date"),
            Column("value", "Value", "decimal", unit_words(meta)),
            Column("value_shown", "Value as shown"))
    return Table("public-area-trend", title, cols, out, (public.source_text(meta),), url,
                 ("area_code", "period"), (code, indicator_id))


def deciles_table(area: Mapping[str, Any], counts: Iterable[Mapping[str, Any]], title: str,
                  source: str, url: str) -> Table:
    """The neighbourhoods chart's bars: how many of the area's neighbourhoods are in each
    tenth of England by employment deprivation."""
    cols = (Column("decile", "Tenth of England (1 = most deprived)", "integer"),
            Column("neighbourhoods", "Neighbourhoods (LSOAs)", "integer"),
            Column("period", "Period"))
    rows = [[row["decile"], row["neighbourhoods"], row.get("period_label")]
            for row in sorted(counts, key=lambda r: r["decile"])]
    return Table("public-area-neighbourhoods", title, cols, rows, (source,), url,
                 ("decile",), (area["area_code"],))


def targets_table(area: Mapping[str, Any], partnership: Mapping[str, Any],
                  items: Iterable[Mapping[str, Any]], illustrative: str | None,
                  url: str) -> Table:
    """A partnership's public targets in plain words (the list under its chart of
    targets by progress)."""
    cols = columns(("indicator_id", "Indicator id"), ("topic", "Topic"), *AREA,
                   ("status", "Progress"), ("sentence", "In words"),
                   ("illustrative", "Illustrative example"))
    rows = [[item["indicator_id"], item["topic"], item.get("area_code"),
             item.get("area_name"), item["status_text"].split(" ", 1)[-1], item["sentence"],
             "yes" if item.get("illustrative") else "no"] for item in items]
    return Table("public-area-targets",
                 f"{partnership['name']} partnership's targets by progress", cols, rows,
                 ("Source: the partnership's targets, checked against the latest published "
                  "figures.",), url, ("indicator_id", "area_code"),
                 (area["area_code"], str(partnership["partnership_id"])),
                 (illustrative,) if illustrative else ())
