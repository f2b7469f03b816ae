"""Power and interest of a stakeholder register on the workspace's 1-5 scale.

Registers rate stakeholders in words (``High``, ``Medium``, ``Low``, ``H``/``M``/``L``), on
1-5, on 1-10 or in percent. The scale is decided per column: a column whose numbers go above
5 and stay within 10 is a 1-10 scale, halved up (1-2 -> 1 ... 9-10 -> 5); otherwise a value is
read as a risk rating is (``High`` 4, ``Medium`` 3, ``Low`` 2, ``Very high`` 5, 70% -> 4). An
empty cell is the middle of the grid (3), said once per column; a value that is none of
these is an error on its cell.
"""

from __future__ import annotations

import math
from typing import Any

from infradesk.interchange.excel.values import read_level
from infradesk.interchange.problems import Problem

LEVEL_FIELDS = ("power", "interest")
DEFAULT_LEVEL = 3


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip().replace(",", "."))
    except ValueError:
        return None


def _ten_scale(values: list[Any]) -> bool:
    numbers = [n for n in (_number(v) for v in values) if n is not None and math.isfinite(n)]
    return bool(numbers) and any(n > 5 for n in numbers) and all(0 <= n <= 10 for n in numbers)


def level(value: Any, ten_scale: bool) -> int | None:
    """One cell on the 1-5 scale (None: empty); ValueError says why not."""
    if value is None or str(value).strip() == "":
        return None
    number = _number(value)
    if ten_scale and number is not None:
        if not number.is_integer() or not 1 <= number <= 10:
            raise ValueError(f"'{value}' is not a level of 1-10")
        return max(1, math.ceil(number / 2))
    return read_level(value)


def finish_levels(
    records: list[dict[str, Any]], sheet: str, letters: dict[str, str]
) -> list[Problem]:
    """Convert the rows' power and interest in place; problems name their cells."""
    problems: list[Problem] = []
    for key in LEVEL_FIELDS:
        if key not in letters:
            continue
        ten = _ten_scale([record.get(key) for record in records])
        empty = 0
        for record in records:
            try:
                found = level(record.get(key), ten)
            except ValueError as error:
                problems.append(Problem(f"{key}: {error}", "error", sheet, record.get("_row"),
                                        letters[key]))  # fmt: skip
                found = None
                empty -= 1  # said on its cell already
            if found is None:
                empty += 1
                found = DEFAULT_LEVEL
            record[key] = found
        if empty > 0:
            problems.append(
                Problem(
                    f"{empty} stakeholder(s) without {key}: placed at {DEFAULT_LEVEL} (the "
                    "middle of the grid)",
                    "warning",
                    sheet,
                    None,
                    letters[key],
                )
            )
    return problems
