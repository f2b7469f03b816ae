"""Read a workbook into an interchange document, in two steps a wizard can show and edit.

1. :func:`analyse_workbook` finds every sheet's table, what it holds and the column mapping
   (with sample values). Nothing is converted yet.
2. :func:`build_document` applies the user's overrides (kind of a sheet, field of a column) and
   converts the values into an :class:`ImportResult`.

:func:`read_workbook` does both at once, as the CLI needs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from infradesk.interchange import document as d
from infradesk.interchange.document_schedule import DocumentPool, DocumentSchedule
from infradesk.interchange.excel.assignments import with_assignments
from infradesk.interchange.excel.error_cells import error_cell_problems
from infradesk.interchange.excel.layout import Table, find_table
from infradesk.interchange.excel.mapping import ColumnInfo, classify, describe_columns, map_columns
from infradesk.interchange.excel.project_sheets import (
    ProjectSettings,
    read_settings_sheet,
    settings_sheet,
)
from infradesk.interchange.excel.records import (
    RecordTable,
    build_records,
    link_meetings,
    typed_record,
    vendors_from,
)
from infradesk.interchange.excel.resource_sheets import (
    match_assignments,
    read_assignments,
    read_resources,
    with_owners,
)
from infradesk.interchange.excel.resources import Assignment, Resource, ResourceData
from infradesk.interchange.excel.schedule_check import check_dates
from infradesk.interchange.excel.sheet_choice import SheetChoice, SheetChoiceNeeded, choose, measure
from infradesk.interchange.excel.source import (
    ImportCancelled,
    SheetData,
    WorkbookData,
    column_letter,
    read_values,
)
from infradesk.interchange.excel.tasks import TaskTable, build_tasks
from infradesk.interchange.excel.values import read_text
from infradesk.interchange.excel.vocabulary import KIND_BY_KEY
from infradesk.interchange.fidelity import DateFidelity
from infradesk.interchange.problems import ImportResult, Problem, UnreadableFileError
from infradesk.interchange.sheet_hint import ChooseSheetNote

Progress = Callable[[int, int], None]
QUIET_UNMAPPED = 12  # more unmapped columns than this are summed up in one short note
Cancel = Callable[[], bool]

__all__ = [
    "ImportCancelled",
    "SheetAnalysis",
    "SheetChoiceNeeded",
    "WorkbookAnalysis",
    "analyse_data",
    "analyse_workbook",
    "build_document",
    "read_workbook",
]


@dataclass
class SheetAnalysis:
    """One sheet as the wizard shows it: what it holds and how its columns map."""

    name: str
    kind: str | None  # tasks, risks, issues, assumptions, decisions, dependencies_external,
    #                   changes, vendors, contracts, deliveries; None = ignored
    reason: str  # "a task plan" / "it is a RACI matrix" ...
    header_row: int | None  # 1-based
    first_row: int | None  # 1-based first data row
    last_row: int | None  # 1-based last data row
    columns: list[ColumnInfo] = field(default_factory=list)
    table_note: str = ""
    selected: bool = True  # imported (the wizard may untick it)
    data: SheetData | None = field(default=None, repr=False)
    table: Table | None = field(default=None, repr=False)

    @property
    def rows(self) -> int:
        if self.first_row is None or self.last_row is None:
            return 0
        return max(self.last_row - self.first_row + 1, 0)

    @property
    def kind_label(self) -> str:
        if self.kind == "settings":
            return "project settings"
        return KIND_BY_KEY[self.kind].label if self.kind else "ignored"

    def mapping(self) -> dict[str, str]:
        """{column letter: field key} of the mapped columns."""
        return {c.letter: c.field for c in self.columns if c.field}

    def remap(self, kind: str | None) -> None:
        """Change what the sheet holds, re-mapping its columns with that kind's words."""
        self.kind = kind
        if kind is None or kind == "settings" or self.data is None or self.table is None:
            return
        base = describe_columns(self.data, self.table)
        self.columns = map_columns(KIND_BY_KEY[kind], base, self.data, self.table)
        self.reason = KIND_BY_KEY[kind].a_label


@dataclass
class WorkbookAnalysis:
    path: Path
    format: str
    sheets: list[SheetAnalysis]
    notes: list[str] = field(default_factory=list)
    plan_choice: SheetChoice | None = None  # several sheets hold a plan: which one and why

    def sheet(self, name: str) -> SheetAnalysis:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise KeyError(name)

    def keep_only(self, name: str) -> None:
        """Import the sheet ``name`` (the user's choice) and, when it is a plan, the resource
        and assignment sheets that belong to it; nothing else."""
        chosen = next((s for s in self.sheets if s.name == name), None)
        if chosen is None:
            names = ", ".join(s.name for s in self.sheets)
            raise UnreadableFileError(
                f"{self.path.name} has no sheet named '{name}' (it has: {names})"
            )
        for sheet in self.sheets:
            belongs = chosen.kind == "tasks" and sheet.kind in {"resources", "assignments"}
            sheet.selected = sheet is chosen or belongs
        if self.plan_choice is not None:
            self.notes = [n for n in self.notes if self.plan_choice.reason not in n]
            if chosen.kind == "tasks":
                self.notes.append(f"Sheet '{name}' is imported as the plan, as asked.")


def analyse_workbook(
    path: str | Path,
    *,
    sheet: str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> WorkbookAnalysis:
    """Find the sheets, their tables, kinds and column mappings. Raises
    :class:`UnreadableFileError` for files that cannot be used."""
    path = Path(path)
    data = read_values(path, only_sheet=sheet, progress=progress, cancel=cancel)
    return analyse_data(data, only_sheet=sheet)


def analyse_data(data: WorkbookData, *, only_sheet: str | None = None) -> WorkbookAnalysis:
    """As :func:`analyse_workbook`, for values already read (the CSV reader uses this)."""
    sheets: list[SheetAnalysis] = []
    notes: list[str] = []
    for sheet in data.sheets:
        what = settings_sheet(sheet)
        if what:
            sheets.append(SheetAnalysis(sheet.name, "settings", f"{what} (InfraDesk export)",
                                        1, 2, len(sheet.rows), data=sheet))  # fmt: skip
            continue
        table = find_table(sheet)
        choice = classify(sheet, table)
        kind = choice.kind
        reason = choice.reason
        if not sheet.visible and kind is not None and only_sheet is None:
            reason = f"{reason} (hidden sheet)"
        analysis = SheetAnalysis(
            name=sheet.name,
            kind=kind,
            reason=reason,
            header_row=table.header_row + 1 if table else None,
            first_row=table.first_row + 1 if table else None,
            last_row=table.end_row if table else None,
            columns=choice.columns,
            table_note=table.end_reason if table else "",
            data=sheet,
            table=table,
        )
        sheets.append(analysis)
    plan_choice = _choose_task_sheet(sheets, notes)
    return WorkbookAnalysis(data.path, data.format, sheets, notes, plan_choice)


def _choose_task_sheet(sheets: list[SheetAnalysis], notes: list[str]) -> SheetChoice | None:
    """A workbook becomes one project: the most complete task plan is its schedule (see
    :mod:`sheet_choice`); the others are left unticked, the notes say which and why."""
    plans = [s for s in sheets if s.kind == "tasks" and s.data is not None and s.table]
    if len(plans) <= 1:
        return None
    measured = []
    for plan in plans:
        assert plan.data is not None and plan.table is not None  # filtered above
        measured.append(measure(plan.name, plan.data, plan.table, plan.columns))
    choice = choose(measured)
    for plan in plans:
        plan.selected = plan.name == choice.chosen
    if choice.uncertain:
        notes.append(f"{choice.reason}.")
    else:  # how to choose another is the front end's word (sheet_hint.py)
        notes.append(ChooseSheetNote(f"{choice.reason}.", (c.sheet for c in choice.candidates[1:])))
    return choice


def _apply_overrides(analysis: WorkbookAnalysis, overrides: dict[str, Any] | None) -> None:
    """``{"Tasks": {"kind": "tasks", "E": "duration", "Owner": None, "selected": True}}``.

    Keys of a sheet's dict are ``kind`` / ``selected`` or a column given by letter or header;
    a value of None unmaps the column."""
    if not overrides:
        return
    for sheet_name, changes in overrides.items():
        try:
            sheet = analysis.sheet(sheet_name)
        except KeyError:
            raise UnreadableFileError(f"the workbook has no sheet named '{sheet_name}'") from None
        if "kind" in changes:
            sheet.remap(changes["kind"])
            if changes["kind"] is None:
                sheet.selected = False
                sheet.reason = "ignored by the user"
        if "selected" in changes:
            sheet.selected = bool(changes["selected"])
        for column_key, field_key in changes.items():
            if column_key in {"kind", "selected"}:
                continue
            column = next(
                (
                    c
                    for c in sheet.columns
                    if c.letter == column_key or c.header.lower() == str(column_key).lower()
                ),
                None,
            )
            if column is None:
                raise UnreadableFileError(f"sheet '{sheet_name}' has no column '{column_key}'")
            if field_key is not None:
                kind = KIND_BY_KEY.get(sheet.kind or "")
                if kind is None or field_key not in {spec.key for spec in kind.fields}:
                    raise UnreadableFileError(
                        f"'{field_key}' is not a field of a {sheet.kind_label} sheet"
                    )
                for other in sheet.columns:
                    if other.field == field_key:
                        other.field, other.note = None, "replaced by the user's choice"
            column.field = field_key
            column.score = 3
            column.note = "" if field_key else "unmapped by the user"


def build_document(
    analysis: WorkbookAnalysis,
    overrides: dict[str, Any] | None = None,
    *,
    project_name: str | None = None,
    cancel: Cancel | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Convert the analysed sheets into a typed document with problems and notes."""
    _apply_overrides(analysis, overrides)
    problems: list[Problem] = []
    notes: list[str] = []
    settings = ProjectSettings()
    tasks: list[d.Task] = []
    records: dict[str, list[dict[str, Any]]] = {}
    vendor_tables: list[RecordTable] = []
    task_sheet: str | None = None
    task_rows: dict[int, int] = {}
    people: list[SheetAnalysis] = []  # resource and assignment sheets, read after the plan
    ids_from_file = owner_column = False
    names_column: ColumnInfo | None = None  # the plan's owner / Resource Names column
    chosen = [s for s in analysis.sheets if s.kind and s.kind != "settings" and s.selected]
    # the Project and Calendar sheets first, wherever they are: the plan's days and its
    # afternoon times are read in their calendar's hours
    for sheet in analysis.sheets:
        if sheet.kind == "settings" and sheet.data is not None and sheet.selected:
            read_settings_sheet(sheet.data, settings, problems)
    hours = settings.calendar.working_hours if settings.calendar else d.DEFAULT_WORKING_HOURS
    for number, sheet in enumerate(analysis.sheets):
        if cancel and cancel():
            raise ImportCancelled()
        if progress:
            progress(number, len(analysis.sheets))
        notes.extend(_describe_sheet(sheet))
        if sheet.kind == "settings":
            continue
        kind_key = sheet.kind
        if sheet not in chosen or kind_key is None or sheet.data is None or sheet.table is None:
            continue
        mapped = {c.field for c in sheet.columns if c.field}
        kind = KIND_BY_KEY[kind_key]
        if not mapped & set(kind.core):
            problems.append(
                Problem(
                    f"no column is mapped to {' or '.join(kind.core)}; the sheet is not read",
                    "error",
                    sheet.name,
                )
            )
            continue
        problems.extend(_error_cells(sheet))
        if sheet.kind in {"resources", "assignments"}:
            people.append(sheet)
        elif sheet.kind == "tasks":
            result = build_tasks(
                sheet.data, sheet.table, sheet.columns, path_for_indents=_indent_path(analysis),
                minutes_per_day=d.minutes_per_day(hours), working_hours=hours, cancel=cancel,
                calendar=settings.calendar.freeze() if settings.calendar is not None else None,
            )  # fmt: skip
            tasks = result.tasks
            owner_column = "owner" in mapped
            names_column = next((c for c in sheet.columns if c.field == "owner"), None)
            task_sheet, task_rows = sheet.name, result.rows
            ids_from_file = _ids_from_file(sheet, result)
            problems.extend(result.problems)
            notes.extend(result.notes)
        else:
            table = build_records(sheet.data, sheet.table, kind_key, sheet.columns)
            problems.extend(table.problems)
            notes.extend(table.notes)
            if table.kind in {"vendors", "contracts", "deliveries"}:
                vendor_tables.append(table)
            else:
                rows = records.setdefault(table.kind, [])
                _add_records(rows, table.records, sheet.name, problems)
    notes.extend(analysis.notes)
    link_meetings(records, problems)
    resources = _read_people(people, tasks, ids_from_file, problems, notes) if people else None
    tasks, pool = with_assignments(tasks, resources, names_column, task_sheet, task_rows,
                                   problems)  # fmt: skip
    tasks = with_owners(tasks, resources, from_names=owner_column)
    vendors = vendors_from(vendor_tables, _task_ids(tasks)) if vendor_tables else []
    project = d.Project(
        name=settings.name
        or project_name
        or analysis.path.stem.replace("_", " ").strip()
        or "Imported plan",
        currency=settings.currency or "EUR",
        start=settings.start or _first_start(tasks),
        manager=settings.manager or "",
        status_date=settings.status_date,
        reschedule_after_status=settings.reschedule_after_status is not False,
        description=(
            settings.description
            if settings.description is not None
            else f"Imported from {analysis.path.name}"
        ),
        calendar=settings.calendar.freeze() if settings.calendar is not None else None,
        baselines=tuple(settings.baselines),
        tasks=d.recorded_progress(tuple(tasks)),
        vendors=tuple(vendors),
        risks=_typed(records, "risks"),
        issues=_typed(records, "issues"),
        assumptions=_typed(records, "assumptions"),
        decisions=_typed(records, "decisions"),
        change_requests=_typed(records, "change_requests"),
        dependencies=_typed(records, "dependencies_external"),
        meetings=_typed(records, "meetings"),
        actions=_typed(records, "actions"),
        stakeholders=_typed(records, "stakeholders"),
        communication_plan=_typed(records, "communication_plan"),
        handover=_typed(records, "handover"),
    )
    run, fidelity = _check_schedule(project, problems, notes, task_sheet, task_rows,
                                    DocumentPool.of(d.Document(resources=tuple(pool))))
    if not chosen:
        problems.append(
            Problem(
                "no sheet holds a task plan, risk register, RAID log or vendor list",
                "error",
                None,
            )
        )
    schedules = {0: run} if run is not None else {}
    dates = {0: fidelity} if fidelity is not None else {}
    return ImportResult(
        d.Document(projects=(project,), resources=tuple(pool)),
        problems, notes, schedules, resources, dates,
    )  # fmt: skip


def _ids_from_file(sheet: SheetAnalysis, result: TaskTable) -> bool:
    """Whether the plan's tasks are numbered by the sheet's own ID column (an assignment's
    Task ID then names them), not by their sheet rows."""
    column = next((c for c in sheet.columns if c.field == "id"), None)
    if column is None or sheet.data is None or not result.rows:
        return False
    rows = sheet.data.rows
    for task_id, row in result.rows.items():
        cells = rows[row - 1] if row - 1 < len(rows) else []
        cell = cells[column.index] if column.index < len(cells) else ""
        if read_text(cell) != str(task_id):
            return False
    return True


def _read_people(
    sheets: list[SheetAnalysis],
    tasks: list[d.Task],
    ids_from_file: bool,
    problems: list[Problem],
    notes: list[str],
) -> ResourceData:
    """The resource and assignment sheets (resources first: an assignment may name its
    resource by id), each assignment matched to its task; the summary says what was read."""
    resources: list[Resource] = []
    assignments: list[Assignment] = []
    resource_sheet = assignment_sheet = None
    for sheet in sorted(sheets, key=lambda s: s.kind != "resources"):
        assert sheet.data is not None and sheet.table is not None  # chosen sheets have both
        if sheet.kind == "resources":
            read, found = read_resources(sheet.data, sheet.table, sheet.columns)
            resources.extend(read)
            resource_sheet = resource_sheet or sheet.name
            notes.append(f"Sheet '{sheet.name}': {len(read)} resource(s) read (people and "
                         "teams, kept for resource planning; not vendors)")  # fmt: skip
        else:
            rows, found = read_assignments(sheet.data, sheet.table, sheet.columns, resources)
            rows, unmatched = match_assignments(rows, tasks, ids_from_file=ids_from_file,
                                                sheet=sheet.name)  # fmt: skip
            found += unmatched
            assignments.extend(rows)
            assignment_sheet = assignment_sheet or sheet.name
        problems.extend(found)
    data = ResourceData(tuple(resources), tuple(assignments), resource_sheet, assignment_sheet)
    if assignment_sheet is not None:
        owners = data.owners()
        notes.append(f"Sheet '{assignment_sheet}': {len(assignments)} assignment(s) read; they "
                     f"set the owner of {len(owners)} task(s) (resource names joined)")  # fmt: skip
    return data


def _typed(records: dict[str, list[dict[str, Any]]], kind: str) -> tuple[Any, ...]:
    """The frozen records of one RAID kind (every sheet of that kind, in sheet order)."""
    return tuple(typed_record(kind, row) for row in records.get(kind, []))


def _error_cells(sheet: SheetAnalysis) -> list[Problem]:
    """Warnings for the Excel error values (``#DIV/0!``) in the imported columns' rows."""
    if sheet.data is None or sheet.table is None or not sheet.data.errors:
        return []
    columns = {c.index: c.letter for c in sheet.columns if c.field}
    rows = range(sheet.table.first_row, sheet.table.end_row)
    return error_cell_problems(sheet.name, sheet.data.errors, rows, columns)


def _add_records(
    existing: list[dict[str, Any]],
    records: list[dict[str, Any]],
    sheet: str,
    problems: list[Problem],
) -> None:
    """Append records of one sheet; a code already used by another sheet gets a suffix."""
    used = {record.get("code") for record in existing}
    for record in records:
        code = record.get("code")
        if code and code in used:
            number = 2
            while f"{code}-{number}" in used:
                number += 1
            problems.append(
                Problem(
                    f"'{record.get('title') or record.get('description') or code}': code "
                    f"{code} is already used by another sheet; imported as {code}-{number}",
                    "warning",
                    sheet,
                )
            )
            record["code"] = f"{code}-{number}"
        used.add(record.get("code"))
        existing.append(record)


def _indent_path(analysis: WorkbookAnalysis) -> Path | None:
    return analysis.path if analysis.format in {"xlsx", "xlsm"} else None


def _describe_sheet(sheet: SheetAnalysis) -> list[str]:
    if sheet.kind is None:
        return [f"Sheet '{sheet.name}' ignored: {sheet.reason}"]
    if sheet.kind == "settings":
        return [f"Sheet '{sheet.name}': {sheet.reason}"]
    where = f"header at row {sheet.header_row}, data rows {sheet.first_row}-{sheet.last_row}"
    if not sheet.selected:
        return []
    lines = [f"Sheet '{sheet.name}': {sheet.reason} ({sheet.rows} rows; {where})"]
    mapping = ", ".join(f"{c.letter} '{c.header}' -> {c.field}" for c in sheet.columns if c.field)
    lines.append(f"Sheet '{sheet.name}' columns: {mapping}")
    unmapped = [c for c in sheet.columns if not c.field and c.header and c.note != "timeline"]
    if len(unmapped) > QUIET_UNMAPPED:  # a full export (75 columns): say it once, briefly
        shown = ", ".join(f"{c.letter} '{c.header}'" for c in unmapped[:6])
        lines.append(
            f"Sheet '{sheet.name}': {len(unmapped)} other columns are not imported "
            f"({shown} and {len(unmapped) - 6} more; the Columns page lists them all)"
        )
    elif unmapped:
        lines.append(
            f"Sheet '{sheet.name}' unmapped columns (not imported): "
            + ", ".join(
                f"{c.letter} '{c.header}'" + (f" ({c.note})" if c.note else "") for c in unmapped
            )
        )
    timeline = [c for c in sheet.columns if c.note == "timeline"]
    if timeline:
        lines.append(
            f"Sheet '{sheet.name}': {len(timeline)} timeline columns "
            f"({timeline[0].letter}-{timeline[-1].letter}) are a drawn Gantt chart and are ignored"
        )
    if sheet.table_note:
        lines.append(f"Sheet '{sheet.name}': {sheet.table_note}")
    return lines


def _first_start(tasks: list[d.Task]) -> datetime:
    """The earliest task start; today 08:00 for a plan without any."""
    first = min((task.start for task in tasks if task.start is not None), default=None)
    if first is not None:
        return first
    today = date.today()
    return datetime(today.year, today.month, today.day, 8, 0)


def _task_ids(tasks: list[d.Task]) -> dict[str, int]:
    """What a delivery may name its task by (id, external id, WBS, name; lower case)."""
    lookup: dict[str, int] = {str(task.id): task.id for task in tasks}
    for key_name in ("external_ref", "wbs", "name"):
        for task in tasks:
            key = str(getattr(task, key_name) or "").strip().lower()
            if key:
                lookup.setdefault(key, task.id)
    return lookup


def _check_schedule(
    project: d.Project,
    problems: list[Problem],
    notes: list[str],
    sheet: str | None,
    rows: dict[int, int],
    pool: DocumentPool | None = None,
) -> tuple[DocumentSchedule | None, DateFidelity | None]:
    """List tasks whose scheduled dates are not the sheet's own (with or without links: a
    constraint, an actual or the calendar moves a task too); the engine run, for the storing
    side to reuse, and the comparison for ``ImportResult.dates``."""
    found, said, run, fidelity = check_dates(project, sheet, rows, pool)
    problems.extend(found)
    notes.extend(said)
    return run, fidelity


def read_workbook(
    path: str | Path,
    *,
    sheet: str | None = None,
    mapping_overrides: dict[str, Any] | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    project_name: str | None = None,
) -> ImportResult:
    """Read ``path`` (xlsx, xlsm, xls, xlsb, ods) into an interchange document.

    ``sheet`` restricts the import to one sheet (with the resource and assignment sheets of a
    plan); without it, several plans of about the same completeness raise
    :class:`SheetChoiceNeeded` (nothing is guessed). ``mapping_overrides`` is the structure that
    :func:`build_document` accepts. Raises :class:`UnreadableFileError` when the file cannot be
    used and :class:`ImportCancelled` when ``cancel()`` turned true.
    """
    analysis = analyse_workbook(path, progress=progress, cancel=cancel)
    if sheet is not None:  # the user chose this sheet: read it even if it is not the biggest
        analysis.keep_only(sheet)
    elif analysis.plan_choice is not None and analysis.plan_choice.uncertain:
        raise SheetChoiceNeeded(
            f"{analysis.path.name}: {analysis.plan_choice.reason}", analysis.plan_choice
        )
    return build_document(
        analysis, mapping_overrides, project_name=project_name, cancel=cancel, progress=progress
    )


def letter(index: int) -> str:
    """Column letter of a 0-based index (re-exported for the wizard)."""
    return column_letter(index)
