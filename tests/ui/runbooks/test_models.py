"""The runbook pages' models over hand-built views: order, text, light updates."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from PySide6.QtCore import Qt

from infradesk.ui.runbooks.live_model import LiveModel, listed
from infradesk.ui.runbooks.plan_model import COLUMN_OF, PONR_ROLE, PlanModel, display_order
from infradesk.ui.runbooks.text import clock_text, minutes_text, offset_text, parse_minutes
from tests.ui.runbooks.fake_views import ORIGIN, big_view, step, timing, view


def test_minutes_read_and_written() -> None:
    assert [minutes_text(m) for m in (0, 45, 60, 90, 1565)] == ["0m", "45m", "1h", "1h30",
                                                                 "26h05"]
    assert [parse_minutes(t) for t in ("90", "1h30", "2h", "45m", "1h 30m", "")] == [
        90, 90, 120, 45, 90, None]
    assert offset_text(45) == "T+45m"
    assert clock_text(ORIGIN + timedelta(hours=7), ORIGIN) == "Sun 01:00"


def test_rollback_steps_are_listed_under_their_gate() -> None:
    steps = [step(1), step(2, "gate"), step(3), step(4, "rollback", rollback_of="1.02"),
             step(5, "rollback", rollback_of="1.02")]
    assert display_order(steps) == [0, 1, 3, 4, 2]


def test_plan_model_text_edit_and_ponr(qtbot) -> None:
    edits = []
    model = PlanModel(lambda step_id, field, text: edits.append((step_id, field, text)))
    steps = [step(1), step(2, "gate", point_of_no_return=True),
             step(3, "rollback", rollback_of="1.02")]
    model.set_view(view(steps))
    assert model.rowCount() == 3
    title = model.index(2, COLUMN_OF["title"])
    assert title.data().strip().startswith("↳")
    assert model.index(1, 0).data(PONR_ROLE) is True
    assert "point of no return" in model.index(1, COLUMN_OF["kind"]).data()
    assert model.setData(model.index(0, COLUMN_OF["duration"]), "1h30")
    assert edits == [(1, "duration", "1h30")]
    assert model.setData(model.index(0, COLUMN_OF["duration"]), "15m")  # unchanged: no edit
    assert len(edits) == 1


def test_plan_model_same_steps_repaint_without_reset(qtbot) -> None:
    model = PlanModel()
    steps = [step(1), step(2)]
    model.set_view(view(steps))
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    model.set_view(view([replace(steps[0], title="Renamed"), steps[1]]))
    assert resets == [] and model.index(0, COLUMN_OF["title"]).data() == "Renamed"


def test_live_model_lists_now_and_repaints_only_changed_rows(qtbot) -> None:
    big = big_view(300)
    now_rows = listed(big, "now")
    assert [big.timings[i].state for i in now_rows][:6] == ["running"] * 6
    model = LiveModel()
    model.set_view(big, "all")
    assert model.rowCount() == 300
    changed = []
    model.dataChanged.connect(lambda a, b, _r: changed.append((a.row(), b.row())))
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    timings = list(big.timings)
    timings[150] = replace(timings[150], state="done")
    model.set_view(replace(big, timings=tuple(timings)))
    assert resets == [] and changed == [(150, 150)]
    late_row = next(r for r in range(model.rowCount()) if model.pair(r)[1].late_minutes > 0
                    and model.pair(r)[1].state != "done")
    assert model.index(late_row, 0).data(Qt.ItemDataRole.ForegroundRole) is not None


def test_fake_view_is_consistent() -> None:
    v = view([step(1)], [timing(step(1), "ready")])
    assert v.with_state("ready")[0][0].id == 1
