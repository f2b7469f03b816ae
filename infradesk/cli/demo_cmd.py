"""``infradesk demo --workspace FILE``: a workspace holding the demo project."""

from __future__ import annotations

import argparse

from infradesk.cli.common import EXIT_OK, workspace_at
from infradesk.services.demo.seed import create_demo_project


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="create a workspace holding the demo data-center migration",
        description="Add the demo project (a data-center migration) to a workspace, "
        "creating the workspace file when it does not exist.",
    )
    parser.add_argument("--workspace", "-w", required=True, help="workspace file")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with workspace_at(args.workspace, create=True) as workspace, workspace.session() as session:
        create_demo_project(session)
    print(f"Demo project written to {args.workspace}")
    return EXIT_OK
