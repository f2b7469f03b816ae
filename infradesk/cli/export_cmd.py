"""``infradesk export``: write a workspace's projects as JSON (more formats plug in here)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from infradesk.cli.common import EXIT_OK, CliError
from infradesk.cli.workspaces import project_id_by_name, workspace_at
from infradesk.interchange.document import Document
from infradesk.services.documents.io import workspace_document
from infradesk.services.documents.json_export import workspace_json
from infradesk.services.documents.plan import DocumentError


def _write_xlsx(document: Document, path: Path) -> None:
    # lazy: openpyxl's writer costs start-up time to every other command
    from infradesk.interchange.xlsx_export import write_workbook

    write_workbook(document, path)


def _write_mspdi(document: Document, path: Path) -> None:
    # lazy: only an MS Project export needs the XML writer
    from infradesk.interchange.mspdi import write_mspdi

    if len(document.projects) != 1:
        names = ", ".join(repr(p.name) for p in document.projects)
        raise CliError(f"an MS Project file holds one project; choose one with --project ({names})")
    write_mspdi(document, path)


# format name -> writer(document, output path); JSON is written here.
WRITERS: dict[str, Callable[[Document, Path], None]] = {
    "xlsx": _write_xlsx,
    "mspdi": _write_mspdi,
}


def check_output_folder(output: Path) -> None:
    """Refuse (exit 2) an output whose folder is missing, before any work is done."""
    folder = output.expanduser().parent
    if not folder.is_dir():
        raise CliError(f"the folder {folder} does not exist; create it first or choose another")
    if output.is_dir():
        raise CliError(f"{output} is a folder; give a file name")


def _write(write: Callable[[Path], object], path: Path) -> None:
    try:
        write(path)
    except OSError as error:
        raise CliError(f"cannot write {path}: {error.strerror or error}") from error


def _write_parts(parts: list[str], path: Path) -> None:
    """The text's parts one after the other (a 100,000-task export is 130 MB: never
    joined), then the final line end."""
    with path.open("w", encoding="utf-8") as out:
        out.writelines(parts)
        out.write("\n")


def run(args: argparse.Namespace) -> int:
    if args.output != "-":
        check_output_folder(Path(args.output))
    names = [args.project] if args.project else None
    with workspace_at(args.workspace) as workspace:
        if args.project is not None:
            project_id_by_name(workspace, args.project)
        with workspace.read_session() as session:
            try:
                if args.format == "json":
                    # the text of json.dumps(utf8_safe(document_to_json(document)), indent=2)
                    # written from the stored columns (json_export)
                    parts, count = workspace_json(session, names)
                else:
                    document = workspace_document(session, names)
                    count = len(document.projects)
            except DocumentError as error:
                raise CliError(str(error)) from error
    if args.format == "json":
        if args.output == "-":
            sys.stdout.writelines(parts)
            sys.stdout.write("\n")
        else:
            _write(lambda path: _write_parts(parts, path), Path(args.output))
    else:
        if args.output == "-":
            raise CliError(f"--format {args.format} cannot be written to stdout; give a file")
        _write(lambda path: WRITERS[args.format](document, path), Path(args.output))
    if args.output != "-":
        print(f"Exported {count} project(s) to {args.output}")
    return EXIT_OK
