"""placeboard users add|remove|list|copy, placeboard access list|set, placeboard audit.

Registered in dashboard/cli/__init__.py (GROUPS). Whoever can run these can read the
accounts file, so they act as the system administrator (audited as "system"). Exit codes:
0 done, 1 refused (bad name, short password, unknown user, bad level), 2 bad usage.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

import pandas as pd
from rich.table import Table
from rich.text import Text

from dashboard.cli import common as cli
from dashboard.common.config import Settings
from dashboard.security.access import SIGNED_IN_ROLES, SYSTEM, AccessError
from dashboard.security.accounts import OVERRIDE_KINDS, AccountError, Accounts, copy_database
from dashboard.security.admin import AUDIT_ACTIONS, access_table, describe_level, detail_text
from dashboard.security.duties import duties_of, set_duties

STORE_HELP = ("store file, to check ids against (default: $PLACEBOARD_STORE or "
              "var/placeboard.duckdb)")


def _cells(*values: object) -> list[Text]:
    """Table cells as plain text: a table parses strings as markup, and these come from
    the store and the accounts database (titles, ids, file names)."""
    return [Text("" if value is None else str(value)) for value in values]


def _read_password(from_stdin: bool) -> str | None:
    """The new password from standard input (one line), or typed twice at a prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    second = getpass.getpass("Password again: ")
    if first != second:
        cli.refuse("the two passwords are not the same; nothing was changed")
        return None
    return first


def cmd_users_add(args: argparse.Namespace) -> int:
    accounts = cli.accounts_of(args)
    password = _read_password(args.password_stdin)
    if password is None:
        return cli.EXIT_ERRORS
    try:
        user = accounts.add_user(args.username, password, args.role, args.partnership or ())
    except (AccountError, AccessError) as exc:
        cli.refuse(str(exc))
        return cli.EXIT_ERRORS
    if args.duty is not None:
        try:
            set_duties(accounts, user.username, args.duty)
        except AccountError as exc:
            cli.refuse(f"{exc}; the user was saved without duties")
            return cli.EXIT_ERRORS
    member = f", member of {', '.join(user.partnerships)}" if user.partnerships else ""
    cli.wide_console().print(f"User {user.username} ({user.role}{member}) saved in {accounts.path}",
                     markup=False)
    return cli.EXIT_OK


def cmd_users_remove(args: argparse.Namespace) -> int:
    accounts = cli.accounts_of(args)
    if not accounts.remove_user(args.username):
        cli.refuse(f"there is no user named {args.username!r} in {accounts.path}")
        return cli.EXIT_ERRORS
    cli.wide_console().print(f"User {args.username.strip().lower()} removed; they are signed out "
                     "at their next request", markup=False)
    return cli.EXIT_OK


def cmd_users_list(args: argparse.Namespace) -> int:
    users = cli.accounts_of(args).users()
    console = cli.wide_console()
    if not users:
        console.print("No users yet: add one with `placeboard users add NAME --role admin`",
                      markup=False)
        return cli.EXIT_OK
    accounts = cli.accounts_of(args)
    table = Table("Username", "Role", "Partnerships", "Duties")
    for user in users:  # never the password hash
        table.add_row(*_cells(user.username, user.role, ", ".join(user.partnerships) or "—",
                              ", ".join(sorted(duties_of(accounts, user.username))) or "—"))
    console.print(table)
    return cli.EXIT_OK


def cmd_users_copy(args: argparse.Namespace) -> int:
    """Copy one accounts database into another, empty one (one machine's SQLite file into
    the PostgreSQL database of a scaled-out deployment, docs/deploy.md)."""
    source = cli.accounts_of(args)
    try:
        copied = copy_database(source.url.render_as_string(hide_password=False), args.to)
    except AccountError as exc:
        cli.refuse(str(exc))
        return cli.EXIT_ERRORS
    rows = ", ".join(f"{count} {table}" for table, count in copied.items())
    target = Accounts(args.to).path
    cli.wide_console().print(f"Copied {source.path} into {target}: {rows}", markup=False)
    return cli.EXIT_OK


def _store_table(store_arg: str | None,
                 overrides: dict[tuple[str, str], str] | None = None) -> pd.DataFrame | None:
    """Every dataset and indicator in the store (seen as the system) with its level, or
    None when there is no store."""
    from dashboard.store import Store, make_cache

    path = Settings.from_env(store_path=store_arg).store_path
    if not Path(path).exists():
        return None
    store = Store(path, make_cache()).for_viewer(SYSTEM)
    return access_table(store.datasets(), store.indicators(), overrides or {})


def cmd_access_list(args: argparse.Namespace) -> int:
    _version, overrides = cli.accounts_of(args).access_overrides()
    console = cli.wide_console()
    if args.all:
        table = _store_table(args.store, overrides)
        if table is None:
            cli.refuse("no store to list datasets and indicators from: run `placeboard build` "
                   "or pass --store")
            return cli.EXIT_USAGE
        out = Table("Kind", "Id", "Level", "Who can see it", "Set by")
        for row in table.itertuples():
            out.add_row(*_cells(row.kind, row.key, row.level, row.meaning,
                                "administrator" if row.changed else "store default"))
        console.print(out)
        return cli.EXIT_OK
    if not overrides:
        console.print("No access levels changed: every dataset and indicator has its "
                      "store default (see `placeboard access list --all`)", markup=False)
        return cli.EXIT_OK
    out = Table("Kind", "Id", "Level", "Who can see it")
    for (kind, key), level in sorted(overrides.items()):
        out.add_row(*_cells(kind, key, level, describe_level(level)))
    console.print(out)
    return cli.EXIT_OK


def cmd_access_set(args: argparse.Namespace) -> int:
    accounts = cli.accounts_of(args)
    table = _store_table(args.store)
    if table is not None:
        known = set(table.loc[table["kind"] == args.kind, "key"])
        if args.id not in known:
            cli.refuse(f"there is no {args.kind} {args.id!r} in the store; "
                   f"`placeboard access list --all` lists them")
            return cli.EXIT_ERRORS
    try:
        level = accounts.set_access(args.kind, args.id, args.level, SYSTEM)
    except AccountError as exc:
        cli.refuse(str(exc))
        return cli.EXIT_ERRORS
    if table is None:
        cli.wide_console().print("(No store found, so the id was not checked.)", markup=False)
    cli.wide_console().print(f"{args.kind} {args.id}: {level} ({describe_level(level)})",
                     markup=False)
    return cli.EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    if args.limit < 1:
        cli.refuse("--limit must be at least 1")
        return cli.EXIT_USAGE
    log = cli.accounts_of(args).audit_log(limit=args.limit, action=args.action)
    console = cli.wide_console()
    if log.empty:
        console.print("No audit entries" + (f" for {args.action}" if args.action else ""),
                      markup=False)
        return cli.EXIT_OK
    out = Table("When (UTC)", "Who", "Action", "What", "Details", "Address")
    for row in log.itertuples():
        out.add_row(*_cells(row.at, row.actor, row.action, row.target or "",
                            detail_text(row.detail), row.ip or ""))
    console.print(out)
    return cli.EXIT_OK


def add_commands(sub: argparse._SubParsersAction) -> None:
    users = sub.add_parser("users", help="add, remove and list the people who can sign in")
    usub = users.add_subparsers(dest="users_command", required=True)
    add = usub.add_parser("add", help="add a user (or replace their password and role)")
    add.add_argument("username", metavar="USERNAME")
    add.add_argument("--role", required=True, choices=SIGNED_IN_ROLES)
    add.add_argument("--partnership", action="append", metavar="ID",
                     help="a partnership the user belongs to (repeat for several)")
    add.add_argument("--duty", action="append", metavar="DUTY",
                     help="data_manager (reviews partners' submissions), "
                          "data_owner:ID (reads who used partnership ID's shared data) or "
                          "editor:ID (writes partnership ID's exception reports); "
                          "repeat for several; given, it replaces the user's duties")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from standard input instead of prompting")
    add.set_defaults(func=cmd_users_add)
    remove = usub.add_parser("remove", help="remove a user")
    remove.add_argument("username", metavar="USERNAME")
    remove.set_defaults(func=cmd_users_remove)
    listing = usub.add_parser("list", help="list users and their roles")
    listing.set_defaults(func=cmd_users_list)
    copy = usub.add_parser("copy", help="copy users, sessions, access levels and the audit "
                                        "log into another, empty accounts database")
    copy.add_argument("--to", required=True, metavar="DATABASE",
                      help="the empty database: postgresql+psycopg://USER:PASSWORD@HOST/DB "
                           "or a SQLite file")
    copy.set_defaults(func=cmd_users_copy)

    access = sub.add_parser("access", help="list and change access levels")
    asub = access.add_subparsers(dest="access_command", required=True)
    alist = asub.add_parser("list", help="access levels changed by administrators")
    alist.add_argument("--all", action="store_true",
                       help="every dataset and indicator in the store, with its level")
    alist.add_argument("--store", help=STORE_HELP)
    alist.set_defaults(func=cmd_access_list)
    aset = asub.add_parser("set", help="change one dataset's or indicator's access level",
                           description="LEVEL is public, partners:<partnership id>[,...] "
                                       "or restricted:<role>[,...] (roles: "
                                       + ", ".join(SIGNED_IN_ROLES) + ")")
    aset.add_argument("kind", choices=OVERRIDE_KINDS)
    aset.add_argument("id", metavar="ID")
    aset.add_argument("level", metavar="LEVEL")
    aset.add_argument("--store", help=STORE_HELP)
    aset.set_defaults(func=cmd_access_set)

    audit = sub.add_parser("audit", help="read the audit log, newest first")
    audit.add_argument("--action", choices=AUDIT_ACTIONS)
    audit.add_argument("--limit", type=int, default=50)
    audit.set_defaults(func=cmd_audit)

    for parser in (add, remove, listing, copy, alist, aset, audit):
        parser.add_argument("--accounts", help=cli.ACCOUNTS_HELP)

