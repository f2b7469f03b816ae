"""Open a workspace holding a big plan and show the main window with the Gantt table filled.

    python bench/bench_open.py [TASKS]      (default 10,000)

Prints: generation/import time (not a target), the time to open the workspace, and the time
from open to the main window shown with its Gantt tab's rows loaded.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_plan import generate_document

from infradesk.services.documents.io import import_document
from infradesk.store.workspace import Workspace


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    folder = Path(tempfile.mkdtemp(prefix="infradesk-bench-"))
    os.environ["INFRADESK_DATA_DIR"] = str(folder / "data")
    path = folder / "big.infradesk"
    document = generate_document(count)
    links = sum(len(t["predecessors"]) for t in document["projects"][0]["tasks"])
    started = time.perf_counter()
    workspace = Workspace.create(path)
    with workspace.session() as session:
        import_document(session, document)
    workspace.close()
    print(f"{count} tasks, {links} links ({links / count:.2f} per task)")
    print(f"generate + import + schedule:   {time.perf_counter() - started:7.3f} s")

    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    app.setOrganizationName("InfraDeskBench")
    started = time.perf_counter()
    workspace = Workspace.open(path)
    opened = time.perf_counter()
    from infradesk.ui.main_window import MainWindow

    window = MainWindow(workspace)
    window.show()
    app.processEvents()
    rows = window.gantt_tab.model.rowCount()
    shown = time.perf_counter()
    print(f"open workspace:                 {(opened - started) * 1000:7.1f} ms")
    print(f"open -> window shown, {rows} rows: {(shown - started) * 1000:7.1f} ms")
    window.close()


if __name__ == "__main__":
    main()
