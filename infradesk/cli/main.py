"""The ``infradesk`` command: the GUI by default, headless subcommands for scripts.

Exit status (the same for every command, listed in each one's ``--help``): 0 done, 1 problems
in the file blocked rows, 2 refused (any :class:`~infradesk.errors.UserError`, and argparse's
own usage errors), 3 internal error -- one line naming a crash log, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from infradesk import __version__
from infradesk.cli.common import EXIT_CODES_HELP, EXIT_INTERNAL, EXIT_REFUSED, CliError, fail
from infradesk.cli.parsers import COMMANDS, Deferred
from infradesk.errors import UserError

log = logging.getLogger(__name__)  # under "infradesk", as logging_setup.get_logger names it

# Without a command: the desktop application on the default workspace.
OPEN_DEFAULT = Deferred("gui_cmd")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="infradesk",
        description="InfraDesk: plan, track and report IT infrastructure projects, offline. "
        "Without a command, the desktop application opens on the default workspace.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"InfraDesk {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for add_command in COMMANDS:
        add_command(subparsers)
    for subparser in subparsers.choices.values():
        subparser.epilog = EXIT_CODES_HELP
        subparser.formatter_class = argparse.RawDescriptionHelpFormatter
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run = getattr(args, "run", None)
    # lazy: the log file is set up for a command that runs; --version and --help need none
    from infradesk.logging_setup import logging_is_set_up, setup_logging, teardown_logging

    own_log = not logging_is_set_up()  # a test may call main() inside a set-up process
    setup_logging()
    try:
        return int((run or OPEN_DEFAULT)(args))
    except CliError as error:
        return refused(f"{error}", error.code)
    except UserError as error:
        return refused(f"{error}", EXIT_REFUSED)
    except KeyboardInterrupt:
        return fail("interrupted")
    except Exception as error:
        return internal_error(error, argv)
    finally:
        if own_log:
            teardown_logging()


def refused(message: str, code: int) -> int:
    log.warning("refused (exit %d): %s", code, message)
    print(f"infradesk: error: {message}", file=sys.stderr)
    return code


def internal_error(error: Exception, argv: Sequence[str] | None) -> int:
    """One line for the user, the traceback in a crash log."""
    # lazy: only a crash writes a crash log
    from infradesk.crash_log import write_crash_log

    words = list(sys.argv[1:] if argv is None else argv)
    crash = write_crash_log(
        type(error), error, error.__traceback__, context="infradesk " + " ".join(words)
    )
    message = " ".join(str(error).split()) or "(no message)"
    log.error(
        "internal error in infradesk %s: %s",
        " ".join(words),
        message,
        exc_info=(type(error), error, error.__traceback__),
    )
    where = f"details in {crash}" if crash else "no crash log could be written"
    print(f"infradesk: internal error: {type(error).__name__}: {message}; {where}", file=sys.stderr)
    return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
