"""A small two-project workspace with change conflicts of every kind (shared by the service,
UI and report tests of change control)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from infradesk.model import (
    Assignment,
    Calendar,
    ChangeRequest,
    FreezeWindow,
    Project,
    Resource,
    Task,
)


@dataclass
class Scenario:
    core: int
    wave: int
    cutover: int  # production-change task of Core inside the calendar freeze
    rack: int  # Wave 2 task Anna is assigned to
    cr_core: int  # CR-001 of Core: SAN, Anna, normal, CAB date after its window
    cr_wave: int  # CR-001 of Wave 2: SAN, overlaps the Core change
    cr_clean: int  # CR-002 of Core: nothing wrong with it


def dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


def build(workspace: Any) -> Scenario:
    with workspace.session() as session:
        core = Project(name="Core", currency="EUR", start=dt("2026-12-07 08:00"), manager="M")
        wave = Project(name="Wave 2", currency="EUR", start=dt("2026-12-07 08:00"), manager="M")
        session.add_all([core, wave])
        session.flush()
        calendar = Calendar(project_id=core.id)
        session.add(calendar)
        session.flush()
        session.add(
            FreezeWindow(
                calendar_id=calendar.id,
                name="Audit freeze",
                start=date(2026, 12, 24),
                finish=date(2026, 12, 26),
            )
        )
        anna = Resource(name="Anna Ng")
        bo = Resource(name="Bo Li")
        session.add_all([anna, bo])
        session.flush()
        cutover = Task(
            project_id=core.id,
            name="Cutover SAN",
            duration_minutes=480,
            start=dt("2026-12-24 09:00"),
            finish=dt("2026-12-24 17:00"),
            production_change=True,
        )
        rack = Task(
            project_id=wave.id,
            name="Rack install",
            duration_minutes=480,
            constraint_type="SNET",  # stays on the 10th when the plan is rescheduled
            constraint_date=dt("2026-12-10 08:00"),
            start=dt("2026-12-10 08:00"),
            finish=dt("2026-12-10 17:00"),
        )
        session.add_all([cutover, rack])
        session.flush()
        session.add_all(
            [
                Assignment(task_id=cutover.id, resource_id=bo.id),
                Assignment(task_id=rack.id, resource_id=anna.id),
            ]
        )
        common = {"status": "submitted", "requested": date(2026, 12, 1)}
        cr_core = ChangeRequest(
            project_id=core.id,
            code="CR-001",
            title="Upgrade SAN firmware",
            services="SAN",
            window_start=dt("2026-12-10 10:00"),
            window_finish=dt("2026-12-10 14:00"),
            implementer="anna ng",
            itil_class="normal",
            cab_date=date(2026, 12, 11),
            **common,
        )
        cr_wave = ChangeRequest(
            project_id=wave.id,
            code="CR-001",
            title="Zone the new hosts",
            services="san, Network",
            window_start=dt("2026-12-10 12:00"),
            window_finish=dt("2026-12-10 16:00"),
            itil_class="standard",
            **common,
        )
        cr_clean = ChangeRequest(
            project_id=core.id,
            code="CR-002",
            title="Patch the mail relay",
            services="Email",
            window_start=dt("2026-12-12 22:00"),
            window_finish=dt("2026-12-13 02:00"),
            itil_class="emergency",
            **common,
        )
        session.add_all([cr_core, cr_wave, cr_clean])
        session.flush()
        return Scenario(core.id, wave.id, cutover.id, rack.id, cr_core.id, cr_wave.id, cr_clean.id)
