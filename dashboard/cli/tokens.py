"""placeboard tokens create|list|revoke: personal API tokens.

Registered in dashboard/cli/__init__.py (GROUPS). Like `placeboard users`, whoever can
run these can read the accounts database, so they act as the system (audited as
"system"). A token's secret is printed once, by `create`, and never again: only its hash
is kept. Exit codes: 0 done, 1 refused (unknown user or token, bad label, scope or
expiry), 2 bad usage.
"""

from __future__ import annotations

import argparse

from rich.table import Table
from rich.text import Text

from dashboard.cli import common as cli
from dashboard.security.accounts import AccountError
from dashboard.security.tokens import (
    MAX_EXPIRY_DAYS,
    SCOPES,
    create_token,
    list_tokens,
    revoke_token,
)

NOT_SHOWN_AGAIN = ("Copy it now: it will not be shown again (only its hash is kept). "
                   "Keep it secret, like a password.")


def cmd_tokens_create(args: argparse.Namespace) -> int:
    accounts = cli.accounts_of(args)
    try:
        new = create_token(accounts, args.user, args.label, args.scope, args.expires_days)
    except AccountError as exc:
        cli.refuse(str(exc))
        return cli.EXIT_ERRORS
    console = cli.wide_console()
    info = new.info
    expiry = f"expires {info.expires_at}" if info.expires_at else "never expires"
    console.print(f"Token {info.id} for {info.username} ({info.scope}, {expiry}): "
                  f"{cli.printable(info.label)}", markup=False)
    console.print(new.secret, markup=False)
    console.print(f"[bold yellow]{NOT_SHOWN_AGAIN}[/bold yellow]")
    console.print('Use it as: curl -H "Authorization: Bearer <token>" '
                  "https://<placeboard>/api/v1/...", markup=False)
    return cli.EXIT_OK


def cmd_tokens_list(args: argparse.Namespace) -> int:
    found = list_tokens(cli.accounts_of(args), args.user)
    console = cli.wide_console()
    if not found:
        whose = f" for {args.user}" if args.user else ""
        console.print(f"No API tokens{whose}: make one with `placeboard tokens create "
                      "--user NAME --label TEXT`", markup=False)
        return cli.EXIT_OK
    table = Table("Id", "User", "Label", "Scope", "Token", "Created", "Last used", "Expires",
                  "Status")
    for info in found:  # never a secret: none is kept
        table.add_row(*(Text(str(value or "—")) for value in (
            info.id, info.username, info.label, info.scope, info.shown_as, info.created_at,
            info.last_used_at, info.expires_at or "never", info.status())))
    console.print(table)
    return cli.EXIT_OK


def cmd_tokens_revoke(args: argparse.Namespace) -> int:
    try:
        info = revoke_token(cli.accounts_of(args), args.id)
    except AccountError as exc:
        cli.refuse(str(exc))
        return cli.EXIT_ERRORS
    cli.wide_console().print(f"Token {info.id} of {info.username} ({cli.printable(info.label)}) "
                     "revoked: it no longer works", markup=False)
    return cli.EXIT_OK


def _days(text: str) -> int:
    value = cli.positive(text)
    if value > MAX_EXPIRY_DAYS:
        raise argparse.ArgumentTypeError(f"must be at most {MAX_EXPIRY_DAYS}")
    return value


def add_commands(sub: argparse._SubParsersAction) -> None:
    tokens = sub.add_parser("tokens", help="make, list and revoke personal API tokens")
    tsub = tokens.add_subparsers(dest="tokens_command", required=True)
    create = tsub.add_parser("create", help="make a token for a user (its secret is "
                                            "printed once)")
    create.add_argument("--user", required=True, metavar="NAME")
    create.add_argument("--label", required=True, metavar="TEXT",
                        help="what the token is for, e.g. 'nightly report script'")
    create.add_argument("--scope", choices=SCOPES, default="read",
                        help="read (the default), or submit (to upload data for review)")
    create.add_argument("--expires-days", type=_days, metavar="N",
                        help=f"expire after N days (1 to {MAX_EXPIRY_DAYS}; default: never)")
    create.set_defaults(func=cmd_tokens_create)
    listing = tsub.add_parser("list", help="list tokens (never their secrets)")
    listing.add_argument("--user", metavar="NAME", help="only this user's tokens")
    listing.set_defaults(func=cmd_tokens_list)
    revoke = tsub.add_parser("revoke", help="revoke a token: it stops working at once")
    revoke.add_argument("id", type=int, metavar="ID", help="the token's id (see list)")
    revoke.set_defaults(func=cmd_tokens_revoke)
    for parser in (create, listing, revoke):
        parser.add_argument("--accounts", help=cli.ACCOUNTS_HELP)
