"""Another client's edit as the Gantt can take it in place.

A change notice (:mod:`infradesk.services.team_notices`) names the kinds, the project and, for
a plain task edit, the tasks whose own fields changed. For such a notice this builds the same
:class:`~infradesk.services.plan.task_edit.TaskChanges` our own edit would: the schedule now
(our cached plan patched with the edit as the other client patched its own, when both held
the same plan, :func:`~infradesk.services.plan.incremental.follow`; else rebuilt) and the
changed tasks' fields, so the Gantt refreshes those rows and the ones whose dates moved
instead of reloading the whole plan. Anything else is announced as is (the views reload).
"""

from __future__ import annotations

from infradesk.services import row_journal
from infradesk.services.changes import Changes
from infradesk.services.plan import incremental
from infradesk.services.plan.task_edit import TaskChanges, task_fields
from infradesk.services.team_notices import Notice
from infradesk.store.workspace import Workspace


def gantt_changes(workspace: Workspace, notice: Notice) -> Changes:
    """The notice's changes, refined to an in-place Gantt update when it was a plain edit of
    tasks of one project."""
    changes = notice.changes
    ids = changes.changed_ids
    project_id = changes.project_id
    if (
        changes.kinds != {"tasks"}
        or changes.structural
        or ids is None
        or project_id is None
        or changes.other_project_ids
    ):
        return changes
    with workspace.read_session() as session:
        result = incremental.follow(
            session, project_id, ids, notice.links_changed, notice.printed
        ) or incremental.current_result(session, project_id)
        keys = [("task", task_id) for task_id in sorted(ids)]
        images = row_journal.images(session, keys)
        rows = task_fields(images, sorted(ids))
    if rows is None:  # a task is gone since: reload
        return changes
    versions = {
        key: int(row_journal.values(key[0], image)["version"])
        for key, image in images.items()
        if image is not None
    }
    return TaskChanges(
        changes.kinds,
        project_id,
        changed_ids=ids,
        schedule=result,
        links_changed=notice.links_changed,
        rows=rows,
        versions=versions,
    )
