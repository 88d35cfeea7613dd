"""Validating a targets file: read it, check each partnership and target, report
duplicates and partnerships with more targets than usual, and return what it defines
with every problem found (`validate`).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd

from dashboard.methods.quality import QualityReport
from dashboard.methods.targets.fields import _boolean, _check_unknown_fields, _members
from dashboard.methods.targets.files import _Record, read_records
from dashboard.methods.targets.model import ParsedTargets, Partnership, Reference
from dashboard.methods.targets.target_checks import _validate_target
from dashboard.methods.targets.vocabulary import (
    MAX_TARGETS_PER_PARTNERSHIP,
    PARTNERSHIP_FIELDS,
    PARTNERSHIP_TYPES,
)

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _validate_partnership(record: _Record, reference: Reference,
                          report: QualityReport) -> Partnership | None:
    _check_unknown_fields(record, PARTNERSHIP_FIELDS, report)
    ok = True
    for name in ("id", "name", "type", "members"):
        if record.get(name) in (None, []):
            report.error("missing_field", f"every partnership needs {name!r}",
                         line=record.line, column=name)
            ok = False
    pid = record.get("id")
    if pid is not None and not _ID.match(str(pid)):
        report.error("bad_value", "expected an id of lower-case letters, digits and hyphens "
                     "(e.g. liverpool-city-region)", line=record.line_of("id"), column="id",
                     value=pid)
        ok = False
    kind = record.get("type")
    kind_text = str(kind).strip().lower().replace("_", " ") if kind else None
    if kind_text is not None and kind_text not in PARTNERSHIP_TYPES:
        report.error("bad_value", "expected one of: " + ", ".join(PARTNERSHIP_TYPES),
                     line=record.line_of("type"), column="type", value=kind)
        ok = False
    members = _members(record.get("members"))
    for code in members:
        if code not in reference.areas:
            report.error("unknown_area", "member area code is not known to the store; "
                         "expected a current GSS code such as E08000004",
                         line=record.line_of("members"), column="members", value=code)
            ok = False
    area_code = record.get("area_code")
    if area_code is not None and area_code not in reference.areas:
        report.error("unknown_area", "area code is not known to the store; expected a GSS "
                     "code such as E47000004", line=record.line_of("area_code"),
                     column="area_code", value=area_code)
        ok = False
    access_text = record.get("access")
    access_level = "public"
    if access_text not in (None, ""):
        from dashboard.security.access import AccessError, AccessLevel

        try:
            access_level = str(AccessLevel.parse(str(access_text)))
        except AccessError as exc:
            report.error("bad_value", str(exc), line=record.line_of("access"),
                         column="access", value=access_text)
            ok = False
    if not ok:
        return None
    return Partnership(str(pid), str(record.get("name")), kind_text or "",
                       tuple(dict.fromkeys(members)), area_code,
                       record.get("note"), _boolean(record, "illustrative", report, False),
                       record.line, access_level)


def _report_duplicates(items: list[tuple[tuple, int, str, str]],
                       report: QualityReport) -> set[int]:
    """Error on the later of every repeated key, naming both lines. Returns bad lines."""
    first: dict[tuple, int] = {}
    bad: set[int] = set()
    for key, line, column, shown in items:
        if key in first:
            report.error("duplicate_key", f"duplicate of line {first[key]}: the same {shown} "
                         f"appears on lines {first[key]} and {line}; each must appear once",
                         line=line, column=column, value=" / ".join(str(k) for k in key))
            bad.add(line)
        else:
            first[key] = line
    return bad


def validate(path: Path | str, reference: Reference) -> ParsedTargets:
    """Read and check one targets file. Raises UnreadableTargets if it cannot be read."""
    path = Path(path)
    report = QualityReport(str(path))
    records = read_records(path, report)
    parsed = ParsedTargets(str(path), report, sha256=hashlib.sha256(path.read_bytes())
                           .hexdigest())
    partnership_records = [r for r in records if r.kind == "partnership"]
    target_records = [r for r in records if r.kind == "target"]
    report.rows_read = len(records)
    duplicated = _report_duplicates(
        [((str(r.get("id")),), r.line, "id", "partnership id") for r in partnership_records
         if r.get("id") is not None], report)
    partnerships: dict[str, Partnership] = dict(reference.partnerships)
    for record in partnership_records:
        partnership = _validate_partnership(record, reference, report)
        if partnership is not None and record.line not in duplicated:
            partnerships[partnership.partnership_id] = partnership
            parsed.partnerships.append(partnership)
    # Duplicates are judged on the key as the area resolves (a row that leaves out the area
    # of a one-area partnership clashes with one that names it), and on every row, valid
    # or not, so both lines are always reported.
    keys = []
    for record in target_records:
        pid, indicator = record.get("partnership"), record.get("indicator")
        if pid is None or indicator is None:
            continue
        area = record.get("area")
        partnership = partnerships.get(str(pid))
        if area is None and partnership is not None and len(partnership.target_areas) == 1:
            area = partnership.target_areas[0]
        keys.append(((str(pid), str(indicator), str(area)), record.line, "indicator",
                     "partnership, indicator and area"))
    duplicated = _report_duplicates(keys, report)
    targets = [t for t in (_validate_target(r, reference, partnerships, report)
                           for r in target_records) if t is not None]
    parsed.targets = [t for t in targets if t.line not in duplicated]
    counts = pd.Series([t.partnership_id for t in parsed.targets]).value_counts()
    for pid, n in counts.items():
        if n > MAX_TARGETS_PER_PARTNERSHIP:
            report.warning("too_many_targets", f"{pid} has {n} targets; partnerships usually "
                           f"agree up to {MAX_TARGETS_PER_PARTNERSHIP}", column="partnership",
                           value=pid)
    return parsed
