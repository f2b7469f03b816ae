"""The import wizard's preview of a RAID-only workbook (issue 17): it lists the risks, issues,
assumptions and dependencies Finish will write instead of an empty task tree, and Finish
stores the dependencies."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from infradesk.model import ExternalDependency, Risk, Task

SHEETS = {
    "Risks": [["Risk ID", "Risk", "Probability", "Impact"], ["R-001", "Late racks", "", ""]],
    "Dependencies": [
        ["Dep. ID", "Dependency Description", "External Party", "Required By", "Status"],
        ["D-001", "Carrier circuits handed over", "NordLink", "2026-03-10", "Open"],
        ["D-002", "Firewall rules approved", "IT security", "2026-04-01", "At risk"],
    ],
}


@pytest.fixture
def window(qtbot, workspace) -> Iterator:  # type: ignore[no-untyped-def]
    from infradesk.ui.main_window import MainWindow

    main = MainWindow(workspace)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main


def _write(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in SHEETS.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def _preview(qtbot, window, path: Path):  # type: ignore[no-untyped-def]
    from infradesk.ui.import_wizard import run_import_wizard

    launch = run_import_wizard(window, path)
    assert launch is not None
    qtbot.waitUntil(lambda: launch.done)
    wizard = launch.wizard
    assert wizard is not None
    qtbot.waitUntil(lambda: wizard.isVisible())
    wizard.next()  # sheets -> columns
    wizard.next()  # columns -> the rows are checked off the GUI thread -> preview
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.PREVIEW_PAGE)
    return wizard


def _count(workspace, model) -> int:  # type: ignore[no-untyped-def]
    with workspace.read_session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_raid_only_workbook_previews_its_records(
    qtbot, window, workspace, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    wizard = _preview(qtbot, window, _write(tmp_path / "raid.xlsx"))
    page = wizard.preview_page
    assert page.tree.isHidden()  # no empty task tree
    records = page.record_list
    assert records.isVisible()
    assert records.sections() == ["Risks (1)", "Dependencies (2)"]
    dependencies = records.topLevelItem(1)
    assert [dependencies.child(n).text(0) for n in range(2)] == ["D-001", "D-002"]
    assert dependencies.child(1).text(2) == "IT security · required by 2026-04-01 · at risk"
    assert records.topLevelItem(0).child(0).text(2) == "not scored"
    assert "2 external dependencies" in page.records.text()
    wizard.next()
    from PySide6.QtWidgets import QWizard

    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert _count(workspace, ExternalDependency) == 2
    assert _count(workspace, Risk) == 1 and _count(workspace, Task) == 0


def test_the_real_raid_log_previews_all_four_logs(
    qtbot, window, real_plans: Path
) -> None:  # type: ignore[no-untyped-def]
    wizard = _preview(qtbot, window, real_plans / "PMO_RAID_Log.xlsx")
    page = wizard.preview_page
    assert page.tree.isHidden()
    assert page.record_list.sections() == [
        "Risks (6)",
        "Issues (5)",
        "Assumptions (6)",
        "Dependencies (6)",
    ]
    wizard.reject()


def test_a_plan_keeps_its_task_tree_beside_its_records(
    qtbot, window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "plan.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    for row in (["ID", "Task", "Duration"], [1, "Order", "2d"], [2, "Install", "3d"]):
        sheet.append(row)
    workbook.save(path)
    wizard = _preview(qtbot, window, path)
    page = wizard.preview_page
    assert page.tree.isVisible() and page.tree.topLevelItemCount() == 2
    assert page.record_list.isHidden()
    wizard.reject()
