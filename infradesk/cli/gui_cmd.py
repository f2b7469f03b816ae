"""``infradesk`` / ``infradesk open FILE``: the desktop application."""

from __future__ import annotations

import argparse


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "open",
        help="open a workspace in the desktop application",
        description="Start the desktop application on a workspace file "
        "(created when it does not exist).",
    )
    parser.add_argument("file", help="workspace file (*.infradesk)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from infradesk.ui.app import run_app  # Qt is only loaded when the GUI is asked for

    return run_app(getattr(args, "file", None))
