"""Disclosure control: public outputs never show a small number, or let one be worked out.

Pure functions, no I/O. The store applies `protect` to every frame a public viewer gets
(dashboard/store/), so no page, callback, download or export can bypass it; the build
step in dashboard/store/derived/disclosure.py runs `complementary_suppression` at every build
and after every load, and keeps the result in the `public_suppressions` table.

Each indicator's rule comes from the `indicators` table: `min_count` (counts from 1 to
min_count - 1 are withheld), `rounding_base` (public counts are rounded to a multiple of
it) and `suppression_words` (what a withheld value reads; by default WITHHELD_LABEL).
Indicators whose values are counts by their value type, unit or measure are protected
as counts (`is_count_like`).

The guarantee, the audit that proves it and its limits are written up in
docs/disclosure.md. In short: zeros are published, so the public knows every withheld
count is at least 1; every withheld cell carries the same words, so the public cannot
tell a small count from a cell withheld to protect one; and `complementary_suppression`
withholds further cells until linear programming over every published total (nested
geographies and period totals) shows that each small count could still take at least
`min_count` values, so the public cannot even tell that it is small.

Written here rather than taken from sdcMicro or tau-argus (the standard tools) because
neither is a Python library; the audit uses scipy's HiGHS linear programming solver, as
tau-argus does its own solver.

The modules, in the order the work happens: `rules` (each indicator's rule), `frames`
(what one frame may show), `tables` (the published totals linking cells),
`next_smallest` (a quick first pattern of complements), `intruder` (what the public can
work out, by linear programming) and `complementary` (the cells to withhold, and the
audit). The names callers use are re-exported here.
"""

from dashboard.methods.disclosure.complementary import (
    AUDIT_COLUMNS,
    SUPPRESSION_COLUMNS,
    audit,
    complementary_suppression,
)
from dashboard.methods.disclosure.frames import (
    COUNT_COLUMNS,
    PEER_COLUMNS,
    SUPPRESSED_COLUMNS,
    SUPPRESSED_STATUS,
    nothing_to_protect,
    protect,
)
from dashboard.methods.disclosure.rules import (
    COMPLEMENTARY_NOTE,
    DEFAULT_RULE,
    WITHHELD_LABEL,
    Rule,
    is_count_like,
    rules_from_indicators,
)

__all__ = [
    "AUDIT_COLUMNS",
    "COMPLEMENTARY_NOTE",
    "COUNT_COLUMNS",
    "DEFAULT_RULE",
    "PEER_COLUMNS",
    "SUPPRESSED_COLUMNS",
    "SUPPRESSED_STATUS",
    "SUPPRESSION_COLUMNS",
    "WITHHELD_LABEL",
    "Rule",
    "audit",
    "complementary_suppression",
    "is_count_like",
    "nothing_to_protect",
    "protect",
    "rules_from_indicators",
]
