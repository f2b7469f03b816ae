"""The rolled-up duration and progress an import stores for each summary (``plan._rolled_up``)
are its schedule entry's, found without building entries (a summary's entry builds its
children's first: a third of a second on a 100,000-task plan)."""

from __future__ import annotations

import pytest

from infradesk.interchange import document as d
from infradesk.schedule.engine import schedule
from infradesk.services.documents.plan import _rolled_up
from tests.schedule.test_early_columns import _all_plans


@pytest.mark.parametrize("seed", [1, 2])
def test_rolled_up_values_are_the_summaries_entries(seed: int) -> None:
    for plan in _all_plans(seed):
        tasks = [d.Task(task.id, parent=task.parent_id) for task in plan.tasks]
        result = schedule(plan)
        rolled = _rolled_up(tasks, result)
        assert result._cache == {}  # no entry was built
        parents = {task.parent_id for task in plan.tasks if task.parent_id is not None}
        assert rolled == {
            parent: (result[parent].duration_minutes, round(result[parent].percent_complete, 2))
            for parent in parents
            if result[parent].summary
        }
        assert rolled
