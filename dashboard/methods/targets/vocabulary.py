"""The targets model's words: statuses (with their words, icons and colours), directions of
improvement, the thresholds of the status rule, the fields a targets file may hold, the
titles of the problems validation reports, and the names of the rule's intermediate
verdicts (position, projection, trend, scale).

Plain constants only: every other module of the model reads them from here.
"""

from __future__ import annotations

ACHIEVED, ON_TRACK, AT_RISK, OFF_TRACK, MISSED, NO_DATA = (
    "achieved", "on_track", "at_risk", "off_track", "missed", "no_data")
# Most urgent first: the order of the scorecard and of the summary line.
STATUSES = (MISSED, OFF_TRACK, AT_RISK, ON_TRACK, ACHIEVED, NO_DATA)
STATUS_WORDS = {ACHIEVED: "Achieved", ON_TRACK: "On track", AT_RISK: "At risk",
                OFF_TRACK: "Off track", MISSED: "Missed", NO_DATA: "No data"}
# A shape goes with every colour so a status never relies on colour alone.
STATUS_ICONS = {ACHIEVED: "★", ON_TRACK: "✔", AT_RISK: "▲", OFF_TRACK: "✖", MISSED: "⊘",
                NO_DATA: "○"}
# Text-safe colours (>= 4.5:1 on white) from the Analysis Function palette, darkened where
# needed; used with the icon and the word.
STATUS_COLOURS = {ACHIEVED: "#12436D", ON_TRACK: "#1B7A72", AT_RISK: "#A8420A",
                  OFF_TRACK: "#801650", MISSED: "#3D3D3D", NO_DATA: "#505A5F"}
# Statuses a board needs commentary and an action for.
NEEDS_ACTION = (OFF_TRACK, MISSED)

INCREASE, DECREASE = "increase", "decrease"
DIRECTIONS = (INCREASE, DECREASE)
PARTNERSHIP_TYPES = ("local strategic partnership", "combined authority")

# Without a confidence interval, a value behind the trajectory by no more than this share
# of the planned change (target minus baseline), and never less than one unit of the last
# published decimal, is "behind" rather than "clearly behind".
TOLERANCE_SHARE = 0.10
# A trend is projected from at least this many values since the baseline (baseline included).
MIN_PROJECTION_POINTS = 3
PREDICTION_LEVEL = 0.95
# A projection that meets the target more than this many years after the target period
# is reported as "not within 30 years" rather than as a far-off period.
REACH_HORIZON_YEARS = 30
MAX_TARGETS_PER_PARTNERSHIP = 35
ILLUSTRATIVE_NOTE = "Illustrative example, not an agreed target"
ILLUSTRATIVE_NOTE_PLURAL = "Illustrative examples, not agreed targets"

TARGET_FIELDS = ("partnership", "indicator", "area", "theme", "baseline_period",
                 "baseline_value", "target_period", "target_value", "milestones", "direction",
                 "owner", "commentary", "action", "due_date", "illustrative")
PARTNERSHIP_FIELDS = ("id", "name", "type", "area_code", "members", "note", "illustrative",
                      "access")
REQUIRED_TARGET_FIELDS = ("partnership", "indicator", "baseline_period", "target_period",
                          "target_value")

RULE_TITLES = {
    "unreadable": "File cannot be read",
    "missing_field": "Required field missing",
    "unknown_field": "Field not recognised",
    "unknown_partnership": "Partnership not known",
    "unknown_indicator": "Indicator not known to the store",
    "unknown_area": "Area code not known to the store",
    "not_member": "Area is not a member of the partnership",
    "bad_period": "Period cannot be read",
    "bad_number": "Value is not a number",
    "bad_date": "Date cannot be read",
    "bad_value": "Value not allowed",
    "target_before_baseline": "Target period not after the baseline",
    "wrong_direction": "Target in the wrong direction",
    "duplicate_key": "Duplicate rows",
    "baseline_not_stored": "No stored value for the baseline period",
    "baseline_differs": "Baseline differs from the stored value",
    "milestone_outside": "Milestone outside the baseline-target range",
    "too_many_targets": "More targets than a partnership agrees",
    "holding_target": "Target equals the baseline",
    "direction_inferred": "Direction of improvement inferred",
    "period_read_as": "Period read as a later span",
    "period_shape": "Period length differs from the published periods",
}


# --- the status rule's intermediate words: position, projection verdict, trend, fitting scale

# Where the latest value stands against the trajectory ...
AHEAD_OR_LEVEL, BEHIND, CLEARLY_BEHIND = "ahead_or_level", "behind", "clearly_behind"
# ... and whether the recent trend, projected to the target period, meets the target.
MEETS, SHORT, NO_PROJECTION = "meets", "short", "none"
IMPROVING, FLAT, AWAY = "improving", "flat", "away"
IDENTITY, LOG, LOGIT = "identity", "log", "logit"
# Percentages are clipped to this range before the logit, so 0% and 100% stay finite.
PERCENT_CLIP = (0.05, 99.95)
DEFAULT_DECIMALS = 1
