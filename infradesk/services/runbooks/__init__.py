"""Cutover runbooks (issue 19): plan, rehearse and run the migration weekend.

## The runbook services API (being written now on main by the lead, in
  infradesk/services/runbooks/; merge main into your branch to get it: `git merge main`; expect
  it within ~40 minutes of your start)

Plain rows: infradesk/services/runbooks/rows.py (ALREADY on main: RunbookSummary, RunSummary,
  StepRow, StepTiming, ServiceOutage, RunbookView, ComparedStep, ComparedStream, RunComparison —
  read it). The clock: infradesk/schedule/runbook.py (on main). Model:
  infradesk/model/runbook.py (on main).

services/runbooks/view.py (reads; each opens its own read session):
- `list_runbooks(workspace: Workspace, project_id: int) -> list[RunbookSummary]`
- `runbook_view(workspace, runbook_id: int, run_id: int | None = None, now: datetime | None =
  None) -> RunbookView`  (run_id None = the plan; now aware, default the current time)
- `compare_runs(workspace, runbook_id: int) -> RunComparison`
- `pool_names(workspace) -> list[str]` (resource names for owner pickers)

services/runbooks/commands.py (undoable `Command`s, see infradesk/services/commands.py; the UI
  runs them with `context.execute(command)` which pushes them on the undo stack; every one is
  its own transaction, so each live click is committed at once). They announce Changes kinds
  {"runbooks"} (plus "tasks" when the live run moves the cutover task's actuals), project_id
  set. Bad input raises `RunbookEditError` (a UserError, in services/runbooks/errors.py) with a
  user-readable message.
- `AddRunbook(project_id, name, task_id=None)` -> `.runbook_id` after apply
- `UpdateRunbook(runbook_id, field, value)`; fields: name, task_id, time_zone, window_start,
  window_end (aware datetimes), outage_budget_minutes, change_request_id, notes, lessons
- `DeleteRunbook(runbook_id)`
- `AddStep(runbook_id, after_step_id: int | None = None, values: dict[str, str] | None = None)`
  -> `.step_id`
- `UpdateStep(step_id, field, text: str)`; fields (STEP_FIELDS): code, title, kind, stream,
  owner, backup_owner, duration ("45", "1h30", "90m"), predecessors ("1.01, 1.02SS+10"),
  fixed_time ("18:00", "2026-10-24 18:00", "" clears), fixed_time_zone, notes, command,
  decision_maker, criteria (one per line), audience, message, rollback_of (a gate's code),
  point_of_no_return ("yes"/"no")
- `DeleteSteps(step_ids: list[int])`
- `StartRun(runbook_id, mode: "rehearsal" | "live", name: str | None = None, started: datetime |
  None = None)` -> `.run_id`
- `StepClick(run_id, step_id, at: datetime)`  (the Space key: start when not started, finish
  when running; refused when done/skipped/inactive)
- `SetStepTimes(run_id, step_id, actual_start: datetime | None, actual_finish: datetime | None)`
  (edit a timestamp)
- `SkipStep(run_id, step_id, reason: str, at: datetime)` (blank reason refused)
- `DecideGate(run_id, step_id, decision: "go" | "no-go", decided_by: str, at: datetime)`
- `RecordValidation(run_id, step_id, result: "pass" | "fail" | "not_tested", comment: str, at:
  datetime, open_issue: bool = False)` -> `.issue_code` ("" when none opened; a failed
  validation with open_issue=True opens an issue in the project's RAID log)
- `ClearStep(run_id, step_id)` (forget the step's record in that run)
- `SetService(runbook_id, service_id: int | None, name, rto_minutes, down_step_id, up_step_id)`,
  `DeleteService(service_id)`
"""
