"""Disclosure control: what may leave the store for each audience.

Applied by the store to every frame it returns, so no page, callback, download or
API can bypass it.
"""

from __future__ import annotations

import pandas as pd

SMALL_COUNT = 5  # counts below this are suppressed for the public
SUPPRESSED_NOTE = "fewer than 5"
AUDIENCES = ("analyst", "public")


def protect(frame: pd.DataFrame, audience: str) -> pd.DataFrame:
    """Suppress small counts for the public audience.

    Counts (numerators, denominators and values of count indicators) between 1 and 4
    are blanked and flagged 'c' with the note "fewer than 5". Zero is kept: it
    discloses nothing about an individual. Analysts see published values as they are
    (published sources already apply their own disclosure control).
    """
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    if audience == "analyst" or frame.empty:
        return frame
    out = frame.copy()
    small_any = pd.Series(False, index=out.index)
    for column in ("numerator", "denominator"):
        if column in out:
            small = out[column].between(1, SMALL_COUNT - 1)
            out.loc[small, column] = float("nan")
            small_any |= small
    if "value" in out and "value_type" in out:
        small = (out["value_type"] == "count") & out["value"].between(1, SMALL_COUNT - 1)
        out.loc[small, "value"] = float("nan")
        for column in ("lci", "uci"):
            if column in out:
                out.loc[small, column] = float("nan")
        small_any |= small
    if small_any.any():
        if "status" in out:
            out["status"] = out["status"].astype(object)
            out.loc[small_any, "status"] = "c"
        if "note" in out:
            out["note"] = out["note"].astype(object)
            out.loc[small_any, "note"] = SUPPRESSED_NOTE
    return out
