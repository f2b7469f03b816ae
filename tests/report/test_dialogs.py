"""The Status update and Export status report dialogs, driven like a user would."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QDate
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from infradesk.model import StatusUpdate
from infradesk.report.data import Rag
from infradesk.ui.context import AppContext
from infradesk.ui.report_dialog import ReportDialog, default_file_name
from infradesk.ui.status_dialog import StatusDialog

from .conftest import AS_OF, build_plan


@pytest.fixture
def context(qtbot, workspace) -> AppContext:
    with workspace.session() as session:
        project_id = build_plan(session)
    ctx = AppContext(workspace)
    ctx.set_project(project_id)
    return ctx


def test_status_dialog_suggests_and_saves(qtbot, context: AppContext) -> None:
    dialog = StatusDialog(context, context.project_id, AS_OF)
    qtbot.addWidget(dialog)
    schedule = dialog.rows["schedule"]
    assert schedule.suggested is Rag.RED and schedule.rag is Rag.RED
    assert "Suggested: Red" in schedule.hint.text()
    assert dialog.summary.toPlainText().startswith("Overall status is red.")
    assert "first update" in dialog.previous_label.text()

    dialog.decisions.setPlainText("Approve weekend overtime\n\n")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    with context.workspace.session() as session:
        row = session.scalar(select(StatusUpdate))
        assert row.decisions_needed == "Approve weekend overtime"
        assert row.schedule_rag == "red"
    assert context.undo_stack.count() == 1
    context.undo_stack.undo()
    with context.workspace.session() as session:
        assert session.scalar(select(StatusUpdate.id)) is None


def test_override_without_justification_is_refused(qtbot, context: AppContext, monkeypatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    dialog = StatusDialog(context, context.project_id, AS_OF)
    qtbot.addWidget(dialog)
    dialog.rows["schedule"].combo.setCurrentIndex(1)  # Amber instead of the suggested Red
    assert "required" in dialog.rows["schedule"].justification.placeholderText()
    dialog.save()
    assert warnings and "justification" in warnings[0]
    assert dialog.result() != dialog.DialogCode.Accepted
    dialog.rows["schedule"].justification.setText("Recovery plan agreed with the vendor")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted

    again = StatusDialog(context, context.project_id, AS_OF)
    qtbot.addWidget(again)
    assert again.rows["schedule"].rag is Rag.AMBER
    assert "saved update" in again.previous_label.text()


def test_report_dialog_previews_and_exports(
    qtbot, context: AppContext, tmp_path: Path, monkeypatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices,
        "openUrl",
        staticmethod(lambda url: opened.append(url.toLocalFile()) or True),
    )
    dialog = ReportDialog(context, context.project_id)
    qtbot.addWidget(dialog)
    dialog.date_edit.setDate(QDate(AS_OF.year, AS_OF.month, AS_OF.day))
    preview = dialog.preview.toPlainText()
    assert "DC Migration" in preview and "02 Mar 2026" in preview
    assert "suggested by the data" in preview
    assert "due within 14 days" in preview and "notice deadlines within 60 days" in preview
    dialog.section_boxes["vendors"].setChecked(False)
    assert "Vendors" not in dialog.preview.toPlainText().split("Sections:")[1]
    dialog.page_size.setCurrentText("Letter")
    assert "Letter" in dialog.preview.toPlainText()

    target = tmp_path / "weekly.pdf"
    dialog.output.setText(str(target))
    dialog.export()  # gathers and renders off the GUI thread
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=30_000)
    assert dialog.written == target and opened == [str(target)]
    reader = pypdf.PdfReader(target)
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "DC Migration" in text and "Deliveries due or late" not in text
    assert round(float(reader.pages[0].mediabox.width)) == 612


def test_default_file_name_is_safe() -> None:
    assert default_file_name('Zürich / DC: "A"', AS_OF) == "Zürich-DC-A-status-2026-03-02.pdf"


def test_main_window_has_the_report_menu_entries(qtbot, context: AppContext) -> None:
    from infradesk.ui.main_window import MainWindow

    window = MainWindow(context.workspace)
    qtbot.addWidget(window)
    file_actions = [a.objectName() for a in window.file_menu.actions()]
    project_actions = [a.objectName() for a in window.project_menu.actions()]
    assert "exportStatusReport" in file_actions and "statusUpdate" in project_actions


def test_status_history_lists_saved_updates(qtbot, context: AppContext) -> None:
    from datetime import timedelta

    dialog = StatusDialog(context, context.project_id, AS_OF - timedelta(days=7))
    qtbot.addWidget(dialog)
    assert dialog.history.itemText(0) == "No saved update yet"
    dialog.save()
    later = StatusDialog(context, context.project_id, AS_OF)
    qtbot.addWidget(later)
    assert later.history.count() == 1 and later.history.itemText(0).startswith("2026-02-23")
    assert "previous update: 2026-02-23" in later.previous_label.text()
    later.history.activated.emit(0)
    assert later.as_of == AS_OF - timedelta(days=7)
    assert "saved update" in later.previous_label.text()
