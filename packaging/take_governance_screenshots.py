"""Take the user guide's governance screenshots (issue 20) from the real application, offscreen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/take_governance_screenshots.py

Writes docs/user-guide/governance-{stakeholders,actions,meetings}.png at 1280 x 800 from a
fresh demo workspace given a realistic stakeholder register, communication plan, meetings and
action log, in a temporary data folder (your own workspace and settings are not touched).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "user-guide"
SIZE = (1280, 800)

STAKEHOLDERS = [  # name, role, organisation, power, interest, attitude, needs
    ("Maria Keller", "Sponsor, CFO", "Finance", 5, 5, "champion", "Budget, go/no-go dates"),
    ("Jon Olsen", "Head of IT operations", "IT Ops", 4, 5, "supporter", "Cutover, handover"),
    ("Priya Nair", "CISO", "Security", 5, 2, "critic", "Firewall changes, audit trail"),
    ("Lena Fischer", "Works council", "HR", 4, 1, "neutral", "Weekend work, overtime"),
    ("Service desk", "1st level support", "IT Ops", 2, 4, "supporter", "Outage windows, FAQ"),
    ("Branch users", "Users of the 14 branches", "Business", 1, 3, "neutral", "Downtime"),
    ("Carl Brandt", "Facility manager", "Facilities", 2, 2, "blocker", "Access, power, cooling"),
    ("Telco account", "Carrier account manager", "NetCarrier", 3, 2, "neutral", "Circuits"),
    ("Audit", "Internal audit", "Group audit", 3, 1, "neutral", "Change records"),
]


def seed(context: Any) -> None:
    """Stakeholders, a communication plan, two meetings and an action log, through commands."""
    from infradesk.services.governance.actions import CreateAction
    from infradesk.services.risks.commands import CreateRecord

    pid = context.project_id
    today = date.today()

    def add(key: str, **values: Any) -> int:
        command = CreateRecord(key, pid, values)
        context.execute(command)
        assert command.record_id is not None
        return command.record_id

    for name, role, org, power, interest, attitude, needs in STAKEHOLDERS:
        add(
            "stakeholder",
            name=name,
            role=role,
            organisation=org,
            power=power,
            interest=interest,
            attitude=attitude,
            needs=needs,
        )
    add(
        "comms_item",
        content="Weekly status report (PDF)",
        status_report=True,
        audience="Maria Keller, Jon Olsen, Priya Nair",
        frequency="weekly",
        channel="e-mail",
        owner="Dana Smith",
    )
    add(
        "comms_item",
        content="Steering committee",
        audience="Maria Keller, Jon Olsen",
        frequency="monthly",
        channel="meeting",
        owner="Dana Smith",
    )
    add(
        "comms_item",
        content="Outage notice",
        audience="Service desk, Branch users",
        frequency="per milestone",
        channel="portal",
        owner="Jon Olsen",
    )
    steering = add(
        "meeting",
        title="Steering committee 4",
        kind="steering",
        held_on=today - timedelta(days=9),
        chair="Maria Keller",
        attendees="Maria Keller, Jon Olsen, Priya Nair, Dana Smith",
        minutes="Cutover plan reviewed. Firewall rule review to finish before CAB.",
    )
    add(
        "meeting",
        title="Weekly status",
        kind="status",
        held_on=today - timedelta(days=2),
        chair="Dana Smith",
        attendees="Jon Olsen, Dana Smith",
    )
    add(
        "decision",
        title="Cutover on the weekend of the 2nd, fallback one week later",
        decided_on=today - timedelta(days=9),
        decided_by="Maria Keller",
        meeting_id=steering,
    )
    add(
        "decision",
        title="Second site for the backup vault?",
        decided_by="Maria Keller",
        needed_by=today + timedelta(days=6),
        meeting_id=steering,
    )
    for title, owner, due, status in (
        ("Send the rack layout to facilities", "Carl Brandt", -4, "open"),
        ("Review firewall rule set with security", "Priya Nair", -1, "in progress"),
        ("Book the removal company", "Dana Smith", 5, "open"),
        ("Confirm carrier circuit dates", "Jon Olsen", -12, "done"),
    ):
        context.execute(
            CreateAction(
                pid,
                {
                    "title": title,
                    "owner": owner,
                    "due": today + timedelta(days=due),
                    "status": status,
                    "meeting_id": steering,
                    "raised": today - timedelta(days=9),
                },
            )
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="infradesk-shots-"))
    os.environ["INFRADESK_DATA_DIR"] = str(scratch / "data")
    os.environ["XDG_CONFIG_HOME"] = str(scratch / "config")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QWidget

    from infradesk.services.demo.seed import create_demo_project
    from infradesk.store.workspace import Workspace
    from infradesk.ui.app import configure_application
    from infradesk.ui.main_window import MainWindow
    from infradesk.ui.settings import AppSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(scratch / "config")
    )
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application(app)
    args.out.mkdir(parents=True, exist_ok=True)

    def save(widget: QWidget, name: str) -> None:
        for _ in range(5):
            app.processEvents()
        image = widget.grab().toImage()
        path = args.out / f"{name}.png"
        if not image.save(str(path), "PNG", 0):
            raise RuntimeError(f"cannot write {path}")
        print(f"{path}: {path.stat().st_size // 1024} KiB")

    path = scratch / "Data center.infradesk"
    workspace = Workspace.create(path)
    with workspace.session() as session:
        create_demo_project(session)
    window = MainWindow(workspace, AppSettings())
    window.resize(*SIZE)
    window.show()
    seed(window.context)
    tab = window.governance_tab
    window.tabs.setCurrentWidget(tab)
    tab.sub_tabs.setCurrentWidget(tab.stakeholders)
    first = next(r for r in tab.stakeholders.model.rows if r.name == STAKEHOLDERS[0][0])
    tab.stakeholders.select_id(first.id)
    save(window, "governance-stakeholders")
    tab.sub_tabs.setCurrentWidget(tab.action_log)
    save(window, "governance-actions")
    tab.sub_tabs.setCurrentWidget(tab.meetings)
    steering = next(r for r in tab.meetings.model.rows if r.title == "Steering committee 4")
    tab.meetings.select_id(steering.id)
    save(window, "governance-meetings")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
