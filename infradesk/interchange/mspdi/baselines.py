"""``<Baseline>`` entries of the tasks: one document baseline per baseline number."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation

from infradesk.interchange import document as d
from infradesk.interchange.json_schema import MAX_MONEY
from infradesk.interchange.mspdi.context import MspdiContext, RawTask
from infradesk.interchange.mspdi.units import parse_datetime
from infradesk.interchange.xml_common import to_int
from infradesk.interchange.xml_safety import text


def read_baselines(ctx: MspdiContext, raw: list[RawTask]) -> list[d.Baseline]:
    """Baselines 0..10 with their tasks' dates, durations and costs (work is not kept)."""
    by_number: dict[int, list[d.BaselineTask]] = defaultdict(list)
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
                d.BaselineTask(
                    task=task.doc.id,
                    start=start,
                    finish=finish,
                    duration_minutes=max(0, round(minutes)),
                    cost=_cost(text(baseline, "Cost")),
                )
            )
    created = (
        parse_datetime(text(ctx.root, "LastSaved"))
        or parse_datetime(text(ctx.root, "CreationDate"))
        or parse_datetime(text(ctx.root, "StartDate"))
    )
    baselines = [
        d.Baseline(
            name="Baseline" if number == 0 else f"Baseline {number}",
            created=created,
            tasks=tuple(by_number[number]),
        )
        for number in sorted(by_number)
    ]
    if baselines:
        ctx.notes.append(
            f"{len(baselines)} baseline(s) imported (dates, durations and costs; baseline "
            "work is not imported)."
        )
    return baselines


def _cost(raw: str) -> Decimal:
    """A baseline cost (MSPDI writes hundredths); 0 when absent or unreadable."""
    try:
        amount = Decimal(raw.strip() or "0") / 100
    except InvalidOperation:
        return d.ZERO
    if not amount.is_finite() or abs(amount) > MAX_MONEY:
        return d.ZERO
    return amount.quantize(Decimal("0.01"))
