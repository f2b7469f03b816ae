"""Issue 16, point 8, in the wizard: when two sheets hold plans of about the same completeness,
the sheet page asks which one (the best is preselected and the page says why), one plan only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.interchange.excel.test_excel_wizard import _open
from tests.interchange.excel.test_sheets_misread import _close_plans


@pytest.fixture
def window(qtbot, workspace) -> Iterator:  # type: ignore[no-untyped-def]
    from infradesk.ui.main_window import MainWindow

    main = MainWindow(workspace)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main


def test_the_sheet_page_asks_which_plan_and_takes_one(
    qtbot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    wizard = _open(qtbot, window, _close_plans(tmp_path))
    qtbot.waitUntil(lambda: wizard.isVisible())
    page = wizard.sheets_page
    assert page.question.isVisible()
    assert page.question.text().startswith("Which sheet is the plan? 2 sheets hold a task plan")
    assert "'Building A' is ticked as the best guess" in page.question.text()
    table = page.table
    rows = {table.item(r, 1).text(): r for r in range(table.rowCount())}
    checked = {name: table.item(r, 0).checkState() == Qt.CheckState.Checked
               for name, r in rows.items()}  # fmt: skip
    assert checked == {"Building A": True, "Building B": False}
    assert table.item(rows["Building A"], 3).text().endswith(
        "10 tasks, 3 columns, 0 links, 10 dates (the most complete)"
    )
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warned.append(text))
    table.item(rows["Building B"], 0).setCheckState(Qt.CheckState.Checked)
    wizard.next()
    assert wizard.currentId() == wizard.SOURCE_PAGE
    assert warned == ["A project has one plan: tick only one of the task sheets "
                      "('Building A', 'Building B')."]  # fmt: skip
    table.item(rows["Building A"], 0).setCheckState(Qt.CheckState.Unchecked)
    wizard.next()
    assert wizard.currentId() == wizard.MAPPING_PAGE
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.PREVIEW_PAGE)
    project = wizard.project()
    assert project is not None and project.tasks[0].name == "Racks 0"


def test_no_question_when_one_plan_is_clearly_more_complete(
    qtbot, window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from tests.interchange.excel import ms_project_routes as routes

    wizard = _open(qtbot, window, routes.write_task_table(tmp_path / "wizard.xlsx"))
    qtbot.waitUntil(lambda: wizard.isVisible())
    assert not wizard.sheets_page.question.isVisible()
    table = wizard.sheets_page.table
    holds = {table.item(r, 1).text(): table.cellWidget(r, 2).currentData()
             for r in range(table.rowCount())}  # fmt: skip
    assert holds == {"Task_Table": "tasks", "Resource_Table": "resources",
                     "Assignment_Table": "assignments"}  # fmt: skip


def test_the_wizard_words_the_choice_of_another_plan_with_its_own_controls(
    qtbot, window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Issue 17: the notes speak of the Sheets page's Import column, not of the CLI's --sheet."""
    from tests.interchange.excel import ms_project_routes as routes
    from tests.interchange.excel.conftest import write_xlsx

    pasted = [row[:7] for row in routes.task_table_rows()]  # a poorer copy of the plan
    path = write_xlsx(
        tmp_path / "plan.xlsx", {"Copy": pasted, "Task_Table": routes.task_table_rows()}
    )
    wizard = _open(qtbot, window, path)
    qtbot.waitUntil(lambda: wizard.isVisible())
    notes = wizard.sheets_page.notes.text()
    assert "is imported as the most complete" in notes
    assert "To import 'Copy' instead, tick it in the Import column above" in notes
    assert "--sheet" not in notes
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.PREVIEW_PAGE)
    problems = wizard.preview_page.problems
    listed = [problems.item(row).text() for row in range(problems.count())]
    (choice,) = [text for text in listed if "most complete" in text]
    assert choice.endswith("To import 'Copy' instead, go Back to the Sheets page and tick it.")
    assert not any("--sheet" in text for text in listed)
    wizard.reject()
