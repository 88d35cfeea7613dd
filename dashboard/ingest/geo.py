"""Boundaries (GeoJSON, GeoPackage, Shapefile, GeoParquet) and the ONS multi-vintage TopoJSON."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from dashboard.common import geography
from dashboard.ingest.files import Parsed, UnreadableFile, is_code, sha256_of
from dashboard.methods.quality import QualityReport

BOUNDARY_SUFFIXES = {".geojson", ".gpkg", ".shp", ".parquet", ".json"}


def _read_frame(path: Path, layer: str | None = None) -> gpd.GeoDataFrame:
    try:
        if path.suffix == ".parquet":
            return gpd.read_parquet(path)
        return gpd.read_file(path, layer=layer) if layer else gpd.read_file(path)
    except Exception as exc:  # geopandas raises many driver-specific errors
        raise UnreadableFile(f"{path}: cannot be read as boundaries ({exc})") from exc


def is_topology(path: Path) -> bool:
    if path.suffix != ".json":
        return False
    with open(path, "rb") as handle:
        head = handle.read(200)
    return b'"Topology"' in head


def detect_columns(frame: pd.DataFrame, code_column: str | None = None,
                   name_column: str | None = None) -> tuple[str, str | None]:
    """Find the GSS code column (values look like codes) and its name column."""
    if code_column is None:
        candidates = [c for c in frame.columns if c != "geometry"
                      and not pd.api.types.is_numeric_dtype(frame[c])]
        scored = []
        for column in candidates:
            values = frame[column].dropna().astype(str).head(200)
            share = values.map(geography.is_valid_code).mean() if len(values) else 0
            scored.append((share, column.upper().endswith("CD"), column))
        scored.sort(reverse=True)
        if not scored or scored[0][0] < 0.9:
            raise UnreadableFile("no column of GSS codes found; name it with --code-column")
        code_column = scored[0][2]
    if code_column not in frame.columns:
        raise UnreadableFile(f"code column {code_column!r} not found; columns are "
                             f"{', '.join(map(str, frame.columns))}")
    if name_column is None:
        guess = re.sub(r"CD$", "NM", code_column) if code_column.upper().endswith("CD") else None
        for option in (guess, "areanm", "name", "NAME"):
            if option and option in frame.columns:
                name_column = option
                break
    return code_column, name_column


LEVEL_FOR_TYPE = {"lsoa": "lsoa", "lad": "lad", "county": "ctyua", "region": "region",
                  "ward": "ward", "combined_authority": "cauth", "nation": "nation"}


def parse_boundaries(path: Path, code_column: str | None = None, name_column: str | None = None,
                     level: str | None = None, vintage: int | None = None) -> Parsed:
    frame = _read_frame(path)
    report = QualityReport(str(path), rows_read=len(frame))
    parsed = Parsed(str(path), "boundaries", sha256_of(path), report)
    code_column, name_column = detect_columns(frame, code_column, name_column)
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    codes = frame[code_column].astype(str)
    for index in frame.index[~codes.map(is_code)]:
        report.error("invalid_code", "not a valid GSS code", line=int(index) + 1,
                     column=code_column, value=codes[index])
    empty = frame.geometry.isna() | frame.geometry.is_empty
    for index in frame.index[empty]:
        report.error("bad_geometry", "feature has no geometry", line=int(index) + 1,
                     column="geometry", value=codes[index])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        invalid = ~frame.geometry.is_valid & ~empty
    if invalid.any():
        frame.loc[invalid, "geometry"] = shapely.make_valid(frame.geometry[invalid].values)
        for index in frame.index[invalid]:
            report.warning("bad_geometry", "invalid geometry was repaired (make_valid)",
                           line=int(index) + 1, column="geometry", value=codes[index])
    dupes = codes[codes.duplicated()]
    for index, code in dupes.items():
        report.error("duplicate_key", "the same area code has two features", line=int(index) + 1,
                     column=code_column, value=code)
    if vintage is None:
        match = re.search(r"(\d{2})CD$", code_column.upper())
        vintage = 2000 + int(match.group(1)) if match else 0
    if level is None:
        types = codes.str[:3].map(lambda p: geography.classify(p + "00000000")[0])
        kinds = set(types)
        level = "ctyua" if kinds >= {"county"} or (kinds == {"lad"} and "_cty" in path.name) \
            else LEVEL_FOR_TYPE.get(types.mode().iloc[0], types.mode().iloc[0])
    keep = ~empty & codes.map(is_code)
    parsed.boundaries = pd.DataFrame({
        "area_code": codes[keep].values, "level": level, "vintage": vintage,
        "geometry": shapely.to_wkb(frame.geometry[keep].values),
    })
    if name_column:
        parsed.areas = pd.DataFrame({"area_code": codes[keep].values,
                                     "area_name": frame.loc[keep, name_column].astype(str).values,
                                     "geography": None, "note": None})
    return parsed


def parse_topology(path: Path, lad_boundaries: gpd.GeoDataFrame | None = None) -> Parsed:
    """Area validity years (start/end) for every code in the ONS multi-vintage TopoJSON,
    and combined authority membership derived spatially from its 'cauth' layer."""
    report = QualityReport(str(path))
    parsed = Parsed(str(path), "topology", sha256_of(path), report)
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, json.JSONDecodeError) as exc:
        raise UnreadableFile(f"{path}: not valid JSON ({exc})") from exc
    rows = []
    for layer, obj in document.get("objects", {}).items():
        for geom in obj.get("geometries", []):
            props = geom.get("properties") or {}
            code = props.get("areacd")
            if code:
                rows.append({"area_code": code, "area_name": props.get("areanm"),
                             "valid_from": props.get("start"), "valid_to": props.get("end"),
                             "layer": layer})
    report.rows_read = len(rows)
    validity = pd.DataFrame(rows).drop_duplicates("area_code")
    parsed.area_validity = validity
    if lad_boundaries is not None:
        cauth = _read_frame(path, layer="cauth")
        current = cauth[cauth["end"].isna()].set_crs(4326, allow_override=True)
        points = lad_boundaries.copy()
        points["geometry"] = points.geometry.representative_point()
        joined = gpd.sjoin(points, current[["areacd", "geometry"]], predicate="within")
        parsed.area_links = pd.DataFrame({
            "child_code": joined["area_code"].values, "parent_code": joined["areacd"].values,
            "parent_type": "combined_authority",
            "source": "derived: LAD 2024 representative points within the ONS TopoJSON "
                      "combined authority polygons",
        })
    return parsed
