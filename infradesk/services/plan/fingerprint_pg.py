"""The schedule's inputs fingerprint (see :func:`infradesk.services.plan.incremental.fingerprint`)
on PostgreSQL: an MD5 of every input row in id order, where SQLite sums them (PostgreSQL has
none of SQLite's ``total``/``julianday``; a digest is exact, and as cheap on a server)."""

from __future__ import annotations

from sqlalchemy import text


def _digest(columns: str, source: str, order: str = "id") -> str:
    return (
        f"(SELECT md5(coalesce(string_agg(concat_ws('|', {columns}), ',' ORDER BY {order}), ''))"
        f" FROM {source})"
    )


PRINT = text(
    f"""
    SELECT
      {_digest(
          "id, parent_id, position, duration_minutes, milestone, production_change, "
          "percent_complete, manual, elapsed, leveling_delay_minutes, start_no_earlier_than, "
          "deadline, constraint_date, actual_start, actual_finish, constraint_type, "
          "CASE WHEN manual THEN start END",
          "task WHERE project_id = :p",
      )},
      {_digest(
          "id, predecessor_id, successor_id, lag_minutes, type",
          "dependency WHERE project_id = :p",
      )},
      p.start, p.status_date, p.reschedule_after_status,
      c.id, c.working_weekdays, c.working_hours, c.holiday_country, c.holiday_region,
      {_digest("id, day, kind, working_hours", "calendar_day WHERE calendar_id = c.id")},
      {_digest("id, start, finish", "freeze_window WHERE calendar_id = c.id")}
    FROM project p LEFT JOIN calendar c ON c.project_id = p.id WHERE p.id = :p
    """
)

CLOCK_PRINT = text(
    f"""
    SELECT
      {_digest("id, calendar_id, leveling_delay_minutes", "task WHERE project_id = :p")},
      {_digest(
          "a.id, a.task_id, a.resource_id, a.units, r.calendar_id, r.kind",
          "assignment a JOIN task t ON t.id = a.task_id JOIN resource r ON r.id = a.resource_id"
          " WHERE t.project_id = :p",
          "a.id",
      )},
      {_digest(
          "d.id, d.resource_id, d.day, d.kind, d.working_hours",
          "resource_day d WHERE d.resource_id IN (SELECT a.resource_id FROM assignment a"
          " JOIN task t ON t.id = a.task_id WHERE t.project_id = :p)",
          "d.id",
      )},
      {_digest("id, working_weekdays, working_hours", "base_calendar")}
    """
)
