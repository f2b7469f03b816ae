"""Every bad input of the corpus through the real CLI in a child process (issue 13).

For each case: the documented exit status (never 3, never a signal), no traceback, a message
naming the file and the place, the workspace and the input byte-identical and no new file
beside them when nothing may be written, and the time and memory bounds.
"""

from __future__ import annotations

import re

import pytest

from .corpus import Case, all_cases
from .harness import MEMORY_LIMIT_BYTES, TIME_LIMIT_S, permissions_enforced
from .runner import CaseRun, CorpusRunner, count_tasks

CASES = all_cases()


def _params() -> list[object]:
    params = []
    for case in CASES:
        marks = list(case.marks)
        if case.xfail:
            marks.append(pytest.mark.xfail(strict=True, reason=case.xfail))
        params.append(pytest.param(case, id=case.id, marks=marks))
    return params


def test_corpus_is_large_and_covers_every_format() -> None:
    assert len(CASES) >= 100
    suffixes = {case.filename.rsplit(".", 1)[-1] for case in CASES}
    assert suffixes >= {"xlsx", "xls", "csv", "json", "xml", "gan", "planner", "infradesk"}


def _problems(run: CaseRun, demo_tasks: int) -> list[str]:
    """Everything this case's outcome breaks, so that one failure lists them all."""
    case, outcome = run.case, run.outcome
    assert outcome is not None
    problems: list[str] = []
    code = outcome.returncode
    if outcome.timed_out:
        problems.append(f"did not finish within {TIME_LIMIT_S:.0f} s")
    elif code < 0:
        problems.append(f"killed by signal {-code} (a native abort or crash)")
    if code not in case.exits:
        problems.append(f"exit status {code}, expected one of {case.exits}")
    if "Traceback" in outcome.output:
        problems.append("a traceback was printed")
    if outcome.seconds >= TIME_LIMIT_S:
        problems.append(f"took {outcome.seconds:.1f} s")
    if outcome.max_rss_bytes >= MEMORY_LIMIT_BYTES:
        problems.append(f"used {outcome.max_rss_bytes / 2**20:.0f} MiB")
    for pattern in case.forbid:
        if re.search(pattern, outcome.output, re.IGNORECASE):
            problems.append(f"the message says something false (matches {pattern!r})")
    after = run.state()
    if code != 0:
        if case.filename not in outcome.output:
            problems.append(f"the message does not name the file {case.filename}")
        if case.place and not any(re.search(p, outcome.output, re.I) for p in case.place):
            problems.append(f"the message names no place (one of {case.place})")
        changed = [key for key in after if after[key] != run.before[key]]
        if changed:
            problems.append(
                "nothing may be written, but changed: "
                + "; ".join(f"{key} {run.before[key]} -> {after[key]}" for key in changed)
            )
    elif code == 0:
        problems += _accepted_problems(run, after, demo_tasks)
        located = any(re.search(p, outcome.output, re.I) for p in case.place)
        if case.warn_ok and not (located and "warning" in outcome.output.lower()):
            problems.append(f"accepted a bad value without a located warning ({case.place})")
    return problems


def _accepted_problems(run: CaseRun, after: dict[str, object], demo_tasks: int) -> list[str]:
    """An accepted file must have been read in full; a read-only workspace left untouched."""
    case = run.case
    problems = []
    if after["input sha256"] != run.before["input sha256"] and case.verb == "import":
        problems.append("the imported file was modified")
    if case.verb == "import":
        found = count_tasks(run.workspace) - demo_tasks
        if case.tasks is not None and found != case.tasks:
            problems.append(f"{found} task(s) imported, the file holds {case.tasks}")
        if case.tasks is None and found <= 0:
            problems.append("exit 0 but no task was imported")
    if case.verb in ("export", "report"):
        if run.output is None or not run.output.is_file() or not run.output.stat().st_size:
            problems.append("exit 0 but no output file was written")
        if after != run.before:
            problems.append(f"a read-only use changed the workspace or its folder: {after}")
    return problems


@pytest.mark.parametrize("case", _params())
def test_bad_input(case: Case, corpus_runner: CorpusRunner) -> None:
    if case.read_only and not permissions_enforced():
        pytest.skip("running as root without setpriv: file permissions are not enforced")
    run = corpus_runner.get(case)
    problems = _problems(run, corpus_runner.bases.demo_tasks)
    assert run.outcome is not None
    assert not problems, (
        f"{case.id} ({case.filename}): " + "; ".join(problems) + "\n  " + run.outcome.describe()
    )
