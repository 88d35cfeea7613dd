"""Readers for each source format. Each returns a `Parsed` bundle of validated tables.

Nothing here touches the store; `dashboard.loader` writes parsed bundles in one
transaction.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard.quality import QualityReport

OBSERVATION_COLUMNS = [
    "indicator_id", "area_code", "period_start", "period_duration", "period_label",
    "value", "lci", "uci", "numerator", "denominator", "status", "note",
]


@dataclass
class Parsed:
    """Everything one source file contributes to the store."""

    file: str
    format: str
    sha256: str
    report: QualityReport
    datasets: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    observations: pd.DataFrame | None = None
    areas: pd.DataFrame | None = None           # area_code, area_name, geography, note...
    area_links: pd.DataFrame | None = None      # child_code, parent_code, parent_type, source
    lsoa_attributes: pd.DataFrame | None = None
    boundaries: pd.DataFrame | None = None      # area_code, level, vintage, geometry (WKB)
    area_validity: pd.DataFrame | None = None   # area_code, area_name, valid_from, valid_to

    @property
    def rows(self) -> int:
        return self.report.rows_read


class UnreadableFile(Exception):
    """The file could not be opened or decoded at all (exit status 2)."""


def slug(text: str) -> str:
    """'Claimant Count' -> 'claimant-count'; stable ids for indicators."""
    text = text.lower().replace("&", " and ").replace("%", " percent ")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_text(path: Path) -> str:
    """File text with any BOM removed; gzip-compressed files are read transparently."""
    try:
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        return raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError, gzip.BadGzipFile, EOFError) as exc:
        raise UnreadableFile(f"{path}: cannot be read as UTF-8 text ({exc})") from exc


def csv_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line number, fields) for each record; handles BOM, CRLF and quotes."""
    reader = csv.reader(io.StringIO(read_text(path), newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise UnreadableFile(f"{path}: the file is empty") from None
    except csv.Error as exc:
        raise UnreadableFile(f"{path}: not a CSV file ({exc})") from None
    rows = []
    try:
        for fields in reader:
            if fields:
                rows.append((reader.line_num, fields))
    except csv.Error as exc:
        raise UnreadableFile(f"{path}, line {reader.line_num}: {exc}") from None
    return header, rows


def csv_header(path: Path) -> list[str]:
    text = read_text(path)
    first = text.splitlines()[0] if text else ""
    return [h.strip() for h in next(csv.reader([first]))] if first else []


def base_name(path: Path) -> str:
    """File name without .csv/.csv.gz etc."""
    name = path.name
    for suffix in (".gz", ".csv", ".json", ".geojson"):
        name = name.removesuffix(suffix)
    return name
