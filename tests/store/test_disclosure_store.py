"""public_suppressions, built from the synthetic Oldham example loaded into a copy of the
store, contains the suppression worked out independently from the CSV and the ONS lookup
by the "next smallest cell" rule, plus the cells the linear programming audit adds where
that rule falls short (tests/store/test_disclosure_public.py audits the result)."""

from __future__ import annotations

import csv
import gzip
import shutil
from collections import defaultdict
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard.common.config import DATA_DIR
from dashboard.ingest.loader import load_files
from dashboard.methods import disclosure
from dashboard.store.derived import disclosure as build_step

EXAMPLE = DATA_DIR / "examples" / "example-employment-support-starts.csv"
INDICATOR = "synthetic-example-employment-support-starts"
OLDHAM = "E08000004"
MIN_COUNT = 5
PERIODS = {"2023-04-01/P1Y": date(2023, 4, 1), "2024-04-01/P1Y": date(2024, 4, 1)}


@pytest.fixture(scope="module")
def example_store(built_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built store with the example loaded and the build step run on it."""
    path = tmp_path_factory.mktemp("disclosure") / "store.duckdb"
    shutil.copy2(built_store_path, path)  # never touch the shared store
    result = load_files(path, [EXAMPLE], DATA_DIR)
    assert result.ok, [f.report.summary() for f in result.files]
    with duckdb.connect(str(path)) as con:
        build_step.BUILD_STEP(con)
    return path


@pytest.fixture(scope="module")
def suppressions(example_store: Path) -> pd.DataFrame:
    with duckdb.connect(str(example_store), read_only=True) as con:
        return con.execute("SELECT * FROM public_suppressions WHERE indicator_id = ? "
                           "ORDER BY period_start, area_code", [INDICATOR]).df()


def csv_counts() -> dict[tuple[date, str], int]:
    with open(EXAMPLE, encoding="utf-8", newline="") as handle:
        return {(PERIODS[row["period"]], row["area_code"]): int(row["value"])
                for row in csv.DictReader(handle)}


def oldham_groups() -> dict[tuple[str, str], list[str]]:
    """(parent, child kind) -> children, from the ONS LSOA -> ward -> LAD lookup."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    with gzip.open(DATA_DIR / "iod" / "lookup_lsoa21_ward24_lad24_rgn24.csv.gz", "rt",
                   encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["LAD24CD"] == OLDHAM:
                groups[(row["WD24CD"], "lsoa")].append(row["LSOA21CD"])
                groups[(OLDHAM, "lsoa")].append(row["LSOA21CD"])
                if row["WD24CD"] not in groups[(OLDHAM, "ward")]:
                    groups[(OLDHAM, "ward")].append(row["WD24CD"])
    return groups


def expected_suppressions() -> dict[tuple[date, str], str]:
    """The "next smallest cell" rules of dashboard.methods.disclosure.complementary_suppression,
    done the slow way: settle the smallest group that needs a change (then parent code),
    one at a time, never withholding a zero (the parent instead, when nothing else is
    left)."""
    counts = csv_counts()
    groups = oldham_groups()
    expected: dict[tuple[date, str], str] = {}
    for period in PERIODS.values():
        hidden = {code for (p, code), n in counts.items() if p == period and 0 < n < MIN_COUNT}
        expected.update({(period, code): "primary" for code in hidden})
        while True:
            needy = []
            for (parent, kind), children in groups.items():
                n_hidden = sum(child in hidden for child in children)
                if (parent in hidden and n_hidden == 0) or \
                        (parent not in hidden and n_hidden == 1):
                    needy.append((len(children), parent, kind))
            if not needy:
                break
            _, parent, kind = min(needy)
            children = groups[(parent, kind)]
            free = [c for c in children if c not in hidden and counts[(period, c)] > 0]
            if parent not in hidden and (len(children) == 1 or not free):
                choice = parent
            else:
                choice = min(free, key=lambda c: (counts[(period, c)], c))
            hidden.add(choice)
            expected[(period, choice)] = "complementary"
    return expected


def test_the_example_is_a_partner_only_count_with_minimum_five(example_store):
    with duckdb.connect(str(example_store), read_only=True) as con:
        row = con.execute("SELECT i.title, i.value_type, i.min_count, d.access_level, "
                          "i.polarity, i.theme FROM indicators i JOIN datasets d "
                          "USING (dataset_id) WHERE i.indicator_id = ?", [INDICATOR]).fetchone()
    # the dataset is partner-only; its indicator follows the dataset's level
    assert row == ("Employment support programme starts (synthetic example)", "count", 5,
                   "partners:oldham", "no_judgement", "work and worklessness")


def test_public_suppressions_holds_the_rules_worked_out_from_the_csv(suppressions):
    got = {(r.period_start.date(), r.area_code): r.reason for r in suppressions.itertuples()}
    expected = expected_suppressions()
    assert expected.items() <= got.items()
    # the rest was added by the audit, where a small count could still be narrowed down
    # (three 1s under E05014658's published total in 2023/24, for one)
    added = {key: reason for key, reason in got.items() if key not in expected}
    assert added and set(added.values()) == {"complementary"}
    assert set(suppressions["period_duration"]) == {"P1Y"}


def test_every_small_count_is_primary_and_complements_are_needed(suppressions):
    counts = csv_counts()
    small = {key for key, n in counts.items() if 0 < n < MIN_COUNT}
    primary = suppressions[suppressions["reason"] == "primary"]
    primary_cells = set(zip(primary["period_start"].dt.date, primary["area_code"],
                            strict=True))
    assert primary_cells == small
    assert len(small) > 50  # the example is made to have many small counts
    for period in PERIODS.values():
        day = pd.Timestamp(period)
        assert ((suppressions["period_start"] == day)
                & (suppressions["reason"] == "complementary")).sum() >= 2
    zeros = {key for key, n in counts.items() if n == 0}
    assert zeros and not zeros & primary_cells  # a zero identifies nobody


def test_a_ward_with_one_small_lsoa_has_another_lsoa_withheld(suppressions):
    counts = csv_counts()
    listed = set(zip(suppressions["period_start"].dt.date, suppressions["area_code"],
                     strict=True))
    found = 0
    for (parent, kind), children in oldham_groups().items():
        if kind != "lsoa" or parent == OLDHAM:
            continue
        for period in PERIODS.values():
            small = [c for c in children if 0 < counts[(period, c)] < MIN_COUNT]
            if len(small) == 1 and counts[(period, parent)] >= MIN_COUNT:
                found += 1
                withheld = [c for c in children if (period, c) in listed and c not in small]
                assert withheld, (parent, period)
    assert found >= 2  # the first ward has exactly one small LSOA count in each year


def test_the_small_ward_forces_another_ward_within_oldham(suppressions):
    counts = csv_counts()
    wards = oldham_groups()[(OLDHAM, "ward")]
    listed = set(zip(suppressions["period_start"].dt.date, suppressions["area_code"],
                     strict=True))
    for period in PERIODS.values():
        small = [w for w in wards if 0 < counts[(period, w)] < MIN_COUNT]
        assert len(small) == 1
        others = [w for w in wards if (period, w) in listed and w not in small]
        assert others, period
        assert (period, OLDHAM) not in listed  # Oldham's total itself is published


def test_no_published_total_gives_back_a_suppressed_cell(suppressions):
    listed = set(zip(suppressions["period_start"].dt.date, suppressions["area_code"],
                     strict=True))
    for (parent, _), children in oldham_groups().items():
        for period in PERIODS.values():
            n_hidden = sum((period, c) in listed for c in children)
            if (period, parent) in listed:
                assert n_hidden >= 1, (parent, period)
            else:
                assert n_hidden != 1, (parent, period)


def test_protect_with_the_table_blanks_exactly_the_listed_cells(example_store, suppressions):
    with duckdb.connect(str(example_store), read_only=True) as con:
        observations = con.execute("SELECT * FROM observations WHERE indicator_id = ?",
                                   [INDICATOR]).df()
        rules = disclosure.rules_from_indicators(con.execute("SELECT * FROM indicators").df())
    cells = frozenset(zip(suppressions["indicator_id"], suppressions["area_code"],
                          suppressions["period_start"].dt.date, strict=True))
    public = disclosure.protect(observations, rules, cells)
    blank = public["value"].isna()
    hidden = set(zip(public.loc[blank, "area_code"],
                     pd.to_datetime(public.loc[blank, "period_start"]).dt.date, strict=True))
    assert hidden == {(a, d) for _, a, d in cells}
    assert (public.loc[public["value"].isna(), "status"] == "c").all()
    notes = public.loc[public["value"].isna(), "note"]
    assert set(notes) == {disclosure.WITHHELD_LABEL}  # one label, small or protecting
    assert (public["value"] == 0).any()  # zeros stay


def test_the_build_step_can_run_again_and_gives_the_same_table(example_store, suppressions):
    copy = example_store.with_name("again.duckdb")
    shutil.copy2(example_store, copy)
    with duckdb.connect(str(copy)) as con:
        build_step.BUILD_STEP(con)
        again = con.execute("SELECT * FROM public_suppressions WHERE indicator_id = ? "
                            "ORDER BY period_start, area_code", [INDICATOR]).df()
        types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns"
                                 " WHERE table_name = 'public_suppressions'").fetchall())
    pd.testing.assert_frame_equal(again, suppressions)
    assert types == {"indicator_id": "VARCHAR", "area_code": "VARCHAR", "period_start": "DATE",
                     "period_duration": "VARCHAR", "reason": "VARCHAR"}
