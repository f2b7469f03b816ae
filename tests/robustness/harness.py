"""Run the real ``infradesk`` command in a child process with a time and a memory limit.

Children are started from the calling thread only (``preexec_fn`` is not safe with threads);
one waiter thread per child reaps it with ``os.wait4`` to read its peak memory, and a timer
kills its whole process group at the time limit. As root, the child runs without the
capabilities that bypass file permissions, so read-only files behave as for any user.
"""

from __future__ import annotations

import contextlib
import os
import queue
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

TIME_LIMIT_S = 20.0
MEMORY_LIMIT_BYTES = 1 << 30  # RLIMIT_AS of the child: 1 GiB of address space
_SETPRIV = shutil.which("setpriv")


@dataclass(frozen=True)
class Outcome:
    """What one child did."""

    args: tuple[str, ...]
    returncode: int  # negative: killed by that signal
    stdout: str
    stderr: str
    seconds: float
    max_rss_bytes: int
    timed_out: bool

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def describe(self) -> str:
        """The first lines of the output, for an assertion message or the report."""
        lines = self.output.strip().splitlines()
        shown = "\n    ".join(line[:300] for line in lines[:8])
        more = f"\n    ... {len(lines) - 8} more line(s)" if len(lines) > 8 else ""
        return (
            f"exit {self.returncode}{' (TIMED OUT)' if self.timed_out else ''}, "
            f"{self.seconds:.1f} s, {self.max_rss_bytes / 2**20:.0f} MiB\n    {shown}{more}"
        )


def cli_command(*args: str) -> list[str]:
    """``python -m infradesk ARGS``, without permission-bypassing capabilities as root."""
    command = [sys.executable, "-m", "infradesk", *args]
    if os.geteuid() == 0 and _SETPRIV:
        command = [_SETPRIV, "--bounding-set=-dac_override,-dac_read_search", "--", *command]
    return command


def permissions_enforced() -> bool:
    """True when a child can be denied writing a read-only file (not root, or root via
    setpriv)."""
    return os.geteuid() != 0 or _SETPRIV is not None


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))


def _environment(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        INFRADESK_DATA_DIR=str(data_dir / "data"),
        XDG_CONFIG_HOME=str(data_dir / "config"),
        HOME=str(data_dir),
        QT_QPA_PLATFORM="offscreen",
        PYTHONFAULTHANDLER="1",
        PYTHONIOENCODING="utf-8",
    )
    return env


@dataclass
class Job:
    """One command to run: ``key`` names it in the results, ``cwd`` holds its output files."""

    key: str
    args: list[str]
    cwd: Path


def run_jobs(jobs: Iterable[Job], workers: int, home: Path) -> dict[str, Outcome]:
    """Run ``jobs`` with at most ``workers`` children at a time; every child gets the limits."""
    pending = list(jobs)
    done: queue.Queue[tuple[str, Outcome]] = queue.Queue()
    results: dict[str, Outcome] = {}
    running = 0
    env = _environment(home)
    while pending or running:
        while pending and running < workers:
            job = pending.pop(0)
            _start(job, env, done.put)
            running += 1
        key, outcome = done.get(timeout=TIME_LIMIT_S + 60)
        results[key] = outcome
        running -= 1
    return results


def run_one(job: Job, home: Path) -> Outcome:
    return run_jobs([job], 1, home)[job.key]


def _start(job: Job, env: dict[str, str], report: Callable[[tuple[str, Outcome]], None]) -> None:
    out_path, err_path = job.cwd / f".{job.key}.stdout", job.cwd / f".{job.key}.stderr"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        began = time.monotonic()
        process = subprocess.Popen(
            cli_command(*job.args),
            cwd=job.cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            preexec_fn=_limit_memory,
            start_new_session=True,
        )
    killed = threading.Event()

    def kill() -> None:
        killed.set()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)

    timer = threading.Timer(TIME_LIMIT_S, kill)
    timer.daemon = True

    def wait() -> None:
        try:
            _, status, usage = os.wait4(process.pid, 0)
            timer.cancel()
            elapsed = time.monotonic() - began
            process.returncode = os.waitstatus_to_exitcode(status)
            outcome = Outcome(
                args=tuple(job.args),
                returncode=process.returncode,
                stdout=out_path.read_text("utf-8", errors="replace"),
                stderr=err_path.read_text("utf-8", errors="replace"),
                seconds=elapsed,
                max_rss_bytes=usage.ru_maxrss * 1024,
                timed_out=killed.is_set(),
            )
            out_path.unlink()
            err_path.unlink()
        except BaseException as error:  # never leave the caller waiting for this child
            outcome = Outcome(tuple(job.args), -1, "", f"harness error: {error!r}", 0.0, 0, False)
        report((job.key, outcome))

    timer.start()
    threading.Thread(target=wait, name=f"wait-{job.key}", daemon=True).start()
