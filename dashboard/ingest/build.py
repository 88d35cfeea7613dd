"""Building a store from data/: the bundled files (`bundled_files`, geography first)
parsed, checked and written into a new store file in one step, sorted, given the derived
tables and swapped in whole (`build`). The Fingertips exports are parsed after the rest
is written, so their codes are checked against the areas it gives (names, end years and
successors), as `placeboard load` checks them against the store."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from dashboard.ingest.areas import ended_areas_of, known_area_codes_of
from dashboard.ingest.files import Parsed, UnreadableFile
from dashboard.ingest.geo import BOUNDARY_SUFFIXES
from dashboard.ingest.loader import parse_file
from dashboard.ingest.store_file import swapped_in
from dashboard.ingest.writer import LoadResult, sort_observations, write


def bundled_files(data_dir: Path) -> list[Path]:
    """The default store's source files, in dependency order (geography first)."""
    b, i = data_dir / "boundaries", data_dir / "iod"
    files = [b / "lookup_lad24_ctyua_rgn_ctry.csv", i / "lookup_lsoa21_ward24_lad24_rgn24.csv.gz",
             i / "ruc21_lsoa21.csv.gz", b / "lad_2024_uk_generalised.geojson",
             b / "ctyua_2024_uk_generalised.geojson", b / "rgn_2024_en_generalised.geojson",
             b / "lsoa21_england_bsc_simplified.parquet", b / "ons_els_multivintage_topo.json"]
    files += sorted((data_dir / "ons").glob("*/*.csv"))
    files += [i / "iod2025_lsoa21_scores_ranks_deciles.csv.gz",
              i / "iod2025_lsoa21_indicators.csv.gz", i / "iod2025_lad24_summaries.csv.gz"]
    # Population denominators (ONS): Census 2021 by LSOA, mid-2021 estimates by LA.
    files += sorted((data_dir / "population").glob("*.csv.gz"))
    # Fingertips exports (OHID): pre-2019 county and UA codes, by sex, age and decile.
    files += sorted((data_dir / "fingertips").glob("*.csv"))
    # Clearly labelled synthetic examples (partner-only access, disclosure control).
    files += sorted((data_dir / "examples").glob("*.csv"))
    return files


def build(store_path: Path, data_dir: Path,
          progress: Callable[[str, int, int], None] | None = None,
          extra_steps: Iterable[Callable[[duckdb.DuckDBPyConnection], None]] = ()) -> LoadResult:
    """Build a new store from data/ and swap it in atomically."""
    store_path = Path(store_path)
    store_path.parent.mkdir(parents=True, exist_ok=True)
    files = bundled_files(data_dir)
    later = [path for path in files if path.parent.name == "fingertips"]
    result = LoadResult()
    total = len(files) + 2
    with swapped_in(store_path, copy=False) as con:
        parsed = _parse_bundled([f for f in files if f not in later], data_dir, progress,
                                total)
        if progress:
            progress("writing the store", total - 1, total)
        result.files = write(con, parsed)
        if later:
            known, ended = known_area_codes_of(con), ended_areas_of(con)
            result.files += write(con, [_checked(parse_file(path, data_dir, known,
                                                            ended=ended), path)
                                        for path in later])
        if progress:
            progress("sorting and indexing", total, total)
        sort_observations(con)
        for step in extra_steps:
            step(con)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('built_at', ?)",
                    [datetime.now(UTC).isoformat(timespec="seconds")])
    return result


def _parse_bundled(files: list[Path], data_dir: Path,
                   progress: Callable[[str, int, int], None] | None,
                   total: int) -> list[Parsed]:
    """Every bundled file parsed; a bundled file with errors is UnreadableFile.

    Geography first: its codes are the "known areas" the indicator files are checked
    against. Everything is parsed before one write, so areas are merged once rather than
    once per file."""
    parsed: list[Parsed] = []
    known: set[str] | None = None
    for n, path in enumerate(files, start=1):
        if progress:
            progress(path.name, n, total)
        is_geography = path.suffix in BOUNDARY_SUFFIXES or "lookup" in path.name \
            or path.name.startswith("ruc")
        if not is_geography and known is None:
            known = set()
            for p in parsed:
                for frame in (p.areas, p.area_validity):
                    if frame is not None:
                        known |= set(frame["area_code"])
        parsed.append(_checked(parse_file(path, data_dir, known), path))
    return parsed


def _checked(item: Parsed, path: Path) -> Parsed:
    """A parsed bundled file; one with errors is UnreadableFile."""
    if not item.report.ok:
        raise UnreadableFile(f"bundled file {path} has errors: "
                             + "; ".join(f.text() for f in item.report.errors[:5]))
    return item
