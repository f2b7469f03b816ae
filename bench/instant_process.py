"""The whole-process rows of the issue-22 table: each step is a new process (interpreter start
and imports included), timed from spawn, with its peak resident memory.

* ``infradesk --version``
* the window to its first paint (``first_paint_child.py``), vs a bare PySide6 window
* ``infradesk import plan.xml`` and ``infradesk export --format mspdi``, vs MPXJ reading the
  same file and reading + writing it back (``mpxj_schedule.py read|convert``)

Children run as an installed application does, with compiled bytecode: a
``PYTHONDONTWRITEBYTECODE`` of the calling shell is dropped and the bytecode goes to a cache
folder of the bench's own (``PYTHONPYCACHEPREFIX``, kept between runs; the source tree stays
clean). Before the first timed child, each kind of child runs once on a small plan, untimed,
so that no timed run pays for compiling. Each child is started by ``measured_child.py``, which
times it and reads its peak memory (``os.wait4``) without the bench's own memory in it.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from instant_fixtures import Fixtures, note
from instant_table import Cell, cpu_clock, repeat_within, seconds_text
from mpxj_schedule import command as mpxj_command

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYCACHE = Path(tempfile.gettempdir()) / "infradesk-bench-pycache"
WARM_UP_SIZE = 200


@dataclass
class Finished:
    wall: float  # spawn to exit
    cpu: float  # the child's user + system CPU seconds
    peak_mb: float  # the child's peak resident set
    stdout: str
    started: float  # time.time() at spawn, to compare with times the child prints

    @property
    def seconds(self) -> float:
        """On the bench's clock (see instant_table.now)."""
        return self.cpu if cpu_clock() else self.wall


def child_env(folder: Path) -> dict[str, str]:
    """This interpreter's environment with the worktree importable, offscreen Qt, and data
    and settings folders of the bench's own (no real user settings read or written)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["INFRADESK_DATA_DIR"] = str(folder / "data")
    env["XDG_CONFIG_HOME"] = str(folder / "config")
    env.pop("INFRADESK_EXIT_AFTER_START", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


def run_child(args: list[str], env: dict[str, str]) -> Finished:
    """Run ``args`` to its end through ``measured_child.py`` (which keeps the bench's own
    memory out of the child's peak); raise with its last error lines if it fails."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        report = Path(tempfile.mkstemp(suffix=".json")[1])
        try:
            launcher = [sys.executable, str(HERE / "measured_child.py"), str(report)]
            code = subprocess.run(
                [*launcher, *args], stdout=out, stderr=err, env=env, cwd=ROOT, check=False
            ).returncode
            out.seek(0)
            err.seek(0)
            stdout = out.read().decode(errors="replace")
            if code != 0:
                tail = err.read().decode(errors="replace").strip().splitlines()[-3:]
                raise RuntimeError(f"exit {code}: {' | '.join(tail)}")
            measured = json.loads(report.read_text(encoding="utf-8"))
        finally:
            report.unlink(missing_ok=True)
    return Finished(
        measured["wall"], measured["cpu"], measured["peak_kb"] / 1024, stdout, measured["started"]
    )


def mb_text(mb: float) -> str:
    return f"{mb / 1024:.2f} GB" if mb >= 1024 else f"{mb:.0f} MB"


class ProcessRows:
    def __init__(self, fixtures: Fixtures, repeat: int, mpxj_python: str | None, why: str):
        self.fixtures = fixtures
        self.repeat = repeat
        self.mpxj_python = mpxj_python
        self.mpxj_why = why
        self.folder = fixtures.folder / "processes"
        self.folder.mkdir(exist_ok=True)
        self._bare: float | None = None
        self._warm = False

    def env(self) -> dict[str, str]:
        """A fresh data and settings folder per child (a first start, every time)."""
        if not self._warm:
            self._warm = True
            self.warm_up()
        folder = Path(tempfile.mkdtemp(dir=self.folder))
        return child_env(folder)

    def warm_up(self) -> None:
        """Every kind of child once on a small plan, untimed (bytecode compiled, files
        cached by the system)."""
        started = time.perf_counter()
        small = self.fixtures.mspdi(WARM_UP_SIZE)
        path, _project = self.fixtures.copy("phased", WARM_UP_SIZE)
        target = self.fixtures.new_path("warm", ".infradesk")
        out = self.fixtures.new_path("warm", ".xml")
        infradesk = [sys.executable, "-m", "infradesk"]
        for args in (
            [*infradesk, "--version"],
            [sys.executable, str(HERE / "first_paint_child.py"), "bare"],
            [sys.executable, str(HERE / "first_paint_child.py"), "infradesk", str(path)],
            [*infradesk, "import", str(small), "-w", str(target)],
            [*infradesk, "export", "-w", str(target), "-f", "mspdi", "-o", str(out)],
        ):
            run_child(args, self.env())
        if self.mpxj_python is not None:
            run_child(mpxj_command(self.mpxj_python, "read", str(small)), self.env())
        note(f"child processes warmed up in {time.perf_counter() - started:.1f} s")

    def version(self, _size: int) -> Cell:
        """``infradesk --version`` (``python -m infradesk``: the installed script may point
        at another checkout)."""
        args = [sys.executable, "-m", "infradesk", "--version"]
        times = [run_child(args, self.env()).seconds for _ in range(max(self.repeat, 5))]
        median = statistics.median(times)
        return Cell(seconds_text(median), median < 0.150)

    def _first_paints(self, *args: str, count: int) -> list[tuple[float, float | None]]:
        """Seconds from spawn to the window's first paint (and to the Gantt's), of
        ``count`` children; on the CPU clock, the child's CPU seconds until then."""
        found = []
        for _ in range(count):
            child = [sys.executable, str(HERE / "first_paint_child.py"), *args]
            done = run_child(child, self.env())
            stamps = {
                what: float(wall) - done.started if not cpu_clock() else float(cpu)
                for what, wall, cpu in (line.split() for line in done.stdout.splitlines())
            }
            if "window" not in stamps:
                raise RuntimeError("the window never painted")
            found.append((stamps["window"], stamps.get("gantt")))
        return found

    def bare_window(self) -> float:
        if self._bare is None:
            self._bare = statistics.median(
                t for t, _ in self._first_paints("bare", count=self.repeat)
            )
        return self._bare

    def window(self, size: int) -> Cell:
        """``infradesk open`` of a fresh copy of the phased workspace, to the window's first
        paint (the ratio to a bare window's) and the Gantt's first paint."""
        bare = self.bare_window()
        paints = []
        for _ in range(self.repeat):
            path, _project = self.fixtures.copy("phased", size)
            paints.extend(self._first_paints("infradesk", str(path), count=1))
        window = statistics.median(t for t, _ in paints)
        gantts = [g for _, g in paints if g is not None]
        gantt = f", Gantt {seconds_text(statistics.median(gantts))}" if gantts else ""
        ratio = window / bare
        return Cell(f"{seconds_text(window)} ({ratio:.1f}x bare{gantt})", ratio <= 3.0)

    def mspdi(self, size: int) -> Cell:
        """``infradesk import plan.xml`` into a new workspace and ``infradesk export -f mspdi``
        of it, whole processes, with the peak memory of either; vs MPXJ reading the file
        and reading + writing it (when MPXJ is here). Long runs are repeated less (see
        ``repeat_within``)."""
        source = self.fixtures.mspdi(size)
        infradesk = [sys.executable, "-m", "infradesk"]
        peaks: list[float] = []
        imported: list[Path] = []

        def measured(args: list[str]) -> float:
            done = run_child(args, self.env())
            peaks.append(done.peak_mb)
            return done.seconds

        def import_plan() -> float:
            imported.append(self.fixtures.new_path("imported", ".infradesk"))
            return measured([*infradesk, "import", str(source), "-w", str(imported[-1])])

        def export_plan() -> float:
            out = self.fixtures.new_path("exported", ".xml")
            seconds = measured(
                [*infradesk, "export", "-w", str(imported[0]), "-f", "mspdi", "-o", str(out)]
            )
            out.unlink()
            return seconds

        ours_in = statistics.median(repeat_within(import_plan, self.repeat))
        ours_out = statistics.median(repeat_within(export_plan, self.repeat))
        peak = max(peaks)
        text = f"{seconds_text(ours_in)} / {seconds_text(ours_out)}"
        small = peak < 500
        python = self.mpxj_python
        if python is None:
            return Cell(f"{text} ({mb_text(peak)}; {self.mpxj_why})", None if small else False)

        def mpxj_read() -> float:
            return run_child(mpxj_command(python, "read", str(source)), self.env()).seconds

        def mpxj_convert() -> float:
            out = self.fixtures.new_path("mpxj", ".xml")
            seconds = run_child(
                mpxj_command(python, "convert", str(source), str(out)), self.env()
            ).seconds
            out.unlink()
            return seconds

        ratio_in = ours_in / statistics.median(repeat_within(mpxj_read, self.repeat))
        ratio_out = ours_out / statistics.median(repeat_within(mpxj_convert, self.repeat))
        return Cell(
            f"{text} ({ratio_in:.1f}x / {ratio_out:.1f}x MPXJ; {mb_text(peak)})",
            small and ratio_in <= 1.0 and ratio_out <= 1.0,
        )
