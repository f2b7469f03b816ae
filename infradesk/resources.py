"""Find files shipped in ``resources/`` from a source checkout, an installed wheel or a
PyInstaller bundle."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


def shipped_folder_candidates(name: str) -> list[Path]:
    """Where a top-level folder shipped with InfraDesk (``resources``, ``docs``) may be: a
    PyInstaller bundle, a source checkout, or an installed package's ``share/infradesk``."""
    candidates = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / name)
    candidates.append(Path(__file__).resolve().parents[1] / name)
    candidates.append(Path(sys.prefix) / "share" / "infradesk" / name)
    return candidates


@cache
def resources_root() -> Path:
    """The folder holding fonts, icons, the demo recipe and style sheets."""
    candidates = shipped_folder_candidates("resources")
    for candidate in candidates:
        if (candidate / "demo").is_dir():
            return candidate
    raise FileNotFoundError(
        "InfraDesk's resources folder is missing; looked in: "
        + ", ".join(str(c) for c in candidates)
    )


def resource_path(*parts: str) -> Path:
    """Path of a file under ``resources/``."""
    return resources_root().joinpath(*parts)
