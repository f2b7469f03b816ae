"""The import wizard driven like a user would: sheets -> columns -> preview -> target."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QMimeData, QObject, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from infradesk.model import Project, Risk, Task

PLAN = {
    "Plan": [["ID", "Task", "Duration", "Start", "Predecessors"],
             [1, "Order", "2d", "2026-03-02", ""], [2, "Install", "3d", "", "1"],
             [3, "Test", "1d", "", "2"]],
    "Risks": [["Risk ID", "Risk", "Probability", "Impact"], ["R-001", "Late racks", "H", "M"]],
    "RACI": [["Step", "PM", "Lead"], ["Plan", "A", "R"], ["Build", "C", "A"]],
}  # fmt: skip


@pytest.fixture
def window(qtbot, workspace) -> Iterator:  # type: ignore[no-untyped-def]
    from infradesk.ui.main_window import MainWindow

    main = MainWindow(workspace)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main


def _count(workspace, model) -> int:  # type: ignore[no-untyped-def]
    with workspace.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def _finish(qtbot, wizard) -> None:  # type: ignore[no-untyped-def]
    """Finish writes off the GUI thread; the wizard closes when the write succeeded."""
    from PySide6.QtWidgets import QWizard

    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: not wizard.isVisible())


def _open(qtbot, window, path: Path):  # type: ignore[no-untyped-def]
    """File > Import on ``path``: the file is read off the GUI thread, then the wizard opens."""
    from infradesk.ui.import_wizard import run_import_wizard

    launch = run_import_wizard(window, path)
    assert launch is not None
    qtbot.waitUntil(lambda: launch.done)
    assert launch.wizard is not None, launch.refusal and launch.refusal.text()
    return launch.wizard


def _walk_to_target(qtbot, wizard, plan_rows: list = PLAN["Plan"]) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: wizard.isVisible())
    sheets = wizard.sheets_page.table
    names = [sheets.item(r, 1).text() for r in range(sheets.rowCount())]
    assert names == ["Plan", "Risks", "RACI"]
    assert sheets.item(2, 0).checkState() == Qt.CheckState.Unchecked  # RACI ignored
    assert "RACI matrix" in sheets.item(2, 3).text()
    wizard.next()
    tabs = wizard.mapping_page.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["Plan", "Risks"]
    plan_table = tabs.widget(0)
    assert plan_table.cellWidget(2, 2).currentData() == "duration"
    assert plan_table.item(2, 3).text().startswith("2d | ")
    wizard.next()  # the rows are checked off the GUI thread, then the preview shows
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.PREVIEW_PAGE)
    preview = wizard.preview_page
    assert preview.tree.topLevelItemCount() == len(plan_rows) - 1
    assert f"{len(plan_rows) - 1} tasks" in preview.records.text()
    assert "1 risks" in preview.records.text()
    wizard.next()
    assert wizard.visitedIds() == [wizard.SOURCE_PAGE, wizard.MAPPING_PAGE,
                                   wizard.PREVIEW_PAGE, wizard.TARGET_PAGE]  # fmt: skip


def test_import_into_a_new_project_is_one_undo_step(
    qtbot, window, workspace, make_xlsx: Callable[..., Path]
) -> None:  # type: ignore[no-untyped-def]
    wizard = _open(qtbot, window, make_xlsx(PLAN))
    _walk_to_target(qtbot, wizard)
    target = wizard.target_page
    assert target.new_button.isChecked()
    assert _count(workspace, Task) == 0  # nothing written before Finish
    target.name.setText("Rack move")
    _finish(qtbot, wizard)
    assert _count(workspace, Task) == 3 and _count(workspace, Risk) == 1
    assert window.project_selector.currentText() == "Rack move"
    # (the Gantt tab cannot yet reload after its current project is deleted - reported to the
    # lead, same for Project > Delete - so show no project before undoing the import)
    window.context.set_project(None)
    window.context.undo_stack.undo()
    assert _count(workspace, Project) == 0
    window.context.undo_stack.redo()
    assert _count(workspace, Task) == 3


def test_update_an_existing_project_shows_counts_first(
    qtbot, window, workspace, make_xlsx: Callable[..., Path]
) -> None:  # type: ignore[no-untyped-def]
    first = _open(qtbot, window, make_xlsx(PLAN))
    _walk_to_target(qtbot, first)
    _finish(qtbot, first)
    changed = {**PLAN, "Plan": [*PLAN["Plan"], [4, "Handover", "1d", "", "3"]]}
    changed["Plan"][2] = [2, "Install", "5d", "", "1"]
    wizard = _open(qtbot, window, make_xlsx(changed, name="v2.xlsx"))
    _walk_to_target(qtbot, wizard, changed["Plan"])
    target = wizard.target_page
    target.update_button.setChecked(True)
    assert "1 updated, 1 new, 3 unchanged" in target.summary.text()
    assert _count(workspace, Task) == 3
    _finish(qtbot, wizard)
    assert _count(workspace, Task) == 4  # updated in place, nothing duplicated
    window.context.undo_stack.undo()
    assert _count(workspace, Task) == 3


def test_unreadable_file_is_refused_with_a_message(
    qtbot, window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from infradesk.ui import import_wizard

    bad = tmp_path / "broken.xlsx"
    bad.write_text("not a workbook")
    launch = import_wizard.run_import_wizard(window, bad)
    assert launch is not None
    qtbot.waitUntil(lambda: launch.done)
    assert launch.wizard is None and launch.refusal is not None
    assert "is not a workbook" in launch.refusal.text()
    assert isinstance(launch.refusal, QMessageBox) and launch.refusal.isVisible()


def test_dropping_a_workbook_on_the_window_opens_the_wizard(
    qtbot, window, make_xlsx: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from infradesk.ui import import_wizard

    opened: list[Path] = []
    monkeypatch.setattr(import_wizard, "run_import_wizard", lambda w, p=None: opened.append(p))
    path = make_xlsx(PLAN)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    # Qt only delivers a drop during a real drag; hand the event to the window's filter
    assert window.acceptDrops()
    drop_filter = window.findChild(QObject, "importDropFilter")
    assert drop_filter.eventFilter(window, drop)
    assert opened == [path]
    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile(str(path.with_suffix(".pdf")))])
    ignored = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, other,
                         Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    assert not drop_filter.eventFilter(window, ignored)
    assert any(a.objectName() == "importExcel" for a in window.import_menu.actions())
