"""Reading a targets file (YAML or CSV) into records: each partnership or target as the
fields written, with the line every field came from. Nothing is checked here beyond the
file's shape; dashboard.methods.targets.validation checks the records.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dashboard.methods.quality import QualityReport
from dashboard.methods.targets.model import UnreadableTargets
from dashboard.methods.targets.vocabulary import (
    PARTNERSHIP_FIELDS,
    REQUIRED_TARGET_FIELDS,
    TARGET_FIELDS,
)


@dataclass
class _Record:
    """One partnership or target as read, each field with the line it came from."""

    kind: str                            # partnership or target
    line: int
    values: dict[str, Any]
    lines: dict[str, int]

    def get(self, name: str) -> Any:
        value = self.values.get(name)
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)


def _plain(node: yaml.Node) -> Any:
    """A YAML node as plain Python, scalars kept as the text written (so '2023/24',
    '2027' and '6.50' arrive exactly as typed, and numbers are checked here)."""
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        return {str(_plain(k)): _plain(v) for k, v in node.value}
    return None


def _mapping_record(kind: str, node: yaml.Node, report: QualityReport,
                    file_defaults: dict[str, Any]) -> _Record | None:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        report.error("unreadable", f"expected a mapping of fields for each {kind} "
                     "(field: value)", line=line)
        return None
    values: dict[str, Any] = dict(file_defaults)
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = str(_plain(key_node)).strip().lower()
        values[key] = _plain(value_node)
        lines[key] = value_node.start_mark.line + 1
        if isinstance(value_node, yaml.MappingNode) and key == "milestones":
            for k, v in value_node.value:
                lines[f"milestones:{_plain(k)}"] = v.start_mark.line + 1
    return _Record(kind, line, values, lines)


def _read_yaml(path: Path, report: QualityReport) -> list[_Record]:
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise UnreadableTargets(f"{path}: not valid YAML{where}: "
                                f"{getattr(exc, 'problem', exc)}") from None
    except UnicodeDecodeError as exc:
        raise UnreadableTargets(f"{path}: not UTF-8 text ({exc.reason})") from None
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        raise UnreadableTargets(f"{path}: expected a mapping with 'partnerships' and/or "
                                "'targets' lists at the top level")
    records: list[_Record] = []
    defaults: dict[str, Any] = {}
    sections: dict[str, yaml.Node] = {}
    for key_node, value_node in root.value:
        key = str(_plain(key_node)).strip().lower()
        if key in ("partnerships", "targets"):
            sections[key] = value_node
        elif key == "illustrative":
            defaults["illustrative"] = _plain(value_node)
        elif key in ("title", "description", "notes", "version"):
            continue
        else:
            report.warning("unknown_field", f"top-level key {key!r} is not used; expected "
                           "partnerships, targets, illustrative, title, description",
                           line=key_node.start_mark.line + 1, column=key, value=key)
    for key, kind in (("partnerships", "partnership"), ("targets", "target")):
        node = sections.get(key)
        if node is None:
            continue
        if not isinstance(node, yaml.SequenceNode):
            report.error("unreadable", f"'{key}' should be a list (each item starting '- ')",
                         line=node.start_mark.line + 1, column=key)
            continue
        for item in node.value:
            record = _mapping_record(kind, item, report, defaults)
            if record is not None:
                records.append(record)
    return records


def _read_csv(path: Path, report: QualityReport) -> list[_Record]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableTargets(f"{path}: not UTF-8 text ({exc.reason})") from None
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        return []
    header = [h.strip().lower() for h in rows[0]]
    if "indicator" in header:
        kind, known = "target", TARGET_FIELDS
    elif "members" in header:
        kind, known = "partnership", PARTNERSHIP_FIELDS
    else:
        report.error("missing_field", "unrecognised CSV: a targets file needs the columns "
                     + ", ".join(REQUIRED_TARGET_FIELDS) + "; a partnerships file needs "
                     "id, name, type, members", line=1, value=",".join(header)[:120])
        return []
    for column in header:
        if column and column not in known:
            report.warning("unknown_field", f"column {column!r} is not used; expected "
                           + ", ".join(known), line=1, column=column, value=column)
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {name: (row[i] if i < len(row) else "") for i, name in enumerate(header)
                  if name}
        records.append(_Record(kind, number, values, {}))
    return records


def read_records(path: Path, report: QualityReport) -> list[_Record]:
    """Partnership and target records from a YAML or CSV file, with line numbers."""
    path = Path(path)
    if not path.exists():
        raise UnreadableTargets(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return _read_yaml(path, report)
    if suffix == ".csv":
        return _read_csv(path, report)
    raise UnreadableTargets(f"{path}: unsupported file type {suffix or '(none)'}; expected "
                            ".yaml, .yml or .csv")
