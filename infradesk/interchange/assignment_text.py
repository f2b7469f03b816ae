"""The Assigned cell: ``Network engineer[50%]; Storage crew; Fibre[200 m]`` read and written.

Names are separated by ``;`` (or ``,`` as MS Project's Resource Names column writes them; a
comma inside brackets is a decimal comma). Brackets hold the units: a percentage for people
and crews (``[50%]``, and a bare ``[50]`` means 50% too), a quantity for materials
(``[200]`` or ``[200 m]``). No brackets: 100%, or a quantity of 1.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from infradesk.errors import UserError

_PART_RE = re.compile(r"^(?P<name>[^\[\]]+?)\s*(?:\[\s*(?P<units>[^\[\]]*?)\s*\])?\s*$")
# a material's label is letters (``m``, ``licences``, ``sq. m``), never digits: ``1e300`` is refused
_LABEL = r"[^\W\d_]+(?:[ .]+[^\W\d_]+)*\.?"
_UNITS_RE = re.compile(rf"^(?P<number>\d+(?:[.,]\d+)?)\s*(?P<suffix>%|{_LABEL})?$")
# more than a crew of a thousand, or a quantity past this, is a typo
_MAX_VALUE = 1_000_000.0


class AssignmentTextError(UserError, ValueError):
    """A part of the Assigned cell cannot be read; the message quotes the part.

    It lives in interchange because importers read the same text (an Excel plan's Resource
    Names column) and services build on interchange, never the other way."""


@dataclass(frozen=True)
class AssignmentSpec:
    """One ``Name[units]`` part. ``value`` is what was in brackets (None: none given);
    ``percent`` says it carried a ``%``; ``label`` is a material's unit written after it."""

    name: str
    value: float | None = None
    percent: bool = False
    label: str = ""

    def work_units(self) -> float:
        """Units of a person or crew: ``[50%]`` and ``[50]`` are 0.5; none is 1.0."""
        return 1.0 if self.value is None else self.value / 100.0

    def quantity(self) -> float:
        """A material's quantity: ``[200 m]`` is 200; none is 1."""
        return 1.0 if self.value is None else self.value


def split_parts(text: str) -> list[str]:
    """Split on ``;`` and on ``,`` outside brackets; blank parts are dropped."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text or "":
        if char == "[":
            depth += 1
        elif char == "]":
            depth = max(0, depth - 1)
        if char == ";" or (char == "," and depth == 0):
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def parse_assignments(text: str) -> list[AssignmentSpec]:
    """Read the Assigned cell; raises :class:`AssignmentTextError` naming the bad part."""
    specs: list[AssignmentSpec] = []
    seen: set[str] = set()
    for part in split_parts(text):
        match = _PART_RE.match(part)
        if not match:
            raise AssignmentTextError(
                f"'{part}' is not an assignment: write a resource name, with its units in "
                "brackets if not 100%, like Network engineer[50%]"
            )
        name = " ".join(match["name"].split())
        key = name.casefold()
        if key in seen:
            raise AssignmentTextError(f"'{part}': {name} is assigned twice")
        seen.add(key)
        units_text = match["units"]
        if units_text is None:
            specs.append(AssignmentSpec(name))
            continue
        specs.append(_with_units(part, name, units_text))
    return specs


def _with_units(part: str, name: str, units_text: str) -> AssignmentSpec:
    units = _UNITS_RE.match(units_text)
    if not units:
        raise AssignmentTextError(
            f"'{part}': '{units_text}' is not units; write a percentage like [50%] or a "
            "quantity like [200]"
        )
    value = float(units["number"].replace(",", "."))
    if not math.isfinite(value) or value <= 0 or value > _MAX_VALUE:
        raise AssignmentTextError(f"'{part}': units must be more than 0 and at most 1,000,000")
    suffix = (units["suffix"] or "").strip()
    if suffix == "%":
        return AssignmentSpec(name, value, percent=True)
    return AssignmentSpec(name, value, label=suffix)


def format_units(value: float) -> str:
    """``0.5`` -> ``50%``; ``1.0`` -> ``100%``; ``0.333`` -> ``33.3%``."""
    return f"{_number(value * 100.0)}%"


def format_assignment(name: str, units: float, material: bool = False, label: str = "") -> str:
    """One part as the cell shows it: 100% and a quantity of 1 are left out."""
    if material:
        if units == 1.0 and not label:
            return name
        return f"{name}[{_number(units)}{' ' + label if label else ''}]"
    if abs(units - 1.0) < 1e-9:
        return name
    return f"{name}[{format_units(units)}]"


def _number(value: float) -> str:
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:g}"
