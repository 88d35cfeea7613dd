"""The regional oversight view's page model (/oversight/<code>): every partnership in a
region (or England) against its targets, statuses side by side, what changed since the
previous period, filtered by theme and status.

Pure: partnerships (as Store.partnership gives them) and their scorecards (as
Store.scorecard_records gives them) in, plain rows and sentences out. No Dash, no store.

Filters: a theme filter keeps the targets of the chosen themes (each partnership's counts
are of those targets); a status filter lists the partnerships with at least one of those
targets in a chosen status, and each one's list of targets shows only those.

What changed: Placeboard keeps one assessment of each target (worked out after the latest
load), not the statuses of earlier periods, so the view cannot say which statuses
changed. It counts each target's direction of travel instead: its latest published value
against the one before, read in the target's direction of improvement.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote, urlencode

from dashboard.methods import stats
from dashboard.methods import targets as model

ENGLAND = "E92000001"
REGION_PREFIX = "E12"
# Counts side by side in this order: from met to unmet, then no data.
COUNT_ORDER = (model.ACHIEVED, model.ON_TRACK, model.AT_RISK, model.OFF_TRACK, model.MISSED,
               model.NO_DATA)
CHANGES = (stats.IMPROVED, stats.WORSENED, stats.NO_CHANGE, stats.NOT_COMPARED)
CHANGE_WORDS = {change: model.TRAVEL_WORDS[change].lower() for change in CHANGES}
CHANGE_EXPLAINED = (
    "What changed compares each target's latest published value with the one before it "
    "(for example 2024/25 with 2023/24), in the direction the partnership wants it to "
    "move. Placeboard keeps one assessment of each target, worked out after the latest "
    "data were loaded, so it does not show which statuses changed.")
FORMATS = (("csv", "CSV"), ("xlsx", "Excel (xlsx)"), ("json", "JSON"))


def is_oversight_place(area: Mapping[str, Any] | None) -> bool:
    """Whether an area (Store.area) has an oversight view: an English region, or England."""
    if not area:
        return False
    code = str(area.get("area_code") or "")
    return code == ENGLAND or (area.get("area_type") == "region"
                               and code.startswith(REGION_PREFIX))


def place_words(name: str) -> str:
    """A region's or nation's name after "in": 'the North West', 'London', 'England'."""
    return name if name in ("London", "England") else f"the {name}"


def oversight_href(code: str, themes: Sequence[str] = (),
                   statuses: Sequence[str] = ()) -> str:
    return f"/oversight/{quote(code)}{filter_search(themes, statuses)}"


def download_href(code: str, fmt: str, themes: Sequence[str] = (),
                  statuses: Sequence[str] = ()) -> str:
    """The one download of the listed partnerships' returns (callbacks/oversight.py)."""
    return f"/oversight/{quote(code)}/returns.{fmt}{filter_search(themes, statuses)}"


def filter_search(themes: Sequence[str] | None, statuses: Sequence[str] | None) -> str:
    """The query string that reproduces a filtered view ('' when nothing is chosen)."""
    query = {}
    if themes:
        query["theme"] = ",".join(sorted(set(themes)))
    if statuses:
        query["status"] = ",".join(s for s in model.STATUSES if s in statuses)
    return f"?{urlencode(query)}" if query else ""


def chosen(themes: Any, statuses: Any) -> tuple[list[str], list[str]]:
    """The query string's theme and status values, the statuses limited to the known
    ones (a crafted value is ignored, not an error)."""
    return (model.as_list(themes),
            [s for s in model.as_list(statuses) if s in model.STATUSES])


def place_rows(places: Iterable[Mapping[str, Any]],
               regions: Iterable[Mapping[str, Any]]) -> list[dict]:
    """The oversight index (/oversight): England then each English region by name, with
    how many partnerships the viewer may see in it. `places` are areas (code, name,
    type); `regions` are Store.partnership_regions rows."""
    counts: dict[str, set[str]] = {}
    for row in regions:
        for code in (row.get("region_code"), row.get("nation_code")):
            if code:
                counts.setdefault(code, set()).add(row["partnership_id"])
    rows = [{"code": p["area_code"], "name": p["area_name"],
             "href": oversight_href(p["area_code"]),
             "partnerships": len(counts.get(p["area_code"], ()))}
            for p in places if is_oversight_place(p)]
    return sorted(rows, key=lambda r: (r["code"] != ENGLAND, r["name"]))


def count_words(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def change_counts(targets: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    counts = Counter(_change(t) for t in targets)
    return {change: int(counts.get(change, 0)) for change in CHANGES}


def change_summary(counts: Mapping[str, int]) -> str:
    """'4 improved, 2 worsened, 1 no change; 1 not compared' (zero counts left out)."""
    compared = [f"{counts[c]} {CHANGE_WORDS[c]}" for c in CHANGES[:3] if counts.get(c)]
    text = ", ".join(compared) if compared else "none compared"
    if counts.get(stats.NOT_COMPARED):
        text += f"; {counts[stats.NOT_COMPARED]} not compared"
    return text


def _change(target: Mapping[str, Any]) -> str:
    change = target.get("travel")
    return change if change in CHANGES else stats.NOT_COMPARED


def _previous_label(target: Mapping[str, Any]) -> str | None:
    labels = target.get("spark_labels") or []
    return str(labels[-2]) if len(labels) >= 2 else None


def change_text(target: Mapping[str, Any]) -> str:
    """One target's change in words: 'Improved since 2023/24' or why it is not compared."""
    change = _change(target)
    previous = _previous_label(target)
    if change == stats.NOT_COMPARED:
        return "Not compared: no earlier published value to compare with" \
            if not previous else "Not compared"
    word = model.TRAVEL_WORDS[change]
    return f"{word} since {previous}" if previous else word


def target_item(target: Mapping[str, Any], partnership_id: str) -> dict:
    """One target as the per-partnership list shows it."""
    href = f"/target/{quote(partnership_id)}/{quote(str(target['indicator_id']))}" \
        f"?{urlencode({'area': target['area_code']})}"
    return {
        "title": str(target.get("title") or target["indicator_id"]),
        "area": str(target.get("area_name") or target["area_code"]),
        "theme": str(target.get("theme") or ""),
        "status": target["status"], "status_label": model.status_label(target["status"]),
        "reason": str(target.get("reason") or ""),
        "latest_period": target.get("latest_period"),
        "change": _change(target), "change_text": change_text(target),
        "href": href, "illustrative": bool(target.get("illustrative")),
    }


def members_text(info: Mapping[str, Any]) -> str:
    """'Cumberland (E06000063), Westmorland and Furness (E06000064)'."""
    names = list(info.get("member_names") or [])
    codes = list(info.get("members") or [])
    return ", ".join(f"{n} ({c})" for n, c in zip(names, codes, strict=False))


def partnership_row(info: Mapping[str, Any], card: Sequence[Mapping[str, Any]],
                    themes: Sequence[str], statuses: Sequence[str]) -> dict:
    """One partnership's row: its counts per status and its changes over the targets of
    the chosen themes, and those of its targets in the chosen statuses."""
    pid = str(info["partnership_id"])
    considered = model.filter_records(list(card), None, themes)
    counts = Counter(t["status"] for t in considered)
    listed = model.filter_records(considered, statuses, None)
    changes = change_counts(considered)
    return {
        "id": pid, "name": str(info["name"]), "href": f"/scorecard/{quote(pid)}",
        "type": str(info.get("partnership_type") or "").capitalize(),
        "members": members_text(info),
        "counts": {s: int(counts.get(s, 0)) for s in COUNT_ORDER},
        "total": len(considered), "all_targets": len(card),
        "summary": model.summary_line(t["status"] for t in considered)
        if considered else "no targets",
        "changes": changes, "change_summary": change_summary(changes),
        "targets": [target_item(t, pid) for t in listed],
        "illustrative": any(bool(t.get("illustrative")) for t in card)
        or bool(info.get("illustrative")),
    }


def _listed(row: Mapping[str, Any], themes: Sequence[str], statuses: Sequence[str]) -> bool:
    if statuses:
        return bool(row["targets"])
    return bool(row["total"]) or not themes


def oversight_view(partnerships: Sequence[Mapping[str, Any]],
                   cards: Mapping[str, Sequence[Mapping[str, Any]]],
                   themes: Sequence[str] = (), statuses: Sequence[str] = ()) -> dict:
    """The page model: the rows listed under the filters, the region's totals, the
    filter options and the sentence saying what is shown."""
    every = [partnership_row(p, cards.get(p["partnership_id"], []), themes, ())
             for p in partnerships]
    rows = [partnership_row(p, cards.get(p["partnership_id"], []), themes, statuses)
            for p in partnerships]
    rows = [row for row in rows if _listed(row, themes, statuses)]
    all_targets = [t for p in partnerships for t in cards.get(p["partnership_id"], [])]
    considered = [t for row in every for t in model.filter_records(
        list(cards.get(row["id"], [])), None, themes)]
    return {
        "rows": rows, "listed_ids": [row["id"] for row in rows],
        "total_partnerships": len(partnerships),
        "totals": {s: sum(row["counts"][s] for row in rows) for s in COUNT_ORDER},
        "summary": region_summary(len(partnerships), considered),
        "shown": shown_text(len(rows), len(partnerships), themes, statuses),
        "theme_options": theme_options(all_targets),
        "status_options": status_options(considered),
        "illustrative": any(row["illustrative"] for row in every),
    }


def region_summary(n_partnerships: int, targets: Sequence[Mapping[str, Any]]) -> str:
    """'5 partnerships, 41 targets: 2 achieved, 16 on track, ...'."""
    if not n_partnerships:
        return "No partnerships that you can see have member areas here."
    head = f"{count_words(n_partnerships, 'partnership')}, {count_words(len(targets), 'target')}"
    return f"{head}: {model.summary_line(t['status'] for t in targets)}" if targets else head


def theme_options(targets: Iterable[Mapping[str, Any]]) -> list[dict]:
    themes = sorted({str(t["theme"]) for t in targets if t.get("theme")})
    return [{"label": t.capitalize(), "value": t} for t in themes]


def status_options(targets: Iterable[Mapping[str, Any]]) -> list[dict]:
    """A checkbox per status, most urgent first, with how many targets have it."""
    counts = Counter(t["status"] for t in targets)
    return [{"label": f"{model.status_label(s)} ({int(counts.get(s, 0))})", "value": s}
            for s in model.STATUSES]


def shown_text(shown: int, total: int, themes: Sequence[str],
               statuses: Sequence[str]) -> str:
    """What the table lists: 'Showing 3 of 5 partnerships: those with a target off
    track or missed, counting their targets in housing.'"""
    head = f"Showing all {count_words(total, 'partnership')}" if shown == total else \
        f"Showing {shown} of {count_words(total, 'partnership')}"
    parts = []
    if statuses:
        words = " or ".join(model.STATUS_WORDS[s].lower() for s in model.STATUSES
                            if s in statuses)
        parts.append(f"those with a target {words}")
    if themes:
        parts.append("counting their targets in " + " and ".join(sorted(themes)))
    return head + (": " + ", ".join(parts) if parts else "") + "."
