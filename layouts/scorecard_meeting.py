"""The scorecard's meeting parts: a scorecard as presented at a meeting
(/scorecard/<p>?meeting=<date>: frozen records, a banner, the board pack as presented),
and on the live scorecard, what has changed since the last meeting."""

from __future__ import annotations

from dash import dcc, html

from dashboard.security import meetings, proposals
from dashboard.views import meetings as words
from dashboard.web import runtime
from dashboard.web.meetings import last_meeting_changes


def meeting_records(partnership: str, meeting_date: str) -> tuple[list[dict], html.Div] | None:
    """(the records the viewer may see, the banner) of a recorded meeting, or None."""
    found = meetings.get(runtime.accounts(), partnership, str(meeting_date)[:10])
    if found is None:
        return None
    viewer = runtime.viewer()
    pdf = meetings.sees_partnership_view(viewer, partnership)
    banner = html.Div([
        html.P(html.Strong(f"Meeting record: {found.title}")),
        html.P(words.banner(found.title, found.meeting_date, found.recorded_by,
                            found.recorded_at), id="scorecard-meeting-banner"),
        html.P([dcc.Link("See the scorecard now", href=f"/scorecard/{partnership}"), " · ",
                html.A("All meetings", href=f"/scorecard/{partnership}/meetings"),
                *([" · ", html.A("The board pack as presented (PDF)",
                                 href=f"/scorecard/{partnership}/meetings/"
                                      f"{found.meeting_date}.pdf")] if pdf else [])]),
    ], className="meeting-banner notice", role="note")
    records = meetings.view_for(found, viewer)
    return records, html.Div([banner, commentary_as_presented(records)])


def commentary_as_presented(records: list[dict]) -> html.Section | None:
    """Each target's commentary, owner and action as the board read them."""
    items = [html.Div([
        html.H3(str(row.get("title") or row["indicator_id"])),
        html.P(row["commentary"]),
        html.P([html.Strong("Owner: "), row.get("owner") or "not given"]),
        html.P([html.Strong("Action: "), row.get("action") or "none recorded"]),
    ], className="presented-report", **{"data-indicator": row["indicator_id"]})
        for row in records if row.get("commentary")]
    if not items:
        return None
    return html.Section([html.H2("Commentary as presented"), *items],
                        id="scorecard-meeting-commentary")


def since_last_meeting(partnership: str, card: list[dict]) -> html.Section | html.P:
    """On the live scorecard: the last meeting, and what has changed since."""
    changes = last_meeting_changes(partnership, card)
    if changes is None:
        return html.P([html.A("Board meetings: record what the board saw",
                              href=f"/scorecard/{partnership}/meetings"),
                       *_proposals_link(partnership)], className="meeting-links")
    items = [html.Li([html.Strong(f"{line['title']}: "), line["text"]],
                     **{"data-kind": line["kind"]}) for line in changes.lines]
    return html.Section([
        html.H2(changes.heading),
        html.Ul(items, id="scorecard-since-meeting") if items else
        html.P("Nothing has changed since then.", id="scorecard-since-meeting"),
        html.P([dcc.Link("The scorecard as presented then",
                         href=f"/scorecard/{partnership}?meeting={changes.meeting_date}"),
                " · ", html.A("All meetings", href=f"/scorecard/{partnership}/meetings"),
                *_proposals_link(partnership)]),
    ], className="since-meeting", id="scorecard-since")


def _proposals_link(partnership: str) -> list:
    """' · Proposed targets (2 waiting)' for the partnership's editors and data managers."""
    viewer = runtime.viewer()
    accounts = runtime.accounts()
    if not proposals.may_read(accounts, viewer, partnership):
        return []
    waiting = sum(p.state == "proposed" for p in proposals.listing(accounts, partnership))
    return [" · ", html.A(f"Proposed targets ({waiting} waiting)" if waiting
                          else "Propose a target", id="scorecard-proposals",
                          href=f"/scorecard/{partnership}/proposals")]
