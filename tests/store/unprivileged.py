"""Run a piece of a test as a user whom file permissions bind.

Root ignores file permissions, so a read-only workspace is only read-only to someone else.
:func:`run_unprivileged` forks; the child drops to ``nobody`` when the tests run as root (and
keeps its user otherwise), runs the function and sends back what it returned or raised. The
child cannot import new modules from a private Python installation, so the caller imports
(or uses once) everything the function needs before calling.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NOBODY = 65534


@dataclass(frozen=True)
class Outcome:
    value: Any = None
    error_type: str = ""  # the class name of what the function raised, "" when it returned
    error_bases: tuple[str, ...] = ()
    message: str = ""
    details: str = ""

    @property
    def raised(self) -> bool:
        return bool(self.error_type)


def run_unprivileged(function: Callable[..., Any], *args: Any) -> Outcome:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        try:
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            outcome = Outcome(value=function(*args))
        except BaseException as error:
            outcome = Outcome(
                error_type=type(error).__name__,
                error_bases=tuple(c.__name__ for c in type(error).__mro__),
                message=str(error),
                details=traceback.format_exc(),
            )
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump(outcome, pipe)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return pickle.loads(data)


@contextmanager
def shared_folder() -> Iterator[Path]:
    """A folder the unprivileged child can reach (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="infradesk-ro-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir():
                path.chmod(0o755)
        shutil.rmtree(folder, ignore_errors=True)
