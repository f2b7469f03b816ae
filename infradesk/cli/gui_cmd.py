"""``infradesk`` / ``infradesk open FILE``: the desktop application."""

from __future__ import annotations

import argparse
import sys

from infradesk.desktop_libraries import desktop_libraries_problem

# Exit status when the GUI cannot start because the system lacks libraries (a refusal the user
# fixes by installing packages, like every other exit status 2).
MISSING_LIBRARIES_EXIT = 2


def run(args: argparse.Namespace) -> int:
    problem = desktop_libraries_problem()  # before Qt prints its generic plugin error
    if problem:
        print(problem, file=sys.stderr)
        return MISSING_LIBRARIES_EXIT
    # lazy: Qt is only loaded when the GUI is asked for (the one door from cli to ui)
    from infradesk.ui.app import run_app

    return run_app(getattr(args, "file", None))
