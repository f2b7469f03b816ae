"""Pausing the cyclic garbage collector around bulk allocations.

Building a schedule allocates hundreds of thousands of small objects (lists, result entries)
and no reference cycles; each generation-0 collection meanwhile walks them again, and a full
collection walks the whole heap. Pausing the collector saves a third of the time on big plans.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """The collector off for the block (nested pauses keep it off until the outermost one
    ends); it is switched back on only if it was on, whatever the block raises."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
