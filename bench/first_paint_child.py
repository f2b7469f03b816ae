"""Child process of the issue-22 bench: start a window and report when it first paints.

    python first_paint_child.py bare              # a bare PySide6 QMainWindow
    python first_paint_child.py infradesk FILE    # ``infradesk open FILE``, the real start

Prints ``window <epoch seconds> <CPU seconds>`` at the window's first paint and, for
InfraDesk, ``gantt <epoch seconds> <CPU seconds>`` when the Gantt chart's viewport first
paints, then quits. The parent
subtracts its own clock at spawn (same machine, same clock). A QApplication made here first
is the one the application then uses; the event filter sees every paint of every widget.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

TIMEOUT_MS = 300_000


class FirstPaint(QObject):
    def __init__(self, app: QApplication, wait_for_gantt: bool) -> None:
        super().__init__()
        self.app = app
        self.wait_for_gantt = wait_for_gantt
        self.window_seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            now = f"{time.time():.6f} {time.process_time():.6f}"
            if not self.window_seen and isinstance(watched.window(), QMainWindow):
                self.window_seen = True
                print(f"window {now}", flush=True)
                if not self.wait_for_gantt:
                    QTimer.singleShot(0, self.app.quit)
            parent = watched.parentWidget()
            if self.wait_for_gantt and parent is not None and type(parent).__name__ == "GanttChart":
                print(f"gantt {now}", flush=True)
                self.wait_for_gantt = False
                QTimer.singleShot(0, self.app.quit)
        return False


def main(argv: list[str]) -> int:
    app = QApplication(sys.argv[:1])
    watcher = FirstPaint(app, wait_for_gantt=argv[0] == "infradesk")
    app.installEventFilter(watcher)
    QTimer.singleShot(TIMEOUT_MS, app.quit)
    if argv[0] == "bare":
        window = QMainWindow()
        window.resize(1400, 900)
        window.show()
        return app.exec()
    # lazy: the application's own start is what is timed
    from infradesk.cli.main import main as infradesk_main

    return infradesk_main(["open", argv[1]])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
