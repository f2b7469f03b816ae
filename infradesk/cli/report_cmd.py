"""``infradesk report``: the weekly PDF status report of one project, headless; with
``--portfolio`` the portfolio report of every project of the workspace."""

from __future__ import annotations

import argparse
from pathlib import Path

from infradesk.cli.common import EXIT_OK, CliError
from infradesk.cli.parsers import add_report
from infradesk.cli.workspaces import project_id_by_name, workspace_at
from infradesk.errors import UserError
from infradesk.report.data import ALL_SECTIONS, ReportOptions
from infradesk.report.status_report import render_status_report
from infradesk.services.governance.portfolio_report import write_portfolio_report
from infradesk.services.preferences import load_preferences
from infradesk.services.status.report import gather_report_data


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """This command alone on a parser of one's own (a script that runs only the report);
    its arguments are defined with the others in :mod:`infradesk.cli.parsers`."""
    add_report(subparsers)


def run(args: argparse.Namespace) -> int:
    output = Path(args.output)
    if output.parent and not output.parent.exists():
        raise CliError(f"the folder {output.parent} does not exist")
    prefs = load_preferences()
    options = ReportOptions(
        page_size=args.page_size or prefs.page_size,
        sections=tuple(s for s in ALL_SECTIONS if s not in set(args.skip)),
        logo_path=args.logo,
        executive=args.executive,
    )
    if args.logo and not Path(args.logo).is_file():
        raise CliError(f"the logo file {args.logo} does not exist")
    if args.portfolio:
        return _run_portfolio(args, output, options)
    with workspace_at(args.workspace) as workspace:
        project_id = project_id_by_name(workspace, args.project)
        with workspace.read_session() as session:
            data = gather_report_data(session, project_id, args.as_of, options)
    if not data.manager:
        data.manager = prefs.pm_name  # the PM's name from Edit > Settings signs the report
    try:
        render_status_report(data, output, options)
    except (OSError, UserError) as error:  # a full disk, an unreadable logo (LogoError)
        raise CliError(f"cannot write {output}: {error}") from error
    print(f"Status report of {data.project!r} as of {data.as_of.isoformat()} written to {output}")
    return EXIT_OK


def _run_portfolio(args: argparse.Namespace, output: Path, options: ReportOptions) -> int:
    if args.project:
        raise CliError("--portfolio reports every project of the workspace: leave out --project")
    if args.skip:
        raise CliError(
            "--skip does not apply to --portfolio (each project gets its executive page)"
        )
    with workspace_at(args.workspace) as workspace:
        try:
            write_portfolio_report(workspace, output, today=args.as_of, options=options)
        except UserError as error:  # no project, a full disk, an unreadable logo
            raise CliError(str(error)) from error
    print(f"Portfolio report written to {output}")
    return EXIT_OK
