"""The text forms a PM types in the runbook's plan table: durations in elapsed minutes,
predecessors (``1.01, 1.02SS+10``), fixed clock times, yes/no."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime, time, timedelta

from infradesk.services.runbooks.errors import RunbookEditError

LINK_TYPES = ("FS", "SS", "FF", "SF")
MAX_MINUTES = 60 * 24 * 60  # two months: no runbook step is longer

_DURATION = re.compile(
    r"^\s*(?:(?P<h>\d+(?:[.,]\d+)?)\s*h(?:ours?|rs?)?)?\s*"
    r"(?:(?P<m>\d+(?:[.,]\d+)?)\s*(?:m|mins?|minutes?)?)?\s*$",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"^\s*(\d{1,3}):(\d{2})\s*$")
_LINK = re.compile(
    r"^(?P<code>.+?)\s*(?P<type>FS|SS|FF|SF)?\s*(?P<lag>[+-]\s*\d+(?:[.,]\d+)?\s*(?:h|m|min)?)?$",
    re.IGNORECASE,
)


def parse_minutes(text: str, what: str = "Duration") -> int:
    """``45``, ``45m``, ``1h``, ``1h30``, ``1.5h``, ``1:30`` or ``90 min`` as minutes."""
    raw = text.strip()
    if not raw:
        return 0
    clock = _CLOCK.match(raw)
    if clock:
        minutes = int(clock.group(1)) * 60 + int(clock.group(2))
    else:
        match = _DURATION.match(raw)
        if match is None or not (match.group("h") or match.group("m")):
            raise RunbookEditError(
                f"{what} '{raw}' is not a duration: type minutes (45), hours (1h30) or h:mm."
            )
        hours = float((match.group("h") or "0").replace(",", "."))
        minutes_part = float((match.group("m") or "0").replace(",", "."))
        minutes = round(hours * 60 + minutes_part)
    if minutes > MAX_MINUTES:
        raise RunbookEditError(f"{what} '{raw}' is longer than two months.")
    return minutes


def minutes_text(minutes: int) -> str:
    """``45``, ``1h``, ``1h30``: what :func:`parse_minutes` reads back."""
    if minutes < 60:
        return str(minutes)
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest:02d}" if rest else f"{hours}h"


def _lag_minutes(text: str) -> int:
    raw = text.replace(" ", "").lower()
    sign = -1 if raw.startswith("-") else 1
    body = raw[1:]
    if body.endswith("h"):
        return sign * round(float(body[:-1].replace(",", ".")) * 60)
    body = body.removesuffix("min").removesuffix("m")
    return sign * round(float(body.replace(",", ".")))


def parse_links(text: str, codes: Mapping[str, int]) -> list[tuple[int, str, int]]:
    """``1.01, 1.02SS+10, 1.03FF-5`` as (step id, type, lag) with ``codes``: code -> id
    (matched ignoring case). A whole item that is a code is that code, even with a dash."""
    lowered = {code.lower(): step_id for code, step_id in codes.items()}
    found: list[tuple[int, str, int]] = []
    for item in re.split(r"[;,]", text):
        item = item.strip()
        if not item:
            continue
        step_id = lowered.get(item.lower())
        kind, lag = "FS", 0
        if step_id is None:
            match = _LINK.match(item)
            if match is None or match.group("code").strip().lower() not in lowered:
                raise RunbookEditError(
                    f"Predecessor '{item}' names no step of this runbook "
                    "(type step IDs such as 1.01, 1.02SS+10)."
                )
            step_id = lowered[match.group("code").strip().lower()]
            kind = (match.group("type") or "FS").upper()
            lag = _lag_minutes(match.group("lag")) if match.group("lag") else 0
        if any(p == step_id for p, _t, _l in found):
            raise RunbookEditError(f"Predecessor '{item}' is listed twice.")
        found.append((step_id, kind, lag))
    return found


def links_text(links: Iterable[tuple[str, str, int]]) -> str:
    """(code, type, lag) as ``1.01, 1.02SS+10``."""
    parts = []
    for code, kind, lag in links:
        text = code
        if kind != "FS" or lag:
            text += kind
        if lag:
            text += f"{lag:+d}"
        parts.append(text)
    return ", ".join(parts)


def parse_fixed_time(text: str, window_start: datetime | None) -> datetime | None:
    """A fixed clock time as a naive wall-clock date-time: ``2026-10-24 18:00``,
    ``24/10/2026 18:00``, or a bare ``18:00`` (its first occurrence at or after twelve hours
    before the window's start, in the window's wall clock)."""
    raw = text.strip()
    if not raw:
        return None
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(raw, pattern)
        except ValueError:
            continue
    clock = re.match(r"^(\d{1,2})[:.h](\d{2})$", raw)
    if clock is None:
        raise RunbookEditError(
            f"Fixed time '{raw}' is not a time: type 18:00 or 2026-10-24 18:00."
        )
    hour, minute = int(clock.group(1)), int(clock.group(2))
    if hour > 23 or minute > 59:
        raise RunbookEditError(f"Fixed time '{raw}' is not a time of day.")
    if window_start is None:
        raise RunbookEditError(
            f"Set the runbook's window first, or type the date with the time ({raw})."
        )
    floor = window_start.replace(tzinfo=None) - timedelta(hours=12)
    candidate = datetime.combine(floor.date(), time(hour, minute))
    if candidate < floor:
        candidate += timedelta(days=1)
    return candidate


def parse_yes_no(text: str) -> bool:
    raw = text.strip().lower()
    if raw in ("y", "yes", "true", "1", "x", "ponr"):
        return True
    if raw in ("", "n", "no", "false", "0"):
        return False
    raise RunbookEditError(f"'{text}' is not yes or no.")
