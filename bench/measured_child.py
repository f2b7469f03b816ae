"""Run a command and write its wall time, CPU time and peak memory to a JSON file.

    python measured_child.py REPORT.json COMMAND [ARGS...]

Why a launcher: on Linux a child's peak resident set (``ru_maxrss``) starts at the high-water
mark of the process image it replaced at ``exec``; spawned straight from the bench, which holds
plans of 100,000 tasks, every child would inherit the bench's gigabytes. From this small
interpreter it inherits ~10 MB. The command's output goes where this launcher's goes; its exit
status is this launcher's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    report, command = argv[0], argv[1:]
    started_epoch = time.time()
    started = time.perf_counter()
    process = subprocess.Popen(command)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = code = os.waitstatus_to_exitcode(status)
    with open(report, "w", encoding="utf-8") as out:
        json.dump(
            {
                "wall": wall,
                "cpu": usage.ru_utime + usage.ru_stime,
                "peak_kb": usage.ru_maxrss,  # kilobytes on Linux
                "started": started_epoch,
            },
            out,
        )
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
