"""Store reads for the read API (mixin; SQL in dashboard/store/sql/api_*.sql).

Each read takes its filters as plain values (None for "all") and answers one page of
records and the total for the same filters. The indicator list is an access-declared
parameter (`-- access: indicators-param N`): indicators the viewer may not see are taken
out of it before the query runs, so neither a page nor a total counts what the viewer may
not see, and disclosure control is applied to the rows like every other read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class ObservationFilter:
    """What the API's observations and judgements are filtered by (None: all)."""

    indicators: tuple[str, ...]
    areas: tuple[str, ...] | None = None
    area_type: str | None = None
    parent: str | None = None
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class JudgementFilter:
    indicators: tuple[str, ...]
    areas: tuple[str, ...] | None = None
    benchmark: str | None = None
    level: float | None = None
    latest: bool = True


class ApiQueries:
    """Pages of observations, judgements and areas for /api/v1 (see dashboard/api)."""

    def api_observations(self, where: ObservationFilter, limit: int, offset: int
                         ) -> tuple[list[dict], int]:
        areas = list(where.areas) if where.areas is not None else None
        params = [areas, areas, where.area_type, where.area_type, where.parent,
                  where.parent, where.parent, list(where.indicators), where.start,
                  where.start, where.end, where.end]
        return self._page("api_observations", params, limit, offset)

    def api_judgements(self, where: JudgementFilter, limit: int, offset: int
                       ) -> tuple[list[dict], int]:
        areas = list(where.areas) if where.areas is not None else None
        params = [areas, areas, list(where.indicators), areas, areas, where.benchmark,
                  where.benchmark, where.level, where.level, where.latest, areas, areas,
                  areas, areas]
        return self._page("api_judgements", params, limit, offset)

    def _page(self, name: str, params: list, limit: int, offset: int
              ) -> tuple[list[dict], int]:
        """One page of a query whose rows carry the count of all pages' rows (`total`, a
        window over the filtered rows: one read, not a second query for the count);
        past the last page, the count comes from the first row."""
        rows = self.records(name, [*params, limit, offset])  # type: ignore[attr-defined]
        if not rows and offset > 0:
            first = self.records(name, [*params, 1, 0])  # type: ignore[attr-defined]
            return [], int(first[0]["total"]) if first else 0
        total = int(rows[0]["total"]) if rows else 0
        return [{k: v for k, v in row.items() if k != "total"} for row in rows], total

    def api_areas(self, area_type: str | None, parent: str | None, text: str | None,
                  limit: int, offset: int) -> tuple[list[dict], int | None]:
        """A page of areas and the total (None when the page is past the end)."""
        rows = self.records("api_areas", [  # type: ignore[attr-defined]
            area_type, area_type, parent, parent, parent, text, text, text, limit, offset])
        total = int(rows[0]["total"]) if rows else None
        return [{k: v for k, v in row.items() if k != "total"} for row in rows], total

    def api_area_links(self, code: str) -> list[dict[str, Any]]:
        """An area's parents and successors (relation, area_type, area_code, area_name)."""
        return self.records("api_area_links", [code, code])  # type: ignore[attr-defined]
