"""``infradesk runbook``: a cutover runbook's PDFs, headless (issue 19).

- ``infradesk runbook bridge -w FILE -p PROJECT --runbook NAME OUTDIR``: one bridge sheet per
  stream (``--run NAME``: the times of that run's forecast instead of the plan's).
- ``infradesk runbook pir -w FILE -p PROJECT --runbook NAME OUT.pdf``: the post-implementation
  report of the live run, else the latest run (``--run NAME`` chooses).
- ``infradesk runbook import -w FILE -p PROJECT CHECKLIST.xlsx|.csv``: a cutover checklist
  becomes a new runbook of the project (``--name``, ``--zone``, ``--window-start``); every
  problem is printed with its sheet, row and column, and an error writes nothing.
- ``infradesk runbook export -w FILE -p PROJECT --runbook NAME OUT.xlsx``: the runbook as a
  workbook (steps with their planned times, then every run's actuals).
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from infradesk.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    CliError,
)
from infradesk.cli.import_cmd import about_file, located
from infradesk.cli.workspaces import project_id_by_name, require_writable, workspace_at
from infradesk.interchange.problems import UnreadableFileError
from infradesk.services.runbooks.files import ImportRunbook, read_checklist, write_runbook_xlsx
from infradesk.services.runbooks.reports import write_bridge_sheets, write_pir
from infradesk.services.runbooks.rows import RunbookSummary, RunSummary
from infradesk.services.runbooks.view import list_runbooks, minutes_after, runbook_view
from infradesk.store.workspace import Workspace


def run_bridge(args: argparse.Namespace) -> int:
    with workspace_at(args.workspace) as workspace:
        runbook = _runbook(workspace, args.project, args.runbook)
        chosen = _run(runbook, args.run_name) if args.run_name else None
        try:
            paths = write_bridge_sheets(
                workspace, runbook.id, Path(args.outdir), chosen.id if chosen else None
            )
        except OSError as error:
            raise CliError(f"cannot write the bridge sheets in {args.outdir}: {error}") from error
    for path in paths:
        print(path)
    print(f"{len(paths)} bridge sheet(s) of {runbook.name!r} written to {args.outdir}")
    return EXIT_OK


def run_pir(args: argparse.Namespace) -> int:
    output = Path(args.output)
    if not output.parent.is_dir():
        raise CliError(f"the folder {output.parent} does not exist")
    with workspace_at(args.workspace) as workspace:
        runbook = _runbook(workspace, args.project, args.runbook)
        chosen = _run(runbook, args.run_name)
        try:
            write_pir(workspace, runbook.id, chosen.id, output)
        except OSError as error:
            raise CliError(f"cannot write {output}: {error}") from error
    print(f"Post-implementation report of {runbook.name!r} ({chosen.name}) written to {output}")
    return EXIT_OK


def _runbook(workspace: Workspace, project: str | None, name: str | None) -> RunbookSummary:
    """The named runbook of the project, or its only one."""
    runbooks = list_runbooks(workspace, project_id_by_name(workspace, project))
    if not runbooks:
        raise CliError("the project has no runbook")
    if name is None:
        if len(runbooks) == 1:
            return runbooks[0]
        names = ", ".join(repr(r.name) for r in runbooks)
        raise CliError(f"the project has several runbooks; choose one with --runbook ({names})")
    for runbook in runbooks:
        if runbook.name == name:
            return runbook
    names = ", ".join(repr(r.name) for r in runbooks)
    raise CliError(f"no runbook named {name!r} in the project (it has {names})")


def _run(runbook: RunbookSummary, name: str | None) -> RunSummary:
    """The named run; without a name the live run, else the latest."""
    if not runbook.runs:
        raise CliError(f"the runbook {runbook.name!r} has no run yet (rehearsal or live)")
    if name is None:
        live = [r for r in runbook.runs if r.mode == "live"]
        return live[-1] if live else runbook.runs[-1]
    for run in runbook.runs:
        if run.name == name:
            return run
    names = ", ".join(repr(r.name) for r in runbook.runs)
    raise CliError(f"no run named {name!r} in the runbook {runbook.name!r} (it has {names})")


def run_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    window = None
    if args.window_start:
        try:
            window = datetime.fromisoformat(args.window_start)
        except ValueError as error:
            raise CliError(f"--window-start {args.window_start!r} is not a date and time "
                           "(YYYY-MM-DD HH:MM)", EXIT_USAGE) from error
    name = args.name or path.stem
    try:
        result = read_checklist(path, name, args.zone, window)
    except UnreadableFileError as error:
        raise CliError(about_file(str(path), str(error)), EXIT_USAGE) from error
    for note in result.notes:
        print(f"note: {note}")
    for problem in result.problems:
        print(f"{problem.severity}: {located(problem, path.name, csv=path.suffix == '.csv')}")
    if result.errors:
        print(f"{len(result.errors)} error(s): nothing was written.")
        return EXIT_PROBLEMS
    with workspace_at(args.workspace) as workspace:
        require_writable(workspace, "import a runbook")
        command = ImportRunbook(project_id_by_name(workspace, args.project), result.runbook)
        command.apply(workspace)
        assert command.runbook_id is not None
        view = runbook_view(workspace, command.runbook_id)
    hours, minutes = divmod(minutes_after(view.planned_end, view.origin), 60)
    print(f"Runbook {view.summary.name!r}: {len(view.steps)} steps in "
          f"{len(view.summary.streams)} streams, planned {hours} h {minutes:02d} "
          f"from {view.origin:%Y-%m-%d %H:%M %Z}")
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    output = Path(args.output)
    if not output.parent.is_dir():
        raise CliError(f"the folder {output.parent} does not exist")
    with workspace_at(args.workspace) as workspace:
        runbook = _runbook(workspace, args.project, args.runbook)
        try:
            write_runbook_xlsx(workspace, runbook.id, output)
        except OSError as error:
            raise CliError(f"cannot write {output}: {error}") from error
    print(f"Runbook {runbook.name!r} written to {output}")
    return EXIT_OK
