"""The national benchmark series at small scale (50 LSOAs x 12 months x 5 indicators).

bench/national.py writes a tidy file that `placeboard load` accepts. Here the loader is
made to treat it as a large file, as it treats the real 20M-row series: read as a stream
of small blocks, its rows staged on disk and written by DuckDB from there.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import shutil
import tempfile
from pathlib import Path

import duckdb
import pytest

from bench import national
from dashboard import cli
from dashboard.ingest import staging, stream
from dashboard.store import Store, make_cache


@pytest.fixture()
def store_copy(built_store_path: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy.duckdb"
    shutil.copy(built_store_path, target)
    return target


@pytest.fixture()
def as_large_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every file streamed in 4 KB blocks, and rows past the 500th staged on disk (in
    this test's own temporary folder)."""
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    monkeypatch.setattr(stream, "STREAM_BYTES", 0)
    monkeypatch.setattr(stream, "BLOCK_BYTES", 4096)
    monkeypatch.setattr(staging, "STAGE_ROWS", 500)


def generated(store: Path, tmp_path: Path) -> Path:
    return national.write(store, tmp_path / "bench", months=12, limit=50)


def file_rows(path: Path) -> list[dict]:
    text = gzip.decompress(path.read_bytes()).decode()
    return list(csv.DictReader(io.StringIO(text)))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_generated_series_loads_and_every_value_round_trips(tmp_path, store_copy,
                                                                 as_large_file, capsys):
    path = generated(store_copy, tmp_path)
    rows = file_rows(path)
    assert len(rows) == 50 * 12 * 5

    assert cli.main(["load", str(path), "--store", str(store_copy)]) == 0
    assert "3,000 rows, no problems found" in capsys.readouterr().out
    assert not list((tmp_path / "tmp").glob("placeboard-staged-*"))  # staged rows gone

    with duckdb.connect(str(store_copy), read_only=True) as con:
        stored = con.execute("""
            SELECT i.title, o.area_code, strftime(o.period_start, '%Y-%m'), o.value,
                   o.period_duration, a.area_type
            FROM observations o JOIN indicators i USING (indicator_id)
            JOIN areas a USING (area_code)
            WHERE i.dataset_id = 'synthetic-national-benchmark-series'""").fetchall()
        titles = [t for (t,) in con.execute(
            "SELECT title FROM indicators WHERE dataset_id = "
            "'synthetic-national-benchmark-series' ORDER BY title").fetchall()]
        caveats = {c for (c,) in con.execute(
            "SELECT caveats FROM indicators WHERE dataset_id = "
            "'synthetic-national-benchmark-series'").fetchall()}
    assert len(titles) == 5
    assert all(t.startswith("Synthetic") and "not real data" in t for t in titles)
    assert all("SYNTHETIC" in c for c in caveats)
    # Every value as written, for a real LSOA code, monthly
    assert {(a, p, float(v)) for _, a, p, v, _, _ in stored} == \
        {(r["area_code"], r["period"], float(r["value"])) for r in rows}
    assert {(d, t) for *_, d, t in stored} == {("P1M", "lsoa")}
    # Plausible: rates between 0 and 100, with seasonal and LSOA differences
    values = [v for _, _, _, v, _, _ in stored]
    assert 0 < min(values) < max(values) < 100

    # What pages read: one LSOA's monthly trend (from the prepared lsoa_series table),
    # and the map's values, every LSOA at the latest month
    store = Store(store_copy, make_cache())
    code = rows[0]["area_code"]
    trend = store.series("synthetic-claimant-rate", (code,))
    assert list(trend["value"]) == [float(r["value"]) for r in rows
                                    if r["area_code"] == code
                                    and r["indicator"] == "Synthetic claimant rate"]
    latest = store.lsoa_values("synthetic-claimant-rate", "E92000001")
    assert len(latest) == 50 and set(latest["period_label"]) == {"Mar 2016"}


def test_a_malformed_line_deep_in_a_large_file_is_named_and_nothing_changes(
        tmp_path, store_copy, as_large_file, capsys):
    path = generated(store_copy, tmp_path)
    lines = gzip.decompress(path.read_bytes()).decode().split("\n")
    # Line 2,345 of the file (lines[2344]): a value with two decimal points
    fields = lines[2344].split(",")
    fields[3] = "1.2.3"
    lines[2344] = ",".join(fields)
    path.write_bytes(gzip.compress("\n".join(lines).encode()))
    before = sha(store_copy)

    assert cli.main(["load", str(path), "--store", str(store_copy)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "expected a number written with the digits 0-9" in out
    assert "2345" in out.replace(",", "")
    assert "1.2.3" in out
    assert str(path.name) in out
    assert sha(store_copy) == before
    assert not list((tmp_path / "tmp").glob("placeboard-staged-*"))  # staged rows gone


def test_a_short_row_at_the_end_of_a_large_file_says_it_may_be_cut_short(
        tmp_path, store_copy, as_large_file, capsys):
    path = generated(store_copy, tmp_path)
    text = gzip.decompress(path.read_bytes()).decode().rstrip("\n")
    cut = text[:text.rfind(",")]  # the last row loses its value
    path.write_bytes(gzip.compress(cut.encode()))
    before = sha(store_copy)

    assert cli.main(["check", str(path), "--store", str(store_copy)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "cut short" in out
    assert "3001" in out.replace(",", "")
    assert sha(store_copy) == before
