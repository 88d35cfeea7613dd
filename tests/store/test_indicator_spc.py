"""The indicator page's control chart over the real store: Oldham's claimant count (25
consecutive years) gets its XmR limits, worked out by hand here from the store's values,
and its special-cause findings in words; a series of overlapping three-year periods gets
the reason it has no chart."""

from __future__ import annotations

import json

import numpy as np

from dashboard.server.app import create_app
from dashboard.store import Store, make_cache


def page_text(store: Store, settings, indicator: str, area: str) -> str:
    from layouts import indicator as page
    app = create_app(settings, Store(store.path, make_cache()))
    with app.server.test_request_context(f"/indicator/{indicator}?area={area}"):
        layout = page.layout(indicator_id=indicator, area=area)
    return json.dumps(layout.to_plotly_json(), default=lambda o: o.to_plotly_json()
                      if hasattr(o, "to_plotly_json") else str(o), ensure_ascii=False)


def test_oldham_claimant_count_control_chart_by_hand(store: Store, settings) -> None:
    rows = store.indicator_series("claimant-count", ("E08000004",))
    values = np.array([r["value"] for r in sorted(rows, key=lambda r: r["period_start"])])
    assert len(values) == 25
    moving = np.abs(np.diff(values))
    kept = moving[moving < 3.267 * moving.mean()]
    mean, limit = values.mean(), 2.66 * kept.mean()
    text = page_text(store, settings, "claimant-count", "E08000004")
    assert "Is this change unusual?" in text
    assert (f"Over 2001 to 2025 (25 periods) Oldham's average was {mean:.1f}%; values "
            f"between {mean - limit:.1f}% and {mean + limit:.1f}% (the process limits) are "
            "within its usual variation.") in text
    assert "Special cause variation" in text and "indicator-spc-chart" in text


def test_overlapping_periods_get_a_reason_not_a_chart(store: Store, settings) -> None:
    text = page_text(store, settings, "female-healthy-life-expectancy", "E08000004")
    assert ("No control chart for Oldham: These are rolling periods that overlap") in text
    assert "indicator-spc-chart" not in text
