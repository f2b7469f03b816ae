"""Read resource and assignment sheets (MS Project's Resource_Table / Assignment_Table) into
:class:`~infradesk.interchange.excel.resources.ResourceData`, and give the tasks their owners.

Resources are people and teams, never vendors. An assignment names its task by Unique ID, ID
or name (in that order of trust) and its resource by name (or by the resource's Unique ID /
ID, looked up in the resource sheet).
"""

from __future__ import annotations

import dataclasses

from infradesk.interchange import document as d
from infradesk.interchange.excel.layout import Table
from infradesk.interchange.excel.mapping import ColumnInfo
from infradesk.interchange.excel.resources import Assignment, Resource, ResourceData, owner_names
from infradesk.interchange.excel.source import Cell, SheetData
from infradesk.interchange.excel.values import read_percent, read_text
from infradesk.interchange.problems import Problem


def _cells(
    sheet: SheetData, table: Table, columns: list[ColumnInfo]
) -> list[tuple[int, dict[str, Cell], tuple[tuple[str, str], ...]]]:
    """(1-based row, {field: cell}, every column as (header, text)) of each non-blank row."""
    by_field = [(c.field, c.index) for c in columns if c.field]
    headed = [(c.header, c.index) for c in columns if c.header]
    out = []
    for index in range(table.first_row, table.end_row):
        raw = sheet.rows[index] if index < len(sheet.rows) else []
        width = len(raw)
        everything = tuple(
            (header, read_text(raw[col]))
            for header, col in headed
            if col < width and raw[col] not in ("", None)
        )
        if everything:
            values = {key: (raw[col] if col < width else "") for key, col in by_field}
            out.append((index + 1, values, everything))
    return out


def _percent(value: Cell) -> float | None:
    """``100%``, ``100`` or ``1`` (a fraction) as a percent; None when not a number."""
    try:
        read = read_percent(value)
    except ValueError:
        return None
    if read is None:
        return None
    amount, explicit = read
    return amount if explicit or amount > 10 else amount * 100


def read_resources(
    sheet: SheetData, table: Table, columns: list[ColumnInfo]
) -> tuple[list[Resource], list[Problem]]:
    """One :class:`Resource` per row with a name."""
    resources: list[Resource] = []
    problems: list[Problem] = []
    for row, values, everything in _cells(sheet, table, columns):

        def text(key: str, values: dict[str, Cell] = values) -> str:
            return read_text(values.get(key, ""))

        name = text("name")
        if not name:
            problems.append(Problem("this resource row has no name; it is skipped", "warning",
                                    sheet.name, row))  # fmt: skip
            continue
        resource = Resource(
            name=name, sheet_row=row, id=text("id"), unique_id=text("unique_id"),
            type=text("type"), initials=text("initials"), group=text("group"),
            email=text("email"), max_units=_percent(values.get("max_units", "")),
            standard_rate=text("standard_rate"), calendar=text("calendar"), fields=everything,
        )  # fmt: skip
        resources.append(resource)
    return resources, problems


def read_assignments(
    sheet: SheetData, table: Table, columns: list[ColumnInfo], resources: list[Resource]
) -> tuple[list[Assignment], list[Problem]]:
    """One :class:`Assignment` per row naming a resource (directly or by its ids)."""
    by_uid = {r.unique_id: r.name for r in resources if r.unique_id}
    by_id = {r.id: r.name for r in resources if r.id}
    assignments: list[Assignment] = []
    problems: list[Problem] = []
    for row, values, everything in _cells(sheet, table, columns):

        def text(key: str, values: dict[str, Cell] = values) -> str:
            return read_text(values.get(key, ""))

        name = (
            owner_names(text("resource_name"))
            or by_uid.get(text("resource_unique_id"), "")
            or by_id.get(text("resource_id"), "")
        )
        if not name:
            problems.append(Problem("this assignment names no resource; it is skipped",
                                    "warning", sheet.name, row))  # fmt: skip
            continue
        assignment = Assignment(
            resource=name, sheet_row=row, task_unique_id=text("task_unique_id"),
            task_id=text("task_id"), task_name=" ".join(text("task_name").split()),
            resource_unique_id=text("resource_unique_id"),
            units=_percent(values.get("units", "")), fields=everything,
        )  # fmt: skip
        assignments.append(assignment)
    return assignments, problems


def match_assignments(
    assignments: list[Assignment], tasks: list[d.Task], *, ids_from_file: bool, sheet: str
) -> tuple[list[Assignment], list[Problem]]:
    """Each assignment with the document id of its task: by Unique ID, then by ID (only when
    the task sheet's own ID column numbered the tasks), then by a name only one task has."""
    by_uid = {task.external_ref: task.id for task in tasks if task.external_ref}
    by_id = {str(task.id): task.id for task in tasks} if ids_from_file else {}
    names: dict[str, list[int]] = {}
    for task in tasks:
        names.setdefault(task.name.strip().lower(), []).append(task.id)
    matched: list[Assignment] = []
    problems: list[Problem] = []
    for assignment in assignments:
        target = by_uid.get(assignment.task_unique_id) if assignment.task_unique_id else None
        if target is None and assignment.task_id:
            target = by_id.get(assignment.task_id)
        if target is None and assignment.task_name:
            found = names.get(assignment.task_name.lower(), [])
            target = found[0] if len(found) == 1 else None
        if target is None and (assignment.task_unique_id or assignment.task_id
                               or assignment.task_name):  # fmt: skip
            named = assignment.task_name or assignment.task_unique_id or assignment.task_id
            problems.append(Problem(f"task '{named}' of resource '{assignment.resource}' is not "
                                    "in the task plan; the assignment is not used", "warning",
                                    sheet, assignment.sheet_row))  # fmt: skip
        matched.append(dataclasses.replace(assignment, task=target))
    return matched, problems


def with_owners(
    tasks: list[d.Task], data: ResourceData | None, *, from_names: bool
) -> list[d.Task]:
    """The tasks with their owners: the names their assignments give (in file order), else
    their Resource Names cell without units (``Alice[50%],Bob`` -> ``Alice, Bob``) when
    ``from_names``; each task is rebuilt at most once, and only when its owner changes."""
    owners = data.owners() if data is not None else {}
    if not owners and not from_names:
        return tasks
    out = []
    for task in tasks:
        owner = owners.get(task.id)
        given = task.given
        if owner is not None:
            given = given | {"owner"} if given is not None else None
        elif from_names and task.owner:
            owner = owner_names(task.owner)
        if owner is None or owner == task.owner:
            out.append(task)
        else:
            out.append(dataclasses.replace(task, owner=owner, given=given))
    return out
