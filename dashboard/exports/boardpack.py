"""The board pack: a dated PDF of a partnership's scorecard, a chart, reason, commentary and
action for every target that needs action, the data versions behind it, sources and the
Open Government Licence attribution.

Charts are drawn with matplotlib (Agg, no pyplot state, so safe under a web server's
threads) and embedded as PNG by reportlab.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image as PILImage
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from dashboard.common import attribution
from dashboard.common.formatting import format_value, unit_label, value_with_period
from dashboard.exports import boardpack_exceptions as exception_pages
from dashboard.exports.boardpack_flow import headed
from dashboard.exports.boardpack_gaps import gap_part
from dashboard.figures import PALETTE
from dashboard.figures.targets import HISTORY_YEARS, x_to_date
from dashboard.methods import targets as model
from dashboard.methods.targets.store_reads import _text
from dashboard.security.exceptions import Report
from dashboard.views import exceptions as exception_words
from dashboard.views.exceptions import Freshness

PAGE = landscape(A4)
FONT, FONT_BOLD = "PlaceboardSans", "PlaceboardSans-Bold"


@cache
def _fonts() -> tuple[str, str]:
    """DejaVu Sans (shipped with matplotlib) so status shapes, arrows and £ all render;
    Helvetica if it cannot be found."""
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        pdfmetrics.registerFont(TTFont(FONT, str(regular)))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))
        return FONT, FONT_BOLD
    return "Helvetica", "Helvetica-Bold"


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = _fonts()
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontName=bold, fontSize=20,
                                leading=24, alignment=TA_LEFT, spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontName=bold, fontSize=14,
                             leading=18, spaceBefore=10, spaceAfter=4),
        "h3": ParagraphStyle("h3", parent=base["Heading3"], fontName=bold, fontSize=11.5,
                             leading=15, spaceBefore=6, spaceAfter=2),
        "body": ParagraphStyle("body", parent=base["BodyText"], fontName=regular,
                               fontSize=10, leading=13.5),
        "lead": ParagraphStyle("lead", parent=base["BodyText"], fontName=bold, fontSize=12.5,
                               leading=16, spaceAfter=4),
        "small": ParagraphStyle("small", parent=base["BodyText"], fontName=regular,
                                fontSize=8, leading=10),
        "cell": ParagraphStyle("cell", parent=base["BodyText"], fontName=regular,
                               fontSize=8.5, leading=10.5),
        "cell_bold": ParagraphStyle("cell_bold", parent=base["BodyText"], fontName=bold,
                                    fontSize=8.5, leading=10.5),
        "banner": ParagraphStyle("banner", parent=base["BodyText"], fontName=bold,
                                 fontSize=10, leading=13, textColor=colors.HexColor("#0b0c0c"),
                                 backColor=colors.HexColor("#FFF4CC"), borderPadding=5,
                                 spaceBefore=4, spaceAfter=8),
    }


# Binary PDF streams, not ASCII85 text: reportlab encodes ASCII85 in pure Python (its C
# accelerator is a separate package), which took a third of the board pack's time for
# three chart images. Binary streams are standard PDF and the file is smaller.
rl_config.useA85 = 0


def _p(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape("" if text is None else str(text)), style)


# --- charts ----------------------------------------------------------------------------------


def target_chart_png(detail: dict[str, Any], width_in: float = 9.0,
                     height_in: float = 3.6, dpi: int = 150) -> bytes:
    """The target chart as a PNG (see `target_chart_image`), compressed lightly: the PDF
    compresses the pixels again."""
    buffer = io.BytesIO()
    target_chart_image(detail, width_in, height_in, dpi).save(buffer, format="PNG",
                                                              compress_level=1)
    return buffer.getvalue()


def target_chart_image(detail: dict[str, Any], width_in: float = 9.0,
                       height_in: float = 3.6, dpi: int = 150) -> PILImage.Image:
    """The target chart as pixels: published values with CI, trajectory, milestones,
    target, projection with its prediction interval, England and region. Drawn once
    with fixed margins: matplotlib's tight_layout (which draws the figure an extra time)
    and a fully compressed PNG were most of the board pack's time."""
    target: model.Target = detail["target"]
    meta = model.display_meta(detail["meta"])
    area = detail["info"].get("area_name") or target.area_code
    fig = Figure(figsize=(width_in, height_in), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    own = _published(detail["series"], target.area_code)
    _plot_published(ax, detail, own, area)
    _plot_target(ax, target, meta)
    _plot_projection(ax, detail["assessment"].projection)
    _frame_axes(ax, target, own, meta, area)
    # Fixed margins: the legend sits to the right of the axes, the value axis on the left.
    fig.subplots_adjust(left=0.085, right=0.7, top=0.9, bottom=0.1)
    canvas = fig.canvas
    canvas.draw()
    return PILImage.frombuffer("RGBA", canvas.get_width_height(),
                               canvas.buffer_rgba()).convert("RGB")


def _published(series: pd.DataFrame, code: str | None) -> pd.DataFrame:
    """One area's published values (missing ones left out), oldest first; empty for no
    area or no series."""
    if not code or series.empty:
        return pd.DataFrame()
    out = series[series["area_code"] == code].dropna(subset=["value"])
    return out.assign(period_start=pd.to_datetime(out["period_start"])).sort_values(
        "period_start")


def _plot_published(ax: Any, detail: dict[str, Any], own: pd.DataFrame, area: str) -> None:
    """The area's confidence interval, England, the region and the area's own values."""
    series: pd.DataFrame = detail["series"]
    if not own.empty and own[["lci", "uci"]].notna().all(axis=1).any():
        ci = own.dropna(subset=["lci", "uci"])
        ax.fill_between(ci["period_start"], ci["lci"], ci["uci"], color=PALETTE["dark_blue"],
                        alpha=0.15, linewidth=0, label="95% confidence interval")
    england = _published(series, model.ENGLAND)
    if not england.empty:
        ax.plot(england["period_start"], england["value"], color=PALETTE["dark_pink"],
                linestyle="--", linewidth=1.2, label="England")
    region = detail.get("region") or {}
    regional = _published(series, region.get("code"))
    if not regional.empty:
        ax.plot(regional["period_start"], regional["value"], color=PALETTE["light_purple"],
                linestyle=":", linewidth=1.5, label=region.get("name") or "Region")
    if not own.empty:
        ax.plot(own["period_start"], own["value"], color=PALETTE["dark_blue"], linewidth=2.4,
                marker="o", markersize=4, label=f"{area} (published)")


def _plot_target(ax: Any, target: model.Target, meta: dict) -> None:
    """The trajectory to the target, any milestones and the target itself."""
    xs, ys = model.trajectory_points(target)
    ax.plot([x_to_date(x) for x in xs], ys, color=PALETTE["orange"], linestyle="--",
            linewidth=1.8, label="Trajectory to target")
    if target.milestones:
        ax.plot([pd.Timestamp(m.period.start) for m in target.milestones],
                [m.value for m in target.milestones], linestyle="none", marker="D",
                markersize=6, color=PALETTE["orange"], markeredgecolor="#0b0c0c",
                label="Milestones")
    ax.plot([pd.Timestamp(target.target.start)], [target.target_value], linestyle="none",
            marker="*", markersize=15, color=PALETTE["orange"], markeredgecolor="#0b0c0c",
            label=f"Target {format_value(target.target_value, meta)} ({target.target.label})")


def _plot_projection(ax: Any, projection: Any) -> None:
    """The recent trend projected to the target period, with its prediction interval
    where that is finite (nothing without a projection)."""
    if projection is None:
        return
    dates = [x_to_date(x) for x in projection.x]
    if np.isfinite(projection.lower).all():
        ax.fill_between(dates, projection.lower, projection.upper,
                        color=PALETTE["dark_grey"], alpha=0.12, linewidth=0,
                        label="95% prediction interval")
    ax.plot(dates, projection.mean, color=PALETTE["dark_grey"], linestyle=":",
            linewidth=1.8, label="Projection of recent trend")


def _frame_axes(ax: Any, target: model.Target, own: pd.DataFrame, meta: dict,
                area: str) -> None:
    """The years that matter to the target (as on the target page), title, value axis
    and legend."""
    first = own["period_start"].min() if not own.empty else pd.Timestamp(target.baseline.start)
    start = max(first, pd.Timestamp(target.baseline.start) - pd.DateOffset(years=HISTORY_YEARS))
    end = max(pd.Timestamp(target.target.start),
              own["period_start"].max() if not own.empty else start)
    ax.set_xlim(start - pd.DateOffset(months=4), end + pd.DateOffset(months=6))
    ax.set_title(f"{meta.get('title')} in {area}", loc="left", fontsize=11)
    ax.set_ylabel(unit_label(meta) or "value")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#e5e5e5")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7.5, frameon=False)


# --- the document ----------------------------------------------------------------------------


def _scorecard_table(card: pd.DataFrame, styles: dict[str, ParagraphStyle],
                     several_areas: bool) -> Table:
    header = ["Indicator", "Theme", "Baseline", "Latest", "Target", "Status",
              "Direction of travel", "vs England"]
    rows: list[list[Any]] = [[_p(h, styles["cell_bold"]) for h in header]]
    style_commands: list[tuple] = []
    for i, row in enumerate(card.to_dict("records"), start=1):
        meta = model.display_meta(row)
        title = row["title"] + (f" ({row.get('area_name')})" if several_areas else "")
        status = row["status"]
        colour = model.STATUS_COLOURS[status]
        rows.append([
            _p(title, styles["cell"]), _p(row.get("theme"), styles["cell"]),
            _p(value_with_period(row["baseline_value"], row["baseline_period_label"], meta),
               styles["cell"]),
            _p(value_with_period(row.get("latest_value"), row.get("latest_period"), meta),
               styles["cell"]),
            _p(f"{format_value(row['target_value'], meta)} by {row['target_period_label']}",
               styles["cell"]),
            Paragraph(f'<font color="{colour}">{escape(model.status_label(status))}</font>',
                      styles["cell_bold"]),
            _p(row.get("travel_words"), styles["cell"]),
            _p(row.get("vs_england_words"), styles["cell"]),
        ])
        style_commands.append(("LINEBEFORE", (5, i), (5, i), 3, colors.HexColor(colour)))
    widths = [62 * mm, 30 * mm, 30 * mm, 32 * mm, 30 * mm, 26 * mm, 28 * mm, 24 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 1, colors.HexColor("#0b0c0c")),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#b1b4b6")),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        *style_commands,
    ]))
    return table


def _versions_table(versions: pd.DataFrame, styles: dict[str, ParagraphStyle]) -> Table:
    header = ["Dataset", "Publisher", "Source date", "Load", "Loaded at", "File"]
    rows: list[list[Any]] = [[_p(h, styles["cell_bold"]) for h in header]]
    for row in versions.itertuples():
        loaded = pd.Timestamp(row.loaded_at).strftime("%Y-%m-%d %H:%M") \
            if not pd.isna(row.loaded_at) else "—"
        rows.append([_p(row.dataset_title or row.dataset_id, styles["cell"]),
                     _p(row.publisher, styles["cell"]), _p(row.source_date, styles["cell"]),
                     _p(int(row.load_id) if not pd.isna(row.load_id) else "—", styles["cell"]),
                     _p(loaded, styles["cell"]),
                     _p(Path(str(row.file)).name if isinstance(row.file, str) else "—",
                        styles["cell"])])
    table = Table(rows, colWidths=[70 * mm, 50 * mm, 28 * mm, 14 * mm, 32 * mm, 68 * mm],
                  repeatRows=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 1, colors.HexColor("#0b0c0c")),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#b1b4b6")),
    ]))
    return table


def _action_section(detail: dict[str, Any], styles: dict[str, ParagraphStyle],
                    report: Report | None = None, mark: Freshness | None = None) -> list:
    target: model.Target = detail["target"]
    assessment: model.Assessment = detail["assessment"]
    meta = detail["meta"]
    area = detail["info"].get("area_name") or target.area_code
    colour = model.STATUS_COLOURS[assessment.status]
    image = Image(io.BytesIO(target_chart_png(detail)), width=250 * mm, height=100 * mm)
    parts: list = [
        Paragraph(f"{escape(str(meta.get('title')))} — {escape(str(area))}: "
                  f'<font color="{colour}">{escape(model.status_label(assessment.status))}'
                  "</font>", styles["h2"]),
        _p(assessment.reason, styles["body"]),
        Spacer(1, 3 * mm), image,
    ]
    parts += exception_pages.commentary_part(exception_pages.file_words(target), report,
                                             mark, styles)
    source = model.display_meta(meta)
    parts.append(_p(f"{attribution.producer_line(source.get('source_org'))}. Source date "
                    f"{source.get('source_date') or 'not recorded'}; latest value from load "
                    f"{assessment.latest_load_id if assessment.latest_load_id else '—'}.",
                    styles["small"]))
    return [KeepTogether(parts[:4]), *parts[4:]]


def build_boardpack(store: Any, partnership_id: str, today: date | None = None,
                    reports: Mapping[tuple[str, str], Report] | None = None,
                    since: tuple[str, list[dict], str] | None = None) -> bytes:
    """The board pack PDF for one partnership (bytes), with each target's current
    exception report (`reports`, by indicator id and area code, as
    dashboard.security.exceptions.latest_for_partnership gives them) and what has
    changed since the last meeting (`since`: its heading, lines and date, as
    dashboard.views.meetings.since_last gives them)."""
    partnership = store.partnership(partnership_id)
    if partnership is None:
        raise KeyError(f"unknown partnership {partnership_id!r}")
    card = store.scorecard(partnership_id)
    versions = store.data_versions(partnership_id)
    styles = _styles()
    today = today or date.today()
    name = partnership["name"]
    illustrative = bool(not card.empty and card["illustrative"].any())
    summary = model.summary_line(card["status"]) if not card.empty else "no targets"
    reports = reports or {}
    records = card.to_dict("records")
    marks = exception_words.scorecard_marks(records, reports,
                                            store.data_loaded(partnership_id), today)
    story: list = [*_opening(partnership, len(card), summary, illustrative, today, styles),
                   *_since_part(since, styles),
                   *_scorecard_part(store, partnership_id, card, styles, reports, marks),
                   *_provenance_part(store, card, versions, styles)]
    document_buffer = io.BytesIO()
    doc = SimpleDocTemplate(document_buffer, pagesize=PAGE, leftMargin=14 * mm,
                            rightMargin=14 * mm, topMargin=14 * mm, bottomMargin=14 * mm,
                            title=f"{name} board pack {today.isoformat()}",
                            author="Placeboard", subject=summary)
    footer = _footer(name, today, illustrative)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return document_buffer.getvalue()


def _since_part(since: tuple[str, list[dict], str] | None,
                styles: dict[str, ParagraphStyle]) -> list:
    """'Since the last meeting': a heading kept with its lines (never stranded)."""
    if since is None:
        return []
    heading, lines = since[0], since[1]
    items = [_p(f"{line['title']}: {line['text']}", styles["body"]) for line in lines] \
        or [_p("Nothing has changed since then.", styles["body"])]
    return headed(_p(heading, styles["h2"]), items)


def _opening(partnership: dict, n_targets: int, summary: str, illustrative: bool,
             today: date, styles: dict[str, ParagraphStyle]) -> list:
    """Title, who the partnership is, the date, the count of targets by status and, for
    illustrative targets, the banner that says so."""
    story: list = [
        _p(f"{partnership['name']}: board scorecard", styles["title"]),
        _p(f"Board pack produced {today.strftime('%-d %B %Y')} by Placeboard. "
           f"{partnership['partnership_type'].capitalize()}"
           + (f" ({partnership['area_code']})" if partnership.get("area_code") else "")
           + "; members: "
           + ", ".join(f"{n} ({c})" for n, c in zip(partnership.get("member_names") or [],
                                                    partnership.get("members") or [])) + ".",
           styles["body"]),
        Spacer(1, 3 * mm),
        _p(f"{n_targets} targets: {summary}", styles["lead"]),
    ]
    if illustrative:
        story.append(_p(f"{model.ILLUSTRATIVE_NOTE_PLURAL}: these targets, commentary and actions "
                        "are examples shipped with Placeboard to show how it works. The data "
                        "values are real published statistics.", styles["banner"]))
    return story


def _scorecard_part(store: Any, partnership_id: str, card: pd.DataFrame,
                    styles: dict[str, ParagraphStyle], reports: Mapping, marks: Mapping) -> list:
    """The scorecard table, each target's reason, the exception reports missing or out of
    date, a section (chart, exception report) for every target that needs action, and
    each target at risk with its report."""
    if card.empty:
        return [_p("No targets are loaded for this partnership.", styles["body"])]
    several_areas = card["area_code"].nunique() > 1
    story: list = [
        _scorecard_table(card, styles, several_areas),
        _p("Status: icon, word and colour together. How a status is decided: "
           "docs/targets.md (compare the latest value with the straight-line "
           "trajectory from baseline to target, using the confidence interval "
           "where one is published; the trend of the latest five values is "
           "projected to the target period).", styles["small"]),
    ]
    records = card.to_dict("records")
    area = (lambda row: f" ({row.get('area_name')})") if several_areas else (lambda row: "")
    story += headed(_p("Reasons", styles["h2"]), [
        Paragraph(f"<b>{escape(row['title'] + area(row))}</b>: {escape(row['reason'])}",
                  styles["body"]) for row in records])
    story += exception_pages.summary_part(records, marks, styles)
    story += gap_part(store, card, styles)
    needing = card[card["status"].isin(model.NEEDS_ACTION)]
    if not needing.empty:
        sections: list = []
        for row in needing.itertuples():
            detail = model.target_detail(store, partnership_id, row.indicator_id,
                                         row.area_code)
            key = (row.indicator_id, row.area_code)
            if detail and "target" in detail:
                sections += _action_section(detail, styles, reports.get(key), marks.get(key))
                sections.append(Spacer(1, 6 * mm))
        story += [PageBreak(), *headed(_p("Targets needing action", styles["title"]),
                                       sections)]
    return story + exception_pages.at_risk_part(records, reports, marks, styles)


def _provenance_part(store: Any, card: pd.DataFrame, versions: pd.DataFrame,
                     styles: dict[str, ParagraphStyle]) -> list:
    """The data versions behind the targets, when the store and targets were built, the
    sources and the licence."""
    built = store.built_at() if hasattr(store, "built_at") else None
    story: list = headed(_p("Data versions", styles["h2"]), [
        _p("No published values are behind these targets yet.", styles["body"])
        if versions.empty else _versions_table(versions, styles),
        _p(f"Store built {built or 'unknown'}; targets loaded {_loaded_at(card)}.",
           styles["small"])])
    producers = sorted({attribution.producer_line(_text(v))
                        for v in card.get("source_org", pd.Series(dtype=object))})
    return story + headed(_p("Sources and licence", styles["h2"]), [
        *(_p(line, styles["body"]) for line in [*producers, attribution.ONS]),
        _p(f"Open Government Licence v3.0: {attribution.OGL_URL}", styles["body"])])


def _footer(name: str, today: date, illustrative: bool) -> Callable[[Any, Any], None]:
    """The footer drawn on every page: the partnership, the date, the licence and the
    page number."""
    def footer(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(_fonts()[0], 7.5)
        note = f" · {model.ILLUSTRATIVE_NOTE_PLURAL}" if illustrative else ""
        canvas.drawString(14 * mm, 8 * mm, f"Placeboard board pack · {name} · "
                          f"{today.isoformat()}{note} · Open Government Licence v3.0")
        canvas.drawRightString(PAGE[0] - 14 * mm, 8 * mm, f"Page {document.page}")
        canvas.restoreState()

    return footer


def _loaded_at(card: pd.DataFrame) -> str:
    if card.empty or "loaded_at" not in card:
        return "unknown"
    stamp = pd.to_datetime(card["loaded_at"]).max()
    return "unknown" if pd.isna(stamp) else stamp.strftime("%Y-%m-%d %H:%M UTC")


def filename(partnership_id: str, today: date | None = None) -> str:
    return f"placeboard-boardpack-{partnership_id}-{(today or date.today()).isoformat()}.pdf"
