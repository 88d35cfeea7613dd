"""Partnerships and targets against the real store: the shipped examples, the targets CLI
(all-or-nothing loads), the structured return and the board pack."""

from __future__ import annotations

import io
import json
import shutil

import duckdb
import jsonschema
import numpy as np
import openpyxl
import pandas as pd
import pypdfium2 as pdfium
import pytest

from dashboard.cli import main
from dashboard.common.config import DATA_DIR
from dashboard.exports import boardpack, returns
from dashboard.methods import targets as model
from dashboard.security.access import SYSTEM
from dashboard.store.derived import targets as derived

EXAMPLES = DATA_DIR / "targets" / "examples.yaml"
PILOTS = {
    "oldham": ("local strategic partnership", None, ["E08000004"]),
    "wigan": ("local strategic partnership", None, ["E08000010"]),
    "kent": ("local strategic partnership", None, ["E10000016"]),
    "leeds": ("local strategic partnership", None, ["E08000035"]),
    "lancashire": ("local strategic partnership", None, ["E10000017"]),
    "cumbria": ("local strategic partnership", None, ["E06000063", "E06000064"]),
    "liverpool-city-region": ("combined authority", "E47000004",
                              ["E06000006", "E08000011", "E08000012", "E08000013",
                               "E08000014", "E08000015"]),
}


@pytest.fixture(scope="session")
def store(store):
    """The data manager's view (every partnership, as the CLI exports see them); what
    the public sees of partner-only scorecards is tested in test_access_store.py."""
    return store.for_viewer(SYSTEM)


@pytest.fixture(scope="module")
def raw(built_store_path):
    """An independent read-only connection, to check values without the Store."""
    con = duckdb.connect(str(built_store_path), read_only=True)
    yield con
    con.close()


@pytest.fixture()
def store_copy(built_store_path, tmp_path):
    path = tmp_path / "copy.duckdb"
    shutil.copy2(built_store_path, path)
    return path


def latest_observation(raw, indicator_id: str, area_code: str) -> dict | None:
    row = raw.execute("""
        SELECT period_label, period_start, value, lci, uci, numerator, denominator, load_id
        FROM observations WHERE indicator_id = ? AND area_code = ? AND value IS NOT NULL
        ORDER BY period_start DESC LIMIT 1""", [indicator_id, area_code]).fetchone()
    if row is None:
        return None
    keys = ["period", "period_start", "value", "lci", "uci", "numerator", "denominator",
            "load_id"]
    return dict(zip(keys, row))


# --- the shipped examples ------------------------------------------------------------------


def test_shipped_examples_validate_cleanly(built_store_path):
    [parsed] = derived.check_files(built_store_path, [EXAMPLES])
    assert parsed.report.findings == [], [f.text() for f in parsed.report.findings]
    assert len(parsed.targets) >= 40
    assert all(t.illustrative for t in parsed.targets)
    assert "ILLUSTRATIVE EXAMPLES, NOT AGREED TARGETS" in EXAMPLES.read_text()


def test_build_step_loaded_the_pilot_partnerships(store):
    frame = store.partnerships().set_index("partnership_id")
    assert set(frame.index) == set(PILOTS)
    for pid, (kind, area_code, members) in PILOTS.items():
        assert frame.loc[pid, "partnership_type"] == kind
        assert list(frame.loc[pid, "members"]) == members
        got = frame.loc[pid, "area_code"]
        assert (got if isinstance(got, str) else None) == area_code
        assert frame.loc[pid, "n_targets"] >= 4
    assert "E10000006" in frame.loc["cumbria", "note"]


def test_baselines_are_the_published_values(store, raw):
    for pid in PILOTS:
        for row in store.partnership_targets(pid).itertuples():
            published = raw.execute("""
                SELECT value FROM observations WHERE indicator_id = ? AND area_code = ?
                  AND period_start = ? AND period_duration = ?""",
                [row.indicator_id, row.area_code, row.baseline_period_start,
                 row.baseline_period_duration]).fetchone()
            assert published is not None, (pid, row.indicator_id)
            assert row.baseline_value == pytest.approx(published[0])
            assert row.baseline_source == "stored"
            assert row.illustrative


def test_examples_give_a_realistic_mix_of_statuses(store):
    oldham = store.scorecard("oldham")
    assert 10 <= len(oldham) <= 12
    counts = oldham["status"].value_counts()
    assert counts.get(model.OFF_TRACK, 0) >= 2
    assert counts.get(model.ON_TRACK, 0) >= 2 and counts.get(model.AT_RISK, 0) >= 2
    everything = pd.concat([store.scorecard(pid) for pid in PILOTS])
    assert set(everything["status"]) == set(model.STATUSES)
    needing = everything[everything["status"].isin(model.NEEDS_ACTION)]
    assert needing["commentary"].notna().all() and needing["action"].notna().all()
    for row in everything.itertuples():
        assert row.reason.startswith(model.STATUS_WORDS[row.status] + ":")


def test_scorecard_latest_values_match_the_store(store, raw):
    card = store.scorecard("oldham")
    for row in card.itertuples():
        expected = latest_observation(raw, row.indicator_id, row.area_code)
        assert row.latest_value == pytest.approx(expected["value"])
        assert row.latest_period == expected["period"]
        assert row.latest_load_id == expected["load_id"]
    claimant = card.set_index("indicator_id").loc["claimant-count"]
    assert claimant["status"] == model.OFF_TRACK
    assert claimant["reason"].startswith("Off track: 6.6% in 2025 is above the 5.9% "
                                         "trajectory")


# --- the targets CLI -----------------------------------------------------------------------


def test_targets_check_exit_codes(built_store_path, tmp_path, capsys):
    assert main(["targets", "check", str(EXAMPLES), "--store", str(built_store_path)]) == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("partnership,indicator,area,baseline_period,target_period,target_value\n"
                   "oldham,claimant-count,E08000004,2022,2027,5.0\n"
                   "oldham,claimant-count,E08000004,2022,2021,5.0\n"
                   "oldham,no-such-thing,E08000004,2022,2027,5.0\n")
    capsys.readouterr()
    assert main(["targets", "check", str(bad), "--store", str(built_store_path)]) == 1
    out = capsys.readouterr().out
    assert "line 3, column target_period: value '2021'" in out
    assert "duplicate of line 2" in out
    assert "line 4, column indicator: value 'no-such-thing'" in out
    assert main(["targets", "check", str(tmp_path / "missing.yaml"),
                 "--store", str(built_store_path)]) == 2
    assert main(["targets", "check", str(EXAMPLES), "--store",
                 str(tmp_path / "no-store.duckdb")]) == 2
    capsys.readouterr()
    assert main(["targets", "check", str(bad), "--json", "--store",
                 str(built_store_path)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["files"][0]["errors"] == 3


def test_targets_load_is_all_or_nothing(store_copy, tmp_path, capsys):
    before = store_copy.read_bytes()
    mixed = tmp_path / "mixed.csv"
    mixed.write_text("partnership,indicator,baseline_period,target_period,target_value\n"
                     "oldham,claimant-count,2022,2027,4.0\n"
                     "oldham,employment-rate,2021,2026,60\n")          # wrong direction
    assert main(["targets", "load", str(mixed), "--store", str(store_copy)]) == 1
    assert "Nothing was loaded" in capsys.readouterr().out
    assert store_copy.read_bytes() == before

    good = tmp_path / "good.csv"
    good.write_text("partnership,indicator,baseline_period,target_period,target_value,owner\n"
                    "oldham,claimant-count,2022,2027,4.0,Board\n"
                    "oldham,employment-rate,2021,2026,78,Board\n")
    assert main(["targets", "load", str(good), "--store", str(store_copy)]) == 0
    assert main(["targets", "load", str(good), "--store", str(store_copy)]) == 0  # idempotent
    with duckdb.connect(str(store_copy), read_only=True) as con:
        rows = con.execute("SELECT indicator_id, target_value, illustrative FROM targets "
                           "WHERE partnership_id = 'oldham' ORDER BY 1").fetchall()
        others = con.execute("SELECT count(*) FROM targets WHERE partnership_id = 'wigan'"
                             ).fetchone()[0]
    # The file is Oldham's whole set now; other partnerships are untouched.
    assert rows == [("claimant-count", 4.0, False), ("employment-rate", 78.0, False)]
    assert others == 6


# --- the structured return -----------------------------------------------------------------


def _validator() -> jsonschema.Draft202012Validator:
    schema = returns.schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("pid", sorted(PILOTS))
def test_return_validates_and_matches_the_store(store, raw, pid):
    doc = json.loads(returns.export(store, [pid], "json"))
    errors = sorted(_validator().iter_errors(doc), key=str)
    assert errors == [], [e.message for e in errors[:5]]
    targets = store.partnership_targets(pid)
    assert len(doc["rows"]) == len(targets)
    assert list(doc["rows"][0]) == list(returns.COLUMNS)
    for row in doc["rows"]:
        expected = latest_observation(raw, row["indicator_id"], row["area_code"])
        if row["status"] == model.NO_DATA and (expected is None or pd.Timestamp(
                expected["period_start"]) <= pd.Timestamp(
                targets.set_index(["indicator_id", "area_code"]).loc[
                    (row["indicator_id"], row["area_code"]), "baseline_period_start"])):
            assert row["value"] is None
            continue
        assert row["period"] == expected["period"]
        assert row["period_start"] == pd.Timestamp(expected["period_start"]).date().isoformat()
        # Numbers are given to the indicator's published decimal places (counts whole).
        decimals = model.decimals_of(store.indicator(row["indicator_id"]))
        for key in ("value", "lci", "uci", "numerator", "denominator"):
            want = expected[key]
            if want is None or (isinstance(want, float) and np.isnan(want)):
                assert row[key] is None, key
            else:
                places = 0 if key in ("numerator", "denominator") else decimals
                assert row[key] == model.at_precision(want, places), key
        assert row["load_id"] == expected["load_id"]
        loaded_at = raw.execute("SELECT loaded_at FROM loads WHERE load_id = ?",
                                [expected["load_id"]]).fetchone()[0]
        assert row["loaded_at"] == pd.Timestamp(loaded_at).isoformat()
        target = targets.set_index(["indicator_id", "area_code"]).loc[
            (row["indicator_id"], row["area_code"])]
        assert row["target_value"] == model.at_precision(target["target_value"], decimals)
        assert row["target_period"] == target["target_period_label"]
        assert row["illustrative"] is True
        assert row["extracted_at"] == doc["extracted_at"]


def test_return_formats_share_one_schema(store, built_store_path, tmp_path, capsys):
    ids = sorted(PILOTS)
    doc = returns.document(store, ids)
    assert not list(_validator().iter_errors(doc))
    table = pd.read_csv(io.BytesIO(returns.to_csv(doc)))
    assert list(table.columns) == list(returns.COLUMNS)
    assert list(table.columns) == list(returns.schema()["$defs"]["row"]["properties"])
    assert len(table) == sum(len(store.partnership_targets(p)) for p in ids)
    book = openpyxl.load_workbook(io.BytesIO(returns.to_xlsx(doc)))
    sheet = book["return"]
    assert [c.value for c in sheet[1]] == list(returns.COLUMNS)
    assert sheet.max_row == len(table) + 1
    assert "about" in book.sheetnames
    out = tmp_path / "all.json"
    assert main(["export", "returns", "--partnership", "all", "--format", "json", "--out",
                 str(out), "--store", str(built_store_path)]) == 0
    assert len(json.loads(out.read_text())["rows"]) == len(table)
    capsys.readouterr()
    assert main(["export", "returns", "--partnership", "oldham", "--format", "csv",
                 "--store", str(built_store_path)]) == 0
    assert capsys.readouterr().out.startswith(",".join(returns.COLUMNS))
    assert main(["export", "returns", "--partnership", "nowhere", "--store",
                 str(built_store_path)]) == 2


# --- the board pack ------------------------------------------------------------------------


def test_board_pack_renders_with_name_summary_and_charts(store, built_store_path, tmp_path):
    out = tmp_path / "oldham.pdf"
    assert main(["export", "boardpack", "--partnership", "oldham", "--out", str(out),
                 "--store", str(built_store_path)]) == 0
    card = store.scorecard("oldham")
    summary = f"{len(card)} targets: {model.summary_line(card['status'])}"
    pdf = pdfium.PdfDocument(str(out))
    texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    assert len(pdf) >= 3
    assert "Oldham: board scorecard" in texts[0]
    assert summary in texts[0]
    assert "Illustrative examples, not agreed targets" in texts[0]
    everything = " ".join(" ".join(texts).split())
    for row in card[card["status"].isin(model.NEEDS_ACTION)].itertuples():
        assert f"{row.title} — Oldham" in everything
    assert "Illustrative commentary" in everything
    assert "Data versions" in everything and "Open Government Licence v3.0" in everything
    for i in range(len(pdf)):
        pixels = np.asarray(pdf[i].render(scale=1).to_pil().convert("L"))
        assert pixels.size > 0
        assert (pixels < 200).mean() > 0.005          # not blank
    # The pages with charts carry an embedded image.
    chart_pages = [i for i in range(len(pdf))
                   if any(obj.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE
                          for obj in pdf[i].get_objects())]
    assert len(chart_pages) >= 1
    assert boardpack.filename("oldham").endswith(".pdf")
