"""Opening the workspace a command names: a file or a team workspace's URL, refusals worded
for the command line (exit 2), a file created by a refused run removed again."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from sqlalchemy import select

from infradesk.cli.common import CliError
from infradesk.model import Project
from infradesk.store.inspection import WorkspaceError, side_file
from infradesk.store.location import is_server_url
from infradesk.store.workspace import Workspace


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
