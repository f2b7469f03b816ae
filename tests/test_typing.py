"""mypy holds over the whole package, with the configuration in pyproject.toml ([tool.mypy]),
as ruff and import-linter do in test_architecture.py."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_mypy_finds_no_error() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "infradesk"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def test_every_type_ignore_says_why() -> None:
    """A ``# type: ignore[code]`` that stays names its error code and carries its reason
    in the same comment (``# type: ignore[code]  # why``) or on the line above."""
    bare = []
    pattern = re.compile(r"#\s*type:\s*ignore(\[[^\]]*\])?(.*)$")
    for path in sorted((REPO_ROOT / "infradesk").rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            match = pattern.search(line)
            if match is None:
                continue
            reason_here = match.group(2).strip().lstrip("#").strip()
            above = lines[number - 2].strip() if number > 1 else ""
            if not (match.group(1) and (reason_here or above.startswith("#"))):
                bare.append(f"{path.relative_to(REPO_ROOT)}:{number}")
    assert bare == [], "a type: ignore without its code or reason: " + ", ".join(bare)
