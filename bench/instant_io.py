"""The in-process interchange rows of the issue-22 table: ``infradesk export`` (JSON) of a
stored plan, and the garbage collector's share of reading and writing MS Project XML."""

from __future__ import annotations

import contextlib
import gc
import io
import statistics
from collections.abc import Callable

from instant_fixtures import Fixtures
from instant_table import Cell, repeat_within, seconds_text, timed

from infradesk.cli.main import main as infradesk_main
from infradesk.interchange.mspdi import read_mspdi, write_mspdi
from infradesk.services.documents.json_export import workspace_tables
from infradesk.store.workspace import Workspace


def export_json(fixtures: Fixtures, size: int, repeat: int) -> Cell:
    """``infradesk export -w WS -o plan.json`` run in this process (its own command path),
    and how much of it is reading the workspace: its tasks as columns, scheduled, and the
    rest of the document (``json_export.workspace_tables``; the text is the remainder)."""
    path, _project = fixtures.copy("phased", size)

    def export() -> float:
        out = fixtures.new_path("export", ".json")
        gc.collect()
        with contextlib.redirect_stdout(io.StringIO()):
            args = ["export", "-w", str(path), "-o", str(out)]
            seconds = timed(lambda: _check(infradesk_main(args)))
        out.unlink()
        return seconds

    times = repeat_within(export, repeat)
    workspace = Workspace.open(path)
    try:
        with workspace.read_session() as session:
            gc.collect()
            reading = timed(lambda: workspace_tables(session))
    finally:
        workspace.close()
    median = statistics.median(times)
    return Cell(f"{seconds_text(median)} (reading {seconds_text(reading)})", median < 3.0)


def _check(status: int) -> None:
    if status != 0:
        raise RuntimeError(f"infradesk export ended with status {status}")


def gc_share(fixtures: Fixtures, size: int, repeat: int) -> Cell:
    """The share of reading the MSPDI file (``read_mspdi``) and of writing its document back
    (``write_mspdi``) that goes away with the cyclic garbage collector switched off."""
    source = fixtures.mspdi(size)
    document = read_mspdi(source).document
    out = fixtures.new_path("gc", ".xml")

    def read() -> object:
        return read_mspdi(source)

    def write() -> None:
        write_mspdi(document, out)

    shares = [_share(read, repeat), _share(write, repeat)]
    out.unlink(missing_ok=True)
    return Cell(f"read {shares[0]:.0%} / write {shares[1]:.0%}", max(shares) < 0.10)


def _share(action: Callable[[], object], repeat: int) -> float:
    """1 - (median time with the collector off) / (median time with it on); pairs of runs
    (on, off) within ``repeat_within``'s budget."""
    on: list[float] = []
    off: list[float] = []

    def pair() -> float:
        gc.collect()
        on.append(timed(action))
        gc.collect()
        gc.disable()
        try:
            off.append(timed(action))
        finally:
            gc.enable()
        return on[-1] + off[-1]

    repeat_within(pair, repeat, budget_s=60.0)
    return max(0.0, 1 - statistics.median(off) / statistics.median(on))
