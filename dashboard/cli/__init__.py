"""The `placeboard` command: one module per command group, registered from a table.

- `data`: check and load files, build the store, serve the dashboard;
- `targets`: partnerships' targets, board packs and returns;
- `users`: accounts, access levels and the audit log;
- `tokens`: personal API tokens.

Each group module defines `add_commands(subparsers)`; `common` holds what they share.
The cli sits on top of every other package and nothing imports it.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from dashboard.cli import data, submissions, targets, tokens, users
from dashboard.cli.common import EXIT_OK, EXIT_USAGE

GROUPS = (data, targets, users, tokens, submissions)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="placeboard", description="placeboard serve | build | load | check "
        "(and feature commands: targets, export, users, access, audit, tokens, submissions)")
    sub = top.add_subparsers(dest="command", required=True)
    for group in GROUPS:
        group.add_commands(sub)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args_parser = parser()
    try:
        args = args_parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    return int(args.func(args))
