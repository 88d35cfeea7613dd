"""Partnerships and targets tables: created at build time with the shipped (illustrative)
examples, and written by `placeboard targets load`.

Writes follow the loader's rules: validate every file first and write nothing if any has
an error; write into a copy of the store in one transaction and swap it in with
os.replace, so a running app never sees a half-written store.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd
import yaml

from dashboard.common.config import Settings
from dashboard.ingest.store_file import read_only, swapped_in
from dashboard.methods import targets as model
from dashboard.store.base import sql

EXAMPLES_DIR_NAME = "targets"
EXAMPLE_SUFFIXES = (".yaml", ".yml", ".csv")


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(sql("targets_schema"))


def _has_tables(con: duckdb.DuckDBPyConnection) -> bool:
    names = {row[0] for row in con.execute("SHOW TABLES").fetchall()}
    return {"partnerships", "partnership_members", "targets", "target_milestones"} <= names


def _existing_partnerships(con: duckdb.DuckDBPyConnection) -> dict[str, model.Partnership]:
    if not _has_tables(con):
        return {}
    frame = con.execute(sql("targets_partnerships")).df()
    return {row.partnership_id: model.Partnership(
        row.partnership_id, row.name, row.partnership_type, tuple(row.members),
        row.area_code if isinstance(row.area_code, str) else None,
        row.note if isinstance(row.note, str) else None, bool(row.illustrative),
        access_level=getattr(row, "access_level", None) or "public")
        for row in frame.itertuples()}


def reference_from(con: duckdb.DuckDBPyConnection) -> model.Reference:
    """What targets are checked against, read from an open store connection."""
    indicators = con.execute(sql("targets_reference_indicators")).df()
    areas = con.execute(sql("targets_reference_areas")).df()

    @cache
    def series(indicator_id: str, area_code: str) -> pd.DataFrame:
        return con.execute(sql("targets_reference_series"), [indicator_id, area_code]).df()

    meta = {row["indicator_id"]: {k: (None if not isinstance(v, str) and pd.isna(v) else v)
                                  for k, v in row.items()}
            for row in indicators.to_dict("records")}
    return model.Reference(meta, dict(zip(areas["area_code"], areas["area_name"])),
                           _existing_partnerships(con), series)


def validate_files(con: duckdb.DuckDBPyConnection,
                   paths: Iterable[Path]) -> list[model.ParsedTargets]:
    """Check files in order; partnerships defined in an earlier file are known to later
    ones. Raises model.UnreadableTargets for a file that cannot be read."""
    reference = reference_from(con)
    known = dict(reference.partnerships)
    parsed = []
    for path in paths:
        ref = model.Reference(reference.indicators, reference.areas, known, reference.series)
        result = model.validate(Path(path), ref)
        known.update({p.partnership_id: p for p in result.partnerships})
        parsed.append(result)
    return parsed


def _partnership_frames(parsed: model.ParsedTargets, loaded_at: datetime
                        ) -> tuple[pd.DataFrame, pd.DataFrame]:
    partnerships = pd.DataFrame([{
        "partnership_id": p.partnership_id, "name": p.name,
        "partnership_type": p.partnership_type, "area_code": p.area_code, "note": p.note,
        "illustrative": p.illustrative, "source_file": parsed.file, "sha256": parsed.sha256,
        "loaded_at": loaded_at, "access_level": p.access_level} for p in parsed.partnerships])
    members = pd.DataFrame([{"partnership_id": p.partnership_id, "area_code": code,
                             "position": i}
                            for p in parsed.partnerships for i, code in enumerate(p.members)])
    return partnerships, members


def _target_frames(parsed: model.ParsedTargets, loaded_at: datetime
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    targets = pd.DataFrame([{
        "partnership_id": t.partnership_id, "indicator_id": t.indicator_id,
        "area_code": t.area_code, "theme": t.theme,
        "baseline_period_start": t.baseline.start,
        "baseline_period_duration": t.baseline.duration,
        "baseline_period_label": t.baseline.label, "baseline_value": t.baseline_value,
        "baseline_source": t.baseline_source, "target_period_start": t.target.start,
        "target_period_duration": t.target.duration, "target_period_label": t.target.label,
        "target_value": t.target_value, "direction": t.direction, "owner": t.owner,
        "commentary": t.commentary, "action": t.action, "due_date": t.due_date,
        "illustrative": t.illustrative, "source_file": parsed.file, "source_line": t.line,
        "sha256": parsed.sha256, "loaded_at": loaded_at} for t in parsed.targets])
    milestones = pd.DataFrame([{
        "partnership_id": t.partnership_id, "indicator_id": t.indicator_id,
        "area_code": t.area_code, "period_start": m.period.start,
        "period_duration": m.period.duration, "period_label": m.period.label, "value": m.value}
        for t in parsed.targets for m in t.milestones])
    return targets, milestones


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    columns = ", ".join(frame.columns)
    con.register("incoming_targets", frame)
    # Table and column names come from this module, never from a file.
    con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} "
                "FROM incoming_targets")
    con.unregister("incoming_targets")


@dataclass
class WriteSummary:
    partnerships: list[str] = field(default_factory=list)
    targets: dict[str, int] = field(default_factory=dict)


def write(con: duckdb.DuckDBPyConnection, parsed: list[model.ParsedTargets]) -> WriteSummary:
    """Write validated files in ONE transaction (the caller guarantees no errors).

    A partnership defined in a file replaces the stored one (members too). A partnership
    with targets in a file has ALL its stored targets replaced by the file's, so a file
    is the partnership's whole agreed set and loading it twice changes nothing."""
    create_tables(con)
    summary = WriteSummary()
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    con.execute("BEGIN TRANSACTION")
    try:
        for item in parsed:
            partnerships, members = _partnership_frames(item, loaded_at)
            for pid in partnerships.get("partnership_id", pd.Series(dtype=object)):
                con.execute("DELETE FROM partnership_members WHERE partnership_id = ?", [pid])
                con.execute("DELETE FROM partnerships WHERE partnership_id = ?", [pid])
                summary.partnerships.append(pid)
            _insert(con, "partnerships", partnerships)
            _insert(con, "partnership_members", members)
            targets, milestones = _target_frames(item, loaded_at)
            for pid in sorted({t.partnership_id for t in item.targets}):
                con.execute("DELETE FROM target_milestones WHERE partnership_id = ?", [pid])
                con.execute("DELETE FROM targets WHERE partnership_id = ?", [pid])
                summary.targets[pid] = sum(t.partnership_id == pid for t in item.targets)
            _insert(con, "targets", targets)
            _insert(con, "target_milestones", milestones)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return summary


@dataclass
class LoadOutcome:
    parsed: list[model.ParsedTargets]
    written: WriteSummary | None = None

    @property
    def ok(self) -> bool:
        return all(p.report.ok for p in self.parsed)


def check_files(store_path: Path, paths: Iterable[Path]) -> list[model.ParsedTargets]:
    """Validate files against a store without changing it."""
    with duckdb.connect(str(store_path), read_only=True) as con:
        return validate_files(con, paths)


def load_files(store_path: Path, paths: Iterable[Path]) -> LoadOutcome:
    """Validate all files; if none has errors, write them into a copy of the store in one
    transaction and swap it in. Raises model.UnreadableTargets (nothing written)."""
    store_path = Path(store_path)
    paths = [Path(p) for p in paths]
    parsed = check_files(store_path, paths)
    outcome = LoadOutcome(parsed)
    if not outcome.ok:
        return outcome
    fd, tmp_name = tempfile.mkstemp(prefix=store_path.name + ".", suffix=".tmp",
                                    dir=store_path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        shutil.copy2(store_path, tmp)
        with duckdb.connect(str(tmp)) as con:
            outcome.written = write(con, parsed)
            from dashboard.store.derived import targets_status

            targets_status.BUILD_STEP(con)  # statuses of the new targets, in the same file
            con.execute("CHECKPOINT")
        os.replace(tmp, store_path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return outcome


# -- a target proposed and agreed in the app (dashboard.security.proposals) -------------

FIELD_WORDS = {"indicator": "Indicator", "area": "Area", "baseline_period": "Baseline period",
               "target_period": "Target period", "target_value": "Target value",
               "milestones": "Milestones", "owner": "Owner", "partnership": "Partnership"}


def _parse_record(con: duckdb.DuckDBPyConnection, record: dict,
                  source: str) -> model.ParsedTargets:
    """One targets-file record checked as `targets load` checks a file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{source}.yaml"
        path.write_text(yaml.safe_dump({"targets": [record]}, sort_keys=False))
        parsed = validate_files(con, [path])[0]
    parsed.file = source
    return parsed


def record_problems(store_path: Path, record: dict) -> list[str]:
    """What stops a proposed target loading into the store, in words (none: it would)."""
    with read_only(Path(store_path)) as con:
        parsed = _parse_record(con, record, "proposal")
    return [f"{FIELD_WORDS.get(f.column or '', 'Target')}: {f.message}"
            for f in parsed.report.errors]


def proposed_target(store_path: Path, record: dict) -> model.Target | None:
    """The proposed target as the store reads it (its baseline value filled from the
    published series), or None if it would not load."""
    with read_only(Path(store_path)) as con:
        parsed = _parse_record(con, record, "proposal")
    return parsed.targets[0] if parsed.report.ok and parsed.targets else None


def _merge(con: duckdb.DuckDBPyConnection, records: list[tuple[dict, str]]) -> int:
    """Write agreed proposals (record, source) over the targets with the same
    partnership, indicator and area; returns how many were written."""
    create_tables(con)
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    written = 0
    for record, source in records:
        parsed = _parse_record(con, record, source)
        if not parsed.report.ok or not parsed.targets:
            raise model.UnreadableTargets(f"{source} no longer fits the store: " + "; ".join(
                f.message for f in parsed.report.errors))
        target = parsed.targets[0]
        con.execute("DELETE FROM target_milestones WHERE partnership_id = ? AND "
                    "indicator_id = ? AND area_code = ?", list(target.key))
        con.execute("DELETE FROM targets WHERE partnership_id = ? AND indicator_id = ? AND "
                    "area_code = ?", list(target.key))
        targets, milestones = _target_frames(parsed, loaded_at)
        _insert(con, "targets", targets)
        _insert(con, "target_milestones", milestones)
        written += 1
    return written


def merge_proposal(store_path: Path, record: dict, source: str) -> None:
    """Write one agreed target into the store (a copy, swapped in when written, with its
    status worked out); raises model.UnreadableTargets, leaving the store as it was, if
    the store no longer accepts it."""
    from dashboard.store.derived import targets_status

    with swapped_in(Path(store_path), copy=True) as con:
        _merge(con, [(record, source)])
        targets_status.BUILD_STEP(con)


def apply_agreed(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    """At build, after the targets files: the targets agreed in the app (the accounts
    database is their record), in the order they were agreed. One that no longer fits
    the new store is skipped with a message."""
    from sqlalchemy.exc import SQLAlchemyError

    from dashboard.security import proposals
    from dashboard.security.accounts import AccountError, Accounts

    if settings.accounts_url is None and not Path(settings.accounts_path).exists():
        return
    try:
        agreed = proposals.agreed(Accounts(settings.accounts_database))
    except (AccountError, SQLAlchemyError) as exc:  # an unreadable one must not stop a build
        print(f"Targets agreed in the app not applied: {exc}", file=sys.stderr)
        return
    for item in agreed:
        try:
            _merge(con, [(item.record(), source_of(item.id, item.decided_by))])
        except model.UnreadableTargets as exc:
            print(f"Skipped: {exc}", file=sys.stderr)


def source_of(proposal_id: int, agreed_by: str | None) -> str:
    """Where an agreed target came from, as the targets table records it."""
    return f"proposal {proposal_id}, agreed in the app by {agreed_by or 'a data manager'}"


def example_files(data_dir: Path) -> list[Path]:
    """The shipped example partnerships and targets, in name order."""
    folder = Path(data_dir) / EXAMPLES_DIR_NAME
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in EXAMPLE_SUFFIXES)


def BUILD_STEP(con: duckdb.DuckDBPyConnection) -> None:
    """Create the targets tables and load data/targets/ (the illustrative examples).

    The examples are checked like any targets file. If they do not fit this store (a
    build from a reduced data folder, say) they are skipped with a message rather than
    failing the whole build; tests/store/test_targets_store.py guarantees the shipped
    examples load cleanly into the default store."""
    create_tables(con)
    files = example_files(Settings.from_env().data_dir)
    if not files:
        return
    try:
        parsed = validate_files(con, files)
    except model.UnreadableTargets as exc:
        print(f"Targets examples skipped: {exc}", file=sys.stderr)
        return
    problems = [f.text() for p in parsed for f in p.report.errors]
    if problems:
        print("Targets examples skipped (they do not fit this store): "
              + "; ".join(problems[:5]), file=sys.stderr)
        return
    write(con, parsed)
    apply_agreed(con, Settings.from_env())
