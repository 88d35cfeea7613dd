"""placeboard submissions list|approve|reject|publish: partners' submissions from the
server's command line (the review is also on /submissions/<id>).

`publish` publishes every approved submission whose embargo has passed: the app does
this every PLACEBOARD_PUBLISH_EVERY_S seconds by itself; run it from cron where the app
runs with that turned off (0). Exit codes: 0 done, 1 refused, 2 bad usage.
"""

from __future__ import annotations

import argparse

from rich.table import Table
from rich.text import Text

from dashboard.cli import common as cli
from dashboard.common import clock
from dashboard.common.config import Settings
from dashboard.security import submissions
from dashboard.security.accounts import AccountError
from dashboard.views.submissions import STATUS_WORDS, parse_release, status_sentence


def publish_due(settings: Settings, accounts: object) -> list:
    """dashboard.web.publishing.publish_due, imported when it runs: the loader it brings
    (DuckDB, Arrow, GeoPandas and their thread pools) must not be imported by
    `placeboard serve`'s master before it forks its workers (a worker then aborts as it
    stops: tests/store/test_serve.py)."""
    from dashboard.web.publishing import publish_due as publish

    return publish(settings, accounts)


def cmd_list(args: argparse.Namespace) -> int:
    items = submissions.listed(cli.accounts_of(args),
                               statuses=tuple(args.status) if args.status else None)
    table = Table("Number", "File", "From", "Sent", "Status")
    for item in items:
        table.add_row(*(Text(str(v)) for v in (
            item.id, item.file_name, f"{item.submitter} ({item.partnership_id or '—'})",
            clock.uk_time(clock.parse(item.created_at)), STATUS_WORDS[item.status])))
    cli.wide_console().print(table if items else "No submissions.", markup=False)
    return cli.EXIT_OK


def _decide(args: argparse.Namespace, approve: bool) -> int:
    accounts = cli.accounts_of(args)
    item = submissions.get(accounts, args.id)
    if item is None:
        cli.refuse(f"there is no submission {args.id}")
        return cli.EXIT_ERRORS
    try:
        embargo = parse_release(args.embargo_date, args.embargo_time) if approve else None
        decided = submissions.decide(accounts, item, cli.cli_actor(), approve, args.comment,
                                     embargo, getattr(args, "access", None))
    except (ValueError, AccountError) as exc:
        cli.refuse(str(exc))
        return cli.EXIT_ERRORS
    if decided.status == "scheduled" and decided.embargo_until is None:
        settings = Settings.from_env(store_path=args.store, accounts_path=args.accounts)
        decided = next((p for p in publish_due(settings, accounts) if p.id == decided.id),
                       decided)
    cli.wide_console().print(f"Submission {decided.id}: {status_sentence(decided)}",
                             markup=False)
    return cli.EXIT_OK if decided.status != "failed" else cli.EXIT_ERRORS


def cmd_publish(args: argparse.Namespace) -> int:
    settings = Settings.from_env(store_path=args.store, accounts_path=args.accounts)
    done = publish_due(settings, cli.accounts_of(args))
    for item in done:
        cli.wide_console().print(f"Submission {item.id}: {status_sentence(item)}",
                                 markup=False)
    if not done:
        cli.wide_console().print("Nothing is due for publication.", markup=False)
    return cli.EXIT_ERRORS if any(item.status == "failed" for item in done) else cli.EXIT_OK


def add_commands(sub: argparse._SubParsersAction) -> None:
    group = sub.add_parser("submissions", help="review and publish partners' submissions")
    ssub = group.add_subparsers(dest="submissions_command", required=True)
    listing = ssub.add_parser("list", help="every submission, newest first")
    listing.add_argument("--status", action="append", choices=submissions.STATUSES)
    listing.set_defaults(func=cmd_list)
    approve = ssub.add_parser("approve", help="approve one, to publish now or at a time")
    approve.add_argument("--access", metavar="LEVEL",
                         help="public, partners:ID[,ID] or restricted:ROLE (default: the "
                              "submitter's partnership only)")
    approve.add_argument("--embargo-date", metavar="YYYY-MM-DD",
                         help="publish on this day (UK), not before; default: now")
    approve.add_argument("--embargo-time", metavar="HH:MM", help="UK time (default 09:30)")
    approve.set_defaults(func=lambda args: _decide(args, True))
    reject = ssub.add_parser("reject", help="reject one (its file is deleted)")
    reject.set_defaults(func=lambda args: _decide(args, False))
    publish = ssub.add_parser("publish", help="publish what is due (for cron)")
    publish.set_defaults(func=cmd_publish)
    for parser in (approve, reject):
        parser.add_argument("id", type=int, metavar="ID")
        parser.add_argument("--comment", default="", help="for the submitter (needed to "
                                                          "reject)")
    for parser in (listing, approve, reject, publish):
        parser.add_argument("--accounts", help=cli.ACCOUNTS_HELP)
    for parser in (approve, reject, publish):
        parser.add_argument("--store", help="store file (default: $PLACEBOARD_STORE)")
