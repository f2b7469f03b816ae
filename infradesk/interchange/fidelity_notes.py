"""Telling the user how an import's dates compare with the file's (``fidelity.py``): one
note for the import's summary, one ``info`` per task that differs (at its row when known),
and :func:`attach_fidelity`, which a reader calls last to schedule, compare and keep both."""

from __future__ import annotations

from collections.abc import Mapping

from infradesk.interchange.document_schedule import DocumentPool
from infradesk.interchange.fidelity import DateFidelity, ReasonKind, check_project
from infradesk.interchange.problems import ImportResult, Problem


def summary_note(fidelity: DateFidelity) -> str:
    """One line for the import's notes: how many tasks keep the file's dates."""
    if not fidelity.compared:
        return ""
    parts = [
        f"Dates: {fidelity.equal} of {fidelity.compared} task(s) are scheduled at the "
        "file's own start and finish"
    ]
    if fidelity.same_moment:
        parts.append(
            f"{fidelity.same_moment} more at the same working moments written the other way "
            "(a finish at 17:00 where the file shows the next morning 08:00)"
        )
    if fidelity.differences:
        kinds = ", ".join(f"{count} {kind}" for kind, count in fidelity.by_kind().items())
        parts.append(f"{len(fidelity.differences)} differ, each listed with its reason ({kinds})")
    return "; ".join(parts) + "."


def difference_problems(
    fidelity: DateFidelity, sheet: str | None = None, rows: Mapping[int, int] | None = None
) -> list[Problem]:
    """One ``info`` per differing task, at its row when known (summaries listed last)."""
    rows = rows or {}
    ordered = sorted(fidelity.differences, key=lambda item: item.kind == "summary")
    return [
        Problem(f"dates differ from the file: {item.text()}", "info", sheet, rows.get(item.task))
        for item in ordered
    ]


def attach_fidelity(
    result: ImportResult,
    known: Mapping[int, tuple[ReasonKind, str]] | None = None,
    sheet: str | None = None,
) -> ImportResult:
    """Schedule each project of a reader's result once, compare its dates with the file's
    and keep both: the run in ``schedules`` (the storing side reuses it), the comparison in
    ``dates``, a note and one ``info`` per differing task. ``known`` concerns the first
    project (files of one project)."""
    pool = DocumentPool.of(result.document)  # task and resource calendars, leave
    for index, project in enumerate(result.document.projects):
        run, fidelity = check_project(project, known if index == 0 else None, pool)
        if run is None or fidelity is None:
            continue
        result.schedules[index] = run
        result.dates[index] = fidelity
        note = summary_note(fidelity)
        if note:
            result.notes.append(note)
        result.problems.extend(difference_problems(fidelity, sheet))
    return result
