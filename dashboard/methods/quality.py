"""Data-quality rules and the report shown to data managers.

Errors block a load; warnings load but are reported. Every finding names the file,
line, column and value and says what was expected.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date

import numpy as np
import pandas as pd

ERROR = "error"
WARNING = "warning"

# Plain-English titles for each rule, used to group findings in reports.
RULE_TITLES = {
    "unreadable": "File cannot be read",
    "missing_columns": "Required columns missing",
    "bad_period": "Period cannot be read",
    "non_numeric": "Value is not a number",
    "duplicate_key": "Duplicate rows",
    "ci_order": "Confidence interval does not contain the value",
    "invalid_code": "Invalid area code",
    "unknown_area": "Area code not known to the store",
    "blank_without_status": "Blank value without a status flag",
    "bad_status": "Unrecognised status flag",
    "percentage_range": "Percentage outside 0-100",
    "jump": "Unusual jump between periods",
    "missing_latest": "Area missing in the latest period",
    "obsolete_code": "Obsolete area code",
    "bad_geometry": "Boundary geometry problem",
    "bad_metadata": "Metadata cannot be used",
    "duplicate_column": "Column named twice",
    "negative_count": "Negative count",
    "small_count": "Small count (withheld from the public)",
    "future_period": "Period far in the future",
    "dataset_conflict": "Dataset or indicator belongs to another publisher",
    "percent_cell": "Number shown as a percentage",
    "short_row": "Row shorter than the header",
}


@dataclass(frozen=True)
class Finding:
    """One data-quality finding, located precisely enough to fix. In a workbook, `sheet`
    names the sheet and `line` is the sheet's row number, as the person sees them."""

    severity: str
    rule: str
    file: str
    line: int | None
    column: str | None
    value: str | None
    message: str
    sheet: str | None = None

    def location(self) -> str:
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet}")
        if self.line is not None:
            parts.append(f"{'line' if self.sheet is None else 'row'} {self.line}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def text(self) -> str:
        shown = "" if self.value is None else f" value {self.value!r}:"
        return f"{self.severity.upper()} {self.location()}:{shown} {self.message}"


@dataclass
class QualityReport:
    """All findings for one file, with counts for the summary."""

    file: str
    rows_read: int = 0
    findings: list[Finding] = field(default_factory=list)

    def add(self, severity: str, rule: str, message: str, *, line: int | None = None,
            column: str | None = None, value: object = None, file: str | None = None
            ) -> None:
        """One finding; `file` names another file than the report's (its metadata JSON)."""
        shown = None if value is None else str(value)
        self.findings.append(Finding(severity, rule, file or self.file, line, column, shown,
                                     message))

    def error(self, rule: str, message: str, **where: object) -> None:
        self.add(ERROR, rule, message, **where)  # type: ignore[arg-type]

    def warning(self, rule: str, message: str, **where: object) -> None:
        self.add(WARNING, rule, message, **where)  # type: ignore[arg-type]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, dict[str, int]]:
        """{severity: {rule: count}}"""
        out: dict[str, dict[str, int]] = {ERROR: {}, WARNING: {}}
        for (severity, rule), n in Counter((f.severity, f.rule) for f in self.findings).items():
            out[severity][rule] = n
        return out

    def summary(self) -> str:
        if not self.findings:
            return f"{self.rows_read:,} rows, no problems found"
        return (f"{self.rows_read:,} rows, {len(self.errors):,} errors, "
                f"{len(self.warnings):,} warnings")

    def to_dict(self, limit_per_rule: int | None = None) -> dict:
        grouped: dict[str, list[dict]] = {}
        for f in self.findings:
            key = f"{f.severity}:{f.rule}"
            items = grouped.setdefault(key, [])
            if limit_per_rule is None or len(items) < limit_per_rule:
                found = asdict(f)
                if f.sheet is None:  # a CSV's findings look as they always have
                    del found["sheet"]
                items.append(found)
        return {
            "file": self.file,
            "rows_read": self.rows_read,
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "counts": self.counts(),
            "groups": [
                {"severity": key.split(":")[0], "rule": key.split(":")[1],
                 "title": RULE_TITLES.get(key.split(":")[1], key.split(":")[1]),
                 "count": self.counts()[key.split(":")[0]][key.split(":")[1]],
                 "findings": items}
                for key, items in grouped.items()
            ],
        }

    def to_json(self, limit_per_rule: int | None = None) -> str:
        return json.dumps(self.to_dict(limit_per_rule), indent=2)


def check_duplicates(report: QualityReport, frame: pd.DataFrame, key: list[str],
                     column: str, value_field: str | None = None) -> None:
    """Error for every repeated key, naming both line numbers.

    `column` is the column name as the file has it; `value_field` the frame's field
    holding the value to show (defaults to `column`)."""
    dupes = frame[frame.duplicated(key, keep=False)]
    if dupes.empty:
        return
    for _, group in dupes.groupby(key, sort=False):
        lines = group["line"].tolist()
        first = group.iloc[0]
        for _, row in group.iloc[1:].iterrows():
            report.error(
                "duplicate_key",
                f"duplicate of line {lines[0]}: the same {', '.join(key)} appears on lines "
                f"{' and '.join(str(n) for n in lines)}; each must appear once",
                line=int(row["line"]), column=column,
                value=str(first[value_field or column]),
            )


def check_interval_order(report: QualityReport, frame: pd.DataFrame,
                         tolerance: pd.Series,
                         columns: tuple[str, str] = ("lci_95", "uci_95")) -> None:
    """Error where lci > value or value > uci by more than rounding noise; `columns`
    names the limits as the file has them."""
    value, lci, uci = frame["value"], frame["lci"], frame["uci"]
    low = (lci - value) > tolerance
    high = (value - uci) > tolerance
    for idx in frame.index[low.fillna(False)]:
        row = frame.loc[idx]
        report.error("ci_order", f"lower confidence limit {row['lci']} is above the value "
                     f"{row['value']}; expected lci <= value", line=int(row["line"]),
                     column=columns[0], value=row["lci"])
    for idx in frame.index[high.fillna(False)]:
        row = frame.loc[idx]
        report.error("ci_order", f"value {row['value']} is above the upper confidence limit "
                     f"{row['uci']}; expected value <= uci", line=int(row["line"]),
                     column=columns[1], value=row["uci"])


def check_blank_values(report: QualityReport, frame: pd.DataFrame, column: str) -> None:
    blank = frame["value"].isna() & frame["status"].isna()
    for _, row in frame[blank].iterrows():
        report.warning("blank_without_status",
                       "value is blank but no status flag (x, u or c) says why",
                       line=int(row["line"]), column=column, value="")


def check_percentages(report: QualityReport, frame: pd.DataFrame, is_percentage: pd.Series,
                      column: str) -> None:
    outside = is_percentage & ((frame["value"] < 0) | (frame["value"] > 100))
    for _, row in frame[outside.fillna(False)].iterrows():
        report.warning("percentage_range", "a percentage should be between 0 and 100",
                       line=int(row["line"]), column=column, value=row["value"])


def robust_jumps(frame: pd.DataFrame, threshold: float = 3.0) -> pd.DataFrame:
    """Rows whose change from the previous period is beyond `threshold` robust SDs.

    Each area's change is taken relative to the median change of all areas in the same
    period, so a shock that moves every area (a recession, a method change) is not
    flagged. The robust SD (1.4826 x median absolute deviation) is taken over all of
    the indicator's relative changes, because one area's series is often too short to
    estimate its own spread.
    """
    data = frame.dropna(subset=["value"]).sort_values(["indicator_id", "area_code",
                                                      "period_start"])
    data = data.assign(change=data.groupby(["indicator_id", "area_code"])["value"].diff())
    # Areas with higher values move more in absolute terms; where a series is positive,
    # judge the change on the log scale (a relative change) so big areas are not all
    # flagged. The message still reports the change in the published units.
    positive = data.groupby("indicator_id")["value"].transform("min") > 0
    logs = np.log(data["value"].where(positive))
    data = data.assign(scaled=logs.groupby([data["indicator_id"], data["area_code"]]).diff())
    data["scaled"] = data["scaled"].where(positive, data["change"])
    data = data.dropna(subset=["change", "scaled"])
    if data.empty:
        return data
    data = data.assign(median_change=data.groupby(["indicator_id", "period_start"])["change"]
                       .transform("median"))
    data = data.assign(median_scaled=data.groupby(["indicator_id", "period_start"])["scaled"]
                       .transform("median"))
    data = data.assign(residual=data["scaled"] - data["median_scaled"])
    mad = data.groupby("indicator_id")["residual"].transform(lambda r: np.median(np.abs(r)))
    counts = data.groupby("indicator_id")["residual"].transform("size")
    data = data.assign(robust_sd=1.4826 * mad)
    flagged = (counts >= 10) & (data["robust_sd"] > 0) & (
        data["residual"].abs() > threshold * data["robust_sd"])
    return data[flagged]


def check_jumps(report: QualityReport, frame: pd.DataFrame, column: str) -> None:
    for _, row in robust_jumps(frame).iterrows():
        report.warning(
            "jump",
            f"{row['indicator_id']} for {row['area_code']} changed by {row['change']:+.3g} "
            f"to {row['period_label']}, while the typical area changed by "
            f"{row['median_change']:+.3g}: beyond 3 robust standard deviations of this "
            "indicator's changes; check it is not a typing error",
            line=int(row["line"]), column=column, value=row["value"])


def check_missing_latest(report: QualityReport, frame: pd.DataFrame,
                         column: str = "areacd") -> None:
    """Warning for areas present in the previous period but absent from the latest."""
    for indicator, group in frame.groupby("indicator_id", sort=False):
        periods = sorted(group["period_start"].unique())
        if len(periods) < 2:
            continue
        previous = set(group.loc[group["period_start"] == periods[-2], "area_code"])
        latest = set(group.loc[group["period_start"] == periods[-1], "area_code"])
        for code in sorted(previous - latest):
            report.warning("missing_latest",
                           f"{indicator}: {code} has a row for the previous period but none "
                           "for the latest; expected every area in both (or a status flag)",
                           column=column, value=code)


def _number_text(value: float) -> str:
    """A number as it was most likely typed (3, not 3.0)."""
    return str(int(value)) if float(value).is_integer() else str(value)


def check_negative_counts(report: QualityReport, frame: pd.DataFrame, count_like: pd.Series,
                          names: Mapping[str, str]) -> None:
    """Error for a negative numerator or denominator, or a negative value of a count-like
    indicator: a count of people or events cannot be below zero, so the row is wrong."""
    checks = [("numerator", frame["numerator"] < 0, "a numerator"),
              ("denominator", frame["denominator"] < 0, "a denominator"),
              ("value", count_like & (frame["value"] < 0), "this indicator's value")]
    for field_name, negative, what in checks:
        for _, row in frame[negative.fillna(False)].iterrows():
            report.error("negative_count", f"{what} is a count and cannot be negative; "
                         "expected 0 or more", line=int(row["line"]),
                         column=names.get(field_name, field_name),
                         value=_number_text(row[field_name]))


def check_small_counts(report: QualityReport, frame: pd.DataFrame, count_like: pd.Series,
                       min_count: pd.Series, words: pd.Series,
                       names: Mapping[str, str]) -> None:
    """Warning for counts from 1 to below the indicator's minimum (5 unless its metadata
    says otherwise), and for numerators that small: disclosure control withholds them from
    the public, so a data manager should know before publishing what will not show."""
    checks = [("value", count_like), ("numerator", pd.Series(True, index=frame.index))]
    for field_name, applies in checks:
        values = frame[field_name]
        small = applies & (values > 0) & (values < min_count)
        for index in frame.index[small.fillna(False)]:
            row = frame.loc[index]
            report.warning("small_count", f"a count below {int(min_count[index])} will be "
                           f"withheld from the public (shown as \"{words[index]}\"), along "
                           "with any figures it could be worked out from",
                           line=int(row["line"]), column=names.get(field_name, field_name),
                           value=_number_text(row[field_name]))


def check_future_periods(report: QualityReport, frame: pd.DataFrame, column: str,
                         today: date | None = None, years: int = 2) -> None:
    """Warning for periods starting more than `years` after today: usually a typing error
    (2099 for 2009), and one would become every chart's 'latest' period."""
    today = today or date.today()
    limit = pd.Timestamp(today.replace(year=today.year + years, day=min(today.day, 28)))
    future = frame[pd.to_datetime(frame["period_start"]) > limit]
    for (indicator, label), group in future.groupby(["indicator_id", "period_label"],
                                                    sort=False):
        report.warning("future_period", f"{indicator}: the period {label} starts more than "
                       f"{years} years after today ({today.isoformat()}), in the future; "
                       f"{len(group)} row(s); check the period is not a typing error",
                       line=int(group["line"].iloc[0]), column=column, value=label)


@dataclass(frozen=True)
class EndedArea:
    """An area code that has ended: its name, last year in use and successors."""

    name: str
    valid_to: int
    successors: tuple[tuple[str, str], ...] = ()  # (code, name)

    def replaced_text(self) -> str:
        if not self.successors:
            return "no successor is recorded"
        return "replaced by " + " and ".join(f"{code} {name}" for code, name in
                                             self.successors)


def check_obsolete_codes(report: QualityReport, frame: pd.DataFrame,
                         ended: Mapping[str, EndedArea], column: str) -> None:
    """Warning for a code used for periods after it ended (Cumbria, E10000006, for 2024):
    the figures almost certainly belong to its successors, which the warning names."""
    if not ended:
        return
    codes = frame["area_code"].map(lambda c: ended.get(c).valid_to if c in ended else None)
    late = frame[codes.notna() & (pd.to_datetime(frame["period_start"]).dt.year >
                                  codes.fillna(9999))]
    for code, group in late.groupby("area_code", sort=True):
        area = ended[code]
        report.warning("obsolete_code", f"{code} ({area.name}) ended in {area.valid_to} and "
                       f"was {area.replaced_text()}; {len(group)} rows are for periods after "
                       f"it ended (first: {group['period_label'].iloc[0]}): use the "
                       "successors' codes for those periods", line=int(group["line"].iloc[0]),
                       column=column, value=code)
