"""Help > User Guide (rendered locally, images from docs/) and Help > About (versions)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import QUrl, qVersion
from PySide6.QtGui import QGuiApplication, QTextDocument

from infradesk import __version__
from infradesk.store.migrate import current_revision
from infradesk.ui.about import AboutDialog, versions
from infradesk.ui.main_window import MainWindow
from infradesk.ui.user_guide import UserGuideDialog, docs_dir, guide_path, show_user_guide


def test_the_repository_guide_is_found() -> None:
    path = guide_path()
    assert path is not None and path.name == "user-guide.md"
    assert docs_dir() == path.parent
    assert "Gantt" in path.read_text(encoding="utf-8")


def write_guide(folder: Path) -> Path:
    (folder / "user-guide").mkdir(parents=True)
    shot = folder / "user-guide" / "gantt.png"
    from PySide6.QtGui import QColor, QImage

    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("#2f6fb5"))
    assert image.save(str(shot))
    guide = folder / "user-guide.md"
    guide.write_text(
        "# Guide\n\nSee [shortcuts](#keyboard-shortcuts) or <https://example.org>.\n\n"
        "## Getting started\n\n![Gantt](user-guide/gantt.png)\n\n"
        + "Filler paragraph.\n\n" * 120
        + "## Keyboard shortcuts\n\n| Key | Does |\n|---|---|\n| F1 | This guide |\n",
        encoding="utf-8",
    )
    return guide


def test_guide_renders_markdown_with_images_relative_to_docs(qtbot, tmp_path: Path) -> None:
    dialog = UserGuideDialog(path=write_guide(tmp_path))
    qtbot.addWidget(dialog)
    dialog.show()
    document = dialog.browser.document()
    assert "Getting started" in document.toPlainText()
    image = document.resource(
        QTextDocument.ResourceType.ImageResource, QUrl("user-guide/gantt.png")
    )
    assert image is not None and not image.isNull()
    headings = [text for _level, text, _pos in dialog.headings()]
    assert headings == ["Guide", "Getting started", "Keyboard shortcuts"]
    assert [dialog.contents.item(i).text() for i in range(dialog.contents.count())] == [
        "Getting started",
        "Keyboard shortcuts",
    ]


def test_contents_and_in_page_links_scroll_and_web_links_stay_closed(qtbot, tmp_path: Path) -> None:
    dialog = UserGuideDialog(path=write_guide(tmp_path))
    qtbot.addWidget(dialog)
    dialog.resize(700, 400)
    dialog.show()
    qtbot.waitExposed(dialog)
    bar = dialog.browser.verticalScrollBar()
    assert bar.value() == 0
    dialog.browser.anchorClicked.emit(QUrl("#keyboard-shortcuts"))
    assert bar.value() > 0
    dialog.contents.setCurrentRow(0)
    first = bar.value()
    dialog.contents.setCurrentRow(1)
    assert bar.value() > first
    dialog.browser.anchorClicked.emit(QUrl("https://example.org"))  # ignored, no crash
    assert "Getting started" in dialog.browser.toPlainText()


def test_wide_screenshots_are_scaled_to_the_reading_pane(qtbot, tmp_path: Path) -> None:
    from PySide6.QtGui import QColor, QImage

    wide = QImage(1600, 1000, QImage.Format.Format_RGB32)
    wide.fill(QColor("#163a66"))
    assert wide.save(str(tmp_path / "wide.png"))
    guide = tmp_path / "guide.md"
    guide.write_text("# Guide\n\n![Wide](wide.png)\n", encoding="utf-8")
    dialog = UserGuideDialog(path=guide)
    qtbot.addWidget(dialog)
    formats = []
    block = dialog.browser.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            char_format = iterator.fragment().charFormat()
            if char_format.isImageFormat():
                formats.append(char_format.toImageFormat())
            iterator += 1
        block = block.next()
    (shown,) = formats
    assert shown.name() != "wide.png"
    image = dialog.browser.document().resource(
        QTextDocument.ResourceType.ImageResource, QUrl(shown.name())
    )
    ratio = image.devicePixelRatio()
    assert (image.width() / ratio, image.height() / ratio) == (720, 450)
    assert dialog.fit_images(720) == 0  # already fitted


def test_a_missing_guide_says_so(qtbot, tmp_path: Path) -> None:
    dialog = UserGuideDialog(path=tmp_path / "absent.md")
    qtbot.addWidget(dialog)
    assert "not found" in dialog.browser.toPlainText()


def test_f1_opens_one_guide_window(qtbot, workspace) -> None:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    first = show_user_guide(window)
    second = show_user_guide(window)
    assert first is second and first.isVisible()
    assert "Gantt" in first.browser.toPlainText()
    first.close()


def test_about_lists_the_versions_a_bug_report_needs(qtbot, workspace) -> None:
    names = dict(versions(workspace))
    assert names["InfraDesk"] == __version__
    assert names["Qt"] == qVersion()
    assert names["SQLite"] == sqlite3.sqlite_version
    assert names["Workspace schema"] == current_revision(workspace.engine)
    assert names["Workspace schema"] not in ("", "none")
    assert names["Python"].startswith("3.")
    dialog = AboutDialog(workspace)
    qtbot.addWidget(dialog)
    from PySide6.QtWidgets import QLabel

    label = dialog.findChild(QLabel, "aboutText")
    assert sqlite3.sqlite_version in label.text() and qVersion() in label.text()
    dialog.copy_versions()
    copied = QGuiApplication.clipboard().text()
    assert f"InfraDesk: {__version__}" in copied and f"Qt: {qVersion()}" in copied
