"""Helpers for the Excel import tests: workbooks written with openpyxl into tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

REAL_PLANS = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "real-plans"

Rows = list[list[Any]]


def write_xlsx(path: Path, sheets: dict[str, Rows], *, origin: str = "A1") -> Path:
    """Write ``{sheet: rows}``; rows start at ``origin`` (e.g. "B3")."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    col0 = openpyxl.utils.cell.column_index_from_string("".join(c for c in origin if c.isalpha()))
    row0 = int("".join(c for c in origin if c.isdigit()))
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None and value != "":
                    sheet.cell(row=row0 + r, column=col0 + c, value=value)
    workbook.save(path)
    return path


@pytest.fixture
def make_xlsx(tmp_path: Path) -> Callable[..., Path]:
    def make(sheets: dict[str, Rows], name: str = "plan.xlsx", **options: Any) -> Path:
        return write_xlsx(tmp_path / name, sheets, **options)

    return make


@pytest.fixture
def real_plans() -> Path:
    if not REAL_PLANS.is_dir():
        pytest.skip("the shared real-world plans are not available here")
    return REAL_PLANS
