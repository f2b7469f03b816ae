"""Shared pieces of the command-line commands that cost nothing to import: the exit codes,
the refusal every command raises and the workspace options (opening a workspace is
:mod:`infradesk.cli.workspaces`)."""

from __future__ import annotations

import argparse
import sys

from infradesk.errors import UserError

EXIT_OK = 0
EXIT_PROBLEMS = 1  # problems in the file blocked rows
EXIT_REFUSED = 2  # a bad file, a bad workspace or bad arguments: nothing was done
EXIT_USAGE = EXIT_REFUSED
EXIT_INTERNAL = 3  # a bug: one line on stderr and a crash log

EXIT_CODES_HELP = """exit status:
  0  done
  1  problems in the file blocked rows (import: nothing written without --force)
  2  refused: a bad file, workspace or argument; nothing was changed
  3  internal error: one line on stderr naming a crash log with the details"""


class CliError(UserError):
    """An error to print on stderr; ``code`` is the exit status."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


def fail(message: str) -> int:
    print(f"infradesk: error: {message}", file=sys.stderr)
    return EXIT_USAGE


WORKSPACE_HELP = "workspace file, or a team workspace: postgresql://user@host/dbname"


def add_workspace_arguments(parser: argparse.ArgumentParser, project_help: str) -> None:
    """The ``--workspace/-w FILE|URL`` and ``--project/-p NAME`` options of a command that reads
    projects from a workspace; ``project_help`` says what leaving ``--project`` out means."""
    parser.add_argument("--workspace", "-w", required=True, help=WORKSPACE_HELP)
    parser.add_argument("--project", "-p", help=project_help)
