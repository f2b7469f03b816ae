"""Hand-built runbook report data: a cutover night across the end of summer time in Europe
(Sat 24 -> Sun 25 Oct 2026, Europe/Berlin: 03:00 CEST becomes 02:00 CET)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from infradesk.report.runbook_data import (
    BridgeSheetData,
    PirData,
    PirGate,
    PirIssue,
    PirService,
    PirStep,
    PirStream,
    PirValidation,
    RunColumn,
    SheetStep,
)

BERLIN = ZoneInfo("Europe/Berlin")
UTC = ZoneInfo("UTC")
# 22:00 CEST = 20:00 UTC
START = datetime(2026, 10, 24, 20, 0, tzinfo=UTC)
HOSTILE = 'Zürich <b>&amp; 東京 "DC"'


def at(minutes: int) -> datetime:
    return (START + timedelta(minutes=minutes)).astimezone(BERLIN)


# (code, title, kind, stream, minute, duration, predecessors)
PLAN: list[tuple[str, str, str, str, int, int, str]] = [
    ("1.01", "Announce start of the maintenance window", "communication", "Comms", 0, 5, ""),
    ("1.02", "Freeze changes on the application servers", "task", "Apps", 5, 20, "1.01"),
    ("2.01", "Lower DNS TTL on the public zones", "task", "Network", 5, 15, "1.01"),
    ("2.02", "Shut the old core switch uplinks", "task", "Network", 25, 30, "2.01, 1.02"),
    ("3.01", "Snapshot every LUN on the old array", "task", "Storage", 25, 60, "1.02"),
    ("3.02", "Check the snapshots are consistent", "validation", "Storage", 85, 20, "3.01"),
    ("4.00", "Go / no-go for the cutover", "gate", "Bridge", 105, 10, "3.02, 2.02"),
    ("3.03", "Replicate the LUNs to the new array", "task", "Storage", 115, 240, "4.00"),
    ("2.03", "Bring up the new core uplinks", "task", "Network", 115, 45, "4.00"),
    ("3.04", "Break the replication: the new array is master", "task", "Storage", 355, 15,
     "3.03"),
    ("1.03", "Start the applications on the new hall", "task", "Apps", 370, 60, "3.04, 2.03"),
    ("1.04", "Smoke test the order portal", "validation", "Apps", 430, 30, "1.03"),
    ("1.05", "Tell the service desk the portal is back", "communication", "Comms", 460, 5,
     "1.04"),
]
ROLLBACK: list[tuple[str, str, str, int]] = [
    ("9.01", "Re-enable the old core switch uplinks", "Network", 20),
    ("9.02", "Restart the applications on the old hall", "Apps", 40),
]


def sample_sheet(stream_title: str = "Storage") -> BridgeSheetData:
    steps = []
    for code, title, kind, stream, minute, duration, preds in PLAN:
        steps.append(
            SheetStep(
                code=code,
                title=HOSTILE if code == "3.03" else title,
                kind=kind,
                stream=stream_title if stream == "Storage" else stream,
                owner={"Storage": "Priya Nair", "Network": "Jonas Weber"}.get(stream, "Ana Ruiz"),
                backup_owner="Tom Berg" if stream == "Network" else "",
                planned_start=at(minute),
                duration_minutes=duration,
                predecessors=preds,
                command=(
                    "naviseccli -h spa snap -create -res 0x1f -name pre_cutover_$(date +%H%M) "
                    "&& check the consistency group shows all 42 LUNs"
                    if code == "3.01"
                    else ("dig +short portal.example.com @ns1 | grep 10.20." if code == "2.01"
                          else "")
                ),
                notes="Wait for the storage lead's call" if code == "3.04" else "",
                fixed_time="22:15 Europe/Berlin" if code == "2.01" else "",
                decision_maker="Claire Dubois (CIO)" if kind == "gate" else "",
                criteria=(
                    ("Snapshots consistent", "Uplinks shut, no traffic on the old core",
                     "No P1 incident open")
                    if kind == "gate"
                    else ()
                ),
                audience="Service desk, business owners" if kind == "communication" else "",
                message="The order portal is down until 06:00" if code == "1.01" else "",
                point_of_no_return=code == "3.04",
            )
        )
    for code, title, stream, duration in ROLLBACK:
        steps.append(
            SheetStep(
                code=code,
                title=title,
                kind="rollback",
                stream=stream,
                owner="Jonas Weber",
                duration_minutes=duration,
                rollback_of="4.00",
            )
        )
    return BridgeSheetData(
        runbook="Wave 1 — Frankfurt hall",
        project="DC Migration Frankfurt",
        time_zone="Europe/Berlin",
        window_start=at(0),
        window_end=at(9 * 60),
        printed_at=datetime(2026, 10, 20, 9, 30, tzinfo=BERLIN),
        steps=tuple(steps),
    )


# per step: (actual start minute, actual duration) or None (not run); rehearsal-like slips
ACTUAL: dict[str, tuple[int, int] | None] = {
    "1.01": (0, 5),
    "1.02": (5, 25),
    "2.01": (5, 15),
    "2.02": (30, 30),
    "3.01": (30, 75),
    "3.02": (105, 20),
    "4.00": (125, 10),
    "3.03": (135, 250),
    "2.03": (135, 40),
    "3.04": (385, 15),
    "1.03": (400, 60),
    "1.04": (460, 30),
    "1.05": (490, 5),
}


def sample_pir() -> PirData:
    steps: list[PirStep] = []
    for code, title, kind, stream, minute, duration, _preds in PLAN:
        actual = ACTUAL[code]
        a_start = at(actual[0]) if actual else None
        a_finish = at(actual[0] + actual[1]) if actual else None
        late = (actual[0] + actual[1]) - (minute + duration) if actual else 0
        steps.append(
            PirStep(
                code=code,
                title=title,
                stream=stream,
                kind=kind,
                owner="Priya Nair",
                planned_start=at(minute),
                planned_finish=at(minute + duration),
                actual_start=a_start,
                actual_finish=a_finish,
                planned_minutes=duration,
                actual_minutes=actual[1] if actual else None,
                late_minutes=late,
                status="done",
                critical=code in ("1.01", "1.02", "3.01", "3.02", "4.00", "3.03", "3.04", "1.03",
                                  "1.04", "1.05"),
            )
        )
    for code, title, stream, duration in ROLLBACK:
        steps.append(
            PirStep(code, title, stream, "rollback", "Jonas Weber", None, None, None, None,
                    duration, None, 0, "not run")
        )
    streams = (
        PirStream("Comms", 2, 2, 1, 465, 495, at(465), at(495)),
        PirStream("Apps", 3, 3, 3, 455, 485, at(460), at(490)),
        PirStream("Network", 3, 3, 1, 155, 170, at(160), at(175)),
        PirStream("Storage", 4, 4, 4, 345, 370, at(370), at(400)),
        PirStream("Bridge", 1, 1, 1, 10, 10, at(115), at(135)),
    )
    return PirData(
        runbook="Wave 1 — Frankfurt hall",
        project="DC Migration Frankfurt",
        run="Live",
        mode="live",
        time_zone="Europe/Berlin",
        generated_at=datetime(2026, 10, 26, 9, 0, tzinfo=BERLIN),
        window_start=at(0),
        window_end=at(8 * 60),
        planned_start=at(0),
        planned_end=at(465),
        actual_start=at(0),
        actual_end=at(495),
        forecast_end=at(495),
        outage_budget_minutes=420,
        outage_minutes=455,
        planned_outage_minutes=425,
        steps=tuple(steps),
        streams=streams,
        critical_path=("1.01", "1.02", "3.01", "3.02", "4.00", "3.03", "3.04", "1.03", "1.04",
                       "1.05"),
        gates=(
            PirGate("4.00", "Go / no-go for the cutover", "Claire Dubois (CIO)",
                    ("Snapshots consistent", "No P1 incident open"), "go", "Claire Dubois",
                    at(133), at(105)),
        ),
        validations=(
            PirValidation("3.02", "Check the snapshots are consistent", "pass", "42/42 LUNs",
                          at(125)),
            PirValidation("1.04", "Smoke test the order portal", "fail",
                          "Checkout times out after 30 s", at(490), "I-014"),
        ),
        issues=(PirIssue("I-014", "1.04", "Order portal checkout times out",
                         "Checkout times out after 30 s"),),
        services=(
            PirService("Order portal", 420, 425, 455, at(30), at(485)),
            PirService("Intranet", 480, 300, 290, at(60), at(350)),
        ),
        lessons=(
            "Snapshots of the big LUNs took 15 min longer than in rehearsal 2: take them the "
            "evening before.\nThe gate waited 20 min for the storage check; give the gate a "
            "fixed time."
        ),
        warnings=("The outage (7 h 35) went over the budget of 7 h.",),
        compared_streams=("Comms", "Apps", "Network", "Storage", "Bridge"),
        planned_stream_minutes=(465, 455, 155, 345, 10),
        planned_total=465,
        compared_runs=(
            RunColumn("Rehearsal 1", (510, 500, 170, 390, 10), 510),
            RunColumn("Rehearsal 2", (480, 470, 160, 360, 15), 480),
            RunColumn("Live", (495, 485, 170, 370, 10), 495),
        ),
    )
