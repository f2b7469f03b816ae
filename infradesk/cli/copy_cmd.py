"""``infradesk copy SRC DST``: a whole workspace between a file and a team server, either way."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from infradesk.cli.common import EXIT_OK, CliError
from infradesk.cli.workspaces import open_workspace
from infradesk.store.inspection import WorkspaceError
from infradesk.store.location import ServerAddress, is_server_url


def shown(location: str) -> str:
    """How a location is printed: a URL without its password."""
    if is_server_url(location):
        try:
            return ServerAddress.parse(location).location
        except WorkspaceError:
            return location.split("://", 1)[0] + "://…"
    return str(Path(location).expanduser())


def check_target(target: str) -> None:
    """Refuse a target that cannot be new before the source is read."""
    if is_server_url(target):
        try:
            ServerAddress.parse(target)
        except WorkspaceError as error:
            raise CliError(str(error)) from error
        return
    path = Path(target).expanduser()
    if path.exists():
        raise CliError(f"{path} already exists; copy to a new file")
    if not path.parent.is_dir():
        raise CliError(f"the folder {path.parent} does not exist; create it first")


def run(args: argparse.Namespace) -> int:
    # lazy: only this command reads every table, --version and the others never need it
    from infradesk.store.copy import copy_workspace

    source_text, target_text = str(args.source), str(args.target)
    if not is_server_url(source_text) and not is_server_url(target_text):
        same = Path(source_text).expanduser().resolve() == Path(target_text).expanduser().resolve()
        if same:
            raise CliError("the source and the target are the same file")
    check_target(target_text)
    started = time.perf_counter()
    source = open_workspace(source_text)

    def progress(table: str, rows: int) -> None:
        print(f"  {table}: {rows} rows", file=sys.stderr, flush=True)

    try:
        counts = copy_workspace(source, target_text, progress)
    except WorkspaceError as error:
        raise CliError(f"nothing was copied: {error}") from error
    finally:
        source.close()
    rows = sum(counts.values())
    tables = sum(1 for count in counts.values() if count)
    seconds = time.perf_counter() - started
    print(
        f"Copied {rows} rows of {tables} tables to {shown(target_text)} in {seconds:.1f} s "
        "(same ids, version counters and audit)"
    )
    return EXIT_OK
