"""Session fixtures of the robustness corpus: the demo workspace and its exports, made once
through the real CLI, and the runner that executes the selected cases in a small pool."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from .corpus import Bases, Case
from .harness import Job, run_jobs
from .runner import CorpusRunner

_RUNNERS: list[CorpusRunner] = []


@pytest.fixture(scope="session")
def corpus_bases(tmp_path_factory: pytest.TempPathFactory) -> Bases:
    root = tmp_path_factory.mktemp("robustness-bases")
    home = root / "home"
    run_dir = root / "run"
    run_dir.mkdir()
    workspace = root / "demo.infradesk"
    demo = run_jobs([Job("demo", ["demo", "--workspace", str(workspace)], run_dir)], 1, home)
    assert demo["demo"].returncode == 0, demo["demo"].describe()
    exports = {"json": root / "demo.json", "xlsx": root / "demo.xlsx", "mspdi": root / "demo.xml"}
    jobs = [
        Job(fmt, ["export", "-w", str(workspace), "-f", fmt, "-o", str(path)], run_dir)
        for fmt, path in exports.items()
    ]
    for fmt, outcome in run_jobs(jobs, 2, home).items():
        assert outcome.returncode == 0, f"{fmt}: {outcome.describe()}"
    connection = sqlite3.connect(workspace)
    tasks = connection.execute("SELECT count(*) FROM task").fetchone()[0]
    connection.close()
    assert not list(root.glob("*-wal")), "the demo workspace must be closed cleanly"
    return Bases(
        demo_workspace=workspace,
        demo_tasks=tasks,
        demo_json=exports["json"].read_bytes(),
        demo_xlsx=exports["xlsx"].read_bytes(),
        demo_mspdi=exports["mspdi"].read_bytes(),
    )


@pytest.fixture(scope="session")
def corpus_runner(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, corpus_bases: Bases
) -> CorpusRunner:
    """Runs every corpus case selected in this session, in one batch, at the first request."""
    selected: list[Case] = []
    for item in request.session.items:
        callspec = getattr(item, "callspec", None)
        case = callspec.params.get("case") if callspec else None
        if isinstance(case, Case) and case not in selected:
            selected.append(case)
    root = tmp_path_factory.mktemp("robustness-cases")
    runner = CorpusRunner(root, corpus_bases, selected, tmp_path_factory.mktemp("cli-home"))
    _RUNNERS.append(runner)
    return runner


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The corpus's figures: how many cases ran, the slowest and the hungriest."""
    runs = [run for runner in _RUNNERS for run in runner.runs.values() if run.outcome]
    if not runs:
        return
    slowest = max(runs, key=lambda run: run.outcome.seconds)  # type: ignore[union-attr]
    hungriest = max(runs, key=lambda run: run.outcome.max_rss_bytes)  # type: ignore[union-attr]
    total = sum(run.outcome.seconds for run in runs)  # type: ignore[union-attr]
    terminalreporter.write_sep("-", "robustness corpus")
    terminalreporter.write_line(
        f"{len(runs)} case(s) run; child time {total:.0f} s in all; "
        f"slowest {slowest.case.id} {slowest.outcome.seconds:.1f} s; "  # type: ignore[union-attr]
        f"most memory {hungriest.case.id} "
        f"{hungriest.outcome.max_rss_bytes / 2**20:.0f} MiB"  # type: ignore[union-attr]
    )


def pytest_sessionfinish(session: pytest.Session) -> None:
    """With INFRADESK_ROBUSTNESS_TABLE=FILE, write every case's outcome there (tab-separated:
    id, exit status, seconds, MiB, first line of output) for the issue's figures."""
    import os

    target = os.environ.get("INFRADESK_ROBUSTNESS_TABLE")
    runs = [run for runner in _RUNNERS for run in runner.runs.values() if run.outcome]
    if not target or not runs:
        return
    lines = []
    for run in runs:
        outcome = run.outcome
        assert outcome is not None
        first = " | ".join(outcome.output.strip().splitlines()[-3:])[:400]
        lines.append(
            f"{run.case.id}\t{outcome.returncode}\t{outcome.seconds:.1f}\t"
            f"{outcome.max_rss_bytes / 2**20:.0f}\t{first}"
        )
    Path(target).write_text("\n".join(lines) + "\n", encoding="utf-8")
