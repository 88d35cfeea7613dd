"""CSV records in batches, for indicator files of any size.

A national monthly LSOA series is ~20M rows (about 1 GB of text): held whole as Python
lists it needs tens of GB, so it is read as a stream of text blocks that end on a line
break, and each block becomes one batch of records. Files up to STREAM_BYTES on disk are
first read whole by `read_text`, exactly as before, so their unreadable-file checks
(UTF-16, NUL bytes, Latin-1, empty, damaged gzip) keep their order; bigger files get the
same checks block by block, with the same messages and line numbers.

Each block is split one of two ways, with the same records and line numbers either way:
- a block without any quote character, bare carriage return or over-long line is split
  on line breaks and commas by pyarrow (columnar, no Python object per field): for such
  text this is exactly what Python's csv reader does;
- any other block goes through Python's strict csv reader, as every file did before, so
  quoting and its errors (a quote never closed, a field over the limit) are unchanged.
  A block that ends inside a quoted field is joined to the next one and read again.
"""

from __future__ import annotations

import csv
import gzip
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.ingest.files import (
    FIELD_LIMIT,
    UnreadableFile,
    csv_problem,
    first_record,
    gzip_problem,
    not_utf8,
    read_text,
)

STREAM_BYTES = 64 * 1024 * 1024   # files bigger than this on disk are never read whole
BLOCK_BYTES = 16 * 1024 * 1024    # text per block (and so per batch) when streaming
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass
class Batch:
    """Records of one block: well-formed rows as columns (one pyarrow string array per
    header column) with their line numbers, and rows with the wrong number of fields."""

    lines: np.ndarray                                  # int64, line of each good row
    columns: list[pa.Array]                            # raw field text, header order
    ragged: list[tuple[int, list[str]]] = field(default_factory=list)
    last_line: int | None = None                       # set on the file's final batch

    @property
    def size(self) -> int:
        return len(self.lines) + len(self.ragged)


def is_large(path: Path) -> bool:
    """Whether a file is read as a stream rather than whole (see the module docstring)."""
    return path.stat().st_size > STREAM_BYTES


# -- text blocks ---------------------------------------------------------------------------

def _raw_blocks(path: Path) -> Iterator[bytes]:
    """The file's bytes (decompressed) in pieces that end on a line break, so a block
    never splits a line or a UTF-8 character."""
    try:
        # closed by the with-block below; opened here so OSError names the file
        handle = gzip.open(path, "rb") if path.suffix == ".gz" \
            else open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise UnreadableFile(f"{path}: cannot be opened ({exc.strerror or exc})") from None
    carry = b""
    with handle:
        while True:
            try:
                data = handle.read(BLOCK_BYTES)
            except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
                raise gzip_problem(path, exc) from None
            if not data:
                break
            data = carry + data
            cut = data.rfind(b"\n") + 1
            if cut == 0:
                carry = data
                continue
            carry = data[cut:]
            yield data[:cut]
    if carry:
        yield carry


def _checked_text(path: Path, raw: bytes, first_line: int, first: bool) -> str:
    """A block as text, with read_text's checks and messages (lines counted from the
    start of the file)."""
    if first:
        if raw.startswith(_UTF16_BOMS):
            raise UnreadableFile(f"{path}: the file is UTF-16 text; save it as UTF-8 (in "
                                 "Excel: CSV UTF-8)")
        raw = raw.removeprefix(_UTF8_BOM)
    if b"\0" in raw:
        line = first_line + raw.count(b"\n", 0, raw.index(b"\0"))
        raise UnreadableFile(f"{path}, line {line}: the file holds NUL bytes, so it is a "
                             "binary file (a spreadsheet, image or archive?) or UTF-16 text "
                             "without a byte-order mark, not UTF-8 CSV text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise not_utf8(path, raw, exc, first_line) from None


def line_breaks(text: str) -> int:
    """Line breaks as the csv reader counts them (\\n, \\r and \\r\\n each one)."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _slices(text: str) -> Iterator[tuple[int, str, bool]]:
    """A text read whole, in blocks of about BLOCK_BYTES characters ending on a line
    break, so no batch holds more than a block's records."""
    line, start = 1, 0
    while start < len(text):
        end = text.find("\n", start + BLOCK_BYTES)
        end = len(text) if end == -1 else end + 1
        piece = text[start:end]
        yield line, piece, end >= len(text)
        line += line_breaks(piece)
        start = end


def text_blocks(path: Path) -> Iterator[tuple[int, str, bool]]:
    """(first line number, text, is the last block): a small file read whole by
    read_text, or a large one streamed, with the same checks block by block."""
    if not is_large(path):
        yield from _slices(read_text(path))
        return
    line, pending, seen_text = 1, None, False
    for raw in _raw_blocks(path):
        text = _checked_text(path, raw, line, first=pending is None)
        seen_text = seen_text or bool(text.strip())
        if pending is not None:
            yield (*pending, False)
        pending = (line, text)
        line += line_breaks(text)
    if pending is None or not seen_text:
        raise UnreadableFile(f"{path}: the file is empty")
    yield (*pending, True)


# -- records -------------------------------------------------------------------------------

def read_header(path: Path, text: str) -> tuple[list[str], int]:
    """The header's names (stripped) and where the data starts in ``text``, reading the
    first record as the csv reader always has."""
    buffer = io.StringIO(text, newline="")
    reader = csv.reader(buffer, strict=True)
    header = first_record(path, reader)
    rest = io.StringIO(text, newline="")
    for _ in range(reader.line_num):
        rest.readline()
    return header, rest.tell()


def _plain_batch(text: str, first_line: int, width: int) -> Batch | None:
    """A block split by pyarrow, or None unless that reads it exactly as the csv reader
    does (no quote, no bare carriage return, no line longer than a field may be).
    Empty lines are skipped (their numbers kept); rows of the wrong width set aside."""
    if '"' in text or text.count("\r") != text.count("\r\n"):
        return None
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # what follows the block's final line break
    array = pa.array(lines, pa.string())
    lengths = pc.utf8_length(array)
    if len(array) and pc.max(lengths).as_py() > FIELD_LIMIT:
        return None
    numbers = np.arange(first_line, first_line + len(lines), dtype=np.int64)
    keep = pc.greater(lengths, 0)
    good = pc.and_(keep, pc.equal(pc.count_substring(array, ","), width - 1))
    bad = pc.and_(keep, pc.invert(good)).to_numpy(zero_copy_only=False)
    ragged = [(int(numbers[i]), lines[i].split(",")) for i in np.flatnonzero(bad)]
    parts = pc.split_pattern(array.filter(good), ",")
    columns = [pc.list_element(parts, j) for j in range(width)]
    return Batch(numbers[good.to_numpy(zero_copy_only=False)], columns, ragged)


class _OpenQuote(Exception):
    """A block ended inside a quoted field (args[0]: the error if the file does too)."""


def _csv_batch(path: Path, text: str, first_line: int, width: int) -> Batch:
    """A block through the strict csv reader, as every file was always read."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    offset = first_line - 1
    rows: list[tuple[int, list[str]]] = []
    start = 1  # where the record being read begins, for messages
    try:
        for fields in reader:
            if fields:
                rows.append((reader.line_num + offset, fields))
            start = reader.line_num + 1
    except csv.Error as exc:
        problem = csv_problem(path, start + offset, exc)
        if "unexpected end of data" in str(exc):
            raise _OpenQuote(problem) from None
        raise problem from None
    return rows_batch(rows, width)


def rows_batch(rows: list[tuple[int, list[str]]], width: int) -> Batch:
    """(line, fields) rows as a Batch: columns for the rows of the header's width."""
    good = [(line, fields) for line, fields in rows if len(fields) == width]
    ragged = [(line, fields) for line, fields in rows if len(fields) != width]
    columns = [pa.array([fields[j] for _, fields in good], pa.string())
               for j in range(width)]
    return Batch(np.array([line for line, _ in good], dtype=np.int64), columns, ragged)


def batches(path: Path) -> tuple[list[str], Iterator[Batch]]:
    """The header and the file's records in batches (see the module docstring)."""
    blocks = text_blocks(path)
    first_line, text, last = next(blocks)
    header, offset = read_header(path, text)
    line = first_line + line_breaks(text[:offset])
    return header, _batches(path, len(header), (line, text[offset:], last), blocks)


def _batches(path: Path, width: int, block: tuple[int, str, bool],
             blocks: Iterator[tuple[int, str, bool]]) -> Iterator[Batch]:
    """Batches of the blocks after the header; the final one knows the last record's
    line (a short last row "may be cut short")."""
    line, text, last = block
    final: Batch | None = None
    while True:
        try:
            batch = _plain_batch(text, line, width) or _csv_batch(path, text, line, width)
        except _OpenQuote as exc:
            if last:
                raise exc.args[0] from None
            _, more, last = next(blocks)
            text += more
            continue
        if batch.size:
            if final is not None:
                yield final
            final = batch
        if last:
            break
        line, text, last = next(blocks)
    if final is not None:
        ends = [int(final.lines[-1])] if len(final.lines) else []
        final.last_line = max(ends + [line for line, _ in final.ragged[-1:]])
        yield final


def csv_header(path: Path) -> list[str]:
    """The header row's names (UnreadableFile when there is no readable header). A large
    file is not read whole for this: only its first block (text_blocks)."""
    if is_large(path):
        _, text, _ = next(text_blocks(path))
    else:
        text = read_text(path)
    first = text.splitlines()[0]
    try:
        return [h.strip() for h in next(csv.reader([first], strict=True))]
    except (csv.Error, StopIteration) as exc:
        if isinstance(exc, StopIteration):
            raise UnreadableFile(f"{path}: the file is empty") from None
        raise csv_problem(path, 1, exc) from None
