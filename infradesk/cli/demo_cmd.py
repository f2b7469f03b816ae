"""``infradesk demo --workspace FILE``: a workspace holding the demo project."""

from __future__ import annotations

import argparse

from infradesk.cli.common import EXIT_OK, WORKSPACE_HELP, require_writable, workspace_at
from infradesk.services.demo.seed import create_demo_project


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="create a workspace holding the demo data-center migration",
        description="Add the demo project (a data-center migration) to a workspace, "
        "creating the workspace file when it does not exist (a team workspace's empty "
        "database gets the schema).",
    )
    parser.add_argument("--workspace", "-w", required=True, help=WORKSPACE_HELP)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with workspace_at(args.workspace, create=True) as workspace:
        require_writable(workspace, "nothing was written")
        with workspace.session() as session:
            create_demo_project(session)
        where = workspace.location
    print(f"Demo project written to {where}")
    return EXIT_OK
