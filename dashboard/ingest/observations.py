"""Indicator files: ONS 'Explore local statistics' CSVs and Placeboard's generic tidy CSV.

Both hold one row per (indicator, area, period). They differ only in column names and
in where indicator metadata comes from (the ONS sibling JSON, or an optional sibling
JSON for tidy files).
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from dashboard.disclosure import DEFAULT_RULE, Rule, is_count_like
from dashboard.ingest import (
    OBSERVATION_COLUMNS,
    Parsed,
    UnreadableFile,
    base_name,
    csv_rows,
    is_code,
    read_text,
    sha256_of,
    slug,
)
from dashboard.periods import Period, parse_period
from dashboard.quality import (
    EndedArea,
    QualityReport,
    check_blank_values,
    check_duplicates,
    check_future_periods,
    check_interval_order,
    check_jumps,
    check_missing_latest,
    check_negative_counts,
    check_obsolete_codes,
    check_percentages,
    check_small_counts,
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
    """A finite number written in ASCII (float() also reads '１２' and 'inf')."""
    text = text.strip().replace(",", "")
    if text == "":
        return None
    if not text.isascii():
        raise ValueError("not ASCII digits")
    value = float(text)
    if math.isnan(value) or math.isinf(value):
        raise ValueError("not a finite number")
    return value


def read_json(json_path: Path) -> object:
    """A metadata JSON document; UnreadableFile (naming the file, and the line and column
    where one applies) when it is empty, not UTF-8 or not JSON at all."""
    text = read_text(json_path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableFile(f"{json_path}, line {exc.lineno}, column {exc.colno}: "
                             f"metadata is not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise UnreadableFile(f"{json_path}: metadata is nested too deeply to be "
                             "metadata") from None


def _kind(value: object) -> str:
    """A JSON value's kind in words, for messages."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    return "null" if value is None else "text"


def _whole(value: object, smallest: int, largest: int | None) -> int | None:
    """A whole number within bounds (JSON 2, 2.0 or "2"), or None when it is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    if not number.is_integer() or number < smallest or (largest is not None
                                                         and number > largest):
        return None
    return int(number)


# Field -> "text", or (smallest, largest) for a whole number
ONS_FIELDS: dict[str, object] = {
    **{k: "text" for k in ("label", "subtitle", "longDescription", "caveats", "sourceOrg",
                           "sourceURL", "sourceDate", "prefix", "suffix",
                           "experimentalStatistic", "_note")},
    "decimalPlaces": (0, 10)}
TIDY_FIELDS: dict[str, object] = {
    **{k: "text" for k in ("title", "definition", "unit", "measure", "polarity", "theme",
                           "source", "licence", "attribution", "caveats", "value_type",
                           "access", "suppression_words")},
    "decimals": (0, 10), "min_count": (1, None), "rounding_base": (1, None)}
TIDY_SHARED = ("access", "min_count", "rounding_base", "suppression_words", "source",
               "licence", "attribution", "dataset_title")


def check_fields(report: QualityReport, json_path: Path, where: str, block: dict,
                 spec: dict[str, object], warn_unknown: bool = False) -> dict:
    """The block without fields of the wrong type, each reported as an error naming the
    metadata file and the field, so nothing downstream meets 'two' where a number goes."""
    clean = {}
    for key, value in block.items():
        kind = spec.get(key)
        if kind is None:
            if warn_unknown:
                report.warning("bad_metadata", f"{where}: unknown field {key!r} is ignored; "
                               f"expected {', '.join(spec)}", column=key,
                               file=str(json_path))
            clean[key] = value
        elif value is None:
            clean[key] = None
        elif kind == "text" and not isinstance(value, str):
            report.error("bad_metadata", f"{where}: {key} must be text, not {_kind(value)}",
                         column=key, value=json.dumps(value)[:80], file=str(json_path))
        elif isinstance(kind, tuple) and _whole(value, *kind) is None:
            smallest, largest = kind
            bounds = f"from {smallest} to {largest}" if largest is not None \
                else f"of at least {smallest}"
            report.error("bad_metadata", f"{where}: {key} must be a whole number {bounds}",
                         column=key, value=value, file=str(json_path))
        else:
            clean[key] = _whole(value, *kind) if isinstance(kind, tuple) else value
    return clean


def _not_an_object(report: QualityReport, json_path: Path, where: str, value: object,
                   what: str) -> bool:
    """True (after an error naming the file) when a metadata block is not an object."""
    if isinstance(value, dict):
        return False
    report.error("bad_metadata", f"{where} must be a JSON object ({{...}}) {what}, not "
                 f"{_kind(value)}", column=None if where == "the metadata" else where,
                 value=json.dumps(value)[:80], file=str(json_path))
    return True


def _ons_metadata(csv_path: Path, report: QualityReport) -> dict[str, dict]:
    """Indicator name -> metadata from the sibling JSON, handling both published shapes;
    wrong shapes and types are errors in the report, never exceptions."""
    json_path = sidecar(csv_path)
    if not json_path.exists():
        return {}
    document = read_json(json_path)
    if _not_an_object(report, json_path, "the metadata", document,
                      'with an "ess-beta-metadata" block'):
        return {}
    block = document.get("ess-beta-metadata", {})
    if _not_an_object(report, json_path, "ess-beta-metadata", block, "of metadata fields"):
        return {}
    modified = document.get("_note", "")
    modified = modified if isinstance(modified, str) else ""
    if "shared" not in block:
        return {"*": {**check_fields(report, json_path, "metadata", block, ONS_FIELDS),
                      "_note": modified}}
    shared = block["shared"]
    if _not_an_object(report, json_path, "shared", shared, "of metadata fields"):
        return {}
    shared = check_fields(report, json_path, "shared metadata", shared, ONS_FIELDS)
    return {name: {**shared, **check_fields(report, json_path, name, meta, ONS_FIELDS),
                   "_note": modified}
            for name, meta in block.items() if name != "shared" and isinstance(meta, dict)}


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
    return {"access_level": meta.get("access") or None,
            "min_count": _whole(meta.get("min_count"), 1, None),
            "rounding_base": _whole(meta.get("rounding_base"), 1, None),
            "suppression_words": meta.get("suppression_words") or None}


def check_disclosure_metadata(report: QualityReport, name: str, meta: dict,
                              file: str | None = None) -> None:
    """Errors for an access level that cannot be applied (whole numbers are checked by
    check_fields, which drops bad ones)."""
    from dashboard.access import AccessError, AccessLevel

    try:
        AccessLevel.parse(meta.get("access") or None)
    except AccessError as exc:
        report.error("bad_metadata", f"{name}: {exc}", column="access",
                     value=str(meta.get("access")), file=file)


def _tidy_metadata(csv_path: Path, report: QualityReport,
                   indicator_ids: set[str]) -> dict[str, dict]:
    """'*' (the dataset's shared fields) and indicator id -> metadata from the optional
    sibling JSON; every wrong shape or type is an error naming the JSON file and field."""
    json_path = sidecar(csv_path)
    if not json_path.exists():
        return {}
    document = read_json(json_path)
    if _not_an_object(report, json_path, "the metadata", document,
                      'with "indicators" and dataset fields'):
        return {}
    spec = {**{k: TIDY_FIELDS.get(k, "text") for k in TIDY_SHARED}, "indicators": "object"}
    top = check_fields(report, json_path, "metadata", document, spec, warn_unknown=True)
    shared = {k: top[k] for k in TIDY_SHARED if k in top}
    check_disclosure_metadata(report, "metadata", shared, str(json_path))
    blocks = top.get("indicators", {})
    if _not_an_object(report, json_path, "indicators", blocks,
                      "of indicator name -> metadata"):
        return {"*": shared}
    # The top-level access is the dataset's: its indicators follow it (an indicator is
    # seen only where both its own and its dataset's levels allow), so an admin who
    # changes the dataset's level changes what its indicators show. An indicator block
    # may still narrow its own access.
    inherited = {k: v for k, v in shared.items() if k != "access"}
    out = {"*": shared}
    for name, block in blocks.items():
        where = f"indicator {name!r}"
        if _not_an_object(report, json_path, where, block, "of its metadata"):
            continue
        block = check_fields(report, json_path, where, block, TIDY_FIELDS, warn_unknown=True)
        check_disclosure_metadata(report, where, block, str(json_path))
        if slug(name) not in indicator_ids:
            report.warning("bad_metadata", f"{where} matches no indicator in "
                           f"{csv_path.name}; its metadata is not used", column="indicators",
                           value=name, file=str(json_path))
        out[slug(name)] = {**inherited, **block}
    return out


def _check_header(report: QualityReport, header: list[str], required: list[str]) -> bool:
    """Errors for missing required columns and for a column named twice; True if usable."""
    missing = [c for c in required if c not in header]
    if missing:
        report.error("missing_columns",
                     f"required column(s) {', '.join(missing)} not found; the header has "
                     f"{', '.join(header)}; expected {', '.join(required)}", line=1)
    first: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        if name and name in first:
            report.error("duplicate_column", f"column {name!r} appears twice (columns "
                         f"{first[name]} and {position}); name each column once",
                         line=1, column=name, value=name)
        first.setdefault(name, position)
    return report.ok


def _non_ascii(text: str) -> str | None:
    """The first character that is not ASCII, described (e.g. 'U+FF10 FULLWIDTH DIGIT
    ZERO at position 2'), or None: codes, periods and numbers must be ASCII, because a
    regular expression's \\d and Python's int() accept digits of every script."""
    for position, char in enumerate(text, start=1):
        if not char.isascii():
            return f"{char!r} (U+{ord(char):04X} {unicodedata.name(char, 'unnamed')}) at " \
                   f"position {position}"
    return None


class _Rows:
    """Reads the data rows of one indicator file into records, reporting each bad row."""

    def __init__(self, report: QualityReport, header: list[str], names: dict[str, str],
                 last_line: int) -> None:
        self.report, self.header, self.names = report, header, names
        self.position = {logical: header.index(col) for logical, col in names.items()
                         if col in header}
        self.last_line = last_line
        self.records: list[dict] = []
        self.areas: dict[str, dict] = {}
        self.series: dict[str, tuple[str, str, str]] = {}
        self.periods: dict[str, Period] = {}

    def get(self, fields: list[str], logical: str) -> str:
        index = self.position.get(logical)
        return fields[index].strip() if index is not None and index < len(fields) else ""

    def read(self, line: int, fields: list[str]) -> None:
        """One row: a record, or errors saying what is wrong where."""
        if len(fields) != len(self.header):
            cut = "; the file may be cut short (truncated)" \
                if line == self.last_line and len(fields) < len(self.header) else ""
            self.report.error("missing_columns", f"row has {len(fields)} fields but the "
                              f"header has {len(self.header)}{cut}", line=line,
                              value=",".join(fields)[:80])
            return
        code, period, numbers = self.code(line, fields), self.period(line, fields), \
            self.numbers(line, fields)
        name = self.get(fields, "indicator")
        indicator_id = slug(name)
        if not indicator_id:
            self.report.error("missing_columns", "indicator name is blank", line=line,
                              column=self.names["indicator"], value=name)
        if code is None or period is None or numbers is None or not indicator_id:
            return
        self.series.setdefault(indicator_id, (name, self.get(fields, "measure"),
                                              self.get(fields, "unit")))
        self.records.append({
            "line": line, "indicator_id": indicator_id, "area_code": code,
            "period_start": period.start, "period_duration": period.duration,
            "period_label": period.label, **numbers, **self.status(line, fields)})
        note = self.records[-1]["note"]
        if code not in self.areas:
            self.areas[code] = {"area_code": code,
                                "area_name": self.get(fields, "area_name") or None,
                                "geography": self.get(fields, "geography") or None,
                                "note": None}
        if note and "obsolete" in note.lower():
            self.areas[code]["note"] = note

    def code(self, line: int, fields: list[str]) -> str | None:
        code = self.get(fields, "area_code")
        if is_code(code):
            return code
        odd = _non_ascii(code)
        why = f"holds a character that is not ASCII, {odd}; " if odd else ""
        self.report.error("invalid_code", f"not a valid GSS code: {why}expected a letter E, "
                          "W, S, N or K followed by 8 digits 0-9 (or an ITL code TL...)",
                          line=line, column=self.names["area_code"], value=code)
        return None

    def period(self, line: int, fields: list[str]) -> Period | None:
        text = self.get(fields, "period")
        if text in self.periods:
            return self.periods[text]
        odd = _non_ascii(text)
        try:
            if odd:
                raise ValueError(f"{text!r} holds a character that is not ASCII, {odd}: "
                                 "type periods with the digits 0-9")
            period = parse_period(text)
        except ValueError as exc:
            self.report.error("bad_period", str(exc), line=line,
                              column=self.names["period"], value=text)
            return None
        self.periods[text] = period
        return period

    def numbers(self, line: int, fields: list[str]) -> dict[str, float | None] | None:
        numbers: dict[str, float | None] = {}
        for logical in ("value", "lci", "uci", "numerator", "denominator"):
            text = self.get(fields, logical)
            try:
                numbers[logical] = _number(text)
            except ValueError:
                self.report.error("non_numeric", "expected a number written with the digits "
                                  "0-9 (or blank with a status flag)", line=line,
                                  column=self.names.get(logical, logical), value=text)
        return numbers if len(numbers) == 5 else None

    def status(self, line: int, fields: list[str]) -> dict[str, str | None]:
        status = self.get(fields, "status").lower() or None
        if status is not None and status not in STATUS_FLAGS:
            self.report.warning("bad_status", "unrecognised status flag; expected x (not "
                                "available), u (low reliability) or c (confidential)",
                                line=line, column=self.names["status"], value=status)
        note = self.get(fields, "note") or None
        if status is None and note and UNRELIABLE_NOTE.search(note):
            # ONS notes small-sample estimates ("Estimate and confidence interval
            # unreliable since the group sample size is small") without the u flag;
            # the flag is what every judgement reads, so set it.
            status = "u"
        return {"status": status, "note": note}


def parse_indicator_file(path: Path, reviewed: dict[str, dict] | None = None,
                         known_areas: set[str] | None = None,
                         ended: Mapping[str, EndedArea] | None = None) -> Parsed:
    """Read and validate an ONS or tidy indicator CSV."""
    reviewed = reviewed or {}
    header, rows = csv_rows(path)
    report = QualityReport(str(path), rows_read=len(rows))
    is_ons = "areacd" in header
    names = ONS_NAMES if is_ons else TIDY_NAMES
    parsed = Parsed(str(path), "ons_csv" if is_ons else "tidy_csv", sha256_of(path), report)
    if not _check_header(report, header, ONS_REQUIRED if is_ons else TIDY_REQUIRED):
        return parsed
    reader = _Rows(report, header, names, rows[-1][0] if rows else 1)
    for line, fields in rows:
        reader.read(line, fields)
    frame = pd.DataFrame.from_records(reader.records, columns=["line", *OBSERVATION_COLUMNS])
    if frame.empty:
        if not report.errors:
            report.error("missing_columns", "the file has no data rows", line=2)
        return parsed
    frame["period_start"] = pd.to_datetime(frame["period_start"])
    dataset_id = base_name(path)
    if is_ons:
        metadata = _ons_metadata(path, report)
        indicators = [
            _indicator_record(iid, name, metadata.get(name) or metadata.get("*") or {},
                              measure, unit, dataset_id, reviewed)
            for iid, (name, measure, unit) in reader.series.items()]
    else:
        metadata = _tidy_metadata(path, report, set(reader.series))
        indicators = [_tidy_indicator(report, iid, name, metadata, reviewed, dataset_id)
                      for iid, (name, _, _) in reader.series.items()]
    parsed.indicators = indicators
    parsed.datasets = [_dataset_record(path, dataset_id, indicators,
                                       {} if is_ons else metadata.get("*", {}))]
    used = {iid: reviewed[iid] for iid in sorted(reader.series) if iid in reviewed}
    parsed.sha256 = sha256_of(path, sidecar(path),
                              json.dumps(used, sort_keys=True, default=str))
    _check_frame(report, frame, names, indicators, known_areas, ended or {})
    parsed.observations = frame
    parsed.areas = pd.DataFrame(list(reader.areas.values()))
    return parsed


def _tidy_indicator(report: QualityReport, iid: str, name: str, metadata: dict[str, dict],
                    reviewed: dict[str, dict], dataset_id: str) -> dict:
    """One tidy-file indicator's record, from its JSON block (or the shared fields)."""
    meta = metadata.get(iid, metadata.get("*", {}))
    review = reviewed.get(iid, {})
    polarity = meta.get("polarity") or review.get("polarity") or "no_judgement"
    if polarity not in ("higher_is_better", "lower_is_better", "no_judgement"):
        report.error("bad_metadata", f"indicator {name!r}: polarity must be "
                     "higher_is_better, lower_is_better or no_judgement", column="polarity",
                     value=polarity, file=str(sidecar(Path(report.file))))
        polarity = "no_judgement"
    return {
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
    }


def sidecar(path: Path) -> Path:
    """The metadata JSON of a CSV file: <name>.json beside it."""
    return path.parent / f"{base_name(path)}.json"


def _dataset_record(path: Path, dataset_id: str, indicators: list[dict],
                    shared: dict) -> dict:
    """The dataset row: a tidy file's shared fields, else its indicators' provenance."""
    publisher = next((i["source_org"] for i in indicators if i.get("source_org")), None)
    return {
        "dataset_id": dataset_id,
        "access_level": shared.get("access") or None,
        "title": shared.get("dataset_title") or ", ".join(i["title"] for i in indicators),
        "publisher": publisher,
        "licence": indicators[0].get("licence"),
        "attribution": indicators[0].get("attribution"),
        "source_url": indicators[0].get("source_url"),
        "source_date": indicators[0].get("source_date"),
        "file": path.name,
    }


def _check_frame(report: QualityReport, frame: pd.DataFrame, names: dict[str, str],
                 indicators: list[dict], known_areas: set[str] | None,
                 ended: Mapping[str, EndedArea]) -> None:
    check_duplicates(report, frame, ["indicator_id", "area_code", "period_start",
                                     "period_duration"], names["area_code"], "area_code")
    by_id = {i["indicator_id"]: i for i in indicators}
    decimals = {i: meta.get("decimals") for i, meta in by_id.items()}
    # Published limits are rounded to the published decimals: allow half a unit of the
    # last place (and a little float noise) before calling an interval inconsistent.
    tolerance = frame["indicator_id"].map(
        lambda i: 0.5 * 10 ** -(decimals.get(i) if decimals.get(i) is not None else 1) + 1e-9)
    check_interval_order(report, frame, tolerance)
    check_blank_values(report, frame, names["value"])
    percentage = {i for i, meta in by_id.items() if meta.get("value_type") == "percentage"}
    check_percentages(report, frame, frame["indicator_id"].isin(percentage), names["value"])
    _check_counts(report, frame, names, by_id)
    check_future_periods(report, frame, names["period"])
    check_jumps(report, frame, names["value"])
    check_missing_latest(report, frame, names["area_code"])
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
    check_obsolete_codes(report, frame, ended, names["area_code"])


def _check_counts(report: QualityReport, frame: pd.DataFrame, names: dict[str, str],
                  by_id: dict[str, dict]) -> None:
    """Negative counts (errors) and small counts public outputs will withhold (warnings),
    judged with disclosure control's own idea of a count and its minimum."""
    count_like = {i for i, meta in by_id.items() if is_count_like(
        meta.get("value_type"), meta.get("unit"), meta.get("measure"))}
    is_count = frame["indicator_id"].isin(count_like)
    check_negative_counts(report, frame, is_count, names)
    rules = {i: Rule(min_count=meta.get("min_count") or DEFAULT_RULE.min_count,
                     words=meta.get("suppression_words")) for i, meta in by_id.items()}
    ids = frame["indicator_id"]
    check_small_counts(report, frame, is_count, ids.map(lambda i: rules[i].min_count),
                       ids.map(lambda i: rules[i].text), names)
