"""Geometry payloads for the canvas map renderer (assets/maps.js).

One payload per geography (level, within): sent to the browser once, cached there by URL and
ETag, and reused for every recolour (values travel separately, aligned to ``codes``).

Binary layout, little-endian, so the browser decodes it with typed-array views, no parsing:

    "PBG1"                     4 bytes magic
    uint32 header length       JSON header (utf-8, space-padded to a multiple of 4):
                               {codes, names, [wards, ward_index], bbox, n_features,
                                n_rings, n_points, level, within, version}
    uint32 ring_start[n_features + 1]   feature f owns rings ring_start[f]..ring_start[f+1]
    uint32 point_start[n_rings + 1]     ring r owns points point_start[r]..point_start[r+1]
    uint16 xy[2 * n_points]             lon/lat quantised to 0..65535 over bbox

Rings are drawn with the even-odd rule, so holes and multipolygons need no flags. 16-bit
quantisation over England is about 10 m, far finer than the 200 m generalised boundaries.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely

FORMAT_VERSION = 1
MAGIC = b"PBG1"
QUANT = 65535


@dataclass(frozen=True)
class GeometryPayload:
    """A prepared geography: feature codes in drawing order and the encoded bytes."""

    level: str
    within: str
    codes: tuple[str, ...]
    names: tuple[str, ...]
    raw: bytes
    gzipped: bytes
    etag: str

    @property
    def url(self) -> str:
        return f"/maps/geometry/{self.level}/{self.within}.bin?v={self.etag}"


def to_geometries(wkb: Sequence[bytes | bytearray | memoryview]) -> np.ndarray:
    """WKB blobs from DuckDB -> shapely geometries."""
    return shapely.from_wkb([bytes(b) for b in wkb])


def _rings(geometries: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ring_start per feature, point_start per ring, coordinates) for polygons and
    multipolygons, exteriors and holes alike."""
    polygons, polygon_owner = shapely.get_parts(geometries, return_index=True)
    rings, ring_polygon = shapely.get_rings(polygons, return_index=True)
    ring_feature = polygon_owner[ring_polygon]
    coords, point_ring = shapely.get_coordinates(rings, return_index=True)
    n_features = len(geometries)
    rings_per_feature = np.bincount(ring_feature, minlength=n_features)
    ring_start = np.concatenate([[0], np.cumsum(rings_per_feature)]).astype(np.uint32)
    points_per_ring = np.bincount(point_ring, minlength=len(rings))
    point_start = np.concatenate([[0], np.cumsum(points_per_ring)]).astype(np.uint32)
    return ring_start, point_start, coords


def encode(geometries: np.ndarray, codes: Sequence[str], names: Sequence[str],
           level: str, within: str, extra: dict | None = None) -> bytes:
    """Encode features (in the given order) as a PBG1 payload."""
    ring_start, point_start, coords = _rings(geometries)
    if len(coords):
        bbox = [float(coords[:, 0].min()), float(coords[:, 1].min()),
                float(coords[:, 0].max()), float(coords[:, 1].max())]
    else:
        bbox = [0.0, 0.0, 1.0, 1.0]
    span_x = max(bbox[2] - bbox[0], 1e-9)
    span_y = max(bbox[3] - bbox[1], 1e-9)
    quantised = np.empty((len(coords), 2), dtype="<u2")
    quantised[:, 0] = np.rint((coords[:, 0] - bbox[0]) / span_x * QUANT)
    quantised[:, 1] = np.rint((coords[:, 1] - bbox[1]) / span_y * QUANT)
    header = {"version": FORMAT_VERSION, "level": level, "within": within,
              "codes": list(codes), "names": list(names), "bbox": bbox,
              "n_features": len(codes), "n_rings": int(len(point_start) - 1),
              "n_points": len(coords), **(extra or {})}
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode()
    text += b" " * (-len(text) % 4)
    return b"".join([MAGIC, struct.pack("<I", len(text)), text,
                     ring_start.astype("<u4").tobytes(), point_start.astype("<u4").tobytes(),
                     quantised.tobytes()])


def decode(raw: bytes) -> dict:
    """The inverse of :func:`encode` (tests and the benchmark; the browser has its own)."""
    if raw[:4] != MAGIC:
        raise ValueError("not a Placeboard geometry payload")
    (length,) = struct.unpack("<I", raw[4:8])
    header = json.loads(raw[8:8 + length])
    offset = 8 + length
    n_f, n_r, n_p = header["n_features"], header["n_rings"], header["n_points"]
    ring_start = np.frombuffer(raw, "<u4", n_f + 1, offset)
    offset += 4 * (n_f + 1)
    point_start = np.frombuffer(raw, "<u4", n_r + 1, offset)
    offset += 4 * (n_r + 1)
    xy = np.frombuffer(raw, "<u2", 2 * n_p, offset).reshape(-1, 2).astype(float)
    x0, y0, x1, y1 = header["bbox"]
    lonlat = np.column_stack([x0 + xy[:, 0] / QUANT * (x1 - x0),
                              y0 + xy[:, 1] / QUANT * (y1 - y0)])
    return {"header": header, "ring_start": ring_start, "point_start": point_start,
            "lonlat": lonlat}


def dissolve(geometries: np.ndarray, groups: Sequence[str | None],
             close_gaps: float = 0.0003) -> tuple[list[str], np.ndarray]:
    """Union polygons by group (e.g. LSOAs by best-fit ward): (group keys, geometries).

    The generalised LSOA boundaries are not an exact coverage (hairline gaps and overlaps
    after simplification), so shapely.coverage_union would leave slivers; instead each part
    grows by ``close_gaps`` degrees (about 20-30 m), is unioned, and shrinks back (mitred,
    so corners stay sharp)."""
    keys = np.asarray([g if g is not None else "" for g in groups], dtype=object)
    if close_gaps:
        geometries = shapely.buffer(geometries, close_gaps, quad_segs=1, join_style="mitre")
    order = np.argsort(keys, kind="stable")
    unique, starts = np.unique(keys[order], return_index=True)
    bounds = list(starts) + [len(order)]
    merged = []
    for i in range(len(unique)):
        members = geometries[order[bounds[i]:bounds[i + 1]]]
        merged.append(shapely.union_all(members) if len(members) > 1 else members[0])
    result = np.asarray(merged, dtype=object)
    if close_gaps:
        result = shapely.buffer(result, -close_gaps, quad_segs=1, join_style="mitre")
    return [str(u) for u in unique], result


def make_payload(level: str, within: str, identity: object, geometries: np.ndarray,
                 codes: Sequence[str], names: Sequence[str],
                 extra: dict | None = None) -> GeometryPayload:
    raw = encode(geometries, codes, names, level, within, extra)
    etag = hashlib.sha1(repr((FORMAT_VERSION, identity, level, within)).encode()
                        + hashlib.sha1(raw).digest()).hexdigest()[:16]
    return GeometryPayload(level, within, tuple(codes), tuple(names), raw,
                           gzip.compress(raw, compresslevel=6, mtime=0), etag)


class PayloadCache:
    """Process-local LRU of prepared payloads, keyed by (store identity, level, within).

    A payload is pure function of the store file, so a rebuilt store (new identity) gets
    new payloads and new ETags. Building the all-England LSOA payload takes about a second,
    once per worker process."""

    def __init__(self, size: int = 48) -> None:
        self.size = size
        self._items: OrderedDict[tuple, GeometryPayload] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[tuple, threading.Lock] = {}

    def get(self, key: tuple, build) -> GeometryPayload:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            lock = self._building.setdefault(key, threading.Lock())
        with lock:  # one build per key even when several requests arrive together
            with self._lock:
                if key in self._items:
                    return self._items[key]
            payload = build()
            with self._lock:
                self._items[key] = payload
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
                self._building.pop(key, None)
            return payload

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


CACHE = PayloadCache()


# --- from the store ---------------------------------------------------------------------------

ENGLAND = "E92000001"
UK = "K02000001"
LA_LEVELS = ("lad", "ctyua", "region")
LSOA_LEVELS = ("lsoa", "ward")
LEVELS = LA_LEVELS + LSOA_LEVELS


def build_payload(store, level: str, within: str) -> GeometryPayload:
    """Read boundaries from the store and encode them (LSOAs dissolved for 'ward')."""
    if level in LA_LEVELS:
        if within not in (ENGLAND, UK):
            raise ValueError(f"local authority maps cover England ({ENGLAND}) or the UK "
                             f"({UK}), not {within!r}")
        frame = store.map_boundaries(level)
        if within == ENGLAND:
            frame = frame[frame["area_code"].str.startswith("E")]
        return make_payload(level, within, store.identity(), to_geometries(frame["geometry"]),
                            frame["area_code"].tolist(), frame["area_name"].tolist())
    if level not in LSOA_LEVELS:
        raise ValueError(f"unknown map level {level!r}; expected one of {', '.join(LEVELS)}")
    frame = store.lsoa_boundaries(within)
    geometries = to_geometries(frame["geometry"])
    if level == "lsoa":
        wards = sorted(set(frame["ward_name"].dropna()))
        position = {name: i for i, name in enumerate(wards)}
        ward_index = [position.get(name, -1) for name in frame["ward_name"]]
        return make_payload(level, within, store.identity(), geometries,
                            frame["area_code"].tolist(), frame["area_name"].tolist(),
                            {"wards": wards, "ward_index": ward_index,
                             "note": "ONS LSOA 2021 boundaries, super-generalised (200 m)"})
    keys, merged = dissolve(geometries, frame["ward_code"].tolist())
    names = dict(zip(frame["ward_code"], frame["ward_name"], strict=False))
    return make_payload(level, within, store.identity(), merged, keys,
                        [names.get(k) or k for k in keys],
                        {"note": "Approximate ward shapes built from LSOAs (best-fit)"})


def payload_for(store, level: str, within: str) -> GeometryPayload:
    """The prepared payload for (level, within), built once per store file and process."""
    key = (str(store.path), store.identity(), level, within)
    return CACHE.get(key, lambda: build_payload(store, level, within))
