"""The status date's label in the Gantt header never covers today's."""

from __future__ import annotations

from PySide6.QtCore import QRectF

from infradesk.ui.gantt.painter import beside_tag

TODAY = QRectF(100, 30, 40, 12)


def test_a_status_label_clear_of_today_stays_on_its_line() -> None:
    tag = QRectF(300, 30, 80, 12)
    assert beside_tag(tag, TODAY) == tag


def test_a_status_label_just_before_today_moves_to_its_left() -> None:
    moved = beside_tag(QRectF(60, 30, 80, 12), TODAY)
    assert not moved.intersects(TODAY)
    assert moved.right() == TODAY.left() - 2
    assert (moved.top(), moved.width(), moved.height()) == (30, 80, 12)


def test_a_status_label_just_after_today_moves_to_its_right() -> None:
    moved = beside_tag(QRectF(110, 30, 80, 12), TODAY)
    assert not moved.intersects(TODAY)
    assert moved.left() == TODAY.right() + 2
