"""placeboard serve | build | load | check (and feature commands: targets, export)."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from dashboard.config import Settings
from dashboard.ingest import UnreadableFile
from dashboard.quality import RULE_TITLES, QualityReport

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
# Feature modules add their own subcommands: fn(subparsers) -> None
EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = []


def _console(stream=None) -> Console:
    return Console(file=stream or sys.stdout, highlight=False, soft_wrap=True)


def print_report(console: Console, report: QualityReport, limit: int = 20,
                 titles: dict[str, str] | None = None) -> None:
    """Grouped, counted findings with file, line, column, value and what was expected."""
    titles = RULE_TITLES if titles is None else titles
    style = "green" if report.ok and not report.warnings else ("yellow" if report.ok else "red")
    console.print(f"[bold]{report.file}[/bold]: [{style}]{report.summary()}[/{style}]")
    groups: dict[tuple[str, str], list] = {}
    for finding in report.findings:
        groups.setdefault((finding.severity, finding.rule), []).append(finding)
    for (severity, rule), findings in sorted(groups.items()):
        console.print(f"  {severity.upper()} {titles.get(rule, rule)}: {len(findings):,}")
        for finding in findings[:limit]:
            console.print(f"    {finding.text()}", markup=False)
        if len(findings) > limit:
            console.print(f"    ... and {len(findings) - limit:,} more (use --json for all)")


def cmd_check(args: argparse.Namespace) -> int:
    from dashboard.loader import known_area_codes, parse_file

    settings = Settings.from_env(store_path=args.store)
    known = known_area_codes(settings.store_path)
    reports, unreadable = [], []
    for name in args.files:
        try:
            parsed = parse_file(Path(name), settings.data_dir, known,
                                code_column=args.code_column, name_column=args.name_column)
            reports.append(parsed.report)
        except UnreadableFile as exc:
            unreadable.append(str(exc))
    if args.json:
        print(json.dumps({"files": [r.to_dict() for r in reports], "unreadable": unreadable},
                         indent=2, default=str))
    else:
        console = _console()
        for report in reports:
            print_report(console, report, limit=args.limit)
        for message in unreadable:
            console.print(f"[red]UNREADABLE[/red] {message}", markup=True)
    if unreadable:
        return EXIT_USAGE
    return EXIT_ERRORS if any(not r.ok for r in reports) else EXIT_OK


def cmd_load(args: argparse.Namespace) -> int:
    from dashboard.loader import load_files

    settings = Settings.from_env(store_path=args.store)
    console = _console()
    try:
        result = load_files(settings.store_path, [Path(f) for f in args.files], settings.data_dir,
                            refresh_steps=load_steps(),
                            code_column=args.code_column, name_column=args.name_column)
    except UnreadableFile as exc:
        console.print(f"[red]UNREADABLE[/red] {exc}")
        console.print("Nothing was loaded; the store is unchanged.")
        return EXIT_USAGE
    for item in result.files:
        if item.status == "rejected" or not item.report.ok:
            print_report(console, item.report, limit=args.limit)
        elif item.status == "unchanged":
            console.print(f"{item.file}: already loaded (same sha256, load {item.load_id}); "
                          "nothing changed")
        elif item.status == "loaded":
            console.print(f"{item.file}: loaded as load {item.load_id}: "
                          f"{item.rows_added:,} rows added, {item.rows_replaced:,} replaced, "
                          f"{item.rows_unchanged:,} unchanged; {item.report.summary()}")
    _audit_loads(settings, "load", result)
    if not result.ok:
        console.print("[red]Nothing was loaded: fix the errors above. The store is "
                      "unchanged.[/red]")
        return EXIT_ERRORS
    console.print(f"Store: {settings.store_path}")
    return EXIT_OK


def cli_actor() -> str:
    """Who ran a command: the operating-system user (the audit log's actor)."""
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):
        return "cli"


def _audit_loads(settings: Settings, action: str, result: object) -> None:
    """Every load (and every refused load) goes into the audit log."""
    from dashboard.accounts import Accounts

    accounts = Accounts(settings.accounts_path)
    for item in getattr(result, "files", []):
        accounts.audit(cli_actor(), action, str(item.file), {"status": item.status, "load_id": item.load_id,
                                        "rows_added": item.rows_added,
                                        "rows_replaced": item.rows_replaced,
                                        "errors": len(item.report.errors),
                                        "store": str(settings.store_path)})


def build_store(settings: Settings, quiet: bool = False) -> float:
    from dashboard.loader import build

    started = time.perf_counter()
    with Progress(TextColumn("[bold]Building store[/bold] {task.description}"), BarColumn(),
                  TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                  console=Console(stderr=True), disable=quiet) as progress:
        task = progress.add_task("", total=1)

        def step(name: str, n: int, total: int) -> None:
            progress.update(task, description=name, completed=n - 1, total=total)

        build(settings.store_path, settings.data_dir, progress=step,
              extra_steps=build_steps())
        progress.update(task, completed=progress.tasks[0].total, description="done")
    return time.perf_counter() - started


def build_steps() -> list:
    """Derived tables computed at build time by feature modules (comparisons, targets)."""
    steps = []
    try:
        from dashboard.derived import BUILD_STEPS
        steps.extend(BUILD_STEPS)
    except ImportError:
        pass
    return steps


def load_steps() -> list:
    """Derived tables re-computed after `placeboard load` (comparisons, suppressions)."""
    from dashboard.derived import LOAD_STEPS

    return list(LOAD_STEPS)


def cmd_build(args: argparse.Namespace) -> int:
    settings = Settings.from_env(store_path=args.store)
    try:
        seconds = build_store(settings, quiet=args.quiet)
    except UnreadableFile as exc:
        print(f"Build failed: {exc}. The previous store (if any) is unchanged.", file=sys.stderr)
        return EXIT_ERRORS
    from dashboard.accounts import Accounts

    Accounts(settings.accounts_path).audit(cli_actor(), "load", str(settings.data_dir),
                                           {"build": True, "store": str(settings.store_path),
                                            "seconds": round(seconds, 1)})
    print(f"Built {settings.store_path} in {seconds:.1f} s")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from dashboard.app import create_app

    settings = Settings.from_env(store_path=args.store)
    if not settings.store_path.exists() or args.rebuild:
        print(f"No store at {settings.store_path}: building it from {settings.data_dir}",
              file=sys.stderr)
        build_store(settings)
    app = create_app(settings)
    print(f"Placeboard at http://{args.host}:{args.port}/", file=sys.stderr)
    app.run(host=args.host, port=args.port, debug=args.debug)
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="placeboard", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)
    store_help = "store file (default: $PLACEBOARD_STORE or var/placeboard.duckdb)"

    check = sub.add_parser("check", help="validate files without loading them")
    load = sub.add_parser("load", help="validate and load files into the store")
    for p in (check, load):
        p.add_argument("files", nargs="+", metavar="FILE")
        p.add_argument("--store", help=store_help)
        p.add_argument("--code-column", help="boundaries: column holding GSS codes")
        p.add_argument("--name-column", help="boundaries: column holding area names")
        p.add_argument("--limit", type=int, default=20, help="findings shown per rule")
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
    serve.add_argument("--debug", action="store_true")
    serve.add_argument("--rebuild", action="store_true", help="rebuild the store first")
    serve.set_defaults(func=cmd_serve)

    import dashboard.targets_cli
    import dashboard.users_cli  # noqa: F401
    for add in EXTRA_COMMANDS:
        add(sub)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args_parser = parser()
    try:
        args = args_parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
