"""The default store: every bundled file loads, row counts match, bad files change nothing."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from dashboard import cli
from dashboard.common.config import DATA_DIR
from dashboard.ingest.build import bundled_files

ONS_FILES = sorted((DATA_DIR / "ons").glob("*/*.csv"))


def data_rows(path: Path) -> int:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    return sum(1 for _ in csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""))) - 1


def count(store_path: Path, sql: str, params: list | None = None) -> int:
    with duckdb.connect(str(store_path), read_only=True) as con:
        return con.execute(sql, params or []).fetchone()[0]


def table_counts(store_path: Path) -> dict[str, int]:
    with duckdb.connect(str(store_path), read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("areas", "indicators", "observations", "loads", "boundaries")}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_there_are_19_bundled_ons_series():
    assert len(ONS_FILES) == 19


@pytest.mark.parametrize("path", ONS_FILES, ids=lambda p: p.parent.name)
def test_every_ons_row_is_in_the_store(built_store_path, path):
    stored = count(built_store_path, "SELECT count(*) FROM observations o JOIN loads l "
                   "USING (load_id) WHERE l.file = ?", [str(path)])
    assert stored == data_rows(path)


def test_iod_files_and_boundaries_load_completely(built_store_path):
    scores = DATA_DIR / "iod" / "iod2025_lsoa21_scores_ranks_deciles.csv.gz"
    indicators = DATA_DIR / "iod" / "iod2025_lsoa21_indicators.csv.gz"
    summaries = DATA_DIR / "iod" / "iod2025_lad24_summaries.csv.gz"
    by_file = "SELECT count(*) FROM observations o JOIN loads l USING (load_id) WHERE l.file = ?"
    assert data_rows(scores) == 33_755
    assert count(built_store_path, by_file, [str(scores)]) == 33_755 * 24  # 8 domains x 3
    assert count(built_store_path, by_file, [str(indicators)]) == 33_755 * 28
    assert count(built_store_path, by_file, [str(summaries)]) == 296 * 56
    levels = {"lad": 361, "ctyua": 218, "region": 9, "lsoa": 33_755}
    for level, expected in levels.items():
        assert count(built_store_path, "SELECT count(*) FROM boundaries WHERE level = ?",
                     [level]) == expected
    assert count(built_store_path, "SELECT count(*) FROM lsoa_attributes") == 33_755
    assert count(built_store_path, "SELECT count(*) FROM areas WHERE area_type = 'lsoa'") \
        == data_rows(DATA_DIR / "iod" / "lookup_lsoa21_ward24_lad24_rgn24.csv.gz")


def test_store_keeps_quirks_as_published(store):
    oldham = store.series("claimant-count", ("E08000004",))
    latest = oldham.iloc[-1]
    assert (latest["period_label"], latest["value"]) == ("2025", 6.6)
    pay = store.periods("gross-median-weekly-pay")
    assert pay["period_duration"].eq("").all()  # date-only ASHE reference dates
    assert "30 Apr 2025" in set(pay["period_label"])
    hle = store.periods("male-healthy-life-expectancy")
    assert set(hle["period_duration"]) == {"P3Y"} and "2020-2022" in set(hle["period_label"])
    assert "2023/24" in set(store.periods("children-in-relative-poverty-before-housing-costs")
                            ["period_label"])
    hull = store.area("E06000010")
    assert hull["area_name"] == "Kingston upon Hull, City of"
    cumbria = store.area("E10000006")
    assert cumbria["valid_to"] == 2022 and cumbria["replaced_by"] == "E06000063 E06000064"
    suppressed = store.series("employment-rate", ("E06000053",))  # Isles of Scilly
    assert suppressed["value"].isna().any() and set(suppressed["status"].dropna()) <= {"x", "u"}


def test_polarity_is_set_for_every_bundled_ons_indicator(store):
    ons = store.indicators()
    ons = ons[~ons["dataset_id"].str.startswith(("iod", "fingertips"))]
    assert len(ons) == 24
    assert ons["polarity"].isin(["higher_is_better", "lower_is_better", "no_judgement"]).all()
    lookup = dict(zip(ons["indicator_id"], ons["polarity"], strict=True))
    assert lookup["claimant-count"] == "lower_is_better"
    assert lookup["employment-rate"] == "higher_is_better"
    assert lookup["economically-inactive"] == "no_judgement"
    affordability = store.indicator("housing-affordability-ratio-residence-based")
    assert affordability["unit"] == "ratio"


def test_area_hierarchy_runs_from_lsoa_to_nation(store):
    lsoa = store.parents("E01005320")  # Oldham 024A
    assert lsoa["ward"]["name"] == "Alexandra" and lsoa["lad"]["code"] == "E08000004"
    oldham = store.parents("E08000004")
    assert oldham["region"]["code"] == "E12000002"
    assert oldham["combined_authority"]["code"] == "E47000001"
    assert store.parents("E07000117")["county"]["code"] == "E10000017"  # Burnley -> Lancashire
    assert store.parents("E12000002")["nation"]["code"] == "E92000001"


@pytest.mark.parametrize("path", bundled_files(DATA_DIR), ids=lambda p: p.name)
def test_check_passes_on_every_bundled_file(path, capsys):
    assert cli.main(["check", str(path), "--store", "/nonexistent/store.duckdb"]) == 0


# -- corrupted files ------------------------------------------------------------------


def corrupt(tmp_path: Path, change) -> Path:
    source = DATA_DIR / "ons" / "claimant-count" / "claimant-count.csv"
    lines = source.read_bytes().decode("utf-8-sig").split("\r\n")
    lines = change(lines)
    target = tmp_path / "claimant-count.csv"
    target.write_bytes(("\ufeff" + "\r\n".join(lines)).encode("utf-8"))
    shutil.copy(source.with_suffix(".json"), tmp_path / "claimant-count.json")
    return target


def replace_field(line: str, index: int, value: str) -> str:
    fields = next(csv.reader([line]))
    fields[index] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(fields)
    return out.getvalue()


CORRUPTIONS = {
    "non_numeric": (lambda ls: ls[:5] + [replace_field(ls[5], 5, "n/a")] + ls[6:],
                    "line 6, column observation: value 'n/a'"),
    "duplicate": (lambda ls: ls[:10] + [ls[3]] + ls[10:],
                  "lines 4 and 11"),
    "invalid_code": (lambda ls: ls[:7] + [replace_field(ls[7], 0, "E0800004")] + ls[8:],
                     "line 8, column areacd: value 'E0800004'"),
    "bad_period": (lambda ls: ls[:2] + [replace_field(ls[2], 4, "2024-13-01/P1Y")] + ls[3:],
                   "line 3, column period: value '2024-13-01/P1Y'"),
}


@pytest.fixture()
def store_copy(built_store_path, tmp_path) -> Path:
    target = tmp_path / "copy.duckdb"
    shutil.copy(built_store_path, target)
    return target


@pytest.mark.parametrize("kind", sorted(CORRUPTIONS))
def test_corrupted_file_is_rejected_and_store_unchanged(kind, tmp_path, store_copy, capsys):
    change, expected = CORRUPTIONS[kind]
    bad = corrupt(tmp_path, change)
    before, before_sha = table_counts(store_copy), sha(store_copy)

    assert cli.main(["check", str(bad), "--store", str(store_copy)]) == 1
    out = capsys.readouterr().out
    assert str(bad) in out and expected in out

    assert cli.main(["load", str(bad), "--store", str(store_copy)]) == 1
    out = capsys.readouterr().out
    assert expected in out and "store is unchanged" in out
    assert table_counts(store_copy) == before
    assert sha(store_copy) == before_sha


def test_check_json_report_is_machine_readable(tmp_path, capsys):
    bad = corrupt(tmp_path, CORRUPTIONS["non_numeric"][0])
    assert cli.main(["check", "--json", str(bad), "--store", "/nonexistent.duckdb"]) == 1
    report = json.loads(capsys.readouterr().out)["files"][0]
    assert report["errors"] == 1 and report["ok"] is False
    group = next(g for g in report["groups"] if g["rule"] == "non_numeric")
    finding = group["findings"][0]
    assert (finding["line"], finding["column"], finding["value"]) == (6, "observation", "n/a")


def test_unreadable_input_and_bad_usage_exit_2(tmp_path, capsys):
    assert cli.main(["check", str(tmp_path / "missing.csv")]) == 2
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00\x81garbage")
    assert cli.main(["check", str(binary)]) == 2
    assert cli.main(["check"]) == 2
    assert cli.main(["frobnicate"]) == 2


def test_loading_the_same_file_twice_changes_nothing(store_copy, capsys):
    path = DATA_DIR / "ons" / "claimant-count" / "claimant-count.csv"
    before = table_counts(store_copy)
    assert cli.main(["load", str(path), "--store", str(store_copy)]) == 0
    assert "already loaded" in capsys.readouterr().out
    assert table_counts(store_copy) == before


def test_a_newer_version_replaces_matching_rows_and_reports_changes(tmp_path, store_copy,
                                                                   capsys):
    # Oldham's 2025 claimant count revised from 6.6 to 6.7, one new period for it added.
    def revise(lines):
        out = []
        for line in lines:
            if line.startswith("E08000004,") and ",2025-01-01/P1Y," in line:
                out.append(line.replace(",6.6,", ",6.7,"))
                out.append(line.replace("2025-01-01/P1Y", "2026-01-01/P1Y"))
            else:
                out.append(line)
        return out

    newer = corrupt(tmp_path, revise)
    rows_before = table_counts(store_copy)["observations"]
    assert cli.main(["load", str(newer), "--store", str(store_copy)]) == 0
    out = capsys.readouterr().out
    assert "1 rows added, 1 replaced, 10,324 unchanged" in out
    assert table_counts(store_copy)["observations"] == rows_before + 1
    value = count(store_copy, "SELECT value FROM observations WHERE indicator_id = "
                  "'claimant-count' AND area_code = 'E08000004' AND period_start = '2025-01-01'")
    assert value == pytest.approx(6.7)


def test_partners_tidy_csv_loads_with_its_metadata(tmp_path, store_copy, capsys):
    tidy = tmp_path / "oldham-referrals.csv"
    tidy.write_text("indicator,area_code,period,value,lci,uci,numerator,denominator,status,note\n"
                    "Employment support referrals,E08000004,2023/24,12.5,11.0,14.1,125,1000,,\n"
                    "Employment support referrals,E08000004,2024/25,,,,,,c,too few\n"
                    "Employment support referrals,E08000010,2024,9.0,,,,,,\n")
    (tmp_path / "oldham-referrals.json").write_text(json.dumps({"indicators": {
        "Employment support referrals": {"title": "Referrals to employment support",
                                         "unit": "%", "polarity": "higher_is_better",
                                         "source": "Oldham Council"}}}))
    assert cli.main(["load", str(tidy), "--store", str(store_copy)]) == 0
    with duckdb.connect(str(store_copy), read_only=True) as con:
        meta = con.execute("SELECT title, polarity, source_org FROM indicators WHERE "
                           "indicator_id = 'employment-support-referrals'").fetchone()
        rows = con.execute("SELECT period_label, value, numerator, status FROM observations "
                           "WHERE indicator_id = 'employment-support-referrals' "
                           "ORDER BY area_code, period_start").fetchall()
    assert meta == ("Referrals to employment support", "higher_is_better", "Oldham Council")
    assert rows[0] == ("2023/24", 12.5, 125.0, None)
    assert rows[1][0] == "2024/25" and rows[1][1] is None and rows[1][3] == "c"
    assert rows[2][:2] == ("2024", 9.0)


def test_build_swaps_in_atomically_while_a_reader_is_open(built_store_path, tmp_path,
                                                         monkeypatch):
    """A rebuild (from a few of the bundled files, so it takes seconds: the swap is the
    same whatever is built) while a reader holds the old file: the reader keeps reading
    the old store whole, and the file is the new store afterwards."""
    from dashboard.ingest import build

    few = {"lookup_lad24_ctyua_rgn_ctry.csv", "gigabit-capable-broadband.csv",
           "cigarette-smokers.csv"}
    files = [f for f in build.bundled_files(DATA_DIR) if f.name in few]
    assert len(files) == len(few)
    monkeypatch.setattr(build, "bundled_files", lambda data_dir: files)
    target = tmp_path / "live.duckdb"
    shutil.copy(built_store_path, target)
    reader = duckdb.connect(str(target), read_only=True)
    before = reader.execute("SELECT count(*) FROM observations").fetchone()[0]
    build.build(target, DATA_DIR)  # a rebuild while the reader holds the old file
    assert reader.execute("SELECT count(*) FROM observations").fetchone()[0] == before
    reader.close()
    rebuilt = count(target, "SELECT count(*) FROM observations")
    assert 0 < rebuilt < before  # the new store: the few files' observations only
    assert count(target, "SELECT count(*) FROM datasets") == 2
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize("suffix", [".gpkg", ".shp"])
def test_geopackage_and_shapefile_boundaries_load_with_detected_or_named_columns(
        suffix, tmp_path, store_copy, capsys):
    """Partners' boundaries arrive as GeoPackage or Shapefile, in British National Grid,
    with their own column names: codes are found by their values (or named), geometry is
    reprojected to WGS84, and a bad code is refused with its line."""
    import geopandas as gpd
    import shapely

    lads = gpd.read_file(DATA_DIR / "boundaries" / "lad_2024_uk_generalised.geojson")
    oldham = lads[lads["LAD24CD"].isin(["E08000004", "E08000010"])]
    frame = gpd.GeoDataFrame({"ons_id": oldham["LAD24CD"].to_numpy(),
                              "label": oldham["LAD24NM"].to_numpy(),
                              "objectid": range(len(oldham))},
                             geometry=oldham.geometry.to_numpy(), crs=4326).to_crs(27700)
    detected = tmp_path / f"partner{suffix}"
    frame.to_file(detected)
    assert cli.main(["check", str(detected)]) == 0
    assert cli.main(["load", str(detected), "--store", str(store_copy),
                     "--name-column", "label"]) == 0
    with duckdb.connect(str(store_copy), read_only=True) as con:
        rows = con.execute("SELECT area_code, geometry FROM boundaries WHERE area_code IN "
                           "('E08000004', 'E08000010') AND vintage = (SELECT max(vintage) "
                           "FROM boundaries WHERE area_code = 'E08000004')").fetchall()
    assert {r[0] for r in rows} == {"E08000004", "E08000010"}
    for _, wkb in rows:
        minx, miny, maxx, maxy = shapely.from_wkb(wkb).bounds
        assert -3 < minx < maxx < -1.9 and 53.4 < miny < maxy < 53.7  # degrees, not metres
    frame.loc[frame.index[1], "ons_id"] = "X0800001"
    broken = tmp_path / f"broken{suffix}"
    frame.to_file(broken)
    before = table_counts(store_copy)
    assert cli.main(["load", str(broken), "--store", str(store_copy),
                     "--code-column", "ons_id"]) == 1
    assert "X0800001" in capsys.readouterr().out
    assert table_counts(store_copy) == before
