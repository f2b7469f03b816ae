"""``<Baseline>`` entries of the tasks: one interchange baseline per baseline number."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from infradesk.interchange.mspdi.context import MspdiContext, RawTask
from infradesk.interchange.mspdi.units import iso_minute
from infradesk.interchange.xml_common import to_int
from infradesk.interchange.xml_safety import text


def read_baselines(ctx: MspdiContext, raw: list[RawTask]) -> list[dict[str, Any]]:
    """Baselines 0..10 with their tasks' dates and durations (work and cost are not kept)."""
    by_number: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for task in raw:
        for baseline in task.element.findall("Baseline"):
            number = to_int(text(baseline, "Number"), 0)
            where = f"{task.where} <Baseline> {number}"
            start = ctx.when(baseline, "Start", where, task.row)
            finish = ctx.when(baseline, "Finish", where, task.row)
            if start is None and finish is None:
                continue
            minutes = ctx.duration_minutes(text(baseline, "Duration") or "PT0H0M0S") or 0
            by_number[number].append(
                {
                    "task": task.doc["id"],
                    "start": start,
                    "finish": finish,
                    "duration_minutes": max(0, round(minutes)),
                }
            )
    created = (
        iso_minute(text(ctx.root, "LastSaved"))
        or iso_minute(text(ctx.root, "CreationDate"))
        or iso_minute(text(ctx.root, "StartDate"))
    )
    baselines = []
    for number in sorted(by_number):
        baselines.append(
            {
                "name": "Baseline" if number == 0 else f"Baseline {number}",
                "created": created,
                "tasks": by_number[number],
            }
        )
    if baselines:
        ctx.notes.append(
            f"{len(baselines)} baseline(s) imported (dates and durations; baseline work "
            "and cost are not imported)."
        )
    return baselines
