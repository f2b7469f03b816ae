"""One RAID log as a view: toolbar (new, details, delete, search), sortable table with inline
editing, and a count line. Risks, issues, changes, assumptions and decisions all use it."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from infradesk.errors import UserError
from infradesk.services.commands import Command, CompositeCommand
from infradesk.services.risks.commands import (
    CreateRecord,
    DeleteRecords,
    EditRecord,
    SetLinks,
)
from infradesk.services.risks.fields import Entity, RaidEditError
from infradesk.services.risks.view import (
    LinkKind,
    Loader,
    Options,
    load_choices,
    load_rows,
    records_changed_by,
)
from infradesk.ui import theme
from infradesk.ui.context import AppContext
from infradesk.ui.keep_edit import KeepEditTableView
from infradesk.ui.risks.editors import FieldDelegate
from infradesk.ui.risks.filter_proxy import RaidFilterProxy
from infradesk.ui.risks.raid_model import ID_ROLE, Column, RaidTableModel
from infradesk.ui.risks.record_dialog import RecordDialog
from infradesk.ui.row_actions import RowActions, plural
from infradesk.ui.table_keys import current_column


@dataclass(frozen=True)
class LinkSpec:
    """A set of links edited in the detail dialog (e.g. a risk's tasks)."""

    title: str
    kind: LinkKind  # the link table and the records that may be linked
    current: Callable[[Any], Sequence[int]]  # linked ids of a row


class RaidLogView(QWidget):
    """A table of one log. ``selectionChangedTo`` carries the current row (or None)."""

    selectionChangedTo = Signal(object)
    countsChanged = Signal(str)

    def __init__(
        self,
        context: AppContext,
        entity: Entity,
        columns: Sequence[Column],
        loader: Loader,
        links: Sequence[LinkSpec] = (),
        open_filter: bool = True,
        refs: dict[str, Options] | None = None,
        preview: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.entity = entity
        self.loader = loader
        self.links = list(links)
        self.refs = dict(refs or {})  # reference field -> its (id, label) options
        self.setObjectName(f"raidView_{entity.key}")
        self.model = RaidTableModel(columns, self.edit)
        self.proxy = RaidFilterProxy()
        self.proxy.setSourceModel(self.model)
        self.delegate = FieldDelegate(self)

        self.table = KeepEditTableView()  # a refused inline edit keeps the typed value
        self.model.editRefused.connect(self.table.refuse_edit)
        self.table.setObjectName(f"raidTable_{entity.key}")
        self.table.setModel(self.proxy)
        self.table.setItemDelegate(self.delegate)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        for number, column in enumerate(columns):
            self.table.setColumnWidth(number, column.width)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selection_changed())
        self.table.activated.connect(self._activated)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

        noun = entity.singular.lower()
        self.row_actions = RowActions(
            self.table, noun, self.new_record, self.selected_ids, self.delete_records
        )
        self.new_button = QPushButton(f"New {noun}")
        self.new_button.setObjectName("newButton")
        self.new_button.setToolTip(f"Add a {noun} (Insert)")
        self.new_button.clicked.connect(self.new_record)
        self.details_button = QPushButton("Details…")
        self.details_button.setToolTip("Edit every field, long texts and links (Ctrl+E)")
        self.details_button.clicked.connect(lambda: self.open_details())
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip(f"Delete the selected {plural(noun)} (Delete)")
        self.delete_button.clicked.connect(self.row_actions.ask_delete)
        self.open_only = QCheckBox("Open only")
        self.open_only.setVisible(open_filter)
        self.open_only.toggled.connect(self._filter_changed)
        self.search = QLineEdit()
        self.search.setObjectName("searchField")
        self.search.setPlaceholderText(f"Search {entity.plural.lower()}…")
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(260)
        self.search.textChanged.connect(self._filter_changed)
        self.toolbar = QHBoxLayout()
        self.toolbar.setContentsMargins(0, 0, 0, 0)
        for widget in (self.new_button, self.details_button, self.delete_button):
            self.toolbar.addWidget(widget)
        self.extra_at = self.toolbar.count()
        self.toolbar.addStretch(1)
        self.toolbar.addWidget(self.open_only)
        self.toolbar.addWidget(self.search)

        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        theme.text_color(self.error_label, lambda t: t.bad, "font-weight: 600;")
        self.error_label.setVisible(False)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 4)
        layout.setSpacing(4)
        layout.addLayout(self.toolbar)
        layout.addWidget(self.error_label)
        self.body = QVBoxLayout()
        self.preview: QTextBrowser | None = None
        if preview:  # the selected record's long texts under the table
            self.preview = QTextBrowser()
            self.preview.setObjectName("recordPreview")
            split = QSplitter(Qt.Orientation.Vertical)
            split.addWidget(self.table)
            split.addWidget(self.preview)
            split.setStretchFactor(0, 3)
            split.setStretchFactor(1, 1)
            split.setSizes([520, 180])
            self.body.addWidget(split, 1)
            self.selectionChangedTo.connect(self._show_preview)
        else:
            self.body.addWidget(self.table, 1)
        layout.addLayout(self.body, 1)
        layout.addWidget(self.count_label)
        theme.on_change(self._selection_changed)  # the detail's HTML names colours

        QShortcut(QKeySequence("Ctrl+E"), self, self.open_details)

    # --------------------------------------------------------------------------- helpers
    def add_tool(self, widget: QWidget) -> None:
        self.toolbar.insertWidget(self.extra_at, widget)
        self.extra_at += 1

    @property
    def project_id(self) -> int | None:
        return self.context.project_id

    def run(self, command: Command, typed: object | None = None) -> str | None:
        """Execute through the undo stack; return the refusal message, if any.

        A refusal is any :class:`UserError`: a bad value, a busy or read-only workspace, a
        record someone changed since (``typed``, what the user typed, is offered again). It
        is shown above the table; anything else is a bug and goes to the excepthook.
        """
        try:
            self.context.execute(command, typed=typed)
        except (UserError, RaidEditError) as error:
            self.show_error(str(error))
            return str(error)
        self.show_error("")
        return None

    def message(self, text: str) -> None:
        """A transient note in the main window's status bar (if there is one)."""
        window = self.window()
        status_bar = getattr(window, "statusBar", None)
        if callable(status_bar):
            status_bar().showMessage(text, 8000)

    def show_error(self, text: str) -> None:
        self.error_label.setText(f"⚠ {text}" if text else "")
        self.error_label.setVisible(bool(text))

    def selected_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        return sorted({index.data(ID_ROLE) for index in rows})

    def current_row(self) -> Any:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        source = self.proxy.mapToSource(index)
        return self.model.row_at(source.row()) if source.isValid() else None

    def select_id(self, record_id: int) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ID_ROLE) == record_id:
                self.table.setCurrentIndex(index)
                self.table.selectRow(row)
                return

    # --------------------------------------------------------------------------- loading
    def reload(self) -> None:
        keep = set(self.selected_ids())
        current = self.current_row()
        current_id = current.id if current is not None else None
        column = current_column(self.table)  # the cell cursor stays in its column
        rows: Sequence[Any] = []
        if self.project_id is not None:
            rows = load_rows(self.context.workspace, self.loader, self.project_id)
        self.model.set_rows(rows)
        selection = self.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            record_id = index.data(ID_ROLE)
            if record_id == current_id:
                selection.setCurrentIndex(
                    index.siblingAtColumn(column), QItemSelectionModel.SelectionFlag.NoUpdate
                )
            if record_id in keep:
                selection.select(index, flags)
        if not selection.currentIndex().isValid() and self.proxy.rowCount():
            # show the first record's details without selecting it
            selection.setCurrentIndex(
                self.proxy.index(0, 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )
        self._selection_changed()

    def counts_text(self) -> str:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        open_count = sum(1 for r in self.model.rows if getattr(r, "is_open", True))
        parts = [f"{total} {self.entity.plural.lower()}"]
        if any(hasattr(r, "is_open") for r in self.model.rows):
            parts.append(f"{open_count} open")
        if shown != total:
            parts.append(f"{shown} shown")
        selected = len(self.selected_ids())
        if selected > 1:
            parts.append(f"{selected} selected")
        return " · ".join(parts)

    def _update_counts(self) -> None:
        text = self.counts_text()
        self.count_label.setText(text)
        self.countsChanged.emit(text)

    def _selection_changed(self) -> None:
        self._update_counts()
        self.selectionChangedTo.emit(self.current_row())

    def _filter_changed(self) -> None:
        self.proxy.set_text(self.search.text())
        self.proxy.set_open_only(self.open_only.isChecked())
        self._update_counts()

    def _show_preview(self, row: Any) -> None:
        if self.preview is None:
            return
        if row is None:
            self.preview.setHtml("")
            return
        parts = [
            f"<p style='margin:2px 0'><b>{html.escape(getattr(row, 'code', ''))} "
            f"{html.escape(str(getattr(row, self.entity.fields[0].name, '')))}</b></p>"
        ]
        for field in self.entity.fields:
            value = getattr(row, field.name, None)
            if field.kind == "long" and value:
                text = html.escape(str(value)).replace("\n", "<br>")
                parts.append(f"<p style='margin:2px 0'><b>{field.label}:</b> {text}</p>")
        if len(parts) == 1:
            muted = theme.current().inactive.name()
            parts.append(
                f"<p style='color:{muted}'>No details yet — Details… (Ctrl+E) adds them.</p>"
            )
        self.preview.setHtml("".join(parts))

    def context_actions(self) -> list[tuple[str, Callable[[], None]]]:
        """(text, slot) pairs of the table's context menu; views add their own."""
        return [
            ("Details…", self.open_details),
            (f"New {self.entity.singular.lower()}", self.new_record),
            ("Delete", self.row_actions.ask_delete),
        ]

    def _context_menu(self, point: QPoint) -> None:
        menu = QMenu(self)
        # New and Delete are the table's key actions, so the menu shows Ins and Del
        keyed = {
            self.new_record: self.row_actions.insert_action,
            self.row_actions.ask_delete: self.row_actions.delete_action,
        }
        for text, slot in self.context_actions():
            action = keyed.get(slot)
            if action is not None:
                menu.addAction(action)
            else:
                menu.addAction(text).triggered.connect(lambda _checked=False, s=slot: s())
        menu.popup(self.table.viewport().mapToGlobal(point))

    def _activated(self, index: QModelIndex) -> None:
        if not index.flags() & Qt.ItemFlag.ItemIsEditable:
            self.open_details()

    # --------------------------------------------------------------------------- edits
    def make_edit(self, record_id: int, changes: dict[str, Any]) -> Command:
        """The command for an edit (the risk view turns status 'occurred' into an issue)."""
        assert self.project_id is not None
        return EditRecord(self.entity.key, self.project_id, record_id, changes)

    def make_create(self, values: dict[str, Any]) -> CreateRecord:
        """The command adding a record (the action log stamps its raised date)."""
        assert self.project_id is not None
        return CreateRecord(self.entity.key, self.project_id, values)

    def edit(self, record_id: int, field: str, value: Any) -> str | None:
        """Inline edit; applies to every selected row when the edited row is among them."""
        if self.project_id is None:
            return "No project is open."
        ids = self.selected_ids()
        targets = ids if record_id in ids and len(ids) > 1 else [record_id]
        commands = []
        try:
            changed = records_changed_by(
                self.context.workspace, self.entity.key, targets, {field: value}
            )
            commands = [self.make_edit(target, {field: value}) for target in changed]
        except (UserError, RaidEditError) as error:
            self.show_error(str(error))
            return str(error)
        if not commands:
            return None
        command = commands[0]
        if len(commands) > 1:
            label = self.entity.field(field).label.lower()
            command = CompositeCommand(f"Edit {label} of {len(commands)} rows", commands)
        table = self.entity.model.__tablename__
        for target in changed:  # refused if someone changed a row since it was read
            command.expect(table, target, self.version_of(target))
        return self.run(command, typed=value)

    def version_of(self, record_id: int) -> int | None:
        """The version counter of a shown row (None: unknown, the edit expects none)."""
        for row in self.model.rows:
            if row.id == record_id:
                version = getattr(row, "version", None)
                return version if isinstance(version, int) else None
        return None

    def new_record(self) -> None:
        if self.project_id is None:
            return
        title = f"New {self.entity.singular.lower()}"
        headline = self.entity.fields[0].name  # "title"; a stakeholder's "name"...
        command = self.make_create({headline: title})
        if self.run(command) is None and command.record_id is not None:
            self.select_id(command.record_id)
            column = next(
                (
                    n
                    for n, c in enumerate(self.model.columns)
                    if c.field is not None and c.field.name == headline
                ),
                None,
            )
            if column is not None:
                self.table.edit(self.proxy.index(self.table.currentIndex().row(), column))

    def delete_selected(self) -> None:
        """Delete the selected records without asking (Delete and the button ask first)."""
        self.delete_records(self.selected_ids())

    def delete_records(self, ids: list[int]) -> None:
        if ids and self.project_id is not None:
            self.run(DeleteRecords(self.entity.key, self.project_id, set(ids)))

    def dialog_values(self, row: Any) -> dict[str, Any]:
        return {f.name: getattr(row, f.name, None) for f in self.entity.fields}

    def dialog_choices(self) -> dict[str, Sequence[str]]:
        return {}

    def open_details(self, dialog: RecordDialog | None = None) -> None:
        row = self.current_row()
        if row is None or self.project_id is None:
            return
        links: dict[str, tuple[Sequence[tuple[int, str]], set[int]]] = {}
        choices: dict[str, Sequence[Any]] = dict(self.dialog_choices())
        found = load_choices(
            self.context.workspace,
            self.project_id,
            {**{f"link:{link.title}": link.kind.options for link in self.links}, **self.refs},
        )
        for link in self.links:
            links[link.title] = (found[f"link:{link.title}"], set(link.current(row)))
        for name in self.refs:
            choices[name] = found[name]
        dialog = dialog or RecordDialog(
            self.entity,
            f"{row.code} — {self.entity.singular}" if hasattr(row, "code") else "Details",
            self.dialog_values(row),
            links,
            choices,
            self,
        )
        if dialog.exec() != RecordDialog.DialogCode.Accepted:
            return
        self.apply_dialog(row.id, dialog.changes(), dialog.link_changes())

    def apply_dialog(
        self, record_id: int, changes: dict[str, Any], link_changes: dict[str, set[int]]
    ) -> str | None:
        assert self.project_id is not None
        commands: list[Command] = []
        if changes:
            commands.append(self.make_edit(record_id, changes))
        for link in self.links:
            if link.title in link_changes:
                commands.append(
                    SetLinks(
                        link.kind.link_model,
                        link.kind.owner_column,
                        record_id,
                        link.kind.other_column,
                        link_changes[link.title],
                        self.project_id,
                        f"Edit {link.title.lower()}",
                    )
                )
        if not commands:
            return None
        if len(commands) == 1:
            return self.run(commands[0])
        return self.run(CompositeCommand(f"Edit {self.entity.singular.lower()}", commands))
