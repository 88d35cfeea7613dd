"""The default store's public outputs, audited as an intruder would.

The synthetic partner-only example is made public the way a tester did (`placeboard
access set dataset example-employment-support-starts public`, here through the accounts
database the admin page and that command write to). Everything the public is then served
for it (every LSOA, ward and Oldham, both years, through `store.series`) is checked
against every published total from the ONS lookup with the independent linear
programming intruder of tests/unit/test_disclosure_audit.py.
"""

from __future__ import annotations

import csv
import gzip
import math
from collections import defaultdict
from datetime import date

import pytest

from dashboard.common.config import DATA_DIR
from dashboard.methods.disclosure import WITHHELD_LABEL
from dashboard.security.access import SYSTEM
from dashboard.security.accounts import Accounts
from dashboard.store import Store, make_cache
from tests.unit.test_disclosure_audit import feasible_ranges, possible_values

SYNTHETIC = "synthetic-example-employment-support-starts"
EXAMPLE = DATA_DIR / "examples" / "example-employment-support-starts.csv"
OLDHAM = "E08000004"
PERIODS = {"2023-04-01/P1Y": date(2023, 4, 1), "2024-04-01/P1Y": date(2024, 4, 1)}
MIN_COUNT = 5


def truth() -> dict[tuple[str, date], int]:
    with open(EXAMPLE, encoding="utf-8", newline="") as handle:
        return {(row["area_code"], PERIODS[row["period"]]): int(row["value"])
                for row in csv.DictReader(handle)}


def equations() -> list[tuple[tuple[str, date], list[tuple[str, date]]]]:
    """Every total the public can add up, from the bundled ONS LSOA -> ward -> LAD lookup."""
    lsoas_of: dict[str, list[str]] = defaultdict(list)
    with gzip.open(DATA_DIR / "iod" / "lookup_lsoa21_ward24_lad24_rgn24.csv.gz", "rt",
                   encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["LAD24CD"] == OLDHAM:
                lsoas_of[row["WD24CD"]].append(row["LSOA21CD"])
    out = []
    for period in PERIODS.values():
        for ward, lsoas in lsoas_of.items():
            out.append(((ward, period), [(c, period) for c in lsoas]))
        out.append(((OLDHAM, period), [(w, period) for w in lsoas_of]))
        out.append(((OLDHAM, period), [(c, period) for ls in lsoas_of.values() for c in ls]))
    return out


@pytest.fixture(scope="module")
def public_view(built_store_path, tmp_path_factory):
    """The store as the public sees it once the synthetic dataset is made public."""
    accounts = Accounts(tmp_path_factory.mktemp("public") / "accounts.sqlite")
    accounts.set_access("dataset", "example-employment-support-starts", "public", SYSTEM)
    store = Store(built_store_path, make_cache(), accounts=accounts)
    codes = tuple(sorted({code for code, _ in truth()}))
    frame = store.series(SYNTHETIC, codes)
    assert len(frame) == len(truth())
    return frame


@pytest.fixture(scope="module")
def intruder(public_view):
    values = {(r.area_code, r.period_start.date()): r.value for r in public_view.itertuples()}
    withheld = {k for k, v in values.items() if math.isnan(v)}
    return values, feasible_ranges(values, withheld, equations())


def test_the_public_sees_every_withheld_cell_with_one_label_and_zeros_as_zero(public_view):
    withheld = public_view[public_view["value"].isna()]
    assert len(withheld) > 60
    assert set(withheld["note"]) == {WITHHELD_LABEL} and set(withheld["status"]) == {"c"}
    counts = truth()
    zeros = [(r.area_code, r.period_start.date()) for r in public_view.itertuples()
             if r.value == 0]
    assert zeros and all(counts[z] == 0 for z in zeros)
    shown = public_view[public_view["value"].notna()]
    assert all(counts[(r.area_code, r.period_start.date())] == r.value
               for r in shown.itertuples())


def test_no_withheld_cell_can_be_narrowed_below_the_rule(intruder):
    _, ranges = intruder
    counts = truth()
    narrow = [(cell, counts[cell], low, high) for cell, (low, high) in ranges.items()
              if (0 < counts[cell] < MIN_COUNT and possible_values(low, high) < MIN_COUNT)
              or (high != math.inf and high < MIN_COUNT)]
    assert narrow == []
    assert all(counts[cell] > 0 for cell in ranges)  # a zero is published, never withheld


def test_the_testers_attacks_no_longer_work(intruder):
    values, ranges = intruder
    counts = truth()
    # E05014658, 2023/24: the ward's total less its published LSOAs left three cells that
    # zeros-never-withheld made exactly 1 each.
    ward, period = "E05014658", date(2023, 4, 1)
    ones = [c for c, n in counts.items() if n == 1 and c[1] == period
            and c in ranges and c[0].startswith("E01")]
    in_ward = [c for c in ones if c[0] in {ch for (p, _), children in equations()
                                           if p == ward for ch, _ in children}]
    assert len(in_ward) == 3
    for cell in in_ward:
        assert possible_values(*ranges[cell]) >= MIN_COUNT, (cell, ranges[cell])
    # E05014657, 2024/25: 65 - 57 = 8 over two cells once labelled "fewer than 5".
    ward, period = "E05014657", date(2024, 4, 1)
    lsoas = next(children for (p, when), children in equations()
                 if p == ward and when == period)
    fours = [c for c in lsoas if counts[c] == 4]
    assert len(fours) == 2 and all(math.isnan(values[c]) for c in fours)
    assert all(ranges[c] != (4, 4) and possible_values(*ranges[c]) >= MIN_COUNT
               for c in fours)
