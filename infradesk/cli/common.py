"""Shared pieces of the command-line commands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from sqlalchemy import select

from infradesk.errors import UserError
from infradesk.model import Project
from infradesk.store.inspection import WorkspaceError, side_file
from infradesk.store.location import is_server_url
from infradesk.store.workspace import Workspace

EXIT_OK = 0
EXIT_PROBLEMS = 1  # problems in the file blocked rows
EXIT_REFUSED = 2  # a bad file, a bad workspace or bad arguments: nothing was done
EXIT_USAGE = EXIT_REFUSED
EXIT_INTERNAL = 3  # a bug: one line on stderr and a crash log

EXIT_CODES_HELP = """exit status:
  0  done
  1  problems in the file blocked rows (import: nothing written without --force)
  2  refused: a bad file, workspace or argument; nothing was changed
  3  internal error: one line on stderr naming a crash log with the details"""


class CliError(UserError):
    """An error to print on stderr; ``code`` is the exit status."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


def fail(message: str) -> int:
    print(f"infradesk: error: {message}", file=sys.stderr)
    return EXIT_USAGE


WORKSPACE_HELP = "workspace file, or a team workspace: postgresql://user@host/dbname"


def open_workspace(path: str | Path, create: bool = False) -> Workspace:
    """Open a workspace file (created when ``create`` and missing), or a team workspace named
    by a ``postgresql://`` URL (an empty database gets the schema: it is created either way).
    A refusal raises CliError (exit 2)."""
    if is_server_url(str(path)):
        try:
            return Workspace.open_location(str(path))
        except WorkspaceError as error:
            raise CliError(str(error)) from error
    path = Path(path).expanduser()
    try:
        if create:
            return Workspace.open_or_create(path)
        if not path.exists():
            raise CliError(f"workspace {path} does not exist")
        return Workspace.open(path)
    except WorkspaceError as error:
        raise CliError(str(error)) from error


def add_workspace_arguments(parser: argparse.ArgumentParser, project_help: str) -> None:
    """The ``--workspace/-w FILE|URL`` and ``--project/-p NAME`` options of a command that reads
    projects from a workspace; ``project_help`` says what leaving ``--project`` out means."""
    parser.add_argument("--workspace", "-w", required=True, help=WORKSPACE_HELP)
    parser.add_argument("--project", "-p", help=project_help)


@contextmanager
def workspace_at(path: str | Path, create: bool = False) -> Iterator[Workspace]:
    """:func:`open_workspace`, closed again when the block ends (also on an error).

    A workspace file created here is removed again when the block fails: a refused run
    leaves no new file behind. (A team workspace's database is the DBA's: its schema, once
    created, stays.)
    """
    created = create and not is_server_url(str(path)) and not Path(path).expanduser().exists()
    workspace = open_workspace(path, create)
    try:
        yield workspace
    except BaseException:
        with suppress(Exception):  # the first error is the one to report
            workspace.close()
        if created:
            for leftover in (workspace.path, *(side_file(workspace.path, s) for s in SIDES)):
                leftover.unlink(missing_ok=True)
        raise
    workspace.close()


SIDES = ("-wal", "-shm")


def require_writable(workspace: Workspace, what: str) -> None:
    """Refuse (exit 2) a command that writes when the workspace opened read-only."""
    if workspace.read_only and workspace.is_server:
        raise CliError(
            f"your login may not change the team workspace {workspace.title} (read-only); "
            f"{what}. Ask its owner for editing rights."
        )
    if workspace.read_only:
        if workspace.is_server:
            raise CliError(
                f"your login may not change the team workspace {workspace.title}; {what}. "
                "Ask its administrator for write rights or work on a copy."
            )
        raise CliError(
            f"the workspace {workspace.path} is read-only (file permissions); {what}. "
            "Make it writable or work on a copy."
        )


def refuse_server(location: str, command: str, instead: str) -> None:
    """Refuse (exit 2) a file-only command given a team workspace, saying what to do."""
    if is_server_url(location):
        raise CliError(
            f"{command} works on workspace files only, not on a team workspace; {instead}"
        )


def project_id_by_name(workspace: Workspace, name: str | None) -> int:
    """The named project, or the only one when no name is given."""
    with workspace.read_session() as session:
        projects = list(session.scalars(select(Project).order_by(Project.name)))
    if name is None:
        if len(projects) == 1:
            return projects[0].id
        if not projects:
            raise CliError("the workspace holds no project")
        names = ", ".join(repr(p.name) for p in projects)
        raise CliError(f"the workspace holds several projects; choose one with --project ({names})")
    for project in projects:
        if project.name == name:
            return project.id
    raise CliError(f"no project named {name!r} in the workspace")
