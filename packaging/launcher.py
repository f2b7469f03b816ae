"""Entry point of the frozen application (PyInstaller runs this file as ``__main__``).

It makes a double-clicked workspace work the same on every platform: file managers start the
program as ``InfraDesk FILE`` (Windows Explorer, Linux ``%f``) while the command line expects
``infradesk open FILE``; macOS adds a ``-psn_...`` process serial number on old systems. A
windowed Windows build has no console, so ``sys.stdout`` may be ``None``; printing then goes to
the null device instead of failing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

WORKSPACE_SUFFIX = ".infradesk"


def normalise_argv(argv: list[str], commands: set[str]) -> list[str]:
    """``[FILE]`` -> ``["open", FILE]`` for a workspace file; everything else unchanged."""
    args = [arg for arg in argv if not arg.startswith("-psn_")]
    if len(args) == 1 and not args[0].startswith("-") and args[0] not in commands:
        candidate = Path(args[0])
        if candidate.suffix.lower() == WORKSPACE_SUFFIX or candidate.is_file():
            return ["open", args[0]]
    return args


def _command_names() -> set[str]:
    from argparse import _SubParsersAction

    from infradesk.cli.main import build_parser

    names: set[str] = set()
    for action in build_parser()._actions:
        if isinstance(action, _SubParsersAction):
            names.update(action.choices)
    return names


def run() -> int:
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:  # windowed build without a console
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    from infradesk.cli.main import main

    return main(normalise_argv(sys.argv[1:], _command_names()))


if __name__ == "__main__":
    sys.exit(run())
