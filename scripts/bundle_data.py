"""Rebuild the compact data bundle in data/ from the full shared data folder.

Run once by maintainers (``python scripts/bundle_data.py ../shared/data``); the
result is committed so the product runs from its own repository. Nothing is
invented: ONS indicator files are copied byte for byte, IoD tables and lookups
are gzip-compressed copies, and LSOA polygons are simplified with
``shapely.coverage_simplify`` (shared borders kept) and written as GeoParquet.
Population files keep only the columns Placeboard uses (England's LSOAs only), gzipped.
The postcode lookup keeps each postcode (without its space), its LSOA and its ward, sorted
by postcode, as zstd Parquet (the LAD follows from the ward: see ``bundle_postcodes``).
"""

from __future__ import annotations

import gzip
import shutil
import sys
from pathlib import Path

import duckdb
import geopandas as gpd
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parents[1]
LSOA_TOLERANCE_DEGREES = 0.0004  # about 30-45 m: keeps LSOA shapes recognisable


def main(source: Path) -> None:
    out = ROOT / "data"
    (out / "ons").mkdir(parents=True, exist_ok=True)
    for folder in sorted((source / "ons_local_indicators").iterdir()):
        if folder.is_dir():
            target = out / "ons" / folder.name
            target.mkdir(exist_ok=True)
            for f in folder.iterdir():
                shutil.copy2(f, target / f.name)
    shutil.copy2(source / "ons_local_indicators" / "LICENSE.md", out / "ons" / "LICENSE.md")

    (out / "iod").mkdir(exist_ok=True)
    for name in [
        "iod2025_lsoa21_scores_ranks_deciles.csv",
        "iod2025_lsoa21_indicators.csv",
        "iod2025_lad24_summaries.csv",
        "lookup_lsoa21_ward24_lad24_rgn24.csv",
        "ruc21_lsoa21.csv",
    ]:
        with open(source / "neighbourhoods" / name, "rb") as src, open(
            out / "iod" / f"{name}.gz", "wb"
        ) as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as dst:
            shutil.copyfileobj(src, dst)

    (out / "boundaries").mkdir(exist_ok=True)
    for name in [
        "lad_2024_uk_generalised.geojson",
        "ctyua_2024_uk_generalised.geojson",
        "rgn_2024_en_generalised.geojson",
        "lookup_lad24_ctyua_rgn_ctry.csv",
        "ons_els_multivintage_topo.json",
    ]:
        shutil.copy2(source / "boundaries" / name, out / "boundaries" / name)

    lsoa = gpd.read_file(source / "neighbourhoods" / "lsoa21_england_bsc.geojson")
    simplified = shapely.coverage_simplify(lsoa.geometry.values, LSOA_TOLERANCE_DEGREES)
    simplified = shapely.set_precision(simplified, 1e-5)
    simplified = shapely.make_valid(simplified)
    lsoa = lsoa.set_geometry(gpd.GeoSeries(simplified, crs=lsoa.crs))
    lsoa[["LSOA21CD", "LSOA21NM", "geometry"]].to_parquet(
        out / "boundaries" / "lsoa21_england_bsc_simplified.parquet", compression="zstd"
    )
    bundle_population(source, out)
    bundle_postcodes(source, out)


def bundle_population(source: Path, out: Path) -> None:
    """data/population/: Census 2021 residents by LSOA (England; total, aged 16 to 64)
    and mid-2021 estimates by LA (all ages, aged 16 to 64), values unchanged."""
    folder = out / "population"
    folder.mkdir(exist_ok=True)
    lsoa = pd.read_csv(source / "population" / "lsoa21_census2021_usual_residents_by_age.csv",
                       dtype=str, keep_default_na=False)
    lsoa = lsoa[lsoa["LSOA21CD"].str.startswith("E")][["LSOA21CD", "total", "aged_16_64"]]
    la = pd.read_csv(source / "population" / "la_mye2021_population_by_broad_age.csv",
                     dtype=str, keep_default_na=False)
    la = la[["areacd", "period", "all_ages", "aged_16_64"]]
    for frame, name in ((lsoa, "lsoa21_census2021_population.csv.gz"),
                        (la, "la_mye2021_population.csv.gz")):
        with open(folder / name, "wb") as raw, gzip.GzipFile(
                fileobj=raw, mode="wb", compresslevel=9, mtime=0) as dst:
            dst.write(frame.to_csv(index=False, lineterminator="\n").encode("utf-8"))


def bundle_postcodes(source: Path, out: Path) -> None:
    """data/postcodes/: the NSPL (August 2024) postcode -> LSOA 2021 -> ward 2024 lookup
    for England, 2.2M rows in 4 MB. The postcode is stored without its space (the space
    always comes before the last three characters), the LAD column is dropped (every ward
    lies in one LAD, given by the ward names file) and the rows are sorted by postcode
    so Parquet's dictionary and run-length encoding store each LSOA and ward code once
    per run. Values unchanged; the ward names are a gzipped copy."""
    folder = out / "postcodes"
    folder.mkdir(exist_ok=True)
    con = duckdb.connect()
    con.execute("SET enable_progress_bar=false")
    lookup = source / "postcodes" / "postcode_lsoa21_wd24_lad24_england.csv.gz"
    target = folder / "postcode_lsoa21_wd24_england.parquet"
    con.execute(f"""COPY (SELECT replace(pcds, ' ', '') AS postcode, LSOA21CD AS lsoa21cd,
                                 WD24CD AS wd24cd
                          FROM read_csv('{lookup}', all_varchar = true) ORDER BY postcode)
                    TO '{target}' (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 19,
                                   ROW_GROUP_SIZE 250000)""")
    names = source / "postcodes" / "ward24_names_england.csv"
    with open(names, "rb") as src, open(folder / "ward24_names_england.csv.gz", "wb") as raw, \
            gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as dst:
        shutil.copyfileobj(src, dst)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"))
