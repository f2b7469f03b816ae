"""The demo's governance (issue 20): stakeholders of the data-centre migration, its
communication plan, meetings with minutes, the action log, pending decisions, the CAB fields
and windows of its change requests, the workspace's shared change calendar and the operational
acceptance checklist.

Dates are days after the recipe's anchor Monday (the status date is day 46, the cutover
Saturday day 131), like the rest of the demo, so the demo is always "in progress". The shared
year-end freeze is the real one (18 December to 4 January) following the status date (the next
year's when it would fall on the cutover weekend); the storage firmware change was submitted
for a Sunday inside it: the demo's change conflict.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

STATUS_DAY = 46  # the recipe's status date, "+46T17:00"
SPAN_DAYS = 189  # the shared calendar covers the plan: 27 weeks from the anchor Monday
PM = "Alex Morgan"
STEERING_GROUP = "Catherine Dubois, Henrik Larsen, Daniel Fischer, Lena Vogel"

# code, name, role, organisation, power, interest, attitude, needs, contact
_STAKEHOLDERS = (
    ("Catherine Dubois", "CIO (sponsor)", "Group IT", 5, 4, "supporter",
     "Go / no-go, budget forecast and business risk; one page a week.",
     "c.dubois@example.com"),
    ("Henrik Larsen", "Head of Infrastructure", "Group IT", 4, 5, "champion",
     "Schedule, critical path, change requests and vendor escalations.",
     "h.larsen@example.com"),
    ("Maria Santos", "Service Desk Manager", "Group IT", 2, 5, "neutral",
     "Cutover dates, known issues, hypercare rota and escalation path.",
     "m.santos@example.com"),
    ("Tom Becker", "Network Lead", "Group IT", 3, 5, "champion",
     "Switch and WAN deliveries, CAB slots, freeze windows.", "t.becker@example.com"),
    ("Sanne de Vries", "Account manager", "Equinor Colo", 3, 3, "supporter",
     "Access lists, power and cooling readiness, cage handover dates.",
     "sanne.devries@equinor-colo.example"),
    ("Jonas Keller", "Account manager", "Arista reseller — NetSource", 2, 3, "neutral",
     "Order status of the core switches and the loaner units.",
     "j.keller@netsource.example"),
    ("Daniel Fischer", "Finance controller", "Group Finance", 4, 2, "critic",
     "Spend against budget, change request costs, the quarter-end freeze.",
     "d.fischer@example.com"),
    ("Lena Vogel", "Security officer", "Information Security", 4, 4, "neutral",
     "Firewall rule migration, emergency changes, data-wiping evidence.",
     "l.vogel@example.com"),
    ("Priya Shah", "Application owner — ERP", "Finance systems", 3, 5, "supporter",
     "UAT windows, downtime of the cutover weekend, rollback criteria.",
     "p.shah@example.com"),
    ("Marc Lambert", "Application owner — Payroll", "HR systems", 3, 4, "critic",
     "Payroll run dates must stay clear of the cutover; test evidence.",
     "m.lambert@example.com"),
)  # fmt: skip

# content, audience, frequency, channel, owner, status report, notes
_COMMS = (
    ("Weekly status report", STEERING_GROUP, "weekly", "e-mail", PM, True,
     "Sent Friday after the status meeting; the PDF of the Report tab."),
    ("Steering committee pack", STEERING_GROUP, "monthly", "meeting", PM, False,
     "Milestones, budget, top risks, decisions needed."),
    ("CAB submissions for the coming week", "Henrik Larsen, Tom Becker, Lena Vogel", "weekly",
     "portal", "Tom Becker", False, "Normal changes by Monday noon for Wednesday's CAB."),
    ("Daily cutover stand-up", "Tom Becker, Priya Shah, Marc Lambert, Maria Santos", "daily",
     "teams", PM, False, "15 minutes at 09:00 from two weeks before the cutover weekend."),
    ("Service desk briefing: known issues and hypercare rota", "Maria Santos", "per milestone",
     "meeting", "Maria Santos", False, "Before each wave and before the cutover."),
    ("Maintenance window announcement to users", "Priya Shah, Marc Lambert", "per milestone",
     "e-mail", PM, False, "Five working days before each outage."),
)  # fmt: skip

# code, title, kind, day, chair, attendees, minutes
_MEETINGS = (
    ("M-001", "Steering committee #1 — wave plan", "steering", 18, "Catherine Dubois",
     f"{STEERING_GROUP}, {PM}",
     "Wave plan presented. Two waves plus one production cutover weekend agreed (D-001). "
     "Finance asks for a monthly forecast."),
    ("M-002", "Steering committee #2 — scope", "steering", 27, "Catherine Dubois",
     f"{STEERING_GROUP}, {PM}, Priya Shah",
     "CR-001 (test lab servers in wave 1) approved (D-002). Core switch lead time flagged red."),
    ("M-003", "Weekly status meeting", "status", 30, PM,
     "Henrik Larsen, Tom Becker, Marco Rossi, Priya Shah, Lena Vogel",
     "WAN carrier late: IPsec VPN chosen as fallback (D-004). Cabling contractor short of "
     "staff."),
    ("M-004", "Steering committee #3 — hypercare", "steering", 42, "Catherine Dubois",
     f"{STEERING_GROUP}, {PM}, Maria Santos",
     "24x7 hypercare rejected (D-003); business hours plus on-call. Loaner switches to CAB."),
    ("M-005", "Cutover readiness review #1", "workshop", 44, PM,
     "Tom Becker, Marco Rossi, Priya Shah, Marc Lambert, Maria Santos, Hannah Brandt",
     "Runbook walked through step by step. Rollback criteria to be signed by the application "
     "owners; payroll run dates to be checked against the cutover weekend."),
    ("M-006", "Change Advisory Board", "cab", 46, "Henrik Larsen",
     "Henrik Larsen, Tom Becker, Lena Vogel, Maria Santos",
     "Emergency firewall patch (CR-004) ratified after the fact. Loaner switches (CR-002) "
     "scheduled for the next CAB."),
)  # fmt: skip

# title, owner, raised day, due day, status, closed day, meeting, notes
_ACTIONS = (
    ("Send the monthly budget forecast to Finance", PM, 18, 25, "done", 24, "M-001", ""),
    ("Confirm the colocation cage handover date", "Sanne de Vries", 18, 28, "done", 27,
     "M-001", ""),
    ("Price the test lab servers' move with wave 1", "Priya Shah", 18, 26, "done", 26, "M-001",
     "Led to CR-001."),
    ("Escalate the core switch order with NetSource", "Tom Becker", 27, 34, "done", 33, "M-002",
     ""),
    ("Order the IPsec VPN licences for the WAN fallback", "Tom Becker", 30, 37, "done", 36,
     "M-003", ""),
    ("Find a second cabling contractor", "Henrik Larsen", 30, 49, "in progress", None, "M-003",
     "Two quotes received; CR-003 evaluated."),
    ("Agree the on-call rota for hypercare", "Maria Santos", 42, 44, "open", None, "M-004",
     "Overdue: waiting for HR on the on-call allowance."),
    ("Submit CR-002 (loaner switches) to the CAB", "Tom Becker", 42, 48, "done", 45, "M-004",
     ""),
    ("Sign the rollback criteria for ERP", "Priya Shah", 44, 45, "open", None, "M-005",
     "Overdue: waiting for the last UAT cycle's evidence."),
    ("Check payroll run dates against the cutover weekend", "Marc Lambert", 44, 45,
     "in progress", None, "M-005", "Overdue: the payroll calendar is not published yet."),
    ("Book the war room for the cutover weekend", PM, 44, 60, "open", None, "M-005", ""),
    ("Schedule the storage firmware upgrade in a CAB slot", "Marco Rossi", 46, 53, "open", None,
     "M-006", "The Sunday it asked for falls in the year-end freeze."),
)  # fmt: skip

# category, title, hint (the workspace template), then per demo item: owner, status, evidence,
# signed off by, signed-off day
_HANDOVER = (
    ("Operations", "Runbooks tested by operations",
     "A walk-through or rehearsal record signed by the operations lead.",
     "Maria Santos", "done", "Cutover rehearsal report, section 4", "Maria Santos", 44),
    ("Operations", "Backups and restore tested at the new site",
     "A restore test per platform with its timing.",
     "Marco Rossi", "done", "Restore test log RT-12 (VM, DB, file)", "Henrik Larsen", 40),
    ("Monitoring", "Monitoring and logging live for every moved service",
     "Screenshot or export of the monitoring dashboards; alert routing tested.",
     "Tom Becker", "done", "Dashboards AMS-2; alert test ticket INC-4471", "Henrik Larsen", 45),
    ("Support", "Support contracts and SLAs in place",
     "The vendors' contracts and SLAs (Vendors tab) cover the new site.",
     PM, "open", "", "", None),
    ("Support", "Service owner and escalation path named",
     "Named owner per service; escalation matrix published on the service desk portal.",
     "Henrik Larsen", "open", "", "", None),
    ("Security", "Security scan clean and firewall rules reviewed",
     "Vulnerability scan report without critical findings; rule review signed.",
     "Lena Vogel", "open", "", "", None),
    ("Documentation", "Documentation handed over",
     "As-built diagrams, IP plan, rack elevations and configuration backups in the CMDB.",
     "Marco Rossi", "open", "", "", None),
    ("Early life support", "Early-life support period agreed",
     "Dates, staffing and exit criteria of hypercare agreed with the service desk.",
     "Maria Santos", "not applicable", "Covered by the hypercare task 6.1", "Henrik Larsen", 43),
)  # fmt: skip


def _day(anchor: date, offset: int) -> str:
    return (anchor + timedelta(days=offset)).isoformat()


def _at(anchor: date, offset: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(anchor + timedelta(days=offset), time(hour, minute))


def _minute(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M")


def year_end_freeze(status: date) -> tuple[datetime, datetime]:
    """The shared year-end freeze following ``status``: 18 December 00:00 to 4 January 00:00
    (the one under way when ``status`` falls inside it)."""
    year = status.year if status >= date(status.year, 1, 4) else status.year - 1
    return datetime(year, 12, 18), datetime(year + 1, 1, 4)


CUTOVER_DAYS = (124, 139)  # the cutover weekend (day 131) with a week either side


def demo_freeze(anchor: date) -> tuple[datetime, datetime]:
    """The year-end freeze of the demo anchored on ``anchor``: the one following the status
    date, or the next year's when it would fall on the cutover weekend (a PM plans the
    cutover around a freeze; the demo's conflict is the firmware change's, whatever day the
    demo is opened on)."""
    start, finish = year_end_freeze(anchor + timedelta(days=STATUS_DAY))
    first, last = (datetime.combine(anchor + timedelta(days=n), time()) for n in CUTOVER_DAYS)
    if start < last and first < finish:
        start, finish = start.replace(year=start.year + 1), finish.replace(year=finish.year + 1)
    return start, finish


def _first_sunday(after: datetime) -> datetime:
    return after + timedelta(days=(6 - after.weekday()) % 7)


def shared_windows(anchor: date) -> list[dict[str, Any]]:
    """The workspace's calendar: the year-end freeze, a Sunday 02:00-06:00 maintenance window
    and a Wednesday 14:00 CAB every week over the demo's span."""
    freeze_start, freeze_finish = demo_freeze(anchor)
    windows = [
        {
            "name": "Year-end change freeze",
            "kind": "freeze",
            "start": _minute(freeze_start),
            "finish": _minute(freeze_finish),
            "services": "",
            "notes": "Group IT policy: emergency changes only, approved by the CIO.",
        }
    ]
    for week in range(SPAN_DAYS // 7):
        sunday = _at(anchor, week * 7 + 6, 2)
        windows.append(
            {
                "name": "Sunday maintenance window",
                "kind": "maintenance",
                "start": _minute(sunday),
                "finish": _minute(sunday + timedelta(hours=4)),
                "services": "",
                "notes": "Standard and normal changes with an approved CAB outcome.",
            }
        )
        wednesday = _at(anchor, week * 7 + 2, 14)
        windows.append(
            {
                "name": "Weekly CAB",
                "kind": "cab",
                "start": _minute(wednesday),
                "finish": _minute(wednesday + timedelta(hours=1)),
                "services": "",
                "notes": "Normal changes submitted by Monday noon.",
            }
        )
    windows.sort(key=lambda window: (window["start"], window["kind"]))
    return windows


def handover_template() -> list[dict[str, Any]]:
    return [
        {"category": category, "title": title, "hint": hint}
        for category, title, hint, *_rest in _HANDOVER
    ]


def governance_parts(anchor: date) -> dict[str, Any]:
    """The project's governance lists (its JSON keys) for the demo anchored on ``anchor``."""
    return {
        "stakeholders": [
            {
                "code": f"SH-{n:03d}",
                "name": name,
                "role": role,
                "organisation": organisation,
                "power": power,
                "interest": interest,
                "attitude": attitude,
                "needs": needs,
                "contact": contact,
            }
            for n, (name, role, organisation, power, interest, attitude, needs, contact) in
            enumerate(_STAKEHOLDERS, 1)
        ],
        "communication_plan": [
            {
                "code": f"COM-{n:03d}",
                "content": content,
                "audience": audience,
                "frequency": frequency,
                "channel": channel,
                "owner": owner,
                "status_report": report,
                "notes": notes,
            }
            for n, (content, audience, frequency, channel, owner, report, notes) in
            enumerate(_COMMS, 1)
        ],
        "meetings": [
            {
                "code": code,
                "title": title,
                "kind": kind,
                "held_on": _day(anchor, day),
                "chair": chair,
                "attendees": attendees,
                "minutes": minutes,
            }
            for code, title, kind, day, chair, attendees, minutes in _MEETINGS
        ],
        "actions": [
            {
                "code": f"AC-{n:03d}",
                "title": title,
                "owner": owner,
                "raised": _day(anchor, raised),
                "due": _day(anchor, due),
                "status": status,
                "closed": _day(anchor, closed) if closed is not None else None,
                "meeting": meeting,
                "notes": notes,
            }
            for n, (title, owner, raised, due, status, closed, meeting, notes) in
            enumerate(_ACTIONS, 1)
        ],
        "handover": [
            {
                "code": f"OA-{n:02d}",
                "title": title,
                "category": category,
                "owner": owner,
                "status": status,
                "evidence": evidence,
                "signed_off_by": signed_by,
                "signed_off_on": _day(anchor, signed) if signed is not None else None,
            }
            for n, (category, title, _hint, owner, status, evidence, signed_by, signed) in
            enumerate(_HANDOVER, 1)
        ],
    }  # fmt: skip


# change request code -> its ITIL and CAB fields (windows: day, hour, hours; task: WBS code)
_CHANGES: dict[str, dict[str, Any]] = {
    "CR-002": {
        "cab_required": True,
        "window": (55, 2, 4),  # the Sunday maintenance window after the CAB
        "services": "Core network",
        "implementer": "Tom Becker",
        "task": "3.1",
        "implementation_plan": "Rack the two loaner switches, patch the uplinks, move the "
        "VLANs one rack row at a time.",
        "backout_plan": "Re-patch the uplinks to the existing access switches (30 minutes).",
        "test_plan": "Ping sweep of every rack row; LACP state on both uplinks.",
        "risk_analysis": "Low: the fabric is not yet carrying production traffic.",
    },
    "CR-004": {
        "cab_required": True,
        "cab_outcome": "approved",
        "window": (46, 22, 2),  # an emergency change, outside the maintenance window
        "services": "VPN, Firewall",
        "implementer": "Lena Vogel",
        "task": "3.3",
        "implementation_plan": "Apply the vendor hotfix to the standby node, fail over, "
        "patch the other node.",
        "backout_plan": "Fail back to the unpatched node; uninstall the hotfix.",
        "test_plan": "VPN logins from three sites; IPS signature version checked.",
        "risk_analysis": "Critical CVE exploited in the wild; a 5-minute failover outage.",
    },
}
FIRMWARE_CHANGE = "CR-006"


def amend_changes(changes: list[dict[str, Any]], anchor: date, ids: dict[str, int]) -> None:
    """Give the recipe's change requests their CAB fields and add the firmware change whose
    requested Sunday falls in the year-end freeze (``ids``: WBS code -> document task id)."""
    cab = _at(anchor, 51, 14)  # the first Wednesday CAB after the status date
    for change in changes:
        extra = dict(_CHANGES.get(change["code"], {}))
        if not extra:
            continue
        day, hour, hours = extra.pop("window")
        start = _at(anchor, day, hour)
        change.update(
            extra,
            task=ids[extra["task"]],
            window_start=_minute(start),
            window_finish=_minute(start + timedelta(hours=hours)),
        )
    freeze_start, _finish = demo_freeze(anchor)
    sunday = _first_sunday(freeze_start).replace(hour=2)
    changes.append(
        {
            "code": FIRMWARE_CHANGE,
            "title": "Storage array firmware upgrade before replication",
            "type": "other",
            "requested_by": "Marco Rossi",
            "requested": _day(anchor, STATUS_DAY - 1),
            "schedule_impact_days": 0,
            "cost_impact": "0",
            "status": "submitted",
            "itil_class": "normal",
            "cab_required": True,
            "cab_date": cab.date().isoformat(),
            "cab_outcome": "",
            "window_start": _minute(sunday),
            "window_finish": _minute(sunday + timedelta(hours=4)),
            "services": "Storage, Backup",
            "implementer": "Marco Rossi",
            "task": ids["3.7"],
            "risks": ["R-004"],
            "issues": [],
            "description": "The vendor requires firmware 8.2 for asynchronous replication.",
            "implementation_plan": "Non-disruptive upgrade, controller by controller.",
            "backout_plan": "Downgrade is not supported: restore the controller's saved state.",
            "test_plan": "Replication test of one LUN; path failover check on two hosts.",
            "risk_analysis": "Medium: a failed controller leaves the array without redundancy.",
        }
    )


# decision code -> the meeting that took it
_DECISION_MEETINGS = {"D-001": "M-001", "D-002": "M-002", "D-003": "M-004", "D-004": "M-003"}


def amend_decisions(decisions: list[dict[str, Any]], anchor: date) -> None:
    """Link the recipe's decisions to their meetings and add the two decisions needed."""
    for decision in decisions:
        meeting = _DECISION_MEETINGS.get(decision["code"])
        if meeting:
            decision["meeting"] = meeting
    decisions.extend(
        [
            {
                "code": "D-005",
                "decision": "Approve the loaner core switches (CR-002)",
                "needed_by": _day(anchor, 51),
                "date": None,
                "decided_by": "Henrik Larsen",
                "rationale": "Without them the network build waits for the delayed order.",
                "change": "CR-002",
            },
            {
                "code": "D-006",
                "decision": "Go / no-go criteria for the cutover weekend",
                "needed_by": _day(anchor, 60),
                "date": None,
                "decided_by": "Catherine Dubois",
                "rationale": "The application owners sign the rollback criteria first.",
                "change": None,
            },
        ]
    )


def add_governance(document: dict[str, Any], anchor: date, ids: dict[str, int]) -> dict[str, Any]:
    """``document`` (the demo's JSON shape) with the governance of its first project and the
    workspace's shared calendar and acceptance template."""
    project = document["projects"][0]
    project.update(governance_parts(anchor))
    amend_changes(project["change_requests"], anchor, ids)
    amend_decisions(project["decisions"], anchor)
    document["change_windows"] = shared_windows(anchor)
    document["handover_template"] = handover_template()
    return document
