"""Assign Resources (Alt+F10, as in MS Project): the pool with a tick and units per resource.

The dialog only builds the Assigned text (``Alice[50%]; Crew; Fibre[200 m]``); the caller saves
it through the same command as a typed cell, so both read and refuse alike.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from infradesk.interchange.assignment_text import format_units, parse_assignments
from infradesk.services.resources.assignments import PoolChoice

KIND_TITLES = {"work": "Work", "material": "Material", "cost": "Cost"}
NAME, KIND, UNITS = 0, 1, 2


def _units_text(kind: str, units: float, label: str) -> str:
    if kind == "cost":
        return ""
    if kind == "material":
        number = f"{units:g}"
        return f"{number} {label}".strip()
    return format_units(units)


class AssignDialog(QDialog):
    """Tick the resources of one task and give their units; :meth:`assigned_text` is the
    result, in the order the task had them, newly ticked ones after."""

    def __init__(
        self,
        task_name: str,
        pool: Sequence[PoolChoice],
        assigned: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Assign Resources — {task_name}")
        self.resize(460, 420)
        specs = parse_assignments(assigned)
        given = {spec.name.casefold(): spec for spec in specs}
        self._order = [spec.name.casefold() for spec in specs]
        self._kinds: dict[str, tuple[str, str]] = {}

        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Resource", "Type", "Units"])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for choice in pool:
            spec = given.get(choice.name.casefold())
            units = ""
            if spec is not None:
                units = _units_text(
                    choice.kind,
                    spec.quantity() if choice.kind == "material" else spec.work_units(),
                    spec.label or choice.material_label,
                )
            elif choice.kind != "cost":
                units = _units_text(choice.kind, 1.0, choice.material_label)
            self._add_row(choice.name, choice.kind, units, spec is not None)
        known = {c.name.casefold() for c in pool}
        for spec in specs:  # assigned but not in the pool given (should not happen): kept
            if spec.name.casefold() not in known:
                self._add_row(spec.name, "work", format_units(spec.work_units()), True)

        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText("A name not in the pool (added as a work resource)")
        add = QPushButton("&Add")
        add.clicked.connect(self.add_new)
        self.new_name.returnPressed.connect(self.add_new)
        adding = QHBoxLayout()
        adding.addWidget(self.new_name, 1)
        adding.addWidget(add)

        hint = QLabel(
            "Tick the resources of this task. Units: a percentage for people and crews "
            "(50% = half time, 300% = a crew of three), a quantity for materials."
        )
        hint.setWordWrap(True)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(adding)
        layout.addWidget(box)

    def _add_row(self, name: str, kind: str, units: str, checked: bool) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        item = QTableWidgetItem(name)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.table.setItem(row, NAME, item)
        kind_item = QTableWidgetItem(KIND_TITLES.get(kind, kind))
        kind_item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        self.table.setItem(row, KIND, kind_item)
        units_item = QTableWidgetItem(units)
        if kind == "cost":  # a cost resource takes no units
            units_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.table.setItem(row, UNITS, units_item)
        self._kinds[name.casefold()] = (kind, name)
        return row

    def row_of(self, name: str) -> int:
        """The table row of resource ``name`` (-1: none)."""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, NAME)
            if item is not None and item.text().casefold() == name.casefold():
                return row
        return -1

    def set_assigned(self, name: str, checked: bool, units: str | None = None) -> None:
        """Tick (or untick) ``name`` and set its units text, as a user would."""
        row = self.row_of(name)
        if row < 0:
            raise KeyError(name)
        item = self.table.item(row, NAME)
        assert item is not None
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        if units is not None:
            units_item = self.table.item(row, UNITS)
            assert units_item is not None
            units_item.setText(units)

    def add_new(self) -> None:
        """A name typed below the list: ticked at 100% (the command creates it)."""
        name = " ".join(self.new_name.text().split())
        if not name:
            return
        row = self.row_of(name)
        if row < 0:
            row = self._add_row(name, "work", "100%", True)
        else:
            self.set_assigned(name, True)
        item = self.table.item(row, NAME)
        if item is not None:
            self.table.scrollToItem(item)
        self.new_name.clear()

    def assigned_text(self) -> str:
        """The ticked resources as the Assigned cell writes them."""
        ticked: dict[str, str] = {}
        for row in range(self.table.rowCount()):
            item = self.table.item(row, NAME)
            units_item = self.table.item(row, UNITS)
            if item is None or item.checkState() != Qt.CheckState.Checked:
                continue
            name = item.text()
            units = (units_item.text() if units_item is not None else "").strip()
            kind = self._kinds.get(name.casefold(), ("work", name))[0]
            if kind == "cost" or not units or (kind == "work" and units in ("100%", "100")):
                part = name
            else:
                part = f"{name}[{units}]"
            ticked[name.casefold()] = part
        first = [ticked.pop(key) for key in self._order if key in ticked]
        return "; ".join(first + list(ticked.values()))
