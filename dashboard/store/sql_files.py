"""The store's named queries: the text of dashboard/store/sql/<name>.sql (`sql`), and the
access declaration each file opens with (`access_rule`), which says how its result
relates to access; a file without one is refused."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SQL_DIR = Path(__file__).resolve().parent / "sql"
ACCESS_KINDS = ("none", "rows", "indicator-param", "indicators-param", "partnership-param")
_ACCESS_LINE = re.compile(r"^--\s*access:\s*([a-z-]+)(?:\s+(\d+))?\s*$", re.MULTILINE)


@cache
def sql(name: str) -> str:
    """The text of dashboard/store/sql/<name>.sql."""
    return (SQL_DIR / f"{name}.sql").read_text()


@dataclass(frozen=True)
class AccessRule:
    """How a query's result relates to access, declared in its SQL file's header:

    - ``-- access: none``: no indicator, dataset or partnership data (areas, boundaries);
    - ``-- access: rows``: rows are filtered by their indicator_id / dataset_id /
      partnership_id columns (at least one must be in the result);
    - ``-- access: indicator-param N``: parameter N is one indicator id; a hidden one is
      replaced by an id that matches nothing (rows are filtered too);
    - ``-- access: indicators-param N``: parameter N is a list of indicator ids; hidden
      ones are removed from it (rows are filtered too);
    - ``-- access: partnership-param N``: parameter N is a partnership id (as above).
    A SQL file without a declaration is refused, so a new query cannot forget access."""

    kind: str
    index: int = 0


@cache
def access_rule(name: str) -> AccessRule:
    match = _ACCESS_LINE.search(sql(name))
    if match is None or match.group(1) not in ACCESS_KINDS:
        raise RuntimeError(f"dashboard/store/sql/{name}.sql has no valid '-- access:' declaration "
                           f"(one of {', '.join(ACCESS_KINDS)})")
    return AccessRule(match.group(1), int(match.group(2) or 0))
