"""What the Resources tab reads, each call in one read transaction of the workspace (the tab
never holds a session)."""

from __future__ import annotations

from dataclasses import dataclass

from infradesk.services.resources.commands import deletion_summary
from infradesk.services.resources.pool import (
    CalendarRow,
    DayRow,
    ResourceRow,
    assignment_counts,
    calendar_choices,
    calendar_rows,
    day_rows,
    resource_rows,
    vendor_choices,
)
from infradesk.store.workspace import Workspace


@dataclass(frozen=True)
class SheetView:
    """The resource sheet: its rows, each resource's number of assignments, and the choices
    of the Vendor and Calendar columns."""

    rows: list[ResourceRow]
    assignments: dict[int, int]
    vendors: list[tuple[int, str]]
    calendars: list[tuple[int, str]]


def sheet_view(workspace: Workspace) -> SheetView:
    with workspace.read_session() as session:
        return SheetView(
            resource_rows(session),
            assignment_counts(session),
            vendor_choices(session),
            calendar_choices(session),
        )


def days_view(workspace: Workspace, resource_id: int) -> list[DayRow]:
    """One resource's leave and other-hours days."""
    with workspace.read_session() as session:
        return day_rows(session, resource_id)


def calendars_view(workspace: Workspace) -> list[CalendarRow]:
    """The base calendars with how many resources and tasks use each."""
    with workspace.read_session() as session:
        return calendar_rows(session)


def deletion_view(workspace: Workspace, resource_ids: set[int]) -> tuple[int, int, int]:
    """(resources, assignments, tasks) a delete of ``resource_ids`` would remove."""
    with workspace.read_session() as session:
        return deletion_summary(session, resource_ids)
