"""``infradesk import FILE``: plans, risk logs and vendor lists into a workspace."""

from __future__ import annotations

import argparse
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from infradesk.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, CliError
from infradesk.cli.workspaces import project_id_by_name, require_writable, workspace_at
from infradesk.errors import UserError
from infradesk.interchange.document import Document
from infradesk.interchange.problems import ImportResult, Problem, UnreadableFileError
from infradesk.interchange.readers import read_any
from infradesk.interchange.sheet_hint import worded_notes
from infradesk.schedule.gc_pause import gc_paused
from infradesk.services.documents.io import check_document, import_document
from infradesk.services.documents.plan import DocumentError
from infradesk.store.inspection import WorkspaceError
from infradesk.store.workspace import Workspace


def print_result(result: ImportResult, label: str = "", *, csv: bool = False) -> None:
    """The notes, then every problem as ``severity: FILE, Sheet!C2: message``."""
    for note in worded_notes(result.notes, sheet_options):
        print(note)
    for problem in result.problems:
        print(f"{problem.severity}: {located(problem, label, csv=csv)}")
    errors, warnings_ = len(result.errors), len(result.warnings)
    print(f"{errors} error(s), {warnings_} warning(s)")


def sheet_options(others: tuple[str, ...]) -> str:
    """How the CLI chooses another sheet: ``Choose another with --sheet "Copy".``"""
    return "Choose another with " + " or ".join(f'--sheet "{name}"' for name in others) + "."


def located(problem: Problem, label: str, *, csv: bool = False) -> str:
    """``plan.xlsx, Tasks!D2: '150' is more than 100%``: the file, the place, the message.

    A CSV file has one "sheet" named after the file, so only its cell is shown there."""
    where = problem.location
    if csv and problem.sheet:
        where = Problem(problem.message, problem.severity, None, problem.row,
                        problem.column).location  # fmt: skip
    if not label:
        return f"{where}: {problem.message}" if where else problem.message
    return f"{label}, {where}: {problem.message}" if where else f"{label}: {problem.message}"


def about_file(label: str, message: str) -> str:
    """``plan.json: message``, unless the message already names the file."""
    if Path(label).name in message:
        return message
    return f"{label}: {message}"


_FOR_DEVELOPERS = (DeprecationWarning, PendingDeprecationWarning, ResourceWarning)


@contextmanager
def library_warnings_as_problems(result_problems: list[Problem]) -> Iterator[None]:
    """Keep library warnings (openpyxl's, with a path inside the venv) out of the output; each
    distinct one becomes a warning of the import instead."""
    with warnings.catch_warnings(record=True) as caught:  # the usual filters still apply
        yield
    seen: set[str] = set()
    for item in caught:
        if issubclass(item.category, _FOR_DEVELOPERS):
            continue
        text = " ".join(str(item.message).split())
        if text and text not in seen:
            seen.add(text)
            result_problems.append(Problem(text, "warning"))


def run(args: argparse.Namespace) -> int:
    """Every refusal names the imported file (as typed), so it can be found in a long log."""
    label = str(args.file)
    try:
        # the collector paused for the whole command: the plan read and then written is
        # millions of objects and no cycles; once the reader's own pause ended, each
        # collection would walk them all again (~1 s at 100,000 tasks, measured)
        with gc_paused():
            return _run(args, label)
    except CliError as error:
        raise CliError(about_file(label, str(error)), error.code) from error
    except UserError as error:  # a reader's or a check's own refusal
        raise CliError(about_file(label, str(error)), EXIT_USAGE) from error


def _run(args: argparse.Namespace, label: str) -> int:
    source = Path(args.file)
    library: list[Problem] = []
    with library_warnings_as_problems(library):
        try:
            result = read_any(source, sheet=args.sheet)
            document = result.document
            check_document(document)
        except (UnreadableFileError, DocumentError) as error:
            raise CliError(_with_sheet_hint(error), EXIT_USAGE) from error
    result.problems.extend(library)
    print_result(result, label, csv=source.suffix.lower() in (".csv", ".txt"))
    has_records = holds_records(document) or _is_json(source)
    if result.errors and not args.force:
        if has_records and any(problem.row is not None for problem in result.errors):
            print(f"Nothing was written: fix the errors in {label} or use --force to skip "
                  "those rows.")  # fmt: skip
        else:
            print(f"Nothing was written: fix the errors in {label}.")
        return EXIT_PROBLEMS
    if not has_records:
        name = source.name
        if result.errors:
            print(f"Nothing was written: no row of {name} could be imported.")
            return EXIT_PROBLEMS
        raise CliError(f"{name} holds no tasks, risks or vendors; nothing was written")
    if args.dry_run:
        print("Dry run: nothing was written.")
        return EXIT_OK
    with workspace_at(args.workspace, create=True) as workspace:
        require_writable(workspace, "nothing was imported")
        try:
            if args.update:
                return _update(workspace, args.update, document)
            with workspace.session() as session:
                ids = import_document(
                    session, document, project_name=args.project, schedules=result.schedules
                )
        except (DocumentError, WorkspaceError) as error:
            raise CliError(f"nothing was written: {error}", EXIT_USAGE) from error
        where = workspace.location
    print(f"Imported {len(ids)} project(s) into {where}")
    return EXIT_OK


def _with_sheet_hint(error: Exception) -> str:
    """A refusal; when several sheets hold a plan of about the same completeness, with the
    ``--sheet`` option that chooses one (issue 16: never guess silently)."""
    # lazy: the Excel reader (and its calamine) loads only for workbooks; it raised this
    from infradesk.interchange.excel.sheet_choice import SheetChoiceNeeded

    if not isinstance(error, SheetChoiceNeeded):
        return str(error)
    options = "\n".join(
        f'  --sheet "{candidate.sheet}"   {candidate.describe()}'
        for candidate in error.choice.candidates
    )
    return f"{error}. Nothing was written; choose the plan sheet with one of:\n{options}"


def holds_records(document: Document) -> bool:
    """Whether any project of the document brings rows (tasks, risks, vendors, ...): a plan
    whose rows were all blocked or that had none must not become an empty project."""
    return any(
        project.tasks
        or project.baselines
        or project.risks
        or project.issues
        or project.assumptions
        or project.change_requests
        or project.decisions
        or project.dependencies
        or project.vendors
        or project.budget
        for project in document.projects
    )


def _is_json(path: Path) -> bool:
    """An InfraDesk JSON document says what it holds; an empty project there is deliberate."""
    return path.suffix.lower() == ".json"


def _update(workspace: Workspace, name: str, document: Document) -> int:
    """Update the named project in place: changed rows updated, new rows added."""
    # lazy: only --update diffs against a stored project and guards its gate
    from infradesk.services.documents.update import apply_update, plan_update
    from infradesk.services.governance import close_gate  # lazy: as above, only --update

    project_id = project_id_by_name(workspace, name)
    if not document.projects:
        raise CliError("the file holds no project to update from", EXIT_USAGE)
    project_doc = document.projects[0]
    with workspace.session() as session:
        plan = plan_update(session, project_id, project_doc)
        print(plan)
        with close_gate.guarded(session, project_id):  # no close past open handover items
            apply_update(session, project_id, project_doc, document)
    print(f"Updated project {name!r}")
    return EXIT_OK
