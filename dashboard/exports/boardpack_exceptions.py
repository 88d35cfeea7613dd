"""The board pack's exception reports: each target's current report (commentary, owner,
the actions with their due dates and progress, who wrote it and when), or the targets
file's commentary labelled as such; and the reports missing or out of date, by target
(dashboard.views.exceptions decides which)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from dashboard.exports.boardpack_flow import headed
from dashboard.methods import targets as model
from dashboard.security.exceptions import Report
from dashboard.views import exceptions as words

RULE = colors.HexColor("#b1b4b6")


def _p(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape("" if text is None else str(text)), style)


def _table(rows: list[list[Any]], widths: list[float], header: bool = False) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    commands: list[tuple] = [("VALIGN", (0, 0), (-1, -1), "TOP"),
                             ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE)]
    if header:
        commands.append(("LINEBELOW", (0, 0), (-1, 0), 1, colors.HexColor("#0b0c0c")))
    table.setStyle(TableStyle(commands))
    return table


def file_words(target: model.Target) -> dict[str, Any]:
    """What the targets file says of a target (as a scorecard row holds it)."""
    return {"commentary": target.commentary, "action": target.action, "owner": target.owner,
            "due_date": target.due_date, "illustrative": target.illustrative}


def commentary_part(from_file: Mapping[str, Any], report: Report | None,
                    mark: words.Freshness | None, styles: dict[str, ParagraphStyle]) -> list:
    """A target's commentary and actions: its current exception report, or the targets
    file's words (`from_file`: commentary, action, owner, due_date, illustrative)
    labelled as such; a report missing or out of date says so."""
    flag = _p(mark.reason, styles["cell_bold"]) if mark is not None and mark.flagged else None
    parts = _report_part(report, styles) if report is not None \
        else _from_targets_file(from_file, styles)
    return headed(flag, parts) if flag is not None else parts


def _report_part(report: Report, styles: dict[str, ParagraphStyle]) -> list:
    """A written report: who wrote it when, the commentary, the owner and the actions."""
    rows = [["Exception report", words.written_words(report)],
            ["Commentary", report.commentary], ["Owner", report.owner]]
    parts: list = [_table([[_p(k, styles["cell_bold"]), _p(v, styles["cell"])]
                           for k, v in rows], [40 * mm, 220 * mm])]
    actions = words.action_rows(report)
    if actions:
        header = [_p(h, styles["cell_bold"]) for h in ("Action", "Due", "Progress", "Note")]
        body = [[_p(r["action"], styles["cell"]), _p(r["due"], styles["cell"]),
                 _p(r["progress"], styles["cell"]), _p(r["note"] or "—", styles["cell"])]
                for r in actions]
        parts += [Spacer(1, 2 * mm), _table([header, *body],
                                            [110 * mm, 32 * mm, 40 * mm, 78 * mm], True)]
    else:
        parts.append(_p("No actions recorded.", styles["cell"]))
    return parts


def _text(value: Any) -> str | None:
    """A value as text; None where it is missing (None, NaN, NaT)."""
    return None if value is None or value != value else str(value)  # noqa: PLR0124


def _from_targets_file(from_file: Mapping[str, Any], styles: dict[str, ParagraphStyle]) -> list:
    label = "Illustrative " if from_file.get("illustrative") else ""
    due = from_file.get("due_date")
    due = due.isoformat()[:10] if _text(due) and hasattr(due, "isoformat") else _text(due)
    rows = [(f"{label}commentary".capitalize(),
             _text(from_file.get("commentary")) or "No commentary recorded."),
            (f"{label}action".capitalize(),
             _text(from_file.get("action")) or "No action recorded."),
            ("Owner", _text(from_file.get("owner")) or "—"), ("Due", due or "—")]
    return headed(_p(words.FROM_TARGETS_FILE + ".", styles["small"]),
                  [_table([[_p(k, styles["cell_bold"]), _p(v, styles["cell"])]
                           for k, v in rows], [40 * mm, 220 * mm])])


def summary_part(card: Sequence[Mapping[str, Any]],
                 marks: Mapping[tuple[str, str], words.Freshness],
                 styles: dict[str, ParagraphStyle]) -> list:
    """'Exception reports': the line, and each report missing or out of date with why."""
    return headed(_p("Exception reports", styles["h2"]), [
        _p(words.scorecard_line(card, marks), styles["body"]),
        *(Paragraph(f"<b>{escape(title)}</b>: {escape(reason)}", styles["body"])
          for title, reason in words.flagged(card, marks))])


def at_risk_part(card: Sequence[Mapping[str, Any]],
                 reports: Mapping[tuple[str, str], Report],
                 marks: Mapping[tuple[str, str], words.Freshness],
                 styles: dict[str, ParagraphStyle]) -> list:
    """The targets at risk, each with its reason and exception report (no chart)."""
    story: list = []
    for row in card:
        key = (row["indicator_id"], row["area_code"])
        if row["status"] != model.AT_RISK:
            continue
        colour = model.STATUS_COLOURS[model.AT_RISK]
        area = row.get("area_name") or row["area_code"]
        heading = Paragraph(f"{escape(str(row['title']))} — {escape(str(area))}: "
                            f'<font color="{colour}">{escape(model.status_label(model.AT_RISK))}'
                            "</font>", styles["h3"])
        parts = commentary_part(row, reports.get(key), marks.get(key), styles)
        story += [*headed(heading, [_p(row["reason"], styles["body"]), *parts]),
                  Spacer(1, 4 * mm)]
    return headed(_p("Targets at risk", styles["h2"]), story) if story else []
