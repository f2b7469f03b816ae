"""The demo's second project: Wave 2 waits for the migration's cutover across projects."""

from __future__ import annotations

from sqlalchemy import select

from infradesk.model import CrossLink, Project, Task
from infradesk.services.demo.seed import CUTOVER_NAME, create_demo_projects
from infradesk.services.demo.wave2 import NAME
from infradesk.services.plan.field_edits import UpdateTask


def test_the_second_wave_starts_after_the_cutover_and_follows_its_slip(workspace) -> None:
    with workspace.session() as s:
        first, second = create_demo_projects(s)
        s.commit()
    with workspace.session() as s:
        names = s.scalars(select(Project.name).order_by(Project.name)).all()
        assert names[-1] == NAME and names[0].startswith("DC Migration")  # the first is shown
        [link] = s.scalars(select(CrossLink)).all()
        cutover = s.get(Task, link.predecessor_id)
        kick_off = s.get(Task, link.successor_id)
        assert cutover is not None and kick_off is not None
        assert (cutover.project_id, cutover.name) == (first, CUTOVER_NAME)
        assert kick_off.project_id == second and kick_off.start > cutover.finish
        assert 8 <= len(s.scalars(select(Task).where(Task.project_id == second)).all()) <= 25
        rehearsal = s.scalars(
            select(Task).where(Task.project_id == first, Task.name == "Cutover rehearsal (dry run)")
        ).one()
        before, minutes = kick_off.start, rehearsal.duration_minutes
        rehearsal_id = rehearsal.id
    # a slip of the rehearsal before the cutover moves the DR move's kick-off with it
    UpdateTask(first, rehearsal_id, {"duration_minutes": minutes + 5 * 480}).apply(workspace)
    with workspace.session() as s:
        assert s.scalar(select(Task.start).where(Task.id == kick_off.id)) > before
