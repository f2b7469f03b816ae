"""File > Import Plan… with MS Project XML, GanttProject, Planner and JSON files, driven as a user.

The real files come from <repo>/../shared/data/real-plans (the tests skip when it is absent).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QMimeData, QObject, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QMessageBox,
    QTreeWidgetItemIterator,
    QWizard,
)
from sqlalchemy import func, select

from infradesk.interchange.problems import ImportResult
from infradesk.model import Project, Task
from infradesk.store.workspace import Workspace

REAL_PLANS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real-plans"

# file, format words, tasks, links (counted by hand from the files)
REAL_FILES = [
    ("mspdirelations.xml", "MS Project XML", 5, 4),
    ("HouseBuildingSample.gan", "GanttProject file", 20, 17),
    ("project1.planner", "GNOME Planner file", 30, 5),
]

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<Project><Name>&lol3;</Name></Project>
"""


def real_plan(name: str) -> Path:
    path = REAL_PLANS / name
    if not path.is_file():
        pytest.skip(f"shared sample {name} is not available")
    return path


@pytest.fixture
def window(qtbot, workspace: Workspace) -> Iterator:  # type: ignore[no-untyped-def]
    from infradesk.ui.main_window import MainWindow

    main = MainWindow(workspace)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main


def _count(workspace: Workspace, model: type) -> int:
    with workspace.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _tasks_of(workspace: Workspace, project_id: int) -> int:
    with workspace.session() as session:
        query = select(func.count()).select_from(Task).where(Task.project_id == project_id)
        return session.scalar(query) or 0


def _tree_rows(tree) -> int:  # type: ignore[no-untyped-def]
    count, iterator = 0, QTreeWidgetItemIterator(tree)
    while iterator.value():
        count += 1
        iterator += 1
    return count


def _finish(qtbot, wizard) -> None:  # type: ignore[no-untyped-def]
    """Finish writes off the GUI thread; the wizard closes when the write succeeded."""
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: not wizard.isVisible())


def _open(qtbot, window, path: Path):  # type: ignore[no-untyped-def]
    from infradesk.ui.import_wizard import run_import_wizard

    launch = run_import_wizard(window, path)
    assert launch is not None
    qtbot.waitUntil(lambda: launch.done)
    assert launch.wizard is not None, launch.refusal and launch.refusal.text()
    qtbot.waitUntil(launch.wizard.isVisible)
    return launch.wizard


def _refusal(qtbot, window, path: Path) -> str:  # type: ignore[no-untyped-def]
    """The message shown instead of the wizard (the read ran, no wizard opened)."""
    from infradesk.ui.import_wizard import run_import_wizard

    launch = run_import_wizard(window, path)
    assert launch is not None
    qtbot.waitUntil(lambda: launch.done)
    assert launch.wizard is None and launch.refusal is not None
    assert launch.refusal.windowTitle() == "Cannot import"
    text = launch.refusal.text()
    launch.refusal.close()
    return text


def _progress_dialogs(window) -> list:  # type: ignore[no-untyped-def]
    from infradesk.ui.operations import ProgressDialog

    return [d for d in window.findChildren(ProgressDialog) if d.isVisible()]


def _to_target(wizard, tasks: int) -> None:  # type: ignore[no-untyped-def]
    """About this file -> (no column page) -> preview -> target."""
    assert wizard.currentId() == wizard.SOURCE_PAGE
    assert wizard.page(wizard.MAPPING_PAGE) is None
    wizard.next()
    assert wizard.currentId() == wizard.PREVIEW_PAGE
    assert _tree_rows(wizard.preview_page.tree) == tasks
    assert f"{tasks} tasks" in wizard.preview_page.records.text()
    wizard.next()
    assert wizard.currentId() == wizard.TARGET_PAGE
    assert wizard.visitedIds() == [wizard.SOURCE_PAGE, wizard.PREVIEW_PAGE, wizard.TARGET_PAGE]


@pytest.mark.parametrize(("name", "words", "tasks", "links"), REAL_FILES)
def test_real_plan_file_becomes_a_project_in_one_undo_step(
    qtbot, window, workspace: Workspace, name: str, words: str, tasks: int, links: int
) -> None:  # type: ignore[no-untyped-def]
    wizard = _open(qtbot, window, real_plan(name))
    page = wizard.plan_page
    assert page.headline.text().startswith(f"{words}, {tasks} tasks, {links} links")
    assert page.fields["Calendar"].text().startswith("Mon–Fri, 08:00–12:00 and 13:00–17:00 (8 h")
    assert page.fields["Tasks"].text().startswith(f"{tasks} tasks")
    assert page.fields["File"].text() == str(real_plan(name))
    _to_target(wizard, tasks)
    target = wizard.target_page
    assert target.new_button.isChecked()
    assert target.summary.text().startswith(f"{tasks} tasks and {links} links will be created")
    assert _count(workspace, Task) == 0  # nothing written before Finish
    _finish(qtbot, wizard)
    project_id = wizard.imported_project_id
    assert project_id is not None and _tasks_of(workspace, project_id) == tasks
    assert window.context.undo_stack.count() == 1
    window.context.set_project(None)  # (see test_excel_wizard: the Gantt tab's reload)
    window.context.undo_stack.undo()
    assert _count(workspace, Project) == 0 and _count(workspace, Task) == 0


def test_planner_problems_are_listed_with_where(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    wizard = _open(qtbot, window, real_plan("project1.planner"))
    assert "warning" in wizard.plan_page.notes.text()
    wizard.next()
    problems = wizard.preview_page.problems
    lines = [problems.item(i).text() for i in range(problems.count())]
    assert any(line.startswith("warning: Tasks!row 13: 'Must start on") for line in lines)
    assert any(line.startswith("note: 2 resource(s) found") for line in lines)


def test_update_an_existing_project_from_a_gan_file_shows_counts_first(
    qtbot, window, workspace: Workspace
) -> None:  # type: ignore[no-untyped-def]
    path = real_plan("HouseBuildingSample.gan")
    first = _open(qtbot, window, path)
    _to_target(first, 20)
    _finish(qtbot, first)
    project_id = first.imported_project_id
    wizard = _open(qtbot, window, path)
    _to_target(wizard, 20)
    target = wizard.target_page
    target.update_button.setChecked(True)
    assert target.project.currentData() == project_id
    assert "0 new" in target.summary.text() and "20 unchanged" in target.summary.text()
    _finish(qtbot, wizard)
    assert _count(workspace, Project) == 1 and _tasks_of(workspace, project_id) == 20
    assert window.context.undo_stack.count() == 2


def test_json_export_of_the_demo_imports_as_a_copy(
    qtbot, demo_workspace: Workspace, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from infradesk.services.documents.io import export_document
    from infradesk.ui.main_window import MainWindow

    with demo_workspace.session() as session:
        document = export_document(session)
    (demo,) = document["projects"]
    path = tmp_path / "demo.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    window = MainWindow(demo_workspace)
    qtbot.addWidget(window)
    window.show()
    tasks = len(demo["tasks"])
    before = _count(demo_workspace, Task)
    wizard = _open(qtbot, window, path)
    headline = wizard.plan_page.headline.text()
    assert headline.startswith(f"InfraDesk JSON export, {tasks} tasks")
    assert headline.endswith("; calendar Mon–Fri, 8 h a day")
    assert f"{len(demo['risks'])} risks" in wizard.plan_page.fields["Also"].text()
    assert wizard.plan_page.project_row.isHidden()  # one project: nothing to choose
    _to_target(wizard, tasks)
    target = wizard.target_page
    assert f"A project named '{demo['name']}' already exists" in target.summary.text()
    target.name.setText("Demo copy")
    assert "already exists" not in target.summary.text()
    _finish(qtbot, wizard)
    assert _tasks_of(demo_workspace, wizard.imported_project_id) == tasks
    assert _count(demo_workspace, Project) == 2
    window.context.set_project(None)
    window.context.undo_stack.undo()
    assert _count(demo_workspace, Project) == 1 and _count(demo_workspace, Task) == before


def test_json_with_several_projects_imports_the_chosen_one(
    qtbot, window, workspace: Workspace, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    def project(name: str, tasks: int) -> dict:
        rows = [
            {"id": i, "name": f"{name} step {i}", "duration": "1d"} for i in range(1, tasks + 1)
        ]
        return {"name": name, "start": "2026-03-02T08:00", "tasks": rows}

    path = tmp_path / "two.json"
    document = {"format": "infradesk", "version": 1,
                "projects": [project("Alpha", 2), project("Bravo", 3)]}  # fmt: skip
    path.write_text(json.dumps(document), encoding="utf-8")
    wizard = _open(qtbot, window, path)
    page = wizard.plan_page
    assert not page.project_row.isHidden()
    assert [page.project.itemText(i) for i in range(2)] == ["Alpha (2 tasks)", "Bravo (3 tasks)"]
    page.project.setCurrentIndex(1)
    assert page.headline.text().startswith("InfraDesk JSON export, 3 tasks")
    _to_target(wizard, 3)
    assert wizard.target_page.name.text() == "Bravo"
    _finish(qtbot, wizard)
    with workspace.session() as session:
        assert list(session.scalars(select(Project.name))) == ["Bravo"]
    assert _count(workspace, Task) == 3


def _workspace_bytes(workspace_path: Path) -> dict[str, bytes]:
    """The database and its write-ahead log (the -shm index is scratch memory, not data)."""
    files = [workspace_path, workspace_path.with_name(workspace_path.name + "-wal")]
    return {f.name: f.read_bytes() for f in files if f.exists()}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bomb.xml", BILLION_LAUGHS, "refused for safety"),
        ("page.xml", "<html><body>not a plan</body></html>", "root element is <html>"),
        ("bomb.gan", BILLION_LAUGHS.replace("Project", "project"), "refused for safety"),
        ("empty.planner", "  \n", "empty"),
        ("broken.json", '{"format": "infradesk", "projects": [', "JSON"),
    ],
)
def test_unreadable_file_changes_nothing(
    qtbot, window, workspace_path: Path, tmp_path: Path, name: str, content: str, message: str,
) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    before = _workspace_bytes(workspace_path)
    assert message in _refusal(qtbot, window, path)
    assert _progress_dialogs(window) == []
    assert _workspace_bytes(workspace_path) == before
    assert window.context.undo_stack.count() == 0


def test_truncated_real_file_is_refused(
    qtbot, window, workspace_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    data = real_plan("mspdirelations.xml").read_bytes()
    cut = tmp_path / "cut.xml"
    cut.write_bytes(data[: len(data) // 2])
    before = _workspace_bytes(workspace_path)
    assert "truncated" in _refusal(qtbot, window, cut)
    assert _workspace_bytes(workspace_path) == before


def test_a_reader_crash_is_shown_as_a_message(
    qtbot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from infradesk.ui import import_reading

    def crash(path: Path) -> ImportResult:
        raise KeyError("Tasks")

    monkeypatch.setattr(import_reading, "_reader", crash)
    path = tmp_path / "odd.gan"
    path.write_text("<project/>", encoding="utf-8")
    assert _refusal(qtbot, window, path) == "odd.gan could not be read: 'Tasks'"


def test_slow_read_shows_progress_and_cancel_drops_the_result(
    qtbot, window, workspace_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The window keeps processing events while a plan file is read; after Cancel the file's
    result is dropped: no wizard, no message, the workspace unchanged."""
    from infradesk.ui import import_reading
    from infradesk.ui.import_wizard import ImportWizard, run_import_wizard

    release = threading.Event()
    ticks: list[int] = []
    real_reader = import_reading._reader

    def slow(path: Path) -> ImportResult:
        assert release.wait(10)
        return real_reader(path)  # a good file: only the Cancel keeps the wizard shut

    monkeypatch.setattr(import_reading, "_reader", slow)
    path = tmp_path / "big.json"
    document = {"format": "infradesk", "version": 1,
                "projects": [{"name": "Big", "tasks": [{"id": 1, "name": "One"}]}]}  # fmt: skip
    path.write_text(json.dumps(document), encoding="utf-8")
    before = _workspace_bytes(workspace_path)
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))  # fires only while the event loop runs
    timer.start(10)
    launch = run_import_wizard(window, path)
    assert launch is not None
    qtbot.waitUntil(lambda: _progress_dialogs(window) != [])
    (dialog,) = _progress_dialogs(window)
    assert dialog.label.text() == "Reading big.json (InfraDesk JSON export)…"
    dialog.cancel_button.click()
    release.set()
    qtbot.waitUntil(lambda: launch.done)
    timer.stop()
    assert launch.reading.was_cancelled and launch.wizard is None and launch.refusal is None
    assert len(ticks) >= 10  # 300 ms before the dialog showed: the GUI thread was free
    assert _progress_dialogs(window) == [] and window.findChildren(ImportWizard) == []
    assert window.findChildren(QMessageBox) == []
    assert _workspace_bytes(workspace_path) == before
    assert window.context.undo_stack.count() == 0


@pytest.mark.parametrize("suffix", [".xml", ".gan", ".planner", ".json", ".xlsx", ".ods", ".csv"])
def test_dropping_any_plan_file_opens_the_wizard(
    qtbot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:  # type: ignore[no-untyped-def]
    from infradesk.ui import import_wizard

    opened: list[Path] = []
    monkeypatch.setattr(import_wizard, "run_import_wizard", lambda w, p=None: opened.append(p))
    path = tmp_path / f"plan{suffix.upper()}"
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    assert window.findChild(QObject, "importDropFilter").eventFilter(window, drop)
    assert opened == [path]


def test_menu_entry_is_import_plan_and_the_welcome_screen_finds_it(window) -> None:  # type: ignore[no-untyped-def]
    from infradesk.ui.import_formats import FILE_FILTER
    from infradesk.ui.welcome import find_excel_import_action

    (action,) = [a for a in window.import_menu.actions() if a.objectName() == "importExcel"]
    assert action.text().replace("&", "") == "Import Plan…"
    assert action.shortcut() == QKeySequence("Ctrl+I")
    assert find_excel_import_action(window) is action
    first = FILE_FILTER.split(";;")[0]
    for pattern in ("*.xlsx", "*.xlsb", "*.ods", "*.csv", "*.json", "*.xml", "*.gan", "*.planner"):
        assert pattern in first
