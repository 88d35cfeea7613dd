"""Readers for each source format. Each returns a `Parsed` bundle of validated tables.

Nothing here touches the store; `dashboard.ingest.writer` writes parsed bundles in one
transaction.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from dashboard.common import geography
from dashboard.methods.quality import QualityReport

if TYPE_CHECKING:
    from dashboard.ingest.staging import StagedRows

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
    populations: pd.DataFrame | None = None     # area_code, source, year, all_ages, aged_16_64
    boundaries: pd.DataFrame | None = None      # area_code, level, vintage, geometry (WKB)
    area_validity: pd.DataFrame | None = None   # area_code, area_name, valid_from, valid_to
    # Every published row of a file with breakdowns (ingest.columns.BREAKDOWN_COLUMNS)
    breakdowns: pd.DataFrame | None = None
    # A large file's observations, on disk instead of in `observations` (ingest.staging)
    staged: StagedRows | None = None

    @property
    def rows(self) -> int:
        return self.report.rows_read


class UnreadableFile(Exception):
    """The file could not be opened or decoded at all (exit status 2)."""


def slug(text: str) -> str:
    """'Claimant Count' -> 'claimant-count'; stable ids for indicators."""
    text = text.lower().replace("&", " and ").replace("%", " percent ")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def sha256_of(path: Path, *metadata: Path | str) -> str:
    """The identity of a file as loaded: sha256 of its bytes and of whatever metadata goes
    with it (a sidecar JSON that exists, or reviewed metadata as text). A file whose
    metadata changed is not "already loaded", even when its own bytes are the same."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    for extra in metadata:
        if isinstance(extra, Path):
            if not extra.exists():
                continue
            digest.update(b"\0" + extra.name.encode() + b"\0" + extra.read_bytes())
        else:
            digest.update(b"\0" + extra.encode())
    return digest.hexdigest()


FIELD_LIMIT = csv.field_size_limit()
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def gzip_problem(path: Path, exc: Exception) -> UnreadableFile:
    """What is wrong with a .gz file that gzip cannot read to its end."""
    if isinstance(exc, gzip.BadGzipFile):
        return UnreadableFile(f"{path}: named .gz but not gzip-compressed ({exc})")
    return UnreadableFile(f"{path}: the compressed file is cut short or damaged "
                          f"({exc}); copy or download it again")


def _decompress(path: Path, raw: bytes) -> bytes:
    try:
        return gzip.decompress(raw)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise gzip_problem(path, exc) from None


def not_utf8(path: Path, raw: bytes, exc: UnicodeDecodeError,
             first_line: int = 1) -> UnreadableFile:
    """Where the first byte that is not UTF-8 is (line, column), and what it looks like;
    `raw` may be a block of a file that starts at line `first_line`."""
    line = raw.count(b"\n", 0, exc.start) + first_line
    column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
    start = raw.rfind(b"\n", 0, exc.start) + 1
    end = raw.find(b"\n", exc.start)
    snippet = raw[start:end if end != -1 else start + 80][:80].decode("cp1252", "replace")
    return UnreadableFile(
        f"{path}, line {line}, column {column}: byte 0x{raw[exc.start]:02x} is not UTF-8 "
        f"text; the file looks like Latin-1 or Windows-1252 ({snippet.strip()!r}). Save it "
        "as UTF-8 (in Excel: CSV UTF-8)")


def read_text(path: Path) -> str:
    """File text with any BOM removed; gzip-compressed files are read transparently.

    Anything that is not UTF-8 text raises UnreadableFile with a message that says what
    the file looks like (empty, UTF-16, binary, Latin-1 at line and column) and what to
    do, so no bad file reaches the parsers."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"{path}: cannot be opened ({exc.strerror or exc})") from None
    if path.suffix == ".gz":
        raw = _decompress(path, raw)
    if raw.startswith(_UTF16_BOMS):
        raise UnreadableFile(f"{path}: the file is UTF-16 text; save it as UTF-8 (in Excel: "
                             "CSV UTF-8)")
    if b"\0" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\0")) + 1
        raise UnreadableFile(f"{path}, line {line}: the file holds NUL bytes, so it is a "
                             "binary file (a spreadsheet, image or archive?) or UTF-16 text "
                             "without a byte-order mark, not UTF-8 CSV text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise not_utf8(path, raw, exc) from None
    if not text.strip():
        raise UnreadableFile(f"{path}: the file is empty")
    return text


def csv_problem(path: Path, line: int, exc: csv.Error) -> UnreadableFile:
    """A CSV syntax problem as a message a data manager can act on."""
    text = str(exc)
    if "field larger than field limit" in text:
        why = (f"a field is longer than {FIELD_LIMIT:,} characters, the most a field may "
               "hold (a quote never closed, or not a data file?)")
    elif "unexpected end of data" in text:
        why = "the file ends inside a quoted field: a quote (\") is never closed, or the " \
              "file is cut short"
    else:
        why = f"not valid CSV ({text})"
    return UnreadableFile(f"{path}, line {line}: {why}")


def first_record(path: Path, reader) -> list[str]:
    """The first record of a csv reader as column names (stripped), or a clear error."""
    try:
        return [h.strip() for h in next(reader)]
    except StopIteration:
        raise UnreadableFile(f"{path}: the file is empty") from None
    except csv.Error as exc:
        raise csv_problem(path, max(reader.line_num, 1), exc) from None


def csv_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line number, fields) for each record; handles BOM, CRLF and quotes."""
    reader = csv.reader(io.StringIO(read_text(path), newline=""), strict=True)
    header = first_record(path, reader)
    rows = []
    start = reader.line_num + 1  # where the record being read begins, for messages
    try:
        for fields in reader:
            if fields:
                rows.append((reader.line_num, fields))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise csv_problem(path, start, exc) from None
    return header, rows


def is_code(code: object) -> bool:
    """A GSS (or ITL) code in ASCII: geography.is_valid_code's \\d also matches digits of
    other scripts, so 'E\\uff108000004' (a full-width zero) would pass it."""
    return isinstance(code, str) and code.isascii() and geography.is_valid_code(code)


def base_name(path: Path) -> str:
    """File name without .csv/.csv.gz/.xlsx etc."""
    name = path.name
    for suffix in (".gz", ".xlsx", ".csv", ".json", ".geojson"):
        name = name.removesuffix(suffix)
    return name
