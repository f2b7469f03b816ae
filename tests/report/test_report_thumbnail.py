"""Issue 17: the status report dialog previews the real first page (drawn with pypdfium2 off
the GUI thread), not only a text summary; it follows the options."""

from __future__ import annotations

import io
import threading
from typing import Any

import pytest
from PySide6.QtCore import QDate
from PySide6.QtGui import QColor, QImage

from infradesk.report.status_report import render_status_report
from infradesk.report.thumbnail import first_page_image
from infradesk.ui.context import AppContext
from infradesk.ui.report_dialog import THUMBNAIL_WIDTH, ReportDialog

from .conftest import AS_OF, build_plan, sample_report


@pytest.fixture
def context(qtbot, workspace) -> AppContext:  # type: ignore[no-untyped-def]
    with workspace.session() as session:
        project_id = build_plan(session)
    ctx = AppContext(workspace)
    ctx.set_project(project_id)
    return ctx


def _dark_share(image: QImage, top: int, bottom: int) -> float:
    """The share of dark pixels (text, the title) in rows top..bottom."""
    dark = total = 0
    for y in range(top, bottom):
        for x in range(0, image.width(), 2):
            total += 1
            dark += QColor(image.pixel(x, y)).lightness() < 128
    return dark / total


def test_the_first_page_is_drawn_as_pixels() -> None:
    pdf = io.BytesIO()
    render_status_report(sample_report(), pdf)
    image = first_page_image(pdf.getvalue(), 200)
    assert image.width == 200 and 280 <= image.height <= 290  # A4's ratio
    assert len(image.pixels) == image.stride * image.height
    assert len(set(image.pixels)) > 16  # not a blank page


def test_the_dialog_shows_the_real_first_page_and_follows_the_options(
    qtbot,  # type: ignore[no-untyped-def]
    context: AppContext,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from infradesk.ui import report_dialog

    threads: list[bool] = []
    real = report_dialog.first_page_image

    def drawn(*args: Any) -> Any:
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args)

    monkeypatch.setattr(report_dialog, "first_page_image", drawn)
    dialog = ReportDialog(context, context.project_id)
    qtbot.addWidget(dialog)
    dialog.date_edit.setDate(QDate(AS_OF.year, AS_OF.month, AS_OF.day))
    qtbot.waitUntil(lambda: dialog.page_image is not None, timeout=30_000)
    qtbot.waitUntil(lambda: dialog.thumbnail_operation is None, timeout=30_000)
    full = dialog.page_image
    assert full is not None and full.width() == THUMBNAIL_WIDTH
    assert dialog.page.pixmap().width() == THUMBNAIL_WIDTH  # on screen, not only kept
    assert threads and not any(threads)  # drawn off the GUI thread
    assert _dark_share(full, 0, full.height()) > 0.01  # text on the page
    full_ratio = full.height() / full.width()

    dialog.page_size.setCurrentText("Letter")  # wider and shorter than A4
    qtbot.waitUntil(
        lambda: (
            dialog.page_image is not None
            and dialog.page_image.height() / dialog.page_image.width() < full_ratio - 0.05
        ),
        timeout=30_000,
    )
    assert dialog.page_image is not None and dialog.page_image != full
