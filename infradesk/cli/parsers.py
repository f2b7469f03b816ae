"""Every command's arguments: the grammar of the ``infradesk`` command line.

It is kept apart from what the commands do so that parsing costs only argparse: a command's
module (``export_cmd``, ``report_cmd``...), with SQLAlchemy, the models and whatever that
command needs, is imported when the command runs (:class:`Deferred`), never for
``--version``, ``--help`` or another command.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from datetime import date

from infradesk.cli.common import EXIT_CODES_HELP, WORKSPACE_HELP, add_workspace_arguments
from infradesk.report.section_names import ALL_SECTIONS

# The formats ``export`` writes (export_cmd.WRITERS holds the writers; a test checks both agree)
EXPORT_FORMATS = ("json", "mspdi", "xlsx")


class Deferred:
    """A command's ``run`` function, imported from its module when the command runs.

    Looked up at every call, so that replacing ``<module>.run`` (a test) is seen. (A plain
    class: ``dataclasses`` alone would cost ``--version`` a tenth of its time.)"""

    __slots__ = ("function", "module")

    def __init__(self, module: str, function: str = "run") -> None:
        self.module = module  # a module of infradesk.cli
        self.function = function

    def __repr__(self) -> str:
        return f"Deferred({self.module!r}, {self.function!r})"

    def __call__(self, args: argparse.Namespace) -> int:
        module = importlib.import_module(f"infradesk.cli.{self.module}")
        run: Callable[[argparse.Namespace], int] = getattr(module, self.function)
        return run(args)


def add_open(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "open",
        help="open a workspace in the desktop application",
        description="Start the desktop application on a workspace file "
        "(created when it does not exist) or a team workspace on a PostgreSQL server "
        "(postgresql://user@host/dbname; the password comes from PGPASSWORD or ~/.pgpass).",
    )
    parser.add_argument(
        "file", help="workspace file (*.infradesk) or postgresql://user@host/dbname"
    )
    parser.set_defaults(run=Deferred("gui_cmd"))


def add_demo(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="create a workspace holding the demo data-center migration",
        description="Add the demo project (a data-center migration) to a workspace, "
        "creating the workspace file when it does not exist (a team workspace's empty "
        "database gets the schema).",
    )
    parser.add_argument("--workspace", "-w", required=True, help=WORKSPACE_HELP)
    parser.set_defaults(run=Deferred("demo_cmd"))


def add_import(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import a plan, risk log or vendor list (JSON, Excel, CSV, MS Project XML, ...)",
        description="Read FILE, print what was found and every problem, then write it into "
        "the workspace in one transaction (the workspace is created when it does not exist). "
        "With --force, rows that have errors are skipped and the rest is imported; a file in "
        "which nothing is left to import is refused and no workspace is created.",
    )
    parser.add_argument("file", help="file to import")
    parser.add_argument("--workspace", "-w", required=True, help=WORKSPACE_HELP)
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--project", "-p", help="name of the new project")
    target.add_argument("--update", metavar="NAME", help="update this existing project instead")
    parser.add_argument(
        "--sheet",
        help="only read this sheet of a workbook (a plan sheet brings its resource and "
        "assignment sheets); needed when several sheets hold a plan of similar completeness",
    )
    parser.add_argument("--dry-run", action="store_true", help="report only, write nothing")
    parser.add_argument(
        "--force", action="store_true", help="import the other rows when some rows have errors"
    )
    parser.set_defaults(run=Deferred("import_cmd"))


def add_export(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export projects as JSON, Excel (xlsx) or MS Project XML (mspdi)",
        description="Export the workspace's projects. JSON is described in "
        "docs/json-format.md; xlsx writes Tasks, Risks, Vendors... sheets; mspdi writes an "
        "MS Project XML file of one project.",
    )
    add_workspace_arguments(parser, "project name (default: every project)")
    parser.add_argument(
        "--format", "-f", default="json", choices=list(EXPORT_FORMATS), help="output format"
    )
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        help="output file, or - for stdout (JSON only); its folder must exist (it is not "
        "created, so that a mistyped path is reported instead of filled)",
    )
    parser.set_defaults(run=Deferred("export_cmd"))


def add_report(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write the weekly PDF status report of a project",
        description="Write a project's weekly status report as a PDF. It uses the status "
        "update saved for the as-of date when there is one, else the ratings suggested by the "
        "data. With --portfolio: one overview page of every project of the workspace, then "
        "each project's executive page.",
    )
    add_workspace_arguments(parser, "project name (needed when there are several)")
    parser.add_argument(
        "--as-of",
        type=_parse_date,
        help="reporting date YYYY-MM-DD (default: the project's status date, else today)",
    )
    parser.add_argument(
        "--page-size",
        type=_page_size,
        help="A4 or Letter (default: the page size chosen in Edit > Settings, else A4)",
    )
    parser.add_argument("--executive", action="store_true", help="the one-page executive variant")
    parser.add_argument(
        "--portfolio",
        action="store_true",
        help="the portfolio report: every project of the workspace (with --as-of: the day "
        "overdue actions and freeze windows ahead are counted from; default today)",
    )
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=ALL_SECTIONS,
        metavar="SECTION",
        help=f"leave a section out (repeatable): {', '.join(ALL_SECTIONS)}",
    )
    parser.add_argument("--logo", help="an image (PNG or JPEG) for the page header")
    parser.add_argument("-o", "--output", required=True, help="the PDF file to write")
    parser.set_defaults(run=Deferred("report_cmd"))


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (use YYYY-MM-DD)") from None


def _page_size(text: str) -> str:
    normal = {"a4": "A4", "letter": "Letter"}.get(text.strip().lower())
    if normal is None:
        raise argparse.ArgumentTypeError(f"'{text}' is not a page size (use A4 or Letter)")
    return normal


def add_runbook(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "runbook",
        help="print a cutover runbook's bridge sheets or post-implementation report",
        description="A cutover runbook's PDFs: the bridge sheets (one per stream, to tick in "
        "the data hall) or the post-implementation report of a run.",
    )
    actions = parser.add_subparsers(title="actions", required=True)
    bridge = actions.add_parser(
        "bridge",
        help="write one bridge sheet PDF per stream into a folder",
        description="Write one bridge sheet PDF per stream of the runbook into OUTDIR "
        "(created when missing).",
    )
    _runbook_common(bridge, "the run whose forecast times the sheets (default: the plan)")
    bridge.add_argument("outdir", metavar="OUTDIR", help="the folder to write the PDFs in")
    bridge.set_defaults(run=Deferred("runbook_cmd", "run_bridge"))
    pir = actions.add_parser(
        "pir",
        help="write the post-implementation report of a run",
        description="Write the post-implementation report (PDF) of the live run, else of the "
        "latest run.",
    )
    _runbook_common(pir, "the run to report on (default: the live run, else the latest)")
    pir.add_argument("output", metavar="OUT.pdf", help="the PDF file to write")
    pir.set_defaults(run=Deferred("runbook_cmd", "run_pir"))
    read = actions.add_parser(
        "import",
        help="read a cutover checklist (.xlsx or .csv) into a new runbook",
        description="Read a cutover checklist (ID, step, stream, duration, predecessors, "
        "owner, fixed time...) and store it as a new runbook of the project. Problems are "
        "printed with their sheet, row and column; an error writes nothing.",
    )
    add_workspace_arguments(read, "project name (needed when there are several)")
    read.add_argument("file", metavar="CHECKLIST", help="the .xlsx or .csv checklist")
    read.add_argument("--name", help="the runbook's name (default: the file's name)")
    read.add_argument(
        "--zone",
        default="UTC",
        help="the time zone of the checklist's times (IANA name or CET, BST...)",
    )
    read.add_argument(
        "--window-start",
        metavar="'YYYY-MM-DD HH:MM'",
        help="the maintenance window's start, in that zone (default: the "
        "earliest full date-time of the checklist)",
    )
    read.set_defaults(run=Deferred("runbook_cmd", "run_import"))
    write = actions.add_parser(
        "export",
        help="write a runbook as an Excel workbook",
        description="Write the runbook's steps with their planned times, then every run's "
        "actuals, to an .xlsx workbook that `infradesk runbook import` reads back.",
    )
    _runbook_common(write, "unused")
    write.add_argument("output", metavar="OUT.xlsx", help="the workbook to write")
    write.set_defaults(run=Deferred("runbook_cmd", "run_export"))
    for action in (bridge, pir, read, write):
        action.epilog = EXIT_CODES_HELP
        action.formatter_class = argparse.RawDescriptionHelpFormatter


def _runbook_common(parser: argparse.ArgumentParser, run_help: str) -> None:
    add_workspace_arguments(parser, "project name (needed when there are several)")
    parser.add_argument("--runbook", "-r", help="runbook name (needed when there are several)")
    parser.add_argument("--run", dest="run_name", metavar="NAME", help=run_help)


def add_restore(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "restore",
        help="restore a workspace from one of its backups (or --list them)",
        description="Replace the workspace with one of the backups kept next to it. The "
        "current file, with its -wal and -shm, is kept as a 'before-restore' backup, so a "
        "restore can itself be undone; the workspace must not be open in another InfraDesk. "
        "Never copy a backup over a workspace by hand: a leftover -wal file would bring the "
        "later edits back.",
    )
    parser.add_argument("backup", nargs="?", help="the backup file to restore")
    parser.add_argument("--workspace", "-w", required=True, help="workspace file")
    parser.add_argument(
        "--list", action="store_true", help="list the workspace's backups, newest first"
    )
    parser.set_defaults(run=Deferred("restore_cmd"))


def add_copy(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "copy",
        help="copy a whole workspace: file to team server (PostgreSQL), server to file",
        description="Copy every row of a workspace into a new one, keeping ids, version "
        "counters and the audit: a file to a team workspace (an empty PostgreSQL database, "
        "given as postgresql://user@host/dbname), a team workspace to a new file, or file to "
        "file. The target must be new: a file that does not exist, or a database without "
        "projects; a failed copy leaves no file and writes nothing to the database. "
        "Passwords come from PGPASSWORD or ~/.pgpass.",
    )
    parser.add_argument("source", metavar="SRC", help="workspace file or postgresql:// URL")
    parser.add_argument("target", metavar="DST", help="new workspace file or postgresql:// URL")
    parser.set_defaults(run=Deferred("copy_cmd"))


# The commands in the order ``infradesk --help`` lists them.
COMMANDS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (
    add_open,
    add_demo,
    add_import,
    add_export,
    add_report,
    add_runbook,
    add_restore,
    add_copy,
)
