"""Checking a file a partner uploads (`check_upload`): the same reader and quality rules
as `placeboard check`, who owns its datasets, what it adds or revises against the store,
and the small counts public outputs would withhold; the whole report as plain data, for
the submission's page, the API and the data manager's review. Nothing is written.

The upload is read from a private temporary folder under its own (cleaned) name, since
a tidy file's dataset id is its file name."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.ingest.areas import ended_areas, known_area_codes
from dashboard.ingest.files import Parsed, UnreadableFile
from dashboard.ingest.loader import parse_file
from dashboard.ingest.ownership import check_ownership
from dashboard.ingest.store_file import read_only

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
SUFFIXES = (".csv", ".xlsx")
EXAMPLES = 20  # revised values and small counts shown by example
PREVIEW = 50  # the file's first values, shown to its submitter and data managers
_NAME = re.compile(r"[^A-Za-z0-9._-]+")
KEY = ["indicator_id", "area_code", "period_start", "period_duration"]


@dataclass(frozen=True)
class CheckedUpload:
    file_name: str
    ok: bool                  # no errors: it may be kept as a submission
    report: dict              # plain data (JSON): see `check_upload`
    file_format: str | None


def clean_name(name: str | None) -> str:
    """The upload's own name without folders or odd characters ('starts 2024.csv' ->
    'starts-2024.csv'); refused if it is not a .csv or .xlsx file."""
    base = Path(str(name or "").replace("\\", "/")).name.strip()
    stem, dot, suffix = base.rpartition(".")
    suffix = ("." + suffix.lower()) if dot else ""
    stem = _NAME.sub("-", stem).strip("-.")[:80]
    if not stem or suffix not in SUFFIXES:
        raise UnreadableFile(f"{base or 'the file'}: send a .csv or .xlsx file (an ONS "
                             "indicator CSV, a tidy CSV, a Fingertips export or a workbook)")
    return stem + suffix


def check_upload(store_path: Path, data_dir: Path, name: str | None,
                 content: bytes) -> CheckedUpload:
    """Read and check an uploaded file against the store. Raises UnreadableFile for a file
    that cannot be read at all (too big, not a spreadsheet, not text)."""
    file_name = clean_name(name)
    if len(content) > MAX_UPLOAD_BYTES:
        raise UnreadableFile(f"{file_name}: {len(content) / 1e6:.1f} MB is over the "
                             f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB limit for an upload")
    if not content:
        raise UnreadableFile(f"{file_name}: the file is empty")
    with tempfile.TemporaryDirectory(prefix="placeboard-upload-") as folder:
        path = Path(folder) / file_name
        path.write_bytes(content)
        parsed = parse_file(path, data_dir, known_area_codes(store_path),
                            ended=ended_areas(store_path))
        try:
            if not parsed.indicators and parsed.report.ok:
                parsed.report.error("not_indicator_data", "only indicator data can be "
                                    "submitted (an ONS indicator CSV, a tidy CSV, a "
                                    "Fingertips export or a workbook of one)", line=1)
            check_ownership(store_path, [parsed])
            report = _report(store_path, parsed, file_name)
        finally:
            if parsed.staged is not None:
                parsed.staged.cleanup()
    return CheckedUpload(file_name, parsed.report.ok, report, parsed.format)


def _report(store_path: Path, parsed: Parsed, file_name: str) -> dict:
    quality = parsed.report.to_dict(limit_per_rule=EXAMPLES)
    quality["file"] = file_name  # not the temporary folder's path
    for group in quality["groups"]:
        for finding in group["findings"]:
            finding["file"] = file_name
    frame = _observations(parsed)
    small = [f for f in parsed.report.warnings if f.rule == "small_count"]
    return {
        "file": file_name, "format": parsed.format, "rows": parsed.report.rows_read,
        "ok": parsed.report.ok, "quality": quality,
        "datasets": [{"dataset_id": d["dataset_id"], "title": d.get("title")}
                     for d in parsed.datasets],
        "indicators": [{"indicator_id": i["indicator_id"], "title": i.get("title"),
                        "value_type": i.get("value_type")} for i in parsed.indicators],
        "areas": int(frame["area_code"].nunique()) if not frame.empty else 0,
        "periods": sorted(frame["period_label"].dropna().unique().tolist())
        if not frame.empty else [],
        "changes": changes_against_store(store_path, frame) if parsed.report.ok else None,
        "preview": preview(frame),
        "small_counts": {"count": len(small),
                         "examples": [{"line": f.line, "column": f.column,
                                       "value": f.value, "message": f.message}
                                      for f in small[:EXAMPLES]]},
    }


def preview(frame: pd.DataFrame) -> list[dict]:
    """The file's first values as read (before any disclosure control: only its submitter
    and data managers see a submission)."""
    columns = [c for c in ("indicator_id", "area_code", "period_label", "value", "lci",
                           "uci", "status") if c in frame.columns]
    rows = frame[columns].head(PREVIEW).astype(object)
    records = rows.where(rows.notna(), None).to_dict("records")
    for record in records:  # 91.0 reads 91, as the file wrote it
        for key in ("value", "lci", "uci"):
            number = record.get(key)
            if isinstance(number, float) and number.is_integer():
                record[key] = int(number)
    return records


def _observations(parsed: Parsed) -> pd.DataFrame:
    if parsed.observations is not None:
        return parsed.observations
    if parsed.staged is not None:
        return pd.concat([t.to_pandas() for t in parsed.staged.indicators()],
                         ignore_index=True)
    return pd.DataFrame(columns=[*KEY, "period_label", "value"])


CHANGES_SQL = """
WITH incoming AS (SELECT * FROM submitted),
joined AS (
    SELECT i.indicator_id, i.area_code, i.period_label, i.value AS new_value,
           o.value AS old_value, o.indicator_id IS NULL AS is_new
    FROM incoming i LEFT JOIN observations o
      ON o.indicator_id = i.indicator_id AND o.area_code = i.area_code
     AND o.period_start = i.period_start AND o.period_duration = i.period_duration)
SELECT indicator_id, area_code, period_label, old_value, new_value,
       CASE WHEN is_new THEN 'new'
            WHEN old_value IS NOT DISTINCT FROM new_value THEN 'unchanged'
            ELSE 'revised' END AS change
FROM joined
ORDER BY change, indicator_id, area_code, period_label
"""


def changes_against_store(store_path: Path, frame: pd.DataFrame) -> dict:
    """How many of the file's values are new to the store, revise a stored value, or
    repeat it; with the revised values by example (old and new)."""
    if frame.empty:
        return {"new": 0, "revised": 0, "unchanged": 0, "revised_examples": []}
    incoming = frame[[*KEY, "period_label", "value"]].copy()
    incoming["period_start"] = pd.to_datetime(incoming["period_start"]).dt.date
    try:
        with read_only(store_path) as con:
            con.register("submitted", incoming)
            rows = con.execute(CHANGES_SQL).df()
    except (UnreadableFile, duckdb.Error):  # no store yet: everything is new
        rows = incoming.assign(change="new")
    counts = rows["change"].value_counts()
    revised = rows[rows["change"] == "revised"].head(EXAMPLES)
    return {"new": int(counts.get("new", 0)), "revised": int(counts.get("revised", 0)),
            "unchanged": int(counts.get("unchanged", 0)),
            "revised_examples": [
                {"indicator_id": r.indicator_id, "area_code": r.area_code,
                 "period": r.period_label, "old": _number(r.old_value),
                 "new": _number(r.new_value)} for r in revised.itertuples()]}


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
