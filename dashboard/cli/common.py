"""What every command shares: exit codes, the console it prints with, quality reports
as text, and who ran it (for the audit log)."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TextIO

from rich.console import Console
from rich.markup import escape

from dashboard.common.config import Settings
from dashboard.methods.quality import RULE_TITLES, QualityReport
from dashboard.security.accounts import Accounts

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
ACCOUNTS_HELP = ("accounts database: a SQLite file or a postgresql+psycopg:// URL "
                 "(default: $PLACEBOARD_ACCOUNTS_URL, else $PLACEBOARD_ACCOUNTS or "
                 "var/placeboard-accounts.sqlite)")


def console(stream: TextIO | None = None, **options: object) -> Console:
    """The console every command prints with. Emoji codes are off, because file names and
    values come from files: ':x:' must print as typed, not as an emoji. Interpolate such
    text through `escape` (or print it with markup=False) so '[red]' is not markup."""
    return Console(file=stream or sys.stdout, highlight=False, soft_wrap=True, emoji=False,
                   **options)  # type: ignore[arg-type]


def printable(text: str) -> str:
    """Text from files with control characters shown as escapes: Rich does not strip ESC,
    so a note holding '\\x1b[2J' would otherwise clear the data manager's terminal."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def print_report(console: Console, report: QualityReport, limit: int = 20,
                 titles: dict[str, str] | None = None) -> None:
    """Grouped, counted findings with file, line, column, value and what was expected."""
    titles = RULE_TITLES if titles is None else titles
    style = "green" if report.ok and not report.warnings else ("yellow" if report.ok else "red")
    console.print(f"[bold]{escape(printable(report.file))}[/bold]: "
                  f"[{style}]{report.summary()}[/{style}]")
    groups: dict[tuple[str, str], list] = {}
    for finding in report.findings:
        groups.setdefault((finding.severity, finding.rule), []).append(finding)
    for (severity, rule), findings in sorted(groups.items()):
        console.print(f"  {severity.upper()} {titles.get(rule, rule)}: {len(findings):,}",
                      markup=False)
        for finding in findings[:limit]:
            console.print(f"    {printable(finding.text())}", markup=False)
        if len(findings) > limit:
            console.print(f"    ... and {len(findings) - limit:,} more (use --json for all)",
                          markup=False)


def cli_actor() -> str:
    """Who ran a command: the operating-system user (the audit log's actor)."""
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):
        return "cli"


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def wide_console() -> Console:
    """`console`, wide when piped (to a file, grep, a test), so table rows are not wrapped
    mid-word."""
    return console(width=None if sys.stdout.isatty() else 200)


def refuse(message: str) -> None:
    """A refusal on standard error; names and ids in it are as typed: escaped, never read
    as markup."""
    console(sys.stderr).print(f"[red]Refused:[/red] {escape(message)}")


def accounts_of(args: argparse.Namespace) -> Accounts:
    """The accounts database a command's --accounts (or the environment) names."""
    return Accounts(Settings.from_env(accounts_path=args.accounts).accounts_database)
