"""The resource sheet's columns and its table model: the Vendors tab's record model over
plain row dicts, with max units shown and typed as a percentage (``300%``) but sorted by
value."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from infradesk.services.resources.fields import format_max_units
from infradesk.services.resources.pool import ResourceRow
from infradesk.ui.record_model_base import SORT_ROLE, Index
from infradesk.ui.vendors.record_model import Column, RecordTableModel

PROJECT_CALENDAR = "(project calendar)"

SHEET_COLUMNS = [
    Column("name", "Resource", "name", width=170, tip="Unique name; the Gantt's Assigned column"),
    Column("kind", "Type", "kind", "choice", width=76, tip="work (people, crews), material, cost"),
    Column("role", "Role", "role", width=140),
    Column("team", "Team", "team", width=110),
    Column("email", "E-mail", "email", width=170),
    Column("vendor_id", "Vendor", "vendor_id", "ref", width=140, tip="A crew's company"),
    Column(
        "max_units",
        "Max units",
        "max_units",
        "units",
        width=78,
        tip="100% = one full-time person, 50% half time, 300% a crew of three",
    ),
    Column("rate_per_hour", "Rate/h", "rate_per_hour", "money", width=80, tip="Cost per hour"),
    Column("cost_per_use", "Per use", "cost_per_use", "money", width=76, tip="Cost per task"),
    Column("material_label", "Unit", "material_label", width=60, tip="A material's unit (m)"),
    Column(
        "calendar_id",
        "Calendar",
        "calendar_id",
        "ref",
        width=140,
        tip="Empty: the resource works its task's project calendar",
    ),
    Column("assignments", "Tasks", kind="int", width=50, tip="Assignments in every project"),
    Column("notes", "Notes", "notes", width=200),
]
KIND_LABELS = {"work": "work", "material": "material", "cost": "cost"}


def sheet_row(row: ResourceRow, assignments: int) -> dict[str, Any]:
    """A resource as the model's row dict (``<key>_text``: what a reference column shows)."""
    return {
        "id": row.id,
        "name": row.name,
        "kind": row.kind,
        "role": row.role,
        "team": row.team,
        "email": row.email,
        "vendor_id": row.vendor_id,
        "vendor_id_text": row.vendor_name,
        "max_units": row.max_units,
        "rate_per_hour": row.rate_per_hour,
        "cost_per_use": row.cost_per_use,
        "material_label": row.material_label,
        "calendar_id": row.calendar_id,
        "calendar_id_text": row.calendar_name,
        "assignments": assignments or None,
        "notes": row.notes,
    }


class SheetModel(RecordTableModel):
    """The record model plus the ``units`` column kind."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        cell = self.cell(index)
        if cell is not None and cell[1].kind == "units":
            row, column = cell
            value = float(row.get(column.key) or 0.0)
            if role == Qt.ItemDataRole.DisplayRole and row.get("kind") != "work":
                return ""  # a material's or a cost's units are per assignment, not a limit
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return format_max_units(value)
            if role == SORT_ROLE:
                return value
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        cell = self.cell(index)
        if (
            cell is not None
            and cell[1].kind == "units"
            and role == Qt.ItemDataRole.EditRole
            and str(value).strip() == self.data(index, Qt.ItemDataRole.EditRole)
        ):
            return False  # nothing changed: no command, no undo step
        return super().setData(index, value, role)
