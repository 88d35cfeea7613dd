"""placeboard targets check|load|list and placeboard export boardpack|returns.

Registered through dashboard.cli.main.EXTRA_COMMANDS; exit codes as `placeboard check`:
0 no errors, 1 errors found (nothing loaded), 2 a file or store cannot be read / usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from dashboard.cli import common as cli
from dashboard.common.config import Settings
from dashboard.methods import targets as model
from dashboard.methods.quality import QualityReport
from dashboard.security import exceptions
from dashboard.security.access import SYSTEM
from dashboard.security.accounts import Accounts

STORE_HELP = "store file (default: $PLACEBOARD_STORE or var/placeboard.duckdb)"


def _console() -> Console:
    """cli.console: no emoji codes; text from files goes through escape or markup=False."""
    return cli.console()


def print_report(console: Console, report: QualityReport, limit: int = 20) -> None:
    """The data files' report layout, with the targets rules' titles."""
    cli.print_report(console, report, limit, titles=model.RULE_TITLES)


def _store_path(args: argparse.Namespace) -> Path | None:
    path = Settings.from_env(store_path=args.store).store_path
    if not path.exists():
        _console().print(f"[red]No store at {escape(str(path))}[/red]: run `placeboard build` first "
                         "(targets are checked against the store's indicators and areas).")
        return None
    return path


def cmd_targets_check(args: argparse.Namespace) -> int:
    from dashboard.store.derived.targets import check_files

    store_path = _store_path(args)
    if store_path is None:
        return cli.EXIT_USAGE
    try:
        parsed = check_files(store_path, [Path(f) for f in args.files])
    except model.UnreadableTargets as exc:
        _console().print(f"[red]UNREADABLE[/red] {escape(str(exc))}", markup=True)
        return cli.EXIT_USAGE
    if args.json:
        print(json.dumps({"files": [p.report.to_dict() for p in parsed]}, indent=2,
                         default=str))
    else:
        console = _console()
        for item in parsed:
            print_report(console, item.report, limit=args.limit)
            if item.report.ok:
                console.print(f"  {len(item.partnerships)} partnerships and "
                              f"{len(item.targets)} targets would be loaded")
    return cli.EXIT_ERRORS if any(not p.report.ok for p in parsed) else cli.EXIT_OK


def cmd_targets_load(args: argparse.Namespace) -> int:
    from dashboard.store.derived.targets import load_files

    store_path = _store_path(args)
    if store_path is None:
        return cli.EXIT_USAGE
    console = _console()
    try:
        outcome = load_files(store_path, [Path(f) for f in args.files])
    except model.UnreadableTargets as exc:
        console.print(f"[red]UNREADABLE[/red] {escape(str(exc))}")
        console.print("Nothing was loaded; the store is unchanged.")
        return cli.EXIT_USAGE
    for item in outcome.parsed:
        if not item.report.ok or item.report.warnings:
            print_report(console, item.report, limit=args.limit)
    if not outcome.ok or outcome.written is None:
        console.print("[red]Nothing was loaded: fix the errors above. The store is "
                      "unchanged.[/red]")
        return cli.EXIT_ERRORS
    written = outcome.written
    if written.partnerships:
        console.print("Partnerships loaded: " + ", ".join(written.partnerships), markup=False)
    for pid, n in sorted(written.targets.items()):
        console.print(f"{pid}: {n} targets (replacing any loaded before)", markup=False)
    console.print(f"Store: {store_path}", markup=False)
    return cli.EXIT_OK


def cmd_targets_list(args: argparse.Namespace) -> int:
    store = _system_store(args)
    if store is None:
        return cli.EXIT_USAGE
    frame = store.partnerships()
    console = _console()
    if frame.empty:
        console.print("No partnerships loaded.")
        return cli.EXIT_OK
    for row in frame.itertuples():
        card = store.scorecard(row.partnership_id)
        summary = model.summary_line(card["status"]) if not card.empty else "no targets"
        console.print(f"{row.partnership_id}: {row.name} ({row.partnership_type}; "
                      f"{', '.join(row.members)}): {summary}", markup=False)
    return cli.EXIT_OK


def _system_store(args: argparse.Namespace):
    """The store as the data manager at the command line sees it (every partnership), or
    None after saying that there is no store yet."""
    from dashboard.store import Store, make_cache

    store_path = _store_path(args)
    return None if store_path is None else Store(store_path, make_cache(), viewer=SYSTEM)


def _partnership_ids(store, requested: str) -> list[str] | None:
    frame = store.partnerships()
    known = [] if frame.empty else frame["partnership_id"].tolist()
    if requested == "all":
        return known
    if requested not in known:
        _console().print(f"[red]Unknown partnership {escape(repr(requested))}[/red]; "
                         "expected one of: " + escape(", ".join(known) or "none loaded")
                         + " (or all)")
        return None
    return [requested]


def cmd_export_boardpack(args: argparse.Namespace) -> int:
    from dashboard.exports.boardpack import build_boardpack
    store = _system_store(args)
    if store is None:
        return cli.EXIT_USAGE
    ids = _partnership_ids(store, args.partnership)
    if ids is None or len(ids) != 1:
        if ids is not None:
            _console().print("[red]A board pack is for one partnership[/red]")
        return cli.EXIT_USAGE
    accounts = Accounts(Settings.from_env().accounts_database)
    pdf = build_boardpack(store, ids[0],
                          reports=exceptions.latest_for_partnership(accounts, ids[0]))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    accounts.audit(
        "system", "export", "boardpack",
        {"partnership": ids[0], "format": "pdf", "file": str(out)})
    _console().print(f"Board pack for {ids[0]}: {out} ({len(pdf):,} bytes)", markup=False)
    return cli.EXIT_OK


def cmd_export_returns(args: argparse.Namespace) -> int:
    from dashboard.exports import returns
    store = _system_store(args)
    if store is None:
        return cli.EXIT_USAGE
    ids = _partnership_ids(store, args.partnership)
    if ids is None:
        return cli.EXIT_USAGE
    content = returns.export(store, ids, args.format)
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content)
        print(f"Return for {', '.join(ids)} ({args.format}): {out}", file=sys.stderr)
    elif args.format == "xlsx":
        print("An xlsx return needs --out FILE.xlsx", file=sys.stderr)
        return cli.EXIT_USAGE
    else:
        sys.stdout.write(content.decode("utf-8"))
    Accounts(Settings.from_env().accounts_database).audit(
        "system", "export", "return",
        {"partnership": ids, "format": args.format, "file": args.out or "standard output"})
    return cli.EXIT_OK


def _export_subparsers(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """The `export` command's own subcommands, shared with any other feature that adds
    export formats (argparse refuses a second parser with the same name)."""
    existing = sub.choices.get("export")
    if existing is not None:
        for action in existing._actions:
            if isinstance(action, argparse._SubParsersAction):
                return action
    export = existing or sub.add_parser("export", help="export board packs and returns")
    return export.add_subparsers(dest="export_command", required=True)


def add_commands(sub: argparse._SubParsersAction) -> None:
    targets = sub.add_parser("targets", help="check, load and list partnership targets")
    tsub = targets.add_subparsers(dest="targets_command", required=True)
    check = tsub.add_parser("check", help="validate targets files without loading them")
    load = tsub.add_parser("load", help="validate and load targets files (all or nothing)")
    for p in (check, load):
        p.add_argument("files", nargs="+", metavar="FILE", help="targets .yaml or .csv")
        p.add_argument("--store", help=STORE_HELP)
        p.add_argument("--limit", type=int, default=20, help="findings shown per rule")
    check.add_argument("--json", action="store_true", help="machine-readable report")
    check.set_defaults(func=cmd_targets_check)
    load.set_defaults(func=cmd_targets_load)
    listing = tsub.add_parser("list", help="partnerships and their status summaries")
    listing.add_argument("--store", help=STORE_HELP)
    listing.set_defaults(func=cmd_targets_list)

    esub = _export_subparsers(sub)
    boardpack = esub.add_parser("boardpack", help="board pack PDF for one partnership")
    boardpack.add_argument("--partnership", required=True, metavar="ID")
    boardpack.add_argument("--out", required=True, metavar="FILE.pdf")
    boardpack.add_argument("--store", help=STORE_HELP)
    boardpack.set_defaults(func=cmd_export_boardpack)
    ret = esub.add_parser("returns", help="structured return (one row per target)")
    ret.add_argument("--partnership", required=True, metavar="ID",
                     help="partnership id, or 'all' for every partnership in one file")
    ret.add_argument("--format", choices=("csv", "json", "xlsx"), default="csv")
    ret.add_argument("--out", metavar="FILE", help="write here (default: standard output)")
    ret.add_argument("--store", help=STORE_HELP)
    ret.set_defaults(func=cmd_export_returns)

