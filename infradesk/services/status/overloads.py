"""The weekly report's "Who is overloaded in the next 4 weeks": the usage service's overloads
of the four weeks after the as-of date that involve the project's own tasks (a person the
project does not use is another report's matter), their load counted across every project."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from infradesk.report.data import OverloadLine
from infradesk.services.resources.usage import overloads

OVERLOAD_DAYS = 28


def overload_lines(session: Session, project_id: int, as_of: date) -> list[OverloadLine]:
    """The project's people overloaded from ``as_of`` for four weeks, earliest first; another
    project's task is named with its project."""
    lines: list[OverloadLine] = []
    for found in overloads(session, as_of, as_of + timedelta(days=OVERLOAD_DAYS - 1)):
        if not any(t.project_id == project_id for t in found.tasks):
            continue
        own = [t.name for t in found.tasks if t.project_id == project_id]
        others = [f"{t.name} ({t.project_name})" for t in found.tasks if t.project_id != project_id]
        lines.append(
            OverloadLine(
                found.resource,
                found.first,
                found.last,
                found.peak_percent,
                found.days_off,
                own + others,
            )
        )
    lines.sort(key=lambda line: (line.first, line.resource.casefold()))
    return lines
