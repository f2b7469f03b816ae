"""The resources and assignments of a plan as read from a workbook (issue 16, point 7).

MS Project's export wizard writes a Resource_Table (people, teams, materials) and an
Assignment_Table (which resource works on which task) beside its Task_Table. Resources are not
vendors: today they only become each task's owner (names joined in the order of the file);
the full rows are kept here, typed, for the resources capability (issue 18).

This module holds plain frozen data only and imports nothing of InfraDesk, so that
:class:`~infradesk.interchange.problems.ImportResult` can name its types without an import
circle; :mod:`resource_sheets` reads the sheets into it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# ``Alice[50%]`` / ``Bob [2 units]``: MS Project's Resource Names cell names the units after
# each resource in brackets.
_UNITS_RE = re.compile(r"\s*\[[^\]]*\]")


@dataclass(frozen=True, slots=True)
class Resource:
    """One row of a resource sheet. ``fields`` keeps every column as (header, text)."""

    name: str
    sheet_row: int  # 1-based
    id: str = ""
    unique_id: str = ""
    type: str = ""  # Work / Material / Cost, as the file says
    initials: str = ""
    group: str = ""
    email: str = ""
    max_units: float | None = None  # percent, 100.0 = one full-time person
    standard_rate: str = ""
    calendar: str = ""
    fields: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Assignment:
    """One row of an assignment sheet: a resource on a task. ``task`` is the document task id
    the row was matched to (None when no task matched)."""

    resource: str
    sheet_row: int  # 1-based
    task: int | None = None
    task_unique_id: str = ""
    task_id: str = ""
    task_name: str = ""
    resource_unique_id: str = ""
    units: float | None = None  # percent
    fields: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ResourceData:
    """Everything a workbook said about resources: its resource and assignment rows."""

    resources: tuple[Resource, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    resource_sheet: str | None = None
    assignment_sheet: str | None = None

    def owners(self) -> dict[int, str]:
        """Each matched task's owner: its resources' names joined with ", ", in file order."""
        names: dict[int, list[str]] = {}
        for assignment in self.assignments:
            if assignment.task is None or not assignment.resource:
                continue
            listed = names.setdefault(assignment.task, [])
            if assignment.resource not in listed:
                listed.append(assignment.resource)
        return {task: ", ".join(listed) for task, listed in names.items()}


def owner_names(text: str) -> str:
    """A Resource Names cell as an owner: ``Alice[50%],Bob`` -> ``Alice, Bob``.

    The units in brackets go, the list separator (``,`` or ``;``) becomes ``", "``; a name
    listed twice is kept once."""
    if not text:
        return ""
    if "[" not in text and "," not in text and ";" not in text:
        return " ".join(text.split())  # one name (most cells): no list to take apart
    plain = _UNITS_RE.sub("", text) if "[" in text else text
    names: list[str] = []
    for part in re.split(r"[;,]", plain):
        name = " ".join(part.split())
        if name and name not in names:
            names.append(name)
    return ", ".join(names)
