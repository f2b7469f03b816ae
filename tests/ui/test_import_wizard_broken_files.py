"""Issue 17: a broken file given to File > Import shows its message, and nothing else is left
on screen: the "Reading…" progress dialog is gone before the message opens, and the message's
OK answers at once (it once stayed behind a living progress dialog until Cancel was pressed).

Real broken files: an .xlsx whose sheet XML is cut in the middle, an MS Project .xml cut off
before its end. The read is held until the progress dialog is surely on screen.
"""

from __future__ import annotations

import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6")

from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from infradesk.store.workspace import Workspace


@pytest.fixture
def window(qtbot, workspace: Workspace) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    from infradesk.ui.main_window import MainWindow

    main = MainWindow(workspace)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main


def _broken_xlsx(folder: Path) -> Path:
    """A workbook Excel wrote fine, then damaged: its sheet's XML stops half-way."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet.append(["ID", "Task", "Duration", "Start"])
    for number in range(1, 200):
        sheet.append([number, f"Task {number}", "2d", "2026-03-02"])
    good = folder / "good.xlsx"
    book.save(good)
    broken = folder / "broken.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data[: len(data) // 2]
            target.writestr(item, data)
    return broken


def _broken_xml(folder: Path) -> Path:
    path = folder / "broken.xml"
    path.write_text(
        '<?xml version="1.0"?><Project xmlns="http://schemas.microsoft.com/project">'
        "<Name>Cutover</Name><Tasks><Task><UID>1</UID><Name>Rack",
        encoding="utf-8",
    )
    return path


def _held(monkeypatch: pytest.MonkeyPatch, name: str) -> threading.Event:
    """Hold ``import_reading.<name>`` (the real one runs after) until the event is set."""
    from infradesk.ui import import_reading

    release = threading.Event()
    real: Callable[..., Any] = getattr(import_reading, name)

    def held(*args: Any, **kwargs: Any) -> Any:
        assert release.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(import_reading, name, held)
    return release


@pytest.mark.parametrize(
    ("make", "held", "message"),
    [
        (_broken_xlsx, "analyse_spreadsheet", "broken.xlsx cannot be read as a workbook"),
        (_broken_xml, "_reader", "broken.xml: not a readable MS Project XML file"),
    ],
    ids=["xlsx", "xml"],
)
def test_a_broken_file_leaves_only_its_message_and_ok_closes_it_at_once(
    qtbot,  # type: ignore[no-untyped-def]
    window: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make: Callable[[Path], Path],
    held: str,
    message: str,
) -> None:
    from infradesk.ui import import_wizard
    from infradesk.ui.import_wizard import ImportWizard, run_import_wizard
    from infradesk.ui.operations import ProgressDialog

    path = make(tmp_path)
    release = _held(monkeypatch, held)
    at_refusal: dict[str, Any] = {}
    real_refusal = import_wizard.show_refusal

    def refusal_seen(*args: Any) -> QMessageBox:
        # what is alive when the message opens: no progress dialog, not even a hidden one
        at_refusal["progress"] = window.findChildren(ProgressDialog)
        return real_refusal(*args)

    monkeypatch.setattr(import_wizard, "show_refusal", refusal_seen)
    launch = run_import_wizard(window, path)
    assert launch is not None
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(ProgressDialog)))
    release.set()
    qtbot.waitUntil(lambda: launch.done)
    refusal = launch.refusal
    assert refusal is not None and refusal.isVisible()
    assert refusal.text().startswith(message), refusal.text()
    assert "Traceback" not in refusal.text()
    assert at_refusal["progress"] == []
    assert window.findChildren(ProgressDialog) == []
    assert QApplication.activeModalWidget() is refusal  # nothing above it
    ok = refusal.button(QMessageBox.StandardButton.Ok)
    QTest.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not refusal.isVisible()  # at once, no Cancel needed
    assert QApplication.activeModalWidget() is None
    assert QGuiApplication.modalWindow() is None
    assert window.findChildren(ImportWizard) == [] and window.isEnabled()
