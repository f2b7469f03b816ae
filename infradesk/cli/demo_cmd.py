"""``infradesk demo --workspace FILE``: a workspace holding the demo project."""

from __future__ import annotations

import argparse

from infradesk.cli.common import EXIT_OK
from infradesk.cli.workspaces import require_writable, workspace_at
from infradesk.services.demo.seed import create_demo_project


def run(args: argparse.Namespace) -> int:
    with workspace_at(args.workspace, create=True) as workspace:
        require_writable(workspace, "nothing was written")
        with workspace.session() as session:
            create_demo_project(session)
        where = workspace.location
    print(f"Demo project written to {where}")
    return EXIT_OK
