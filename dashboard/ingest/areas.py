"""The store's areas as loads see them: the codes it knows and those that have ended
(what files are checked against), and a load's areas merged into the table, with the
end year and successors that ONS notes give ("obsolete code since 2023, replaced by ...").
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.common import geography
from dashboard.ingest.files import Parsed
from dashboard.ingest.store_file import read_only
from dashboard.methods.quality import EndedArea

_REPLACED_BY = re.compile(r"[EWSNK]\d{8}")
_OBSOLETE_SINCE = re.compile(r"bsolete code since (\d{4})")


def known_area_codes(store_path: Path | None) -> set[str] | None:
    if store_path is None or not Path(store_path).exists():
        return None
    with read_only(store_path) as con:
        return known_area_codes_of(con)


def known_area_codes_of(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in con.execute("SELECT area_code FROM areas").fetchall()}


def ended_areas(store_path: Path | None) -> dict[str, EndedArea]:
    """Codes in the store that have ended (valid_to set), with their successors' names:
    what the obsolete-code warning needs to name the replacement."""
    if store_path is None or not Path(store_path).exists():
        return {}
    with read_only(store_path) as con:
        return ended_areas_of(con)


def ended_areas_of(con: duckdb.DuckDBPyConnection) -> dict[str, EndedArea]:
    """`ended_areas` of an open store (a build checks its last files against the areas
    the others gave)."""
    rows = con.execute("SELECT area_code, area_name, valid_to, replaced_by FROM areas "
                       "WHERE valid_to IS NOT NULL").fetchall()
    successors = {code for *_, replaced in rows for code in
                  _REPLACED_BY.findall(replaced or "")}
    names = dict(con.execute("SELECT area_code, area_name FROM areas WHERE area_code IN "
                             "(SELECT unnest(?::VARCHAR[]))", [sorted(successors)]
                             ).fetchall()) if successors else {}
    return {code: EndedArea(name or code, int(valid_to), tuple(
        (s, names.get(s, s)) for s in _REPLACED_BY.findall(replaced or "")))
        for code, name, valid_to, replaced in rows}


def merge_areas(con: duckdb.DuckDBPyConnection, parsed: list[Parsed]) -> bool:
    """The files' areas merged into the table; whether that changed it (most indicator
    files name areas the store already has, as it has them)."""
    existing = con.execute("SELECT * FROM areas").df()
    incoming = [p.areas for p in parsed if p.areas is not None and not p.areas.empty]
    validity = [p.area_validity for p in parsed if p.area_validity is not None]
    if not incoming and not validity:
        return False
    frame = existing.set_index("area_code")
    for new in incoming:
        new = new.drop_duplicates("area_code").set_index("area_code")
        fresh = new.index.difference(frame.index)
        frame = pd.concat([frame, new.loc[fresh, ["area_name", "geography"]]])
        has = new.index.intersection(frame.index)
        for column in ("area_name", "geography"):
            if column in new:
                filler = new.loc[has, column].dropna()
                frame.loc[filler.index, column] = frame.loc[filler.index, column].fillna(filler)
        notes = new["note"].dropna() if "note" in new else pd.Series(dtype=object)
        for code, note in notes.items():
            frame.loc[code, "note"] = note
            since = _OBSOLETE_SINCE.search(note)
            if since:
                frame.loc[code, "valid_to"] = int(since.group(1)) - 1
            tail = note.split("replaced by", 1)[1] if "replaced by" in note else ""
            successors = _REPLACED_BY.findall(tail)
            if successors:
                frame.loc[code, "replaced_by"] = " ".join(successors)
    for new in validity:
        new = new.set_index("area_code")
        fresh = new.index.difference(frame.index)
        frame = pd.concat([frame, new.loc[fresh, ["area_name"]]])
        for column in ("valid_from", "valid_to"):
            values = pd.to_numeric(new[column], errors="coerce").dropna()
            frame.loc[values.index, column] = values
    frame.index.name = "area_code"
    frame = frame.reset_index()
    frame["area_name"] = frame["area_name"].fillna(frame["area_code"])
    kinds = frame["area_code"].map(geography.classify)
    frame["area_type"] = [k[0] for k in kinds]
    frame["is_lower_tier"] = [k[1] for k in kinds]
    frame["is_upper_tier"] = [k[2] for k in kinds]
    for column in ("valid_from", "valid_to"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    columns = ["area_code", "area_name", "area_type", "geography", "is_lower_tier",
               "is_upper_tier", "valid_from", "valid_to", "replaced_by", "note"]
    frame = frame[columns]
    con.register("incoming_areas", frame)
    try:
        changed = con.execute("""
            SELECT EXISTS (SELECT * FROM areas EXCEPT ALL SELECT * FROM incoming_areas)
                OR EXISTS (SELECT * FROM incoming_areas EXCEPT ALL SELECT * FROM areas)
        """).fetchone()[0]
        if changed:
            con.execute("DELETE FROM areas")
            con.execute("INSERT INTO areas SELECT * FROM incoming_areas")
    finally:
        con.unregister("incoming_areas")
