"""Indicator files: ONS 'Explore local statistics' CSVs and Placeboard's generic tidy CSV.

Both hold one row per (indicator, area, period). They differ only in column names and
in where indicator metadata comes from (the ONS sibling JSON, or an optional sibling
JSON for tidy files).

Files of any size: rows are read in batches (dashboard.ingest.stream, .rows); up to
STAGE_ROWS valid rows stay in memory as one DataFrame, and a larger file's rows go to
disk (dashboard.ingest.staging) and are checked one indicator at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.ingest import staging
from dashboard.ingest.files import (
    OBSERVATION_COLUMNS,
    Parsed,
    UnreadableFile,
    base_name,
    read_text,
    sha256_of,
    slug,
)
from dashboard.ingest.rows import STATUS_FLAGS, UNRELIABLE_NOTE, Rows  # noqa: F401
from dashboard.ingest.stream import batches
from dashboard.methods.disclosure import DEFAULT_RULE, Rule, is_count_like
from dashboard.methods.quality import (
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
    from dashboard.security.access import AccessError, AccessLevel

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


@dataclass
class _Collected:
    """A file's valid records: in memory (`tables`) or, past STAGE_ROWS, on disk
    (`staged`); and the few rows the file-wide checks need (obsolete notes, codes that
    have ended)."""

    ended: pa.Array
    tables: list[pa.Table] = field(default_factory=list)
    staged: staging.StagedRows | None = None
    notes: list[pa.Table] = field(default_factory=list)
    late: list[pa.Table] = field(default_factory=list)
    rows: int = 0

    def add(self, table: pa.Table) -> None:
        table = table.select(["line", *OBSERVATION_COLUMNS])
        self.rows += len(table)
        self.notes.append(table.filter(pc.fill_null(
            pc.match_substring(table["note"], "bsolete"), False)))
        self.late.append(table.filter(pc.is_in(table["area_code"], value_set=self.ended)))
        if self.staged is None and self.rows > staging.STAGE_ROWS:
            self.staged = staging.StagedRows()
            for earlier in self.tables:
                self.staged.add(earlier)
            self.tables = []
        if self.staged is not None:
            self.staged.add(table)
        else:
            self.tables.append(table)

    def partitions(self) -> Iterator[pd.DataFrame]:
        """The records as frames for the row checks: all at once, or (staged) one
        indicator at a time."""
        if self.staged is None:
            yield records_frame(pa.concat_tables(self.tables) if self.tables else
                                _empty_records())
            return
        for table in self.staged.indicators():
            yield records_frame(table)


def _empty_records() -> pa.Table:
    from dashboard.ingest.rows import RECORD_SCHEMA

    return RECORD_SCHEMA.empty_table().select(["line", *OBSERVATION_COLUMNS])


def records_frame(table: pa.Table) -> pd.DataFrame:
    """Records as the DataFrame the quality checks and the loader read: periods as
    timestamps, blanks as NaN/None."""
    frame = table.to_pandas()
    frame["period_start"] = pd.to_datetime(frame["period_start"])
    return frame


def _read_rows(reader: Rows, records: Iterable, ended: Mapping[str, EndedArea]
               ) -> _Collected:
    """Every batch through the reader, its records collected (see _Collected)."""
    collected = _Collected(pa.array(sorted(ended), pa.string()))
    rows_read = 0
    for batch in records:
        rows_read += batch.size
        collected.add(reader.batch(batch))
    reader.report.rows_read = rows_read
    return collected


def parse_indicator_file(path: Path, reviewed: dict[str, dict] | None = None,
                         known_areas: set[str] | None = None,
                         ended: Mapping[str, EndedArea] | None = None) -> Parsed:
    """Read and validate an ONS or tidy indicator CSV, of any size."""
    reviewed = reviewed or {}
    header, records = batches(path)
    report = QualityReport(str(path))
    is_ons = "areacd" in header
    names = ONS_NAMES if is_ons else TIDY_NAMES
    parsed = Parsed(str(path), "ons_csv" if is_ons else "tidy_csv", "", report)
    if not _check_header(report, header, ONS_REQUIRED if is_ons else TIDY_REQUIRED):
        report.rows_read = sum(batch.size for batch in records)  # reads it all, as before
        parsed.sha256 = sha256_of(path)
        return parsed
    reader = Rows(report, header, names)
    collected = _read_rows(reader, records, ended or {})
    if collected.rows == 0:
        if not report.errors:
            report.error("missing_columns", "the file has no data rows", line=2)
        parsed.sha256 = sha256_of(path)
        return parsed
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
    _check_frames(report, collected, reader, names, indicators, known_areas, ended or {})
    if collected.staged is not None:
        parsed.staged = collected.staged
    else:
        parsed.observations = next(collected.partitions())
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


# The rules the row checks report, in the order they run: findings from several
# partitions (indicators of a staged file) are put back in this order.
ROW_RULES = ("duplicate_key", "ci_order", "blank_without_status", "percentage_range",
             "negative_count", "small_count", "future_period", "jump", "missing_latest")


def _check_frames(report: QualityReport, collected: _Collected, reader: Rows,
                  names: dict[str, str], indicators: list[dict],
                  known_areas: set[str] | None, ended: Mapping[str, EndedArea]) -> None:
    """The checks that look across rows: per partition (every one of them compares rows
    of one indicator only), then those that look at areas across the whole file."""
    found = []
    for frame in collected.partitions():
        scratch = QualityReport(report.file)
        _check_rows(scratch, frame, names, indicators)
        found.extend(scratch.findings)
    report.findings.extend(sorted(found, key=lambda f: ROW_RULES.index(f.rule)))
    if known_areas is not None:
        for code in sorted(set(reader.areas) - known_areas):
            report.warning("unknown_area", "area code is not in the store's area list; it "
                           "will be added with the name given in the file",
                           line=reader.first_line[code], column=names["area_code"],
                           value=code)
    obsolete_notes = records_frame(pa.concat_tables(collected.notes))
    for code, group in obsolete_notes.groupby("area_code"):
        row = group.iloc[0]
        report.warning("obsolete_code", f"{row['note']}; historic periods are kept and "
                       "the area is shown with its successor", line=int(row["line"]),
                       column=names["area_code"], value=code)
    late = pa.concat_tables(collected.late)
    if len(late):  # only rows of codes that have ended can be late
        check_obsolete_codes(report, records_frame(late), ended, names["area_code"])


def _check_rows(report: QualityReport, frame: pd.DataFrame, names: dict[str, str],
                indicators: list[dict]) -> None:
    """The row checks (ROW_RULES) on records of one or more whole indicators."""
    check_duplicates(report, frame, ["indicator_id", "area_code", "period_start",
                                     "period_duration"], names["area_code"], "area_code")
    by_id = {i["indicator_id"]: i for i in indicators}
    decimals = {i: meta.get("decimals") for i, meta in by_id.items()}
    # Published limits are rounded to the published decimals: allow half a unit of the
    # last place (and a little float noise) before calling an interval inconsistent.
    # (mapped once per indicator, not per row: that costs seconds at 20M rows)
    tolerance = _per_indicator(frame, {
        i: 0.5 * 10 ** -(d if d is not None else 1) + 1e-9 for i, d in decimals.items()
    }).astype(float)
    check_interval_order(report, frame, tolerance)
    check_blank_values(report, frame, names["value"])
    percentage = {i for i, meta in by_id.items() if meta.get("value_type") == "percentage"}
    check_percentages(report, frame, frame["indicator_id"].isin(percentage), names["value"])
    _check_counts(report, frame, names, by_id)
    check_future_periods(report, frame, names["period"])
    check_jumps(report, frame, names["value"])
    check_missing_latest(report, frame, names["area_code"])


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
    check_small_counts(report, frame, is_count,
                       _per_indicator(frame, {i: r.min_count for i, r in rules.items()})
                       .astype(float),
                       _per_indicator(frame, {i: r.text for i, r in rules.items()}), names)


def _per_indicator(frame: pd.DataFrame, by_indicator: dict) -> pd.Series:
    """Each row's indicator's value in ``by_indicator``, looked up once per indicator."""
    return frame["indicator_id"].astype("category").map(by_indicator)
