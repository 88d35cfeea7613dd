"""Valid rows of a large indicator file, kept on disk between checking and loading.

A national monthly LSOA series (~20M rows) does not fit in memory as a DataFrame
(about 100 bytes a row before any check copies it), so once a file passes STAGE_ROWS
its records go to Parquet files in a temporary folder, one file per indicator, in line
order. The file-level checks then read one indicator at a time (every check that looks
across rows looks within one indicator), and the loader inserts straight from the
Parquet files with DuckDB, which never needs them in Python at all.

The folder is removed by `cleanup()` (the loader calls it after writing) or, at the
latest, when the StagedRows is garbage collected or the process exits.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dashboard.ingest.columns import OBSERVATION_COLUMNS

STAGE_ROWS = 2_000_000  # more valid rows than this and a file's records go to disk


class StagedRows:
    """Records of one file on disk, one Parquet file per indicator (line order)."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="placeboard-staged-")
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._paths: dict[str, Path] = {}
        self.rows = 0

    def add(self, table: pa.Table) -> None:
        """Append a batch's records (line, observation columns) to each indicator's file."""
        table = table.select(["line", *OBSERVATION_COLUMNS])
        self.rows += len(table)
        ids = table["indicator_id"]
        for indicator_id in pc.unique(ids).to_pylist():
            part = table.filter(pc.equal(ids, indicator_id))
            writer = self._writers.get(indicator_id)
            if writer is None:
                path = Path(self._folder.name) / f"part-{len(self._paths):05d}.parquet"
                writer = pq.ParquetWriter(path, part.schema, compression="zstd")
                self._writers[indicator_id], self._paths[indicator_id] = writer, path
            writer.write_table(part, row_group_size=1 << 20)

    def close(self) -> None:
        """Finish writing (the files are readable afterwards)."""
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()

    @property
    def paths(self) -> list[Path]:
        """The Parquet files, one per indicator, in order of first appearance."""
        self.close()
        return list(self._paths.values())

    def indicators(self) -> Iterator[pa.Table]:
        """Each indicator's records in line order, one indicator in memory at a time."""
        for path in self.paths:
            yield pq.read_table(path)

    def cleanup(self) -> None:
        """Remove the folder now (it would go at garbage collection anyway)."""
        self.close()
        self._folder.cleanup()
