"""The runbook's clock (issue 19): links and lags, fixed times, a gate's two branches, the
forecast from what a run recorded, the float and the critical path."""

from __future__ import annotations

import pytest

from infradesk.schedule.runbook import (
    GO,
    NO_GO,
    RunbookCycleError,
    RunbookNetwork,
    StepActual,
    StepInput,
)


def _network() -> RunbookNetwork:
    """1 -> 2 (gate) -> 3 -> 4 forward; 2's rollback path 10 -> 11; 5 runs beside 3."""
    return RunbookNetwork(
        [
            StepInput(1, 30),
            StepInput(2, 10, ((1, "FS", 0),), gate=True),
            StepInput(3, 60, ((2, "FS", 0),)),
            StepInput(4, 20, ((3, "FS", 5),)),
            StepInput(5, 15, ((2, "SS", 0),)),
            StepInput(10, 40, (), rollback_of=2),
            StepInput(11, 25, ((10, "FS", 0),), rollback_of=2),
        ]
    )


def _times(network: RunbookNetwork, timing, key: int) -> tuple[int, int]:
    i = network.index[key]
    return timing.start[i], timing.finish[i]


def test_the_plan_takes_the_forward_path_with_its_links_and_lags() -> None:
    network = _network()
    plan = network.plan()
    assert _times(network, plan, 1) == (0, 30)
    assert _times(network, plan, 2) == (30, 40)
    assert _times(network, plan, 3) == (40, 100)
    assert _times(network, plan, 4) == (105, 125)  # FS + 5
    assert _times(network, plan, 5) == (30, 45)  # SS with the gate
    assert _times(network, plan, 10) == (-1, -1)  # the rollback path does not run
    assert plan.end == 125
    assert plan.critical_keys(network.keys) == [1, 2, 3, 4]
    assert plan.float_minutes[network.index[5]] == 125 - 45


def test_a_no_go_drops_the_forward_path_and_runs_the_rollback() -> None:
    network = _network()
    actuals = {
        1: StepActual(0, 35),
        2: StepActual(35, 50, decision=NO_GO),
    }
    timing = network.forecast(actuals, now=50)
    assert _times(network, timing, 3) == (-1, -1)
    assert timing.state[network.index[3]] == "inactive"
    assert _times(network, timing, 10) == (50, 90)  # after its gate
    assert _times(network, timing, 11) == (90, 115)
    assert timing.state[network.index[10]] == "ready"
    assert timing.end == 115
    # the same run deciding go continues forward and never runs the rollback
    go = network.forecast({1: StepActual(0, 35), 2: StepActual(35, 50, decision=GO)}, now=50)
    assert _times(network, go, 3) == (50, 110)
    assert _times(network, go, 10) == (-1, -1)
    assert go.end == 135


def test_the_rollback_finish_answers_what_if_no_go() -> None:
    network = _network()
    assert network.rollback_finish(2) == 40 + 40 + 25
    assert network.rollback_finish(1) is None  # not a gate with a path
    late = network.rollback_finish(2, {1: StepActual(0, 60)}, now=60)
    assert late == 60 + 10 + 65  # the gate after the late step, then both rollback steps


def test_the_forecast_uses_actuals_and_now() -> None:
    network = _network()
    actuals = {1: StepActual(0, 45), 2: StepActual(45, 55, decision=GO), 3: StepActual(55)}
    timing = network.forecast(actuals, now=200)
    assert timing.state[network.index[1]] == "done"
    assert timing.state[network.index[3]] == "running"
    assert _times(network, timing, 3) == (55, 200)  # overrunning: ends no earlier than now
    assert _times(network, timing, 4) == (205, 225)
    assert timing.state[network.index[4]] == "waiting"
    # a step whose predecessors are done is ready now, and cannot start in the past
    assert timing.state[network.index[5]] == "ready"
    assert _times(network, timing, 5) == (200, 215)


def test_a_fixed_time_holds_a_step_back_and_a_skip_takes_no_time() -> None:
    network = RunbookNetwork(
        [
            StepInput(1, 30),
            StepInput(2, 10, ((1, "FS", 0),), not_before=120),
            StepInput(3, 5, ((2, "FS", 0),)),
        ]
    )
    plan = network.plan()
    assert _times(network, plan, 2) == (120, 130)
    timing = network.forecast({1: StepActual(0, 30), 2: StepActual(None, 40, skipped=True)}, 40)
    assert timing.state[network.index[2]] == "skipped"
    assert _times(network, timing, 2) == (40, 40)
    assert _times(network, timing, 3) == (40, 45)


@pytest.mark.parametrize(
    ("kind", "lag", "expected"),
    [("FS", 0, (30, 40)), ("SS", 10, (10, 20)), ("FF", 0, (20, 30)), ("SF", 15, (5, 15))],
)
def test_every_link_type(kind: str, lag: int, expected: tuple[int, int]) -> None:
    network = RunbookNetwork([StepInput(1, 30), StepInput(2, 10, ((1, kind, lag),))])
    assert _times(network, network.plan(), 2) == expected


def test_a_loop_is_refused_and_named() -> None:
    with pytest.raises(RunbookCycleError) as caught:
        RunbookNetwork(
            [StepInput(1, 5, ((3, "FS", 0),)), StepInput(2, 5, ((1, "FS", 0),)),
             StepInput(3, 5, ((2, "FS", 0),)), StepInput(4, 5)]
        )
    assert sorted(caught.value.keys) == [1, 2, 3]


def test_the_driving_path_follows_the_late_predecessor() -> None:
    """As it ran: 3 waited for 2 (late), not for 1; the chain is 2 -> 3 -> 4."""
    network = RunbookNetwork(
        [
            StepInput(1, 10),
            StepInput(2, 10),
            StepInput(3, 10, ((1, "FS", 0), (2, "FS", 0))),
            StepInput(4, 10, ((3, "FS", 0),)),
        ]
    )
    actuals = {1: StepActual(0, 10), 2: StepActual(0, 40), 3: StepActual(45, 55),
               4: StepActual(60, 70)}
    timing = network.forecast(actuals, 70)
    assert network.driving_path(timing) == [2, 3, 4]
    assert network.driving_path(network.plan()) in ([1, 3, 4], [2, 3, 4])
