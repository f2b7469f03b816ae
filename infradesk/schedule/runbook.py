"""The cutover runbook's clock (issue 19): when each step is planned, when it will now happen,
and which steps can start, from the steps' links and what a run recorded.

A runbook runs round the clock, so positions are plain elapsed minutes from an origin (the
window's start for the plan, the run's start for a run); time zones and daylight saving are
the caller's business (it converts instants to minutes). Link types and lags are MS
Project's: FS, SS, FF, SF with a lag in minutes.

Branching. A gate decides "go" (the forward path goes on) or "no-go" (its rollback path runs
instead): a rollback step runs only when its gate decided no-go, and every forward step that
follows the gate (through links) is then dropped, unless it had already started. The plan
assumes every gate says go; :meth:`RunbookNetwork.rollback_finish` tells when the rollback
path would end.

The forecast: a finished step keeps its actual times, a running one ends at
max(start + duration, now), a step not started starts no earlier than now. A skipped step
takes no time. Everything is one topological pass forward and one backward (for the float and
the critical path), a few milliseconds for 2,000 steps.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

GO = "go"
NO_GO = "no-go"
StepState = Literal["waiting", "ready", "running", "done", "skipped", "inactive"]


class RunbookCycleError(ValueError):
    """The steps' links loop; ``keys`` is the loop in order."""

    def __init__(self, keys: list[int]) -> None:
        super().__init__("The runbook's links form a loop.")
        self.keys = keys


@dataclass(frozen=True, slots=True)
class StepInput:
    """One step: its key (the step id), duration in minutes, predecessors as (key, type,
    lag), the earliest minute it may start (a fixed clock time), the gate whose rollback path
    it is on (None: the forward path) and whether it is a gate."""

    key: int
    duration: int
    predecessors: tuple[tuple[int, str, int], ...] = ()
    not_before: int | None = None
    rollback_of: int | None = None
    gate: bool = False


@dataclass(frozen=True, slots=True)
class StepActual:
    """What a run recorded for one step, in minutes from the run's origin."""

    start: int | None = None
    finish: int | None = None
    skipped: bool = False
    decision: str | None = None  # gates: GO or NO_GO


@dataclass(slots=True)
class Timing:
    """The times of every step, by position in :attr:`RunbookNetwork.keys`; a dropped
    (inactive) step has start = finish = -1."""

    start: list[int]
    finish: list[int]
    float_minutes: list[int]
    state: list[StepState]
    end: int  # the last finish of the active steps (0 when none)
    critical: list[bool] = field(default_factory=list)

    def critical_keys(self, keys: list[int]) -> list[int]:
        """The keys of the critical steps, in start order."""
        chosen = [i for i, flag in enumerate(self.critical) if flag]
        chosen.sort(key=lambda i: (self.start[i], self.finish[i]))
        return [keys[i] for i in chosen]


class RunbookNetwork:
    """The steps compiled once: dense indices, predecessor lists and a topological order.
    Recompute :meth:`plan` or :meth:`forecast` as often as needed (after each click)."""

    def __init__(self, steps: Iterable[StepInput]) -> None:
        self.steps = list(steps)
        self.keys = [step.key for step in self.steps]
        self.index = {key: i for i, key in enumerate(self.keys)}
        n = len(self.steps)
        self.duration = [max(0, step.duration) for step in self.steps]
        self.not_before = [step.not_before for step in self.steps]
        self.is_gate = [step.gate for step in self.steps]
        self.rollback_of: list[int | None] = [
            self.index.get(step.rollback_of) if step.rollback_of is not None else None
            for step in self.steps
        ]
        # predecessors as (index, type, lag); a rollback step without any follows its gate
        self.preds: list[list[tuple[int, str, int]]] = [[] for _ in range(n)]
        self.succs: list[list[tuple[int, str, int]]] = [[] for _ in range(n)]
        for i, step in enumerate(self.steps):
            links = [(self.index[k], t, lag) for k, t, lag in step.predecessors if k in self.index]
            gate = self.rollback_of[i]
            if not links and gate is not None:
                links = [(gate, "FS", 0)]
            self.preds[i] = links
            for p, kind, lag in links:
                self.succs[p].append((i, kind, lag))
        self.order = self._topological_order()
        self._after_gate: dict[int, set[int]] = {}

    # ------------------------------------------------------------------ structure

    def _topological_order(self) -> list[int]:
        """Kahn's order; among steps ready together the earlier in the runbook comes first."""
        n = len(self.steps)
        waiting = [len(p) for p in self.preds]
        ready = [i for i in range(n) if waiting[i] == 0]
        heapq.heapify(ready)
        order: list[int] = []
        while ready:
            i = heapq.heappop(ready)
            order.append(i)
            for s, _kind, _lag in self.succs[i]:
                waiting[s] -= 1
                if waiting[s] == 0:
                    heapq.heappush(ready, s)
        if len(order) < n:
            raise RunbookCycleError(self._a_cycle(set(range(n)) - set(order)))
        return order

    def _a_cycle(self, left: set[int]) -> list[int]:
        """One loop among the steps that could not be ordered, as keys."""
        start = min(left)
        seen: dict[int, int] = {}
        path: list[int] = []
        i = start
        while i not in seen:
            seen[i] = len(path)
            path.append(i)
            i = next(p for p, _k, _l in self.preds[i] if p in left)
        loop = path[seen[i] :]
        loop.reverse()
        return [self.keys[j] for j in loop]

    def following(self, gate: int) -> set[int]:
        """Indices of the forward steps reached from ``gate`` through links (what a no-go
        drops)."""
        cached = self._after_gate.get(gate)
        if cached is not None:
            return cached
        reached: set[int] = set()
        todo = [gate]
        while todo:
            i = todo.pop()
            for s, _kind, _lag in self.succs[i]:
                if s not in reached and self.rollback_of[s] is None:
                    reached.add(s)
                    todo.append(s)
        self._after_gate[gate] = reached
        return reached

    def active(self, decisions: Mapping[int, str], started: set[int]) -> list[bool]:
        """Which steps run, given the gates' decisions by index (missing: go)."""
        n = len(self.steps)
        active = [self.rollback_of[i] is None for i in range(n)]
        for gate, decision in decisions.items():
            if decision != NO_GO:
                continue
            for i in self.following(gate):
                if i not in started:
                    active[i] = False
        for i in range(n):
            gate_index = self.rollback_of[i]
            if gate_index is not None and decisions.get(gate_index) == NO_GO:
                active[i] = active[gate_index] or gate_index in started
        return active

    # ------------------------------------------------------------------ passes

    def plan(self, decisions: Mapping[int, str] | None = None) -> Timing:
        """The planned times from minute 0, gates deciding as given (default: go)."""
        return self._run({}, decisions or {}, now=None)

    def forecast(self, actuals: Mapping[int, StepActual], now: int) -> Timing:
        """The times with what a run recorded (by key) at minute ``now`` of its origin."""
        by_index: dict[int, StepActual] = {}
        decisions: dict[int, str] = {}
        for key, actual in actuals.items():
            i = self.index.get(key)
            if i is None:
                continue
            by_index[i] = actual
            if actual.decision is not None and self.is_gate[i]:
                decisions[i] = actual.decision
        return self._run(by_index, decisions, now=now)

    def driving_path(self, timing: Timing) -> list[int]:
        """The chain that set the end, as keys in start order: from the step that finished
        last, back through the predecessor whose link held it latest, to a step nothing held.
        On a run's actual times this is the critical path as it really ran (gaps included:
        the step that waited on a late predecessor points at it)."""
        active = [i for i in range(len(self.steps)) if timing.start[i] >= 0]
        if not active:
            return []
        current: int | None = max(active, key=lambda i: (timing.finish[i], -i))
        chain: list[int] = []
        seen: set[int] = set()
        while current is not None and current not in seen:
            seen.add(current)
            chain.append(current)
            best: int | None = None
            best_at = None
            for p, kind, lag in self.preds[current]:
                if timing.start[p] < 0:
                    continue
                at = _link_start(kind, lag, timing.start[p], timing.finish[p],
                                 timing.finish[current] - timing.start[current])
                if best_at is None or at > best_at:
                    best, best_at = p, at
            current = best
        chain.reverse()
        return [self.keys[i] for i in chain]

    def rollback_finish(
        self, gate_key: int, actuals: Mapping[int, StepActual] | None = None, now: int = 0
    ) -> int | None:
        """When the runbook would end if the gate ``gate_key`` decided no-go (None: it has
        no rollback path): the plan's answer without ``actuals``, else the forecast's."""
        gate = self.index[gate_key]
        if gate not in self.rollback_of:
            return None
        if actuals is None:
            return self.plan({gate: NO_GO}).end
        forced = dict(actuals)
        forced[gate_key] = replace(forced.get(gate_key, StepActual()), decision=NO_GO)
        return self.forecast(forced, now).end

    def _run(self, actuals: Mapping[int, StepActual], decisions: Mapping[int, str],
             now: int | None) -> Timing:
        n = len(self.steps)
        started = {i for i, a in actuals.items() if a.start is not None or a.skipped}
        active = self.active(decisions, started)
        start = [-1] * n
        finish = [-1] * n
        state: list[StepState] = ["inactive"] * n
        duration = self.duration
        for i in self.order:
            if not active[i]:
                continue
            actual = actuals.get(i)
            earliest = 0
            links_met = True
            for p, kind, lag in self.preds[i]:
                if not active[p]:
                    continue
                earliest = max(earliest, _link_start(kind, lag, start[p], finish[p], duration[i]))
                if kind in ("FS", "FF"):
                    links_met = links_met and state[p] in ("done", "skipped")
                else:
                    links_met = links_met and state[p] in ("done", "skipped", "running")
            fixed = self.not_before[i]
            if fixed is not None:
                earliest = max(earliest, fixed)
            if actual is not None and actual.skipped:
                at = actual.finish if actual.finish is not None else earliest
                if now is not None:
                    at = min(at, now) if actual.finish is not None else max(earliest, now)
                start[i] = finish[i] = at
                state[i] = "skipped"
            elif actual is not None and actual.finish is not None:
                begin = actual.start if actual.start is not None else actual.finish - duration[i]
                start[i], finish[i] = begin, max(begin, actual.finish)
                state[i] = "done"
            elif actual is not None and actual.start is not None:
                start[i] = actual.start
                end = actual.start + duration[i]
                finish[i] = max(end, now) if now is not None else end
                state[i] = "running"
            else:
                begin = earliest if now is None else max(earliest, now)
                start[i], finish[i] = begin, begin + duration[i]
                if now is not None and links_met and earliest <= now:
                    state[i] = "ready"
                else:
                    state[i] = "waiting"
        end = max((finish[i] for i in range(n) if active[i]), default=0)
        slack, critical = self._backward(active, start, finish, end)
        return Timing(start, finish, slack, state, end, critical)

    def _backward(self, active: list[bool], start: list[int], finish: list[int],
                  end: int) -> tuple[list[int], list[bool]]:
        """Total float of each active step against the end, on the times as they are (a
        finished step's real duration), and whether it is critical (no float)."""
        n = len(self.steps)
        late_finish = [end] * n
        for i in reversed(self.order):
            if not active[i]:
                continue
            own = finish[i] - start[i]
            limit = end
            for s, kind, lag in self.succs[i]:
                if not active[s]:
                    continue
                s_late_start = late_finish[s] - (finish[s] - start[s])
                if kind == "FS":
                    limit = min(limit, s_late_start - lag)
                elif kind == "SS":
                    limit = min(limit, s_late_start - lag + own)
                elif kind == "FF":
                    limit = min(limit, late_finish[s] - lag)
                else:  # SF
                    limit = min(limit, late_finish[s] - lag + own)
            late_finish[i] = limit
        slack = [late_finish[i] - finish[i] if active[i] else 0 for i in range(n)]
        critical = [active[i] and slack[i] <= 0 for i in range(n)]
        return slack, critical


def _link_start(kind: str, lag: int, p_start: int, p_finish: int, duration: int) -> int:
    """The earliest start a link from a predecessor (its start and finish) allows."""
    if kind == "SS":
        return p_start + lag
    if kind == "FF":
        return p_finish + lag - duration
    if kind == "SF":
        return p_start + lag - duration
    return p_finish + lag
