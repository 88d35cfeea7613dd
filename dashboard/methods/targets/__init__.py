"""Partnerships, targets and their status: the model, file parsing, validation and rules.

Pure: files and plain frames go in, dataclasses, reports and frames come out. Nothing here
opens the store; the orchestration modules (scorecard, target_page) take a store object as
an argument (anything with the Store's read methods) so they can be tested with a real
store or a fake.

The status rule is documented in docs/targets.md ("How a status is decided") and every
status carries a one-sentence reason built by :func:`assess`.

Callers use the package as one model (``from dashboard.methods import targets as model``,
then ``model.assess``); its modules, lowest first, each import the ones before them
directly, never this package:

- ``vocabulary``: statuses, their words, icons and colours; directions; thresholds; the
  fields of a targets file; the titles of validation problems; the rule's verdict names.
- ``model``: the records (Partnership, Target, Milestone, ParsedTargets, Reference,
  Projection, Assessment) and UnreadableTargets.
- ``periods``: periods as a file writes them, aligned to the published periods.
- ``files``: reading a YAML or CSV targets file into records with line numbers.
- ``fields``: one field of a record read as a value (numbers, true/false, milestones).
- ``target_checks``: the checks of one target record against the store.
- ``validation``: `validate`, a whole file checked.
- ``trajectory``: the agreed trajectory and the published precision judgements use.
- ``projection``: the recent trend projected to the target period.
- ``wording``: the words of a status reason.
- ``status``: the status rule (`assess`, STATUS_TABLE).
- ``summaries``: status labels, summary lines, direction of travel, comparison with England.
- ``sparklines``: text and SVG sparklines.
- ``store_reads``: what the model reads from a store (TargetsStore, targets_from_frames).
- ``scorecard``: a partnership's scorecard over a store (`assess_partnership`), its filters.
- ``target_page``: what the target page shows (`target_detail`, `target_view`) and its JSON.
- ``gap``: a target's gap in people and its apportionment over neighbourhoods.
- ``ambition``: the change a year a target needs against its neighbours' and England's.
- ``context``: the gap and ambition over a store, with the words the page and pack show.
"""

from __future__ import annotations

from dashboard.common.periods import Period
from dashboard.methods.targets.files import read_records
from dashboard.methods.targets.model import (
    Assessment,
    Milestone,
    ParsedTargets,
    Partnership,
    Projection,
    Reference,
    Target,
    UnreadableTargets,
)
from dashboard.methods.targets.periods import (
    align_period,
    baseline_shape_problem,
    match_stored_period,
    period_shape_problem,
    period_words,
    period_x,
)
from dashboard.methods.targets.projection import project, projection_verdict, transform_for
from dashboard.methods.targets.scorecard import (
    SPARK_POINTS,
    as_list,
    assess_partnership,
    extracted_at,
    filter_records,
    filter_scorecard,
)
from dashboard.methods.targets.sparklines import sparkline_svg, sparkline_text
from dashboard.methods.targets.status import STATUS_TABLE, assess
from dashboard.methods.targets.store_reads import (
    ENGLAND,
    TargetsStore,
    region_for,
    targets_from_frames,
)
from dashboard.methods.targets.summaries import (
    COMPARISON_WORDS,
    TRAVEL_WORDS,
    direction_of_travel,
    effective_polarity,
    status_label,
    summary_line,
    vs_england,
)
from dashboard.methods.targets.target_page import (
    DETAIL_INFO,
    decode_detail,
    encode_detail,
    frame_records,
    target_detail,
    target_view,
)
from dashboard.methods.targets.trajectory import (
    at_precision,
    decimals_of,
    meets_target,
    tolerance_for,
    trajectory_at,
    trajectory_points,
)
from dashboard.methods.targets.validation import validate
from dashboard.methods.targets.vocabulary import (
    ACHIEVED,
    AHEAD_OR_LEVEL,
    AT_RISK,
    AWAY,
    BEHIND,
    CLEARLY_BEHIND,
    DECREASE,
    DEFAULT_DECIMALS,
    DIRECTIONS,
    FLAT,
    IDENTITY,
    ILLUSTRATIVE_NOTE,
    ILLUSTRATIVE_NOTE_PLURAL,
    IMPROVING,
    INCREASE,
    LOG,
    LOGIT,
    MAX_TARGETS_PER_PARTNERSHIP,
    MEETS,
    MIN_PROJECTION_POINTS,
    MISSED,
    NEEDS_ACTION,
    NO_DATA,
    NO_PROJECTION,
    OFF_TRACK,
    ON_TRACK,
    PARTNERSHIP_FIELDS,
    PARTNERSHIP_TYPES,
    PERCENT_CLIP,
    PREDICTION_LEVEL,
    REACH_HORIZON_YEARS,
    REQUIRED_TARGET_FIELDS,
    RULE_TITLES,
    SHORT,
    STATUS_COLOURS,
    STATUS_ICONS,
    STATUS_WORDS,
    STATUSES,
    TARGET_FIELDS,
    TOLERANCE_SHARE,
)
from dashboard.methods.targets.wording import difference_words, display_meta

__all__ = [
    "ACHIEVED", "AHEAD_OR_LEVEL", "AT_RISK", "AWAY", "BEHIND", "CLEARLY_BEHIND",
    "COMPARISON_WORDS", "DECREASE", "DEFAULT_DECIMALS", "DETAIL_INFO", "DIRECTIONS", "ENGLAND",
    "FLAT", "IDENTITY", "ILLUSTRATIVE_NOTE", "ILLUSTRATIVE_NOTE_PLURAL", "IMPROVING", "INCREASE",
    "LOG", "LOGIT", "MAX_TARGETS_PER_PARTNERSHIP", "MEETS", "MIN_PROJECTION_POINTS", "MISSED",
    "NEEDS_ACTION", "NO_DATA", "NO_PROJECTION", "OFF_TRACK", "ON_TRACK", "PARTNERSHIP_FIELDS",
    "PARTNERSHIP_TYPES", "PERCENT_CLIP", "PREDICTION_LEVEL", "REACH_HORIZON_YEARS",
    "REQUIRED_TARGET_FIELDS", "RULE_TITLES", "SHORT", "SPARK_POINTS", "STATUSES", "STATUS_COLOURS",
    "STATUS_ICONS", "STATUS_TABLE", "STATUS_WORDS", "TARGET_FIELDS", "TOLERANCE_SHARE",
    "TRAVEL_WORDS", "Assessment", "Milestone", "ParsedTargets", "Partnership", "Period",
    "Projection", "Reference", "Target", "TargetsStore", "UnreadableTargets", "align_period",
    "as_list", "assess", "assess_partnership", "at_precision", "baseline_shape_problem",
    "decimals_of", "decode_detail", "difference_words", "direction_of_travel", "display_meta",
    "effective_polarity", "encode_detail", "extracted_at", "filter_records", "filter_scorecard",
    "frame_records", "match_stored_period", "meets_target", "period_shape_problem", "period_words",
    "period_x", "project", "projection_verdict", "read_records", "region_for", "sparkline_svg",
    "sparkline_text", "status_label", "summary_line", "target_detail", "target_view",
    "targets_from_frames", "tolerance_for", "trajectory_at", "trajectory_points", "transform_for",
    "validate", "vs_england",
]
