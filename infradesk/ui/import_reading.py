"""What the import wizard reads (before it opens, and its column page's check of the rows):
the work of an ``Operation``, without Qt.

``read_for_wizard(path, progress)`` runs on a worker thread (``ui/operations.py`` starts it and
shows the progress dialog with Cancel). A workbook or CSV file is analysed sheet by sheet (its
sheets, tables and column mappings, for the sheet and column pages); any other plan file is
read whole by its reader. Nothing is written. The spreadsheet reader's own progress and cancel
callbacks are mapped onto :class:`~infradesk.progress.Progress`: Cancel raises
:class:`~infradesk.progress.Cancelled` at the next sheet, or once the reader returned.
"""

from __future__ import annotations

import logging
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infradesk.errors import UserError
from infradesk.interchange.excel import ImportCancelled, WorkbookAnalysis, build_document
from infradesk.interchange.given_json import given_json
from infradesk.interchange.problems import ImportResult, UnreadableFileError
from infradesk.interchange.readers import analyse_spreadsheet, read_any
from infradesk.progress import Cancelled, Progress
from infradesk.ui.import_formats import format_name, is_plan_file

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SpreadsheetRead:
    """A workbook or CSV file: its sheets, what each holds and how its columns are read."""

    path: Path
    analysis: WorkbookAnalysis


@dataclass(frozen=True, slots=True)
class PlanFileRead:
    """A plan file read whole: the typed result Finish writes and, for the first page's
    description, its JSON shape with only the fields the file gave."""

    path: Path
    result: ImportResult
    shape: dict[str, Any]


FileRead = SpreadsheetRead | PlanFileRead


def reading_label(path: Path) -> str:
    """``Reading plan.gan (GanttProject file)…`` (what the progress dialog says)."""
    if is_plan_file(path):
        return f"Reading {path.name} ({format_name(path)})…"
    return f"Reading {path.name}…"


def read_for_wizard(path: Path, progress: Progress) -> FileRead:
    """Read ``path`` for the wizard. Raises a UserError (located by the reader) for a file
    that cannot be used, :class:`Cancelled` when the user pressed Cancel."""
    if is_plan_file(path):
        return read_plan_file(path, progress)
    return SpreadsheetRead(path, analyse_with_progress(path, progress))


def analyse_with_progress(path: Path, progress: Progress) -> WorkbookAnalysis:
    """The spreadsheet's analysis, reporting one step per sheet."""
    label = reading_label(path)

    def report(done: int, total: int) -> None:
        # the reader stops at its next cancel() check: Cancelled must not cross its own
        # error handling (which would call it an unreadable file)
        with suppress(Cancelled):
            progress.step(label, value=done, maximum=total)

    try:
        analysis = analyse_spreadsheet(path, progress=report, cancel=lambda: progress.cancelled)
    except ImportCancelled:
        raise Cancelled() from None
    progress.step(label)  # a Cancel during the last sheet still drops the analysis
    return analysis


def check_rows(
    analysis: WorkbookAnalysis, overrides: dict[str, dict[str, Any]], progress: Progress
) -> ImportResult:
    """A workbook's rows read with the (edited) mapping: the document the preview shows,
    with every problem located by sheet, row and column. One progress step per sheet."""

    def report(done: int, total: int) -> None:
        with suppress(Cancelled):  # as in analyse_with_progress
            progress.step("Checking rows…", value=done, maximum=total)

    try:
        result = build_document(
            analysis, overrides, progress=report, cancel=lambda: progress.cancelled
        )
    except ImportCancelled:
        raise Cancelled() from None
    progress.step()
    return result


def read_plan_file(path: Path, progress: Progress) -> PlanFileRead:
    """A plan file (MS Project XML, GanttProject, Planner, JSON) read whole.

    The readers take no progress callback; Cancel drops the result once the reader returned.
    A reader that fails with anything but a UserError is reported as an unreadable file (and
    logged with its traceback), since nothing was written either way.
    """
    progress.step(reading_label(path))
    try:
        result = _reader(path)
    except (UserError, Cancelled):
        raise
    except Exception as error:
        log.exception("the reader of %s failed", path)
        raise UnreadableFileError(
            f"{path.name} could not be read: {error or type(error).__name__}"
        ) from error
    progress.step()
    document = result.document
    if not document.projects:
        raise UnreadableFileError(f"{path.name} holds no project.")
    return PlanFileRead(path, result, given_json(document))


def _reader(path: Path) -> ImportResult:
    """The reader its extension calls for (a seam for tests of a failing or slow reader)."""
    return read_any(path)
