"""External predecessors in the Predecessors cell: ``Wave 2!14FS+2d``.

MS Project writes an external predecessor as ``<>\\Project\\14``; here a PM types the other
project's name, ``!``, then the task's row number (its ID in that project's Gantt) or its WBS
code, then the usual link type and lag: ``Wave 2!14``, ``Wave 2!1.3SS+4h``,
``DR site!7FF-1d``. Internal and external parts mix freely, separated by ``;``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.model import CrossLink, Project, Task
from infradesk.schedule.durations import format_duration
from infradesk.services.plan.cross_link_edits import SetExternalPredecessors, linked_projects
from infradesk.services.plan.cross_links import wbs_codes
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.plan.incremental import Rescheduler
from infradesk.services.plan.link_edits import SetPredecessors
from infradesk.services.plan.predecessor_text import LinkSpec, link_spec, parse_predecessors
from infradesk.services.plan.propagation import Propagation
from infradesk.services.plan.task_edit import TaskEdit

_EXTERNAL_RE = re.compile(
    r"^\s*(.+?)\s*!\s*(\d+(?:\.\d+)*)\s*(FS|SS|FF|SF)?\s*(?:([+-])\s*(.+?))?\s*$", re.IGNORECASE
)


def _link_text(row_number: int, link_type: str, lag: int, minutes_per_day: int) -> str:
    """``3``, ``3SS``, ``3FS+2d`` (the notation of ``outline.link_text``)."""
    kind = link_type if link_type != "FS" or lag else ""
    text = f"{row_number}{kind}"
    if lag:
        text += ("+" if lag > 0 else "") + format_duration(lag, minutes_per_day)
    return text


def split_parts(text: str) -> tuple[str, list[str]]:
    """The cell's internal parts (as text for :func:`parse_predecessors`) and its external
    ``Project!ref`` parts."""
    parts = [p.strip() for p in re.split(r";", text or "")]
    internal: list[str] = []
    external: list[str] = []
    for part in filter(None, parts):
        (external if "!" in part else internal).append(part)
    return "; ".join(internal), external


def parse_external(
    session: Session, parts: Sequence[str], project_id: int, minutes_per_day: int = 480
) -> list[LinkSpec]:
    """Resolve ``Project!ref`` parts to link specs; :class:`TaskEditError` names the part."""
    specs: list[LinkSpec] = []
    rows_of: dict[int, list[int]] = {}
    codes_of: dict[int, dict[str, int]] = {}
    for part in parts:
        match = _EXTERNAL_RE.match(part)
        if not match:
            raise TaskEditError(
                f"'{part}' is not an external predecessor: write the project's name, '!', the "
                "task's row number and a link type and lag, like Wave 2!14FS+2d"
            )
        name, ref, kind, sign, lag_text = match.groups()
        other = session.scalar(select(Project.id).where(Project.name == name.strip()))
        if other is None:
            raise TaskEditError(f"'{part}': there is no project '{name.strip()}'")
        if other == project_id:
            raise TaskEditError(
                f"'{part}': that is this project; write the row number without the name"
            )
        if other not in rows_of:
            codes = wbs_codes(session, other)
            rows_of[other] = list(codes)
            codes_of[other] = {code: task_id for task_id, code in codes.items()}
        if "." in ref:
            pred = codes_of[other].get(ref)
            if pred is None:
                raise TaskEditError(f"'{part}': '{name.strip()}' has no task with WBS {ref}")
        else:
            number = int(ref)
            if not 1 <= number <= len(rows_of[other]):
                raise TaskEditError(f"'{part}': '{name.strip()}' has no row {number}")
            pred = rows_of[other][number - 1]
        if any(p == pred for p, _k, _l in specs):
            raise TaskEditError(f"'{part}': that predecessor is listed twice")
        specs.append(link_spec(part, pred, kind, sign, lag_text, minutes_per_day))
    return specs


def external_texts(session: Session, project_id: int, minutes_per_day: int) -> dict[int, list[str]]:
    """Per task of the project with external predecessors, their cell texts
    (``Wave 1!3FS+2d``), in link order."""
    rows = session.execute(
        select(
            CrossLink.successor_id,
            CrossLink.predecessor_id,
            CrossLink.type,
            CrossLink.lag_minutes,
            Task.project_id,
        )
        .join(Task, Task.id == CrossLink.predecessor_id)
        .where(CrossLink.successor_id.in_(select(Task.id).where(Task.project_id == project_id)))
        .order_by(CrossLink.id)
    ).all()
    if not rows:
        return {}
    names = dict(session.execute(select(Project.id, Project.name)).all())
    row_numbers: dict[int, dict[int, int]] = {}
    texts: dict[int, list[str]] = {}
    for succ, pred, kind, lag, other in rows:
        if other == project_id:
            continue
        if other not in row_numbers:
            row_numbers[other] = {t: i + 1 for i, t in enumerate(wbs_codes(session, other))}
        number = row_numbers[other].get(pred, 0)
        text = _link_text(number, (kind or "FS").upper(), int(lag or 0), minutes_per_day)
        texts.setdefault(succ, []).append(f"{names.get(other, other)}!{text}")
    return texts


class SetPredecessorsText(TaskEdit):
    """The Predecessors cell typed with external parts (or a task that had some): the
    internal links and the cross links of the task are both replaced, in one undo step."""

    links_changed = True

    def __init__(
        self,
        project_id: int,
        task_id: int,
        text: str,
        row_ids: Sequence[int],
        wbs_codes: Sequence[str] = (),
        minutes_per_day: int = 480,
    ) -> None:
        super().__init__(project_id, "Edit predecessors")
        self.task_id = task_id
        self.minutes_per_day = minutes_per_day
        internal, self.external_parts = split_parts(text)
        specs = parse_predecessors(internal, row_ids, wbs_codes, minutes_per_day, task_id)
        self.internal = SetPredecessors(project_id, task_id, specs)
        self.external: SetExternalPredecessors | None = None

    def apply_change(self, session: Session) -> None:
        if self.external is None:  # resolved once: a redo links the same tasks
            specs = parse_external(
                session, self.external_parts, self.project_id, self.minutes_per_day
            )
            self.external = SetExternalPredecessors(self.project_id, self.task_id, specs)
        self.internal.apply_change(session)
        self.external.apply_change(session)
        self.touched |= self.internal.touched | self.external.touched | {self.task_id}

    def revert_change(self, session: Session) -> None:
        if self.external is not None:
            self.external.revert_change(session)
        self.internal.revert_change(session)

    def _finish(self, rescheduler: Rescheduler, propagation: Propagation | None = None) -> None:
        super()._finish(rescheduler, propagation)
        if self.external is not None:
            rows = [*self.external.old_rows, *self.external.new_rows]
            self.other_projects = linked_projects(
                rescheduler.session, self.other_projects, [r["predecessor_id"] for r in rows]
            )


class SetExternalPredecessorsText(TaskEdit):
    """The task dialog's "In other projects" field: only the task's cross links are replaced
    by the ``Project!row`` parts typed (empty: none)."""

    links_changed = True  # the Predecessors texts and the external bars are read again

    def __init__(self, project_id: int, task_id: int, text: str, minutes_per_day: int = 480):
        super().__init__(project_id, "Edit external predecessors")
        internal, self.parts = split_parts(text)
        if internal:
            raise TaskEditError(
                f"'{internal}' names no project: write the project's name, '!' and the row, "
                "like Wave 2!14FS+2d"
            )
        self.task_id = task_id
        self.minutes_per_day = minutes_per_day
        self.edit: SetExternalPredecessors | None = None

    def apply_change(self, session: Session) -> None:
        if self.edit is None:  # resolved once: a redo links the same tasks
            specs = parse_external(session, self.parts, self.project_id, self.minutes_per_day)
            self.edit = SetExternalPredecessors(self.project_id, self.task_id, specs)
        self.edit.apply_change(session)
        self.touched |= self.edit.touched

    def revert_change(self, session: Session) -> None:
        if self.edit is not None:
            self.edit.revert_change(session)

    def _finish(self, rescheduler: Rescheduler, propagation: Propagation | None = None) -> None:
        super()._finish(rescheduler, propagation)
        if self.edit is not None:
            rows = [*self.edit.old_rows, *self.edit.new_rows]
            self.other_projects = linked_projects(
                rescheduler.session, self.other_projects, [r["predecessor_id"] for r in rows]
            )
