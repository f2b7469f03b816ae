"""The issue-22 bench (bench/bench_instant.py) is a harness that must tell the truth: its naive
CPM yardstick computes the engine's dates, its MSPDI copy of a plan holds the same network,
its table shows a failing step instead of dying, and its cheap rows run end to end."""

from __future__ import annotations

import io
import re
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import replace
from pathlib import Path

import pytest

from infradesk.interchange.mspdi import read_mspdi
from infradesk.schedule.engine import schedule

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import bench_instant
from bench_schedule import make_plan
from instant_process import child_env, run_child
from instant_table import Cell, Row, Table
from naive_cpm import naive_schedule
from plan_documents import write_plan_mspdi


def test_the_naive_cpm_gives_the_engine_s_dates_on_a_plan_without_freezes() -> None:
    plan = make_plan(600)
    plan = replace(
        plan,
        calendar=replace(plan.calendar, freezes=()),
        tasks=[replace(t, production_change=False) for t in plan.tasks],
    )
    ours = schedule(plan)
    naive = naive_schedule(plan)
    leaves = [t.id for t in plan.tasks if t.parent_id is not None and t.duration_minutes > 0]
    assert len(leaves) > 400
    for task_id in leaves:
        s = ours[task_id]
        expected = (s.early_start, s.early_finish, s.late_start, s.late_finish)
        assert naive[task_id] == (*expected, s.total_float_minutes), task_id


def test_the_mspdi_copy_of_a_plan_holds_its_tasks_and_links(tmp_path: Path) -> None:
    plan = make_plan(300)
    result = read_mspdi(write_plan_mspdi(plan, tmp_path / "plan.xml"))
    assert result.problems == []
    (project,) = result.document.projects
    read_tasks = [(t.id, t.parent, t.duration_minutes, t.milestone) for t in project.tasks]
    assert read_tasks == [(t.id, t.parent_id, t.duration_minutes, t.milestone) for t in plan.tasks]
    read_links = {(p.task, t.id, p.type, p.lag_minutes) for t in project.tasks
                  for p in t.predecessors}  # fmt: skip
    assert read_links == {(k.predecessor_id, k.successor_id, k.type, k.lag_minutes)
                          for k in plan.links}  # fmt: skip


def test_a_step_that_fails_shows_its_error_and_the_table_goes_on() -> None:
    out = io.StringIO()
    table = Table([1000, 100_000], out)

    def broken(size: int) -> Cell:
        if size == 100_000:
            raise RuntimeError("no such task")
        return Cell("5.0 ms", True)

    with redirect_stderr(io.StringIO()):
        table.header()
        table.run(Row("x", "a step", "< 1 ms", broken))
        table.run(Row("y", "another", "< 1 ms", lambda size: Cell("0.5 ms", True)))
    lines = out.getvalue().splitlines()
    assert "error: RuntimeError: no such task" in lines[2]
    assert lines[2].rstrip(" |").endswith("—")  # not judged
    assert lines[3].rstrip(" |").endswith("met")
    assert table.verdicts == {"x": None, "y": True}


def test_the_cheap_rows_run_at_a_small_size(tmp_path: Path) -> None:
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(io.StringIO()):
        status = bench_instant.main(
            ["--sizes", "300", "--repeat", "1", "--only", "edit", "compile", "cpm"]
        )
    assert status == 0
    rows = [line for line in out.getvalue().splitlines() if line.startswith("| ")]
    assert [row.split("|")[1].strip() for row in rows[2:]] == [
        "edit one duration, reschedule (engine)",
        "compile the network",
        "full schedule with dates vs naive dict CPM",
    ]
    for row in rows[2:]:
        cells = [cell.strip() for cell in row.split("|")[1:-1]]
        assert re.match(r"\d+\.\d+ m?s\b", cells[1]), cells  # a time first, never an error
        assert cells[-1].startswith(("met", "not met")), cells


@pytest.mark.parametrize("bad", [["--only", "nothing"], ["--sizes"]])
def test_bad_options_are_refused(bad: list[str]) -> None:
    with pytest.raises(SystemExit), redirect_stderr(io.StringIO()):
        bench_instant.main(bad)


def test_a_child_s_peak_memory_is_its_own_not_the_bench_s(tmp_path: Path) -> None:
    held = bytearray(400 * 1024 * 1024)  # the bench holding a big plan
    held[::4096] = b"1" * len(held[::4096])
    allocate = "x = bytearray(60 * 1024 * 1024); x[::4096] = b'1' * len(x[::4096])"
    done = run_child([sys.executable, "-c", allocate], child_env(tmp_path))
    assert 60 <= done.peak_mb < 200, done.peak_mb
    assert done.wall > 0 and done.cpu > 0
    del held
