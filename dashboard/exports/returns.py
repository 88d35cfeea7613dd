"""The structured return: one row per target, in a stable schema a central team can stack
across partnerships (CSV, JSON or Excel).

The schema is dashboard/exports/schemas/return.schema.json, documented in docs/targets.md.
Columns and their order only change with a new SCHEMA_VERSION.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.common import attribution
from dashboard.exports import cells as exports
from dashboard.methods import targets as model

SCHEMA_PATH = Path(__file__).parent / "schemas" / "return.schema.json"
SCHEMA_ID = "placeboard-targets-return"
SCHEMA_VERSION = "1.1"
FORMATS = ("csv", "json", "xlsx")
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}

# Column order of every format. Keep in step with the JSON Schema and docs/targets.md.
COLUMNS = (
    "schema_version", "partnership_id", "partnership_name", "partnership_type",
    "indicator_id", "indicator_title", "theme", "area_code", "area_name",
    "period", "period_start", "value", "lci", "uci", "numerator", "denominator",
    "unit", "direction", "baseline_period", "baseline_value", "target_period",
    "target_value", "trajectory_value", "projection_value", "projection_lower",
    "projection_upper", "projection_period", "status", "reason", "source", "source_url",
    "source_date", "load_id", "loaded_at", "illustrative", "extracted_at",
)
# Counts are whole numbers; every other number is given to the indicator's published
# decimal places (its `decimals`), the precision the status was judged at.
COUNT_DECIMALS = 0


@cache
def schema() -> dict:
    """The return's JSON Schema (draft 2020-12)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _rounded(value: Any, decimals: int) -> int | float | None:
    """A number at the published precision, with no float noise in any format (5.8, not
    5.800000000000001; 590, not 590.0, where nothing follows the decimal point)."""
    number = _number(value)
    if number is None:
        return None
    shown = model.at_precision(number, decimals)
    return int(shown) if decimals == 0 else shown


def _numbers(row: dict) -> dict[str, int | float | None]:
    """Every number of a return row, rounded as the indicator publishes it."""
    decimals = model.decimals_of(row)
    at = {name: _rounded(row.get(source), decimals) for name, source in (
        ("value", "latest_value"), ("lci", "latest_lci"), ("uci", "latest_uci"),
        ("baseline_value", "baseline_value"), ("target_value", "target_value"),
        ("trajectory_value", "trajectory_value"), ("projection_value", "projection_value"),
        ("projection_lower", "projection_lower"), ("projection_upper", "projection_upper"))}
    at["numerator"] = _rounded(row.get("latest_numerator"), COUNT_DECIMALS)
    at["denominator"] = _rounded(row.get("latest_denominator"), COUNT_DECIMALS)
    return at


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if value is pd.NaT:
        return None
    text = str(value).strip()
    return text or None


def _unit(row: dict) -> str | None:
    return _text(row.get("unit")) or _text(row.get("suffix"))


def return_rows(store: Any, partnership_id: str, extracted_at: str) -> list[dict]:
    """The return's rows for one partnership, as plain JSON-ready dicts."""
    partnership = store.partnership(partnership_id)
    card = store.scorecard(partnership_id)
    if partnership is None or card.empty:
        return []
    versions = store.data_versions(partnership_id)
    loaded = {} if versions.empty else {
        int(r.load_id): r.loaded_at for r in versions.itertuples() if not pd.isna(r.load_id)}
    rows = []
    for row in card.to_dict("records"):
        load_id = row.get("latest_load_id")
        load_id = int(load_id) if _number(load_id) is not None else None
        loaded_at = loaded.get(load_id) if load_id is not None else None
        period_start = row.get("latest_period_start")
        numbers = _numbers(row)
        record = {
            **numbers,
            "schema_version": SCHEMA_VERSION,
            "partnership_id": partnership_id,
            "partnership_name": partnership["name"],
            "partnership_type": partnership["partnership_type"],
            "indicator_id": row["indicator_id"],
            "indicator_title": row["title"],
            "theme": _text(row.get("theme")),
            "area_code": row["area_code"],
            "area_name": _text(row.get("area_name")),
            "period": _text(row.get("latest_period")),
            "period_start": pd.Timestamp(period_start).date().isoformat()
            if period_start is not None and not pd.isna(period_start) else None,
            "unit": _unit(row),
            "direction": row["direction"],
            "baseline_period": row["baseline_period_label"],
            "target_period": row["target_period_label"],
            "projection_period": _text(row.get("projection_period"))
            if numbers["projection_value"] is not None else None,
            "status": row["status"],
            "reason": row["reason"],
            "source": attribution.producer_line(_text(row.get("source_org"))),
            "source_url": _text(row.get("source_url")),
            "source_date": _text(row.get("source_date")),
            "load_id": load_id,
            "loaded_at": pd.Timestamp(loaded_at).isoformat() if loaded_at is not None
            and not pd.isna(loaded_at) else None,
            "illustrative": bool(row.get("illustrative")),
            "extracted_at": extracted_at,
        }
        rows.append({column: record[column] for column in COLUMNS})
    return rows


def document(store: Any, partnership_ids: Iterable[str]) -> dict:
    """The JSON return: a header and the rows of every partnership asked for."""
    stamp = model.extracted_at()
    ids = list(partnership_ids)
    rows = [r for pid in ids for r in return_rows(store, pid, stamp)]
    return {
        "schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "extracted_at": stamp,
        "partnerships": ids,
        "notes": ("Targets marked illustrative are examples shipped with Placeboard, not "
                  "targets any partnership has agreed. " + attribution.ONS),
        "rows": rows,
    }


def frame(doc: dict) -> pd.DataFrame:
    """The rows as a table with the documented column order. Cells keep their Python
    types (object columns), so pandas does not turn a column of integers with a gap into
    floats (load_id 14.0) or print rounded numbers with float noise."""
    return pd.DataFrame(doc["rows"], columns=list(COLUMNS), dtype=object)


def to_csv(doc: dict) -> bytes:
    """The rows as CSV, text that would start a spreadsheet formula quoted (exports)."""
    return exports.csv_ready(frame(doc)).to_csv(index=False, lineterminator="\n") \
        .encode("utf-8")


def to_json(doc: dict) -> bytes:
    return json.dumps(doc, indent=2, ensure_ascii=False).encode("utf-8")


def to_xlsx(doc: dict) -> bytes:
    """Sheet 'return' holds the rows; sheet 'about' the schema, extraction time and notes."""
    buffer = io.BytesIO()
    about = pd.DataFrame([("schema", doc["schema"]), ("schema_version", doc["schema_version"]),
                          ("extracted_at", doc["extracted_at"]),
                          ("partnerships", ", ".join(doc["partnerships"])),
                          ("notes", doc["notes"]), ("licence", attribution.OGL_URL)],
                         columns=["key", "value"])
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        # openpyxl stores text starting with "=" as a formula: quote it (exports).
        exports.safe_frame(frame(doc)).to_excel(writer, sheet_name="return", index=False)
        exports.safe_frame(about).to_excel(writer, sheet_name="about", index=False)
    return buffer.getvalue()


def export(store: Any, partnership_ids: Iterable[str], fmt: str) -> bytes:
    """The return for the given partnerships in csv, json or xlsx."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    doc = document(store, partnership_ids)
    return {"csv": to_csv, "json": to_json, "xlsx": to_xlsx}[fmt](doc)


def filename(partnership_id: str, fmt: str, day: str | None = None) -> str:
    day = day or model.extracted_at()[:10]
    return f"placeboard-return-{partnership_id}-{day}.{fmt}"
