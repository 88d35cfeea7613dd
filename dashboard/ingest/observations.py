"""Indicator files: ONS 'Explore local statistics' CSVs and Placeboard's generic tidy CSV.

Both hold one row per (indicator, area, period). They differ only in column names and
in where indicator metadata comes from (the ONS sibling JSON, or an optional sibling
JSON for tidy files).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pandas as pd

from dashboard import geography
from dashboard.ingest import (
    OBSERVATION_COLUMNS,
    Parsed,
    UnreadableFile,
    base_name,
    csv_rows,
    sha256_of,
    slug,
)
from dashboard.periods import parse_period
from dashboard.quality import (
    QualityReport,
    check_blank_values,
    check_duplicates,
    check_interval_order,
    check_jumps,
    check_missing_latest,
    check_percentages,
)

ONS_COLUMNS = ["areacd", "areanm", "geography", "indicator", "period", "observation",
               "measure", "unit", "lci_95", "uci_95", "status", "notes"]
ONS_REQUIRED = ["areacd", "indicator", "period", "observation"]
TIDY_REQUIRED = ["indicator", "area_code", "period", "value"]
TIDY_OPTIONAL = ["area_name", "lci", "uci", "numerator", "denominator", "status", "note"]
STATUS_FLAGS = {"x": "not available", "u": "low reliability", "c": "confidential"}
UNRELIABLE_NOTE = re.compile(r"\bunreliable\b", re.IGNORECASE)
OGL = "Open Government Licence v3.0"

# Per-format column names: logical name -> header name
ONS_NAMES = {"area_code": "areacd", "area_name": "areanm", "geography": "geography",
             "indicator": "indicator", "period": "period", "value": "observation",
             "measure": "measure", "unit": "unit", "lci": "lci_95", "uci": "uci_95",
             "status": "status", "note": "notes"}
TIDY_NAMES = {name: name for name in TIDY_REQUIRED + TIDY_OPTIONAL}


def load_reviewed_metadata(data_dir: Path) -> dict[str, dict]:
    """The reviewed polarity/theme mapping shipped in data/indicator_metadata.csv."""
    path = data_dir / "indicator_metadata.csv"
    if not path.exists():
        return {}
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return {row["indicator_id"]: row for row in frame.to_dict("records")}


def _number(text: str) -> float | None:
    text = text.strip().replace(",", "")
    if text == "":
        return None
    value = float(text)
    if math.isnan(value) or math.isinf(value):
        raise ValueError("not a finite number")
    return value


def _ons_metadata(csv_path: Path) -> dict[str, dict]:
    """Indicator name -> metadata from the sibling JSON, handling both published shapes."""
    json_path = csv_path.parent / f"{base_name(csv_path)}.json"
    if not json_path.exists():
        return {}
    try:
        document = json.loads(json_path.read_text(encoding="utf-8-sig"))
    except (OSError, json.JSONDecodeError) as exc:
        raise UnreadableFile(f"{json_path}: metadata is not valid JSON ({exc})") from exc
    block = document.get("ess-beta-metadata", {})
    modified = document.get("_note", "")
    if "shared" in block:
        shared = block["shared"]
        return {name: {**shared, **meta, "_note": modified}
                for name, meta in block.items() if name != "shared" and isinstance(meta, dict)}
    return {"*": {**block, "_note": modified}}


def _indicator_record(indicator_id: str, name: str, meta: dict, measure: str, unit: str,
                      dataset_id: str, reviewed: dict) -> dict:
    def pick(key: str) -> str | None:
        value = meta.get(key)
        return None if value in (None, "") else str(value)

    review = reviewed.get(indicator_id, {})
    source_org = (pick("sourceOrg") or "").replace("|", ", ") or None
    value_type = review.get("value_type") or ("percentage" if unit == "%" else None)
    decimals = meta.get("decimalPlaces")
    return {
        "indicator_id": indicator_id,
        "dataset_id": dataset_id,
        "title": pick("label") or name,
        "definition": pick("subtitle"),
        "long_description": pick("longDescription"),
        "unit": review.get("unit") or unit or None,
        "measure": "Ratio" if review.get("unit") == "ratio" else (measure or None),
        "prefix": pick("prefix"),
        "suffix": "" if review.get("unit") == "ratio" else pick("suffix"),
        "decimals": int(decimals) if decimals not in (None, "") else None,
        "polarity": review.get("polarity") or "no_judgement",
        "theme": review.get("theme") or None,
        "value_type": value_type,
        "source_org": source_org,
        "source_url": pick("sourceURL"),
        "source_date": pick("sourceDate"),
        "licence": OGL,
        "attribution": f"Source: {source_org or 'Office for National Statistics'} "
                       "licensed under the Open Government Licence v3.0",
        "caveats": pick("caveats"),
        "experimental": pick("experimentalStatistic") == "T",
        **disclosure_metadata(review),
    }


def disclosure_metadata(meta: dict) -> dict:
    """Access level and disclosure rule from a metadata record (reviewed CSV row or tidy
    JSON): `access`, `min_count`, `rounding_base`, `suppression_words`; blanks default."""
    def number(key: str) -> int | None:
        value = meta.get(key)
        return None if value in (None, "") else int(value)

    return {"access_level": meta.get("access") or None, "min_count": number("min_count"),
            "rounding_base": number("rounding_base"),
            "suppression_words": meta.get("suppression_words") or None}


def check_disclosure_metadata(report: QualityReport, name: str, meta: dict) -> None:
    """Errors for an access level or disclosure rule that cannot be applied."""
    from dashboard.access import AccessError, AccessLevel

    try:
        AccessLevel.parse(meta.get("access") or None)
    except AccessError as exc:
        report.error("bad_metadata", f"{name}: {exc}", column="access",
                     value=str(meta.get("access")))
    for key, smallest in (("min_count", 1), ("rounding_base", 1)):
        value = meta.get(key)
        if value in (None, ""):
            continue
        try:
            ok = int(value) >= smallest and float(value) == int(value)
        except (TypeError, ValueError):
            ok = False
        if not ok:
            report.error("bad_metadata", f"{name}: {key} must be a whole number of at least "
                         f"{smallest}", column=key, value=str(value))


def _tidy_metadata(csv_path: Path) -> dict[str, dict]:
    json_path = csv_path.parent / f"{base_name(csv_path)}.json"
    if not json_path.exists():
        return {}
    try:
        document = json.loads(json_path.read_text(encoding="utf-8-sig"))
    except (OSError, json.JSONDecodeError) as exc:
        raise UnreadableFile(f"{json_path}: metadata is not valid JSON ({exc})") from exc
    shared = {k: document[k] for k in ("access", "min_count", "rounding_base",
                                        "suppression_words", "source", "licence",
                                        "attribution", "dataset_title") if k in document}
    # The top-level access is the dataset's: its indicators follow it (an indicator is
    # seen only where both its own and its dataset's levels allow), so an admin who
    # changes the dataset's level changes what its indicators show. An indicator block
    # may still narrow its own access.
    inherited = {k: v for k, v in shared.items() if k != "access"}
    return {"*": shared, **{slug(k): {**inherited, **v}
                            for k, v in document.get("indicators", {}).items()}}


def parse_indicator_file(path: Path, reviewed: dict[str, dict] | None = None,
                         known_areas: set[str] | None = None) -> Parsed:
    """Read and validate an ONS or tidy indicator CSV."""
    reviewed = reviewed or {}
    header, rows = csv_rows(path)
    report = QualityReport(str(path), rows_read=len(rows))
    is_ons = "areacd" in header
    names = ONS_NAMES if is_ons else TIDY_NAMES
    required = ONS_REQUIRED if is_ons else TIDY_REQUIRED
    parsed = Parsed(str(path), "ons_csv" if is_ons else "tidy_csv", sha256_of(path), report)

    missing = [c for c in required if c not in header]
    if missing:
        report.error("missing_columns",
                     f"required column(s) {', '.join(missing)} not found; the header has "
                     f"{', '.join(header)}; expected {', '.join(required)}", line=1)
        return parsed
    position = {logical: header.index(col) for logical, col in names.items() if col in header}

    def get(fields: list[str], logical: str) -> str:
        index = position.get(logical)
        return fields[index].strip() if index is not None and index < len(fields) else ""

    records: list[dict] = []
    area_rows: dict[str, dict] = {}
    series_meta: dict[str, tuple[str, str, str]] = {}
    period_cache: dict[str, object] = {}
    for line, fields in rows:
        if len(fields) != len(header):
            report.error("missing_columns", f"row has {len(fields)} fields but the header has "
                         f"{len(header)}", line=line, value=",".join(fields)[:80])
            continue
        code = get(fields, "area_code")
        if not geography.is_valid_code(code):
            report.error("invalid_code", "not a valid GSS code; expected a letter E, W, S, N "
                         "or K followed by 8 digits (or an ITL code TL...)", line=line,
                         column=names["area_code"], value=code)
            continue
        period_text = get(fields, "period")
        period = period_cache.get(period_text)
        if period is None:
            try:
                period = parse_period(period_text)
            except ValueError as exc:
                report.error("bad_period", str(exc), line=line, column=names["period"],
                             value=period_text)
                continue
            period_cache[period_text] = period
        numbers: dict[str, float | None] = {}
        bad = False
        for logical in ("value", "lci", "uci", "numerator", "denominator"):
            text = get(fields, logical)
            try:
                numbers[logical] = _number(text)
            except ValueError:
                report.error("non_numeric", "expected a number (or blank with a status flag)",
                             line=line, column=names.get(logical, logical), value=text)
                bad = True
        if bad:
            continue
        status = get(fields, "status").lower() or None
        if status is not None and status not in STATUS_FLAGS:
            report.warning("bad_status", "unrecognised status flag; expected x (not "
                           "available), u (low reliability) or c (confidential)", line=line,
                           column=names["status"], value=status)
        name = get(fields, "indicator")
        indicator_id = slug(name)
        if not indicator_id:
            report.error("missing_columns", "indicator name is blank", line=line,
                         column=names["indicator"], value=name)
            continue
        series_meta.setdefault(indicator_id, (name, get(fields, "measure"), get(fields, "unit")))
        note = get(fields, "note") or None
        if status is None and note and UNRELIABLE_NOTE.search(note):
            # ONS notes small-sample estimates ("Estimate and confidence interval
            # unreliable since the group sample size is small") without the u flag;
            # the flag is what every judgement reads, so set it.
            status = "u"
        records.append({
            "line": line, "indicator_id": indicator_id, "area_code": code,
            "period_start": period.start, "period_duration": period.duration,
            "period_label": period.label, **numbers, "status": status, "note": note,
        })
        if code not in area_rows:
            area_rows[code] = {"area_code": code, "area_name": get(fields, "area_name") or None,
                               "geography": get(fields, "geography") or None, "note": None}
        if note and "obsolete" in note.lower():
            area_rows[code]["note"] = note

    frame = pd.DataFrame.from_records(
        records, columns=["line", *OBSERVATION_COLUMNS])
    if frame.empty:
        if not report.errors:
            report.error("missing_columns", "the file has no data rows", line=2)
        return parsed
    frame["period_start"] = pd.to_datetime(frame["period_start"])

    dataset_id = base_name(path)
    if is_ons:
        metadata = _ons_metadata(path)
        indicators = [
            _indicator_record(iid, name, metadata.get(name) or metadata.get("*") or {},
                              measure, unit, dataset_id, reviewed)
            for iid, (name, measure, unit) in series_meta.items()
        ]
    else:
        metadata = _tidy_metadata(path)
        indicators = []
        check_disclosure_metadata(report, f"{path.name} metadata", metadata.get("*", {}))
        for iid, (name, _, _) in series_meta.items():
            meta = metadata.get(iid, metadata.get("*", {}))
            check_disclosure_metadata(report, f"{path.name} metadata for {iid}", meta)
            review = reviewed.get(iid, {})
            polarity = meta.get("polarity") or review.get("polarity") or "no_judgement"
            if polarity not in ("higher_is_better", "lower_is_better", "no_judgement"):
                report.error("missing_columns", f"metadata polarity for {iid} must be "
                             "higher_is_better, lower_is_better or no_judgement",
                             value=polarity)
                polarity = "no_judgement"
            indicators.append({
                "indicator_id": iid, "dataset_id": dataset_id,
                "title": meta.get("title") or name, "definition": meta.get("definition"),
                "unit": meta.get("unit"), "measure": meta.get("measure"),
                "decimals": meta.get("decimals"), "polarity": polarity,
                "theme": meta.get("theme") or review.get("theme") or None,
                "value_type": meta.get("value_type"), "source_org": meta.get("source"),
                "licence": meta.get("licence"), "attribution": meta.get("attribution"),
                "caveats": meta.get("caveats"), "prefix": None,
                "suffix": "%" if meta.get("unit") == "%" else None, "experimental": False,
                **disclosure_metadata(meta),
            })
    parsed.indicators = indicators
    publisher = next((i["source_org"] for i in indicators if i.get("source_org")), None)
    shared = metadata.get("*", {}) if not is_ons else {}
    parsed.datasets = [{
        "dataset_id": dataset_id,
        "access_level": shared.get("access") or None,
        "title": shared.get("dataset_title") or ", ".join(i["title"] for i in indicators),
        "publisher": publisher,
        "licence": indicators[0].get("licence"),
        "attribution": indicators[0].get("attribution"),
        "source_url": indicators[0].get("source_url"),
        "source_date": indicators[0].get("source_date"),
        "file": path.name,
    }]

    _check_frame(report, frame, names, indicators, known_areas)
    parsed.observations = frame
    areas = pd.DataFrame(list(area_rows.values()))
    parsed.areas = areas
    return parsed


def _check_frame(report: QualityReport, frame: pd.DataFrame, names: dict[str, str],
                 indicators: list[dict], known_areas: set[str] | None) -> None:
    check_duplicates(report, frame, ["indicator_id", "area_code", "period_start",
                                     "period_duration"], names["area_code"], "area_code")
    decimals = {i["indicator_id"]: i.get("decimals") for i in indicators}
    # Published limits are rounded to the published decimals: allow half a unit of the
    # last place (and a little float noise) before calling an interval inconsistent.
    tolerance = frame["indicator_id"].map(
        lambda i: 0.5 * 10 ** -(decimals.get(i) if decimals.get(i) is not None else 1) + 1e-9)
    check_interval_order(report, frame, tolerance)
    check_blank_values(report, frame, names["value"])
    percentage = {i["indicator_id"] for i in indicators if i.get("value_type") == "percentage"}
    check_percentages(report, frame, frame["indicator_id"].isin(percentage), names["value"])
    check_jumps(report, frame, names["value"])
    check_missing_latest(report, frame)
    if known_areas is not None:
        unknown = sorted(set(frame["area_code"]) - known_areas)
        for code in unknown:
            line = int(frame.loc[frame["area_code"] == code, "line"].iloc[0])
            report.warning("unknown_area", "area code is not in the store's area list; it "
                           "will be added with the name given in the file", line=line,
                           column=names["area_code"], value=code)
    obsolete_notes = frame[frame["note"].fillna("").str.contains("bsolete")]
    for code, group in obsolete_notes.groupby("area_code"):
        row = group.iloc[0]
        report.warning("obsolete_code", f"{row['note']}; historic periods are kept and "
                       "the area is shown with its successor", line=int(row["line"]),
                       column=names["area_code"], value=code)

