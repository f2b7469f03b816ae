"""The ``infradesk`` command: the GUI by default, headless subcommands for scripts."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from infradesk import __version__
from infradesk.cli import demo_cmd, export_cmd, gui_cmd, import_cmd, report_cmd
from infradesk.cli.common import CliError, fail

COMMANDS = [gui_cmd, demo_cmd, import_cmd, export_cmd, report_cmd]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="infradesk",
        description="InfraDesk: plan, track and report IT infrastructure projects, offline. "
        "Without a command, the desktop application opens on the default workspace.",
    )
    parser.add_argument("--version", action="version", version=f"InfraDesk {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run = getattr(args, "run", None)
    try:
        if run is None:
            return gui_cmd.run(args)
        return int(run(args))
    except CliError as error:
        print(f"infradesk: error: {error}", file=sys.stderr)
        return error.code
    except KeyboardInterrupt:
        return fail("interrupted")


if __name__ == "__main__":
    sys.exit(main())
