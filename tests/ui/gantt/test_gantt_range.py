"""A duration that runs past the calendar's range is refused in the Gantt with the engine's
located message (issue 13), and the plan keeps its old value."""

from __future__ import annotations


def test_a_duration_past_2199_is_refused_with_the_task_named(gantt) -> None:
    o = gantt.model.outline
    r = o.name.index("Test")
    before = (o.duration[r], o.finish[r])
    dialog = gantt.make_dialog(r)
    dialog.duration.setText("200000d")  # within what can be typed, past 2199
    dialog.accept()
    assert dialog.command is not None
    assert not gantt.run(dialog.command)
    assert gantt.last_message == (
        "Task 'Test' would finish after 31 Dec 2199, beyond the calendar's range; "
        "check its duration"
    )
    assert gantt.banner.isVisible()
    o = gantt.model.outline
    assert (o.duration[r], o.finish[r]) == before
    assert gantt.context.undo_stack.count() == 0
