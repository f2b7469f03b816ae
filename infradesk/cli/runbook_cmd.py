"""``infradesk runbook``: a cutover runbook's PDFs, headless (issue 19).

- ``infradesk runbook bridge -w FILE -p PROJECT --runbook NAME OUTDIR``: one bridge sheet per
  stream (``--run NAME``: the times of that run's forecast instead of the plan's).
- ``infradesk runbook pir -w FILE -p PROJECT --runbook NAME OUT.pdf``: the post-implementation
  report of the live run, else the latest run (``--run NAME`` chooses).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from infradesk.cli.common import (
    EXIT_CODES_HELP,
    EXIT_OK,
    CliError,
    add_workspace_arguments,
    project_id_by_name,
    workspace_at,
)
from infradesk.services.runbooks.reports import write_bridge_sheets, write_pir
from infradesk.services.runbooks.rows import RunbookSummary, RunSummary
from infradesk.services.runbooks.view import list_runbooks
from infradesk.store.workspace import Workspace


def add_parser(subparsers: argparse._SubParsersAction) -> None:
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
    _common(bridge, "the run whose forecast times the sheets (default: the plan)")
    bridge.add_argument("outdir", metavar="OUTDIR", help="the folder to write the PDFs in")
    bridge.set_defaults(run=run_bridge)
    pir = actions.add_parser(
        "pir",
        help="write the post-implementation report of a run",
        description="Write the post-implementation report (PDF) of the live run, else of the "
        "latest run.",
    )
    _common(pir, "the run to report on (default: the live run, else the latest)")
    pir.add_argument("output", metavar="OUT.pdf", help="the PDF file to write")
    pir.set_defaults(run=run_pir)
    for action in (bridge, pir):
        action.epilog = EXIT_CODES_HELP
        action.formatter_class = argparse.RawDescriptionHelpFormatter


def _common(parser: argparse.ArgumentParser, run_help: str) -> None:
    add_workspace_arguments(parser, "project name (needed when there are several)")
    parser.add_argument("--runbook", "-r", help="runbook name (needed when there are several)")
    parser.add_argument("--run", dest="run_name", metavar="NAME", help=run_help)


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
