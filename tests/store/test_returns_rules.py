"""The structured return of every shipped partnership, exported as a data manager would
(`placeboard export returns --partnership all`), held to the status rule in docs/targets.md:
no row contradicts its trajectory or its projection, no projection leaves the possible
range, no reason names a period already over as when a target would be reached, and every
number is given to the indicator's published precision with no float noise."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import duckdb
import openpyxl
import pandas as pd
import pytest

from dashboard.cli import main
from dashboard.exports import returns
from dashboard.methods import targets as model

NEW_COLUMNS = ("trajectory_value", "projection_value", "projection_lower",
               "projection_upper", "projection_period")
# Numbers given to the indicator's decimals; counts are whole numbers.
DECIMAL_COLUMNS = ("value", "lci", "uci", "baseline_value", "target_value",
                   "trajectory_value", "projection_value", "projection_lower",
                   "projection_upper")
COUNT_COLUMNS = ("numerator", "denominator")
REACHED = re.compile(r"would (?:not )?be reached (?:in|until) ([0-9][0-9/-]*[0-9])")


@pytest.fixture(scope="module")
def exported(built_store_path, tmp_path_factory) -> pd.DataFrame:
    """The CSV return of every partnership, every cell read as the text written."""
    out = tmp_path_factory.mktemp("returns") / "all.csv"
    assert main(["export", "returns", "--partnership", "all", "--format", "csv", "--out",
                 str(out), "--store", str(built_store_path)]) == 0
    return pd.read_csv(out, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def indicators(built_store_path) -> dict[str, dict]:
    """Each indicator's decimals, value type and whether it has ever been negative."""
    with duckdb.connect(str(built_store_path), read_only=True) as con:
        frame = con.execute("""
            SELECT i.indicator_id, i.decimals, i.value_type,
                   min(o.value) < 0 AS negative
            FROM indicators i LEFT JOIN observations o USING (indicator_id)
            GROUP BY ALL""").df()
    return {row["indicator_id"]: row for row in frame.to_dict("records")}


def _number(text: str) -> float | None:
    return None if text == "" else float(text)


def _judged(exported: pd.DataFrame) -> pd.DataFrame:
    return exported[exported["status"] != model.NO_DATA]


def _end_year(label: str) -> int:
    """The calendar year a period named in a reason ends in: 2027, 2027/28, 2025-2027."""
    years = re.findall(r"\d{4}", label)
    if "/" in label and not re.search(r"\d{4}-\d{4}", label):
        return int(years[-1]) + 1
    return int(years[-1])


def test_the_return_has_the_new_columns_in_order(exported):
    assert list(exported.columns) == list(returns.COLUMNS)
    at = list(returns.COLUMNS).index("target_value")
    assert list(returns.COLUMNS)[at + 1:at + 6] == list(NEW_COLUMNS)
    assert set(exported["schema_version"]) == {"1.1"}
    assert len(exported) >= 40


def test_no_row_at_or_ahead_of_its_trajectory_is_off_track_or_missed(exported):
    checked = 0
    for row in _judged(exported).to_dict("records"):
        sign = 1 if row["direction"] == model.INCREASE else -1
        value, trajectory = _number(row["value"]), _number(row["trajectory_value"])
        assert trajectory is not None, row
        if sign * (value - trajectory) < 0:
            continue
        checked += 1
        assert row["status"] not in (model.OFF_TRACK, model.MISSED), row["reason"]
        if row["status"] == model.AT_RISK:
            assert "falls short of the target" in row["reason"], row["reason"]
    assert checked >= 10


def test_the_status_agrees_with_its_projection(exported):
    for row in _judged(exported).to_dict("records"):
        reason = row["reason"]
        assert reason.startswith(model.STATUS_WORDS[row["status"]] + ": ")
        assert reason.count(". ") == 0 and reason.endswith(".")     # one sentence
        if row["status"] == model.ON_TRACK:
            assert not any(w in reason for w in ("would not be reached", "moving away",
                                                 "is flat", "falls short")), reason
        if row["status"] == model.OFF_TRACK:
            assert not any(w in reason for w in ("would be reached in", "would be met")), \
                reason
        if row["projection_value"] == "":
            assert row["projection_period"] == "" and row["projection_lower"] == ""
            assert "too few values since the baseline" in reason or \
                row["status"] == model.ACHIEVED, reason
        else:
            assert row["projection_period"] == row["target_period"]


def test_no_projection_leaves_the_possible_range(exported, indicators):
    projected = _judged(exported)[lambda f: f["projection_value"] != ""]
    assert len(projected) >= 20
    for row in projected.to_dict("records"):
        meta = indicators[row["indicator_id"]]
        low, mid, high = (_number(row[f"projection_{k}"]) for k in ("lower", "value",
                                                                     "upper"))
        assert low <= mid <= high, row
        if meta["value_type"] == "percentage":
            assert 0 <= low and high <= 100, row
        elif not meta["negative"]:
            assert low >= 0, row


def test_no_reason_names_a_period_already_over_as_when_a_target_would_be_reached(exported):
    for row in exported.to_dict("records"):
        extracted = date.fromisoformat(row["extracted_at"][:10])
        for label in REACHED.findall(row["reason"]):
            assert _end_year(label) >= extracted.year, row["reason"]


def test_every_number_has_at_most_the_published_decimals(exported, indicators):
    for row in exported.to_dict("records"):
        decimals = model.decimals_of(indicators[row["indicator_id"]])
        for column, allowed in [(c, decimals) for c in DECIMAL_COLUMNS] + \
                [(c, 0) for c in COUNT_COLUMNS]:
            text = row[column]
            if text == "":
                continue
            assert re.fullmatch(r"-?\d+(\.\d+)?", text), (column, text)
            places = len(text.split(".")[1]) if "." in text else 0
            assert places <= allowed, (row["indicator_id"], column, text)


def test_load_id_is_an_integer_in_every_format(exported, store):
    for row in exported.to_dict("records"):
        if row["status"] == model.NO_DATA:
            continue
        assert re.fullmatch(r"\d+", row["load_id"]), row["load_id"]
    from dashboard.security.access import SYSTEM

    system = store.for_viewer(SYSTEM)
    ids = sorted(system.partnerships()["partnership_id"])
    doc = returns.document(system, ids)
    as_json = json.loads(returns.to_json(doc))
    assert all(isinstance(r["load_id"], int) for r in as_json["rows"]
               if r["status"] != model.NO_DATA)
    sheet = openpyxl.load_workbook(io.BytesIO(returns.to_xlsx(doc)))["return"]
    column = list(returns.COLUMNS).index("load_id") + 1
    loads = [sheet.cell(row=i, column=column).value for i in range(2, sheet.max_row + 1)]
    assert all(v is None or isinstance(v, int) for v in loads)
    assert any(isinstance(v, int) for v in loads)
