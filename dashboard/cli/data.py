"""The store's commands: check and load files, build the store from data/, serve it."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from dashboard.cli.common import (
    EXIT_ERRORS,
    EXIT_OK,
    EXIT_USAGE,
    cli_actor,
    console,
    positive,
    print_report,
    printable,
)
from dashboard.common.config import Settings
from dashboard.ingest.files import UnreadableFile
from dashboard.methods.quality import QualityReport

if TYPE_CHECKING:
    from dashboard.ingest.writer import FileResult



def _parse_all(settings: Settings, args: argparse.Namespace
               ) -> tuple[list[QualityReport], list[str]]:
    """Each file's report (ownership checked against the store), and the messages of the
    files that cannot be read at all."""
    from dashboard.ingest.areas import ended_areas, known_area_codes
    from dashboard.ingest.loader import parse_file
    from dashboard.ingest.ownership import check_ownership

    known = known_area_codes(settings.store_path)
    ended = ended_areas(settings.store_path)
    parsed, unreadable = [], []
    for name in args.files:
        try:
            parsed.append(parse_file(Path(name), settings.data_dir, known,
                                     code_column=args.code_column,
                                     name_column=args.name_column, ended=ended))
        except UnreadableFile as exc:
            unreadable.append(str(exc))
    check_ownership(settings.store_path, parsed, args.replace_dataset)
    return [p.report for p in parsed], unreadable


def cmd_check(args: argparse.Namespace) -> int:
    settings = Settings.from_env(store_path=args.store)
    try:
        reports, unreadable = _parse_all(settings, args)
    except UnreadableFile as exc:  # the store the files are checked against
        reports, unreadable = [], [str(exc)]
    if args.json:
        print(json.dumps({"files": [r.to_dict() for r in reports], "unreadable": unreadable},
                         indent=2, default=str))
    else:
        out = console()
        for report in reports:
            print_report(out, report, limit=args.limit)
        for message in unreadable:
            out.print(f"[red]UNREADABLE[/red] {escape(printable(message))}")
    if unreadable:
        return EXIT_USAGE
    return EXIT_ERRORS if any(not r.ok for r in reports) else EXIT_OK


def cmd_load(args: argparse.Namespace) -> int:
    from dashboard.ingest.loader import load_files

    settings = Settings.from_env(store_path=args.store)
    out = console()
    try:
        result = load_files(settings.store_path, [Path(f) for f in args.files], settings.data_dir,
                            refresh_steps=load_steps(), replace_dataset=args.replace_dataset,
                            code_column=args.code_column, name_column=args.name_column)
    except UnreadableFile as exc:
        out.print(f"[red]UNREADABLE[/red] {escape(printable(str(exc)))}")
        out.print("Nothing was loaded; the store is unchanged.")
        return EXIT_USAGE
    for item in result.files:
        _print_result(out, item, args.limit)
    _audit_loads(settings, "load", result)
    if not result.ok:
        out.print("[red]Nothing was loaded: fix the errors above. The store is "
                  "unchanged.[/red]")
        return EXIT_ERRORS
    out.print(f"Store: {settings.store_path}", markup=False)
    return EXIT_OK


def _print_result(out: Console, item: FileResult, limit: int) -> None:
    """One file's outcome: its report when it has findings, and what was written."""
    if item.status == "rejected" or item.report.findings:
        print_report(out, item.report, limit=limit)
    if item.status == "unchanged":
        out.print(f"{printable(item.file)}: already loaded (same file and metadata, load "
                  f"{item.load_id}); nothing changed", markup=False)
    elif item.status == "loaded":
        changed = "; metadata changed" if item.metadata_changed else ""
        breakdowns = (f" ({item.breakdown_rows:,} rows with their breakdowns)"
                      if item.breakdown_rows else "")
        out.print(f"{printable(item.file)}: loaded as load {item.load_id}: {item.rows_added:,} rows "
                  f"added, {item.rows_replaced:,} replaced, {item.rows_unchanged:,} "
                  f"unchanged{breakdowns}{changed}; {item.report.summary()}", markup=False)


def _audit_loads(settings: Settings, action: str, result: object) -> None:
    """Every load (and every refused load) goes into the audit log."""
    from dashboard.security.accounts import Accounts

    accounts = Accounts(settings.accounts_database)
    for item in getattr(result, "files", []):
        accounts.audit(cli_actor(), action, str(item.file), {"status": item.status, "load_id": item.load_id,
                                        "rows_added": item.rows_added,
                                        "rows_replaced": item.rows_replaced,
                                        "errors": len(item.report.errors),
                                        "store": str(settings.store_path)})


def build_store(settings: Settings, quiet: bool = False) -> float:
    """Build the store, showing a bar and printing one line per step (source files, the
    write, then each derived table) with the time since the start, so a first
    `make run` never sits silent and a log shows where the time went."""
    from dashboard.ingest.build import build

    started = time.perf_counter()
    extra = build_steps()
    with Progress(TextColumn("[bold]Building store[/bold] {task.description}"), BarColumn(),
                  TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                  console=console(sys.stderr), disable=quiet) as progress:
        task = progress.add_task("", total=1)
        base_total = [0]

        def step(name: str, n: int, total: int) -> None:
            base_total[0] = max(base_total[0], total)
            total += len(extra)
            progress.update(task, description=escape(name), completed=n - 1, total=total)
            if not quiet:
                progress.console.print(f"  {time.perf_counter() - started:6.1f} s  "
                                       f"step {n}/{total}  {escape(name)}")

        def announced(derive: Callable, number: int) -> Callable:
            name = "deriving " + str(getattr(derive, "__module__", "") or "tables").rsplit(
                ".", 1)[-1].replace("_", " ")

            def run(con: object) -> None:
                step(name, base_total[0] + number, base_total[0])
                derive(con)
            return run

        build(settings.store_path, settings.data_dir, progress=step,
              extra_steps=[announced(s, i) for i, s in enumerate(extra, start=1)])
        progress.update(task, completed=progress.tasks[0].total, description="done")
    return time.perf_counter() - started


def build_steps() -> list:
    """Derived tables computed at build time by feature modules (comparisons, targets)."""
    steps = []
    try:
        from dashboard.store.derived import BUILD_STEPS
        steps.extend(BUILD_STEPS)
    except ImportError:
        pass
    return steps


def load_steps() -> list:
    """Derived tables re-computed after `placeboard load` (comparisons, suppressions)."""
    from dashboard.store.derived import LOAD_STEPS

    return list(LOAD_STEPS)


def cmd_build(args: argparse.Namespace) -> int:
    settings = Settings.from_env(store_path=args.store)
    try:
        seconds = build_store(settings, quiet=args.quiet)
    except UnreadableFile as exc:
        print(f"Build failed: {exc}. The previous store (if any) is unchanged.", file=sys.stderr)
        return EXIT_ERRORS
    from dashboard.security.accounts import Accounts

    Accounts(settings.accounts_database).audit(cli_actor(), "load", str(settings.data_dir),
                                           {"build": True, "store": str(settings.store_path),
                                            "seconds": round(seconds, 1)})
    print(f"Built {settings.store_path} in {seconds:.1f} s")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from dashboard.server import serve

    settings = Settings.from_env(store_path=args.store)
    if not settings.store_path.exists() or args.rebuild:
        print(f"No store at {settings.store_path}: building it from {settings.data_dir}",
              file=sys.stderr)
        # In a child process: gunicorn's master must not import the data libraries
        # before it forks its workers (dashboard/web/serve.py).
        import subprocess

        built = subprocess.run([sys.executable, "-m", "dashboard.cli", "build", "--store",
                                str(settings.store_path)], check=False)
        if built.returncode != EXIT_OK:
            return built.returncode
    if args.dev or args.debug:
        serve.serve_dev(settings, args.host, args.port, debug=args.debug)
    else:
        serve.serve(settings, args.host, args.port, args.workers, args.threads)
    return EXIT_OK


def add_commands(sub: argparse._SubParsersAction) -> None:
    """check, load, build and serve."""
    store_help = "store file (default: $PLACEBOARD_STORE or var/placeboard.duckdb)"

    check = sub.add_parser("check", help="validate files without loading them")
    load = sub.add_parser("load", help="validate and load files into the store")
    for p in (check, load):
        p.add_argument("files", nargs="+", metavar="FILE")
        p.add_argument("--store", help=store_help)
        p.add_argument("--code-column", help="boundaries: column holding GSS codes")
        p.add_argument("--name-column", help="boundaries: column holding area names")
        p.add_argument("--limit", type=int, default=20, help="findings shown per rule")
        p.add_argument("--replace-dataset", action="store_true",
                       help="let the files replace datasets or indicators that belong to "
                            "another publisher (refused without it)")
    check.add_argument("--json", action="store_true", help="machine-readable report")
    check.set_defaults(func=cmd_check)
    load.set_defaults(func=cmd_load)

    build = sub.add_parser("build", help="rebuild the default store from data/")
    build.add_argument("--store", help=store_help)
    build.add_argument("--quiet", action="store_true")
    build.set_defaults(func=cmd_build)

    serve = sub.add_parser("serve", help="run the dashboard")
    serve.add_argument("--store", help=store_help)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8050)
    serve.add_argument("--workers", type=positive, default=2,
                       help="gunicorn worker processes (default 2)")
    serve.add_argument("--threads", type=positive, default=4,
                       help="threads per worker (default 4)")
    serve.add_argument("--dev", action="store_true",
                       help="Flask's development server with the reloader, not gunicorn")
    serve.add_argument("--debug", action="store_true",
                       help="--dev with Dash's debugging tools")
    serve.add_argument("--rebuild", action="store_true", help="rebuild the store first")
    serve.set_defaults(func=cmd_serve)
