"""The data-sharing ledger (/ledger): who viewed, downloaded or read through the API the
datasets a person's partnerships share, newest first, for that partnership's data owner
(and administrators). Filters by partnership and dataset live in the query string
(/ledger?partnership=oldham&dataset=...), and the same entries download as CSV
(/ledger.csv, callbacks/ledger.py). The public get the sign-in prompt; someone signed in
who owns no partnership's data is told what the page is and who can read it.

Which entries a person may read is decided in dashboard/security/ledger.py, not here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dash import dcc, html

from dashboard.security import ledger
from dashboard.security.access import ROLE_LABELS, Viewer
from dashboard.security.ledger import LedgerEntry
from dashboard.views import ledger as words
from dashboard.views.explore import query_string
from dashboard.web import auth, runtime
from layouts.components import page_header

PAGE = {"path": "/ledger", "title": "Data-sharing ledger - Placeboard"}
CSV_PATH = "/ledger.csv"


class Ids:
    REFUSED = "ledger-refused"
    NOT_OWNER = "ledger-not-owner"
    DATASETS = "ledger-datasets"
    FILTERS = "ledger-filters"
    SUMMARY = "ledger-summary"
    CSV = "ledger-csv"
    TABLE = "ledger-table"
    EMPTY = "ledger-empty"


@dataclass(frozen=True)
class LedgerPage:
    """What the page shows one data owner: what they may choose, what they chose, and the
    entries (all of them, for the summary and the CSV; the table shows the newest)."""

    partnerships: dict[str, str]             # id -> name
    datasets: dict[str, tuple[str, ...]]     # their shared datasets -> owners
    titles: dict[str, str]                   # dataset id -> title
    filters: words.Filters
    entries: list[LedgerEntry]


def ledger_page(viewer: Viewer, query: dict[str, Any]) -> LedgerPage | None:
    """The page for a signed-in viewer, or None when they own no partnership's data."""
    accounts = runtime.accounts()
    owned = ledger.readable_partnerships(accounts, viewer.user, viewer.role)
    if owned is not None and not owned:
        return None
    store = runtime.store()
    datasets = store.datasets()
    titles = dict(zip(datasets["dataset_id"], datasets["title"], strict=True))
    shared = words.shared_datasets(store.access_levels()["dataset"], owned)
    every = ledger.read_entries(accounts, viewer.user, viewer.role)
    for entry in every:  # a dataset no longer shared keeps its entries
        shared.setdefault(entry.dataset_id, entry.owners)
    ids = sorted(owned if owned is not None else
                 {p for owners in shared.values() for p in owners})
    partnerships = {p: (store.partnership(p) or {}).get("name") or p for p in ids}
    filters = words.chosen_filters(query, partnerships, shared)
    entries = (every if not filters.query() else ledger.read_entries(
        accounts, viewer.user, viewer.role, filters.partnership, filters.dataset))
    return LedgerPage(partnerships, dict(sorted(shared.items())), titles, filters, entries)


def refusal() -> html.Div:
    return html.Div(className="problem-page", id=Ids.REFUSED, children=[
        html.H1("Sign in to see the data-sharing ledger"),
        html.P("The ledger lists who viewed and downloaded the data a partnership shares. "
               "A partnership's data owners read it after signing in. Residents do not "
               "need an account: every public page works without signing in.",
               className="lead"),
        html.P(html.A("Sign in", href=auth.login_url("/ledger"), className="button",
                      id="ledger-sign-in")),
        html.P(dcc.Link("Go to the home page", href="/")),
    ])


def not_an_owner(viewer: Viewer) -> html.Div:
    return html.Div(className="problem-page", id=Ids.NOT_OWNER, children=[
        html.H1("Data-sharing ledger"),
        html.P(f"You are signed in as {viewer.label()} ({ROLE_LABELS[viewer.role]}), and "
               "you are not the data owner of any partnership, so there is no ledger for "
               "you to read.", className="lead"),
        html.P("The ledger lists who viewed and downloaded the data a partnership shares "
               "with its partners. Only that partnership's data owners and administrators "
               "can read it. If you answer for your partnership's data, ask an "
               "administrator to make you its data owner."),
        html.P(dcc.Link("Go to your account", href="/account")),
    ])


def _choice_group(label: str, options: list[tuple[str | None, str]], current: str | None,
                  other: dict[str, str], key: str) -> html.Div:
    """'Partnership: All · Oldham' as links; the current choice is not a link."""
    items = []
    for value, text in options:
        if value == current:
            items.append(html.Li(html.Strong(text, **{"aria-current": "true"}),
                                 className="switch-current"))
        else:
            href = "/ledger" + query_string({**other, key: value})
            items.append(html.Li(dcc.Link(text, href=href)))
    return html.Div([html.Span(label, className="switch-label"),
                     html.Ul(items, className="switch-options")], className="switch")


def filter_links(page: LedgerPage) -> html.Nav:
    chosen = page.filters.query()
    others = {k: v for k, v in chosen.items() if k != "partnership"}
    groups = [_choice_group("Partnership:", [(None, "All"), *page.partnerships.items()],
                            page.filters.partnership, others, "partnership")]
    others = {k: v for k, v in chosen.items() if k != "dataset"}
    groups.append(_choice_group(
        "Dataset:", [(None, "All"), *((d, page.titles.get(d, d)) for d in page.datasets)],
        page.filters.dataset, others, "dataset"))
    return html.Nav(groups, className="benchmark-switch", id=Ids.FILTERS,
                    **{"aria-label": "Filter the ledger"})


def shared_list(page: LedgerPage) -> html.Ul:
    return html.Ul(id=Ids.DATASETS, children=[html.Li([
        html.Strong(page.titles.get(d, d)), f" ({d}), shared with ",
        ", ".join(page.partnerships.get(p, p) for p in owners)])
        for d, owners in page.datasets.items()] or [html.Li("None at present.")])


def entry_table(rows: list[dict]) -> html.Div:
    if not rows:
        return html.P("Nobody has viewed or downloaded this data yet.", id=Ids.EMPTY)
    body = [html.Tr([
        html.Td(row["when"]), html.Td(row["who"]), html.Td(row["dataset"]),
        html.Td(row["how"]),
        html.Td(html.A(row["path"], href=row["path"]) if row["link"]
                else html.Code(row["path"])),
    ], className="ledger-row", **{"data-kind": row["kind"], "data-user": row["username"]})
        for row in rows]
    return html.Div(className="table-wrap", children=html.Table(
        className="table", id=Ids.TABLE, children=[
            html.Caption("Who viewed and downloaded the shared data, newest first",
                         className="visually-hidden"),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in (
                "When", "Who", "Dataset", "How", "Where")])),
            html.Tbody(body)]))


def layout(**query: Any) -> html.Div:
    viewer = runtime.viewer()
    if not viewer.signed_in or not viewer.user:
        return refusal()
    page = ledger_page(viewer, query)
    if page is None:
        return not_an_owner(viewer)
    rows = words.entry_rows(page.entries[:words.SHOWN_ENTRIES], page.titles)
    shown = (f"The newest {words.SHOWN_ENTRIES:,} of {len(page.entries):,} entries are "
             "shown; the CSV holds them all." if len(page.entries) > words.SHOWN_ENTRIES
             else None)
    return html.Div([
        page_header("Data-sharing ledger",
                    lead="Who viewed and downloaded the data your partnerships share "
                         "with partners, and when.",
                    caption=f"Signed in as {viewer.label()} ({ROLE_LABELS[viewer.role]})"),
        html.H2("Shared datasets", className="h3"),
        shared_list(page),
        filter_links(page),
        html.P(words.summary(page.entries), id=Ids.SUMMARY, className="lead"),
        html.P(html.A("Download these entries (CSV)", id=Ids.CSV,
                      href=CSV_PATH + query_string(page.filters.query()))),
        html.P(shown, className="source-line") if shown else None,
        entry_table(rows),
        html.P("Recorded: each page, download or API answer that held the data's values, "
               "with who asked, when and the page's address. A page's own updates within "
               "a minute count once.", className="source-line"),
    ])
