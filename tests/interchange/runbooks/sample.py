"""A small runbook document shared by the runbook interchange tests."""

from __future__ import annotations

import copy
from typing import Any

RUNBOOK: dict[str, Any] = {
    "name": "Cutover weekend",
    "task": 2,
    "time_zone": "Europe/Paris",
    "window_start": "2026-10-24T18:00:00+02:00",
    "window_end": "2026-10-25T18:00:00+01:00",
    "outage_budget_minutes": 720,
    "change_request": "CR-003",
    "notes": "Bridge call on the usual number",
    "lessons": "",
    "services": [{"name": "ERP", "rto_minutes": 480, "down_step": "1.02", "up_step": "2.01"}],
    "steps": [
        {"code": "1.01", "title": "Lower DNS TTL", "kind": "task", "stream": "Network",
         "owner": "Ana Costa", "backup_owner": "Li Wei", "duration_minutes": 30,
         "predecessors": [], "fixed_time": "2026-10-24T18:00", "fixed_time_zone": "CET",
         "notes": "", "command": "nsupdate -k key ttl.txt"},
        {"code": "1.02", "title": "Stop ERP", "kind": "task", "stream": "Apps",
         "owner": "ana costa", "backup_owner": "", "duration_minutes": 45,
         "predecessors": [{"step": "1.01", "type": "FS", "lag_minutes": 0}],
         "fixed_time": None, "fixed_time_zone": "", "notes": "", "command": ""},
        {"code": "1.03", "title": "Go / no-go", "kind": "gate", "stream": "Management",
         "owner": "", "backup_owner": "", "duration_minutes": 15,
         "predecessors": [{"step": "1.02", "type": "SS", "lag_minutes": 10}],
         "fixed_time": None, "fixed_time_zone": "", "notes": "", "command": "",
         "decision_maker": "CIO", "criteria": ["Backups verified", "ERP stopped cleanly"]},
        {"code": "1.04", "title": "Restart ERP on old site", "kind": "rollback",
         "stream": "Apps", "owner": "Li Wei", "backup_owner": "", "duration_minutes": 60,
         "predecessors": [{"step": "1.03", "type": "FS", "lag_minutes": -5}],
         "fixed_time": None, "fixed_time_zone": "", "notes": "", "command": "",
         "rollback_of": "1.03"},
        {"code": "2.01", "title": "Start ERP on new site", "kind": "validation",
         "stream": "Apps", "owner": "Li Wei", "backup_owner": "", "duration_minutes": 90,
         "predecessors": [{"step": "1.03", "type": "FS", "lag_minutes": 0}],
         "fixed_time": "2026-10-25T02:30", "fixed_time_zone": "", "notes": "", "command": "",
         "point_of_no_return": True},
        {"code": "2.02", "title": "Tell the users", "kind": "communication",
         "stream": "Comms", "owner": "", "backup_owner": "", "duration_minutes": 5,
         "predecessors": [{"step": "2.01", "type": "FS", "lag_minutes": 0}],
         "fixed_time": None, "fixed_time_zone": "", "notes": "", "command": "",
         "audience": "All staff", "message": "ERP is back"},
    ],
    "runs": [
        {"name": "Rehearsal 1", "mode": "rehearsal", "started": "2026-10-10T18:00:00+02:00",
         "steps": [
             {"step": "1.01", "actual_start": "2026-10-10T18:00:00+02:00",
              "actual_finish": "2026-10-10T18:40:12+02:00"},
             {"step": "1.02", "actual_start": None, "actual_finish": None,
              "skipped_reason": "Rehearsal without ERP"},
             {"step": "1.03", "actual_start": "2026-10-10T19:00:00+02:00",
              "actual_finish": "2026-10-10T19:10:00+02:00", "decision": "go",
              "decided_by": "CIO", "decided_at": "2026-10-10T19:10:00+02:00"},
             {"step": "2.01", "actual_start": "2026-10-10T19:10:00+02:00",
              "actual_finish": "2026-10-10T21:00:00+02:00", "result": "pass",
              "comment": "slow login"},
         ]},
    ],
}


def document(runbook: dict[str, Any] | None = None) -> dict[str, Any]:
    """A one-project document with two tasks, a change request and ``runbook``."""
    return {
        "format": "infradesk",
        "version": 1,
        "projects": [
            {
                "name": "Migration",
                "start": "2026-09-01T08:00",
                "tasks": [
                    {"id": 1, "name": "Prepare", "duration_minutes": 2400, "predecessors": []},
                    {"id": 2, "name": "Cutover", "duration_minutes": 960,
                     "predecessors": [{"task": 1, "type": "FS"}]},
                ],
                "change_requests": [{"code": "CR-003", "title": "Cutover weekend"}],
                "runbooks": [copy.deepcopy(RUNBOOK if runbook is None else runbook)],
            }
        ],
    }
