"""The Qt binding itself must be sound: no reference leaks on void calls, no abort on repaint.

PySide6-Essentials 6.12.0 on CPython 3.11 drops one reference to ``None`` on every void Qt
call; after a few thousand calls (about 90 chart repaints) CPython aborts with
``Fatal Python error: none_dealloc``. These tests catch any such binding: the first measures
the leak directly, the second scrolls and repaints the real chart in a child process (an abort
there is a failed test, not a dead test run), the third checks the version pin.
"""

from __future__ import annotations

import operator
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import pytest
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

from ui.gantt.conftest import gantt, plan_ids  # noqa: F401  (the child test's fixtures)

REPO_ROOT = Path(__file__).resolve().parents[2]
CALLS_PER_KIND = 100
REPAINTS = 1000

# The references to None a leaking binding stole, given back so that the test run survives
# long enough to report the failure (None is not immortal before Python 3.12).
_RETURNED_TO_NONE: list[None] = []


def void_calls(painter: QPainter) -> dict[str, Callable[[], None]]:
    """Ten void QPainter calls the chart painter makes on every repaint."""
    color = QColor("#3366cc")
    pen = QPen(color, 1.5)
    font = QFont()
    return {
        "setPen(QColor)": lambda: painter.setPen(color),
        "setPen(QPen)": lambda: painter.setPen(pen),
        "setBrush(QColor)": lambda: painter.setBrush(color),
        "setFont": lambda: painter.setFont(font),
        "drawLine": lambda: painter.drawLine(QLineF(0.0, 0.0, 10.0, 10.0)),
        "fillRect": lambda: painter.fillRect(QRectF(0.0, 0.0, 8.0, 8.0), color),
        "drawRect": lambda: painter.drawRect(QRectF(1.0, 1.0, 6.0, 6.0)),
        "drawText": lambda: painter.drawText(QPointF(2.0, 12.0), "Rack"),
        "translate": lambda: painter.translate(0.0, 0.0),
        "setRenderHint": lambda: painter.setRenderHint(QPainter.RenderHint.Antialiasing, True),
    }


def none_drift(call: Callable[[], None], times: int) -> int:
    """How ``sys.getrefcount(None)`` moved over ``times`` calls (0 for a sound binding)."""
    call()  # first calls may fill caches
    call()
    before = sys.getrefcount(None)
    for _ in range(times):
        call()
    drift = sys.getrefcount(None) - before
    if drift < 0:
        _RETURNED_TO_NONE.extend([None] * -drift)
    return drift


def test_void_qt_calls_do_not_leak_references_to_none(qapp) -> None:
    image = QImage(64, 64, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    try:
        drifts = {
            name: none_drift(call, CALLS_PER_KIND) for name, call in void_calls(painter).items()
        }
    finally:
        painter.end()
    assert sum(CALLS_PER_KIND for _ in drifts) == 1000
    leaking = {name: drift for name, drift in drifts.items() if abs(drift) > 2}
    assert not leaking, (
        f"PySide6 {version('PySide6-Essentials')} changes the reference count of None "
        f"over {CALLS_PER_KIND} calls each: {leaking}; this binding aborts the app with "
        "'Fatal Python error: none_dealloc' (exclude it in pyproject.toml)"
    )


def child_scroll_and_repaint_the_chart(gantt) -> None:  # noqa: F811
    """Run only in the child process started below (collected with python_functions=child_)."""
    gantt.resize(900, 160)  # a short viewport, so that there is something to scroll vertically
    chart = gantt.chart
    hbar, vbar = chart.horizontalScrollBar(), chart.verticalScrollBar()
    assert hbar.maximum() > 0 and vbar.maximum() > 0
    for step in range(REPAINTS):
        hbar.setValue((step * hbar.singleStep()) % (hbar.maximum() + 1))
        vbar.setValue(step % (vbar.maximum() + 1))
        chart.viewport().repaint()
        chart.header.repaint()
        if step % 10 == 0:
            print(f"repaint {step}", flush=True)
    print(f"repainted {REPAINTS} times", flush=True)


def test_scrolling_and_repainting_the_chart_1000_times_survives() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="1")
    command = [
        sys.executable,
        "-m",
        "pytest",
        f"{Path(__file__).resolve()}",
        "-o",
        "python_functions=child_",
        "-p",
        "no:cacheprovider",
        "-q",
        "-s",
    ]
    done = subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    output = done.stdout + done.stderr
    progress = [line for line in done.stdout.splitlines() if line.startswith("repaint")]
    fatal = [line for line in done.stderr.splitlines() if "Fatal Python error" in line]
    summary = (
        f"child exit code {done.returncode}, last progress {progress[-1:]}, {fatal[:1]}\n"
        + output[-1500:]
    )
    assert not fatal, summary
    assert done.returncode == 0, summary
    assert f"repainted {REPAINTS} times" in output
    assert "1 passed" in output


PIN_OPERATORS: dict[str, Callable[[tuple[int, ...], tuple[int, ...]], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}


def numbers(text: str) -> tuple[int, ...]:
    parts = tuple(int(part) for part in text.split("."))
    return parts + (0,) * (3 - len(parts))


def pyside_pin_allows(candidate: str) -> bool:
    """Whether pyproject.toml's PySide6-Essentials range admits ``candidate`` (plain X.Y.Z
    clauses only, which is all the pin uses; anything else fails the test)."""
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [
        line
        for line in project["project"]["dependencies"]
        if re.match(r"pyside6-essentials\b", line, re.IGNORECASE)
    ]
    assert len(pins) == 1, pins
    clauses = pins[0].split(";")[0][len("PySide6-Essentials") :].split(",")
    allowed = True
    for clause in clauses:
        match = re.fullmatch(r"\s*(>=|<=|==|!=|<|>)\s*(\d+(?:\.\d+){0,2})\s*", clause)
        assert match, f"unexpected clause {clause!r} in {pins[0]!r}"
        compare = PIN_OPERATORS[match.group(1)]
        allowed = allowed and compare(numbers(candidate), numbers(match.group(2)))
    return allowed


@pytest.mark.parametrize("broken", ["6.12.0"])
def test_the_dependency_range_excludes_broken_bindings(broken: str) -> None:
    assert not pyside_pin_allows(broken)
    assert pyside_pin_allows("6.11.3")


def test_the_installed_binding_is_in_the_allowed_range() -> None:
    assert pyside_pin_allows(version("PySide6-Essentials"))
