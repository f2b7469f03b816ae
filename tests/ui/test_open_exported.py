"""Issue 17: when no viewer opens the exported PDF (``QDesktopServices.openUrl`` returns False),
the user is told so and offered Show in Folder; when the folder cannot be opened either, the
path is shown with a Copy button. Through the real status report dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from infradesk.services.plan.project_view import project_list
from infradesk.store.workspace import Workspace
from infradesk.ui.context import AppContext
from infradesk.ui.open_file import PathDialog
from infradesk.ui.report_dialog import ReportDialog


def _export(qtbot: QtBot, workspace: Workspace, target: Path) -> tuple[QWidget, QMessageBox]:
    """Export the report with "Open the PDF" ticked; return the window and the message."""
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    context = AppContext(workspace)
    context.set_project(project_list(workspace)[0].id)
    assert context.project_id is not None
    dialog = ReportDialog(context, context.project_id, window)
    assert dialog.open_after.isChecked()
    dialog.output.setText(str(target))
    dialog.export()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=30_000)
    box = dialog.open_failed
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.parent() is window  # it outlives the report dialog, which closed
    return window, box


def test_no_viewer_says_so_and_show_in_folder_opens_the_folder(
    qtbot: QtBot, demo_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url.toLocalFile())
        return url.toLocalFile().endswith("/") or Path(url.toLocalFile()).is_dir()

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    target = tmp_path / "weekly.pdf"
    _window, box = _export(qtbot, demo_workspace, target)
    assert box.windowTitle() == "Cannot open the PDF"
    assert str(target) in box.text() and "no application is set up" in box.text()
    assert opened == [str(target)]
    show = box.findChild(type(box.defaultButton()), "showInFolder")
    assert show is not None and show is box.defaultButton()
    show.click()
    assert opened == [str(target), str(tmp_path)]
    assert not box.isVisible()  # closed by the click (it deletes itself later)


def test_when_the_folder_cannot_be_opened_the_path_is_shown_to_copy(
    qtbot: QtBot, demo_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: False))
    target = tmp_path / "weekly.pdf"
    window, box = _export(qtbot, demo_workspace, target)
    box.findChild(type(box.defaultButton()), "showInFolder").click()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(PathDialog)))
    (paths,) = [d for d in window.findChildren(PathDialog) if d.isVisible()]
    assert paths.path.text() == str(target)
    paths.copy_button.click()
    assert QGuiApplication.clipboard().text() == str(target)
    paths.close()
