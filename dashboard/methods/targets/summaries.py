"""How a target is summed up beside its status: the status label, a scorecard's summary
line, the direction of travel and the comparison with England, read in the target's
direction of improvement.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from dashboard.methods import stats
from dashboard.methods.targets.vocabulary import (
    ACHIEVED,
    AT_RISK,
    INCREASE,
    MISSED,
    NO_DATA,
    OFF_TRACK,
    ON_TRACK,
    STATUS_ICONS,
    STATUS_WORDS,
)


def status_label(status: str) -> str:
    """'✖ Off track': icon and word together (never colour alone)."""
    return f"{STATUS_ICONS[status]} {STATUS_WORDS[status]}"


def summary_line(statuses: Iterable[str]) -> str:
    """'3 on track, 5 at risk, 2 off track' (zero counts left out, most urgent last)."""
    counts = Counter(statuses)
    order = (ACHIEVED, ON_TRACK, AT_RISK, OFF_TRACK, MISSED, NO_DATA)
    parts = [f"{int(counts[s])} {STATUS_WORDS[s].lower()}" for s in order if s in counts]
    return ", ".join(parts) if parts else "no targets"


def effective_polarity(direction: str) -> str:
    return stats.HIGHER_IS_BETTER if direction == INCREASE else stats.LOWER_IS_BETTER


TRAVEL_WORDS = {stats.IMPROVED: "Improved", stats.WORSENED: "Worsened",
                stats.NO_CHANGE: "No change", stats.NOT_COMPARED: "Not compared"}


def direction_of_travel(previous: float | None, latest: float | None,
                        direction: str) -> tuple[str, str]:
    """(label, words with an arrow for the change in value): ('improved', '↓ Improved')."""
    label = stats.direction_of_travel(np.nan if previous is None else previous,
                                      np.nan if latest is None else latest,
                                      effective_polarity(direction))
    arrow = ""
    if previous is not None and latest is not None:
        arrow = "↑ " if latest > previous else ("↓ " if latest < previous else "→ ")
    return str(label), arrow + TRAVEL_WORDS[str(label)]


def vs_england(judged: Mapping[str, Any] | None, direction: str) -> str:
    """better / similar / worse than England, or not_compared, from the stored judgement
    (dashboard/methods/judgements.py, the one rule set), read in the target's direction: for an
    indicator with no judgement of its own, higher or lower becomes better or worse by
    which way the partnership wants it to move."""
    result = (judged or {}).get("result") or stats.NOT_COMPARED
    mapping = {stats.HIGHER: stats.BETTER if direction == INCREASE else stats.WORSE,
               stats.LOWER: stats.WORSE if direction == INCREASE else stats.BETTER}
    return mapping.get(result, result)


COMPARISON_WORDS = {stats.BETTER: "▲ Better", stats.SIMILAR: "● Similar",
                    stats.WORSE: "▼ Worse", stats.NOT_COMPARED: "Not compared"}
