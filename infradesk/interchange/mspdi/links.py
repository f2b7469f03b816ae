"""``<PredecessorLink>``: read with each task, resolved by UID once every task is known; lags
in working, elapsed or percent formats become working minutes (each conversion reported)."""

from __future__ import annotations

import math
from xml.etree.ElementTree import Element

from infradesk.interchange import document as d
from infradesk.interchange.mspdi.context import (
    MspdiContext,
    RawLink,
    RawTask,
    child_texts,
    link_where,
)
from infradesk.interchange.mspdi.units import (
    ELAPSED_FORMATS,
    ELAPSED_PERCENT_FORMATS,
    LINK_TYPES,
    PERCENT_FORMATS,
    WORKING_FORMATS,
    elapsed_text,
)
from infradesk.interchange.value_rules import lag_problem, located, parse_number
from infradesk.interchange.xml_common import to_int
from infradesk.schedule.durations import format_duration


def read_link(ctx: MspdiContext, link: Element, task: RawTask) -> None:
    """Note one ``<PredecessorLink>`` of ``task`` (cross-project links are reported, not kept)."""
    texts = child_texts(link)
    predecessor = texts.get("PredecessorUID", "")
    if not predecessor:
        return
    if texts.get("CrossProject") == "1":
        ctx.warn(
            f"Link to a task in another project ({texts.get('CrossProjectName') or '?'}) "
            "not imported.",
            task.row,
        )
        return
    format_text = texts.get("LagFormat", "")
    lag_text = texts.get("LinkLag", "")
    lag_raw = ctx.lags.get(lag_text) if lag_text else 0.0
    if lag_raw is None:  # not read before, or read with a problem
        lag_raw = _lag(ctx, lag_text, task, predecessor)
    task.links.append(
        RawLink(
            to_int(predecessor, -1),
            ctx.link_types[texts.get("Type", "")],
            lag_raw,
            ctx.lag_formats[format_text] if format_text else None,
            task.row,
            lag_text,
            task.where,
            predecessor,
        )
    )


def _lag(ctx: MspdiContext, lag_text: str, task: RawTask, predecessor: str) -> float:
    """The number in ``<LinkLag>`` (its unit depends on ``LagFormat``: the converted lag is
    checked in :func:`resolve_links`); 0 with an error when it is not a finite number. Each
    distinct text that reads is kept in ``ctx.lags``."""
    lag_raw = parse_number(lag_text)
    why = "is not a number" if lag_raw is None else None
    if lag_raw is not None and not math.isfinite(lag_raw):
        why = "is not a finite number"
    if why is not None or lag_raw is None:
        where = link_where(task.where, predecessor)
        ctx.error(located(where, "<LinkLag>", lag_text, why or ""), task.row)
        return 0.0
    lag_raw = ctx.lags[lag_text] = lag_raw or 0.0
    return lag_raw


def resolve_links(ctx: MspdiContext, raw: list[RawTask]) -> None:
    """Turn every task's links into document links by the predecessor's UID."""
    by_uid: dict[int, RawTask] = {}
    for task in raw:
        if task.uid in by_uid:
            ctx.warn(
                f"UID {task.uid} is used by two tasks; links to it go to the first, "
                f"'{by_uid[task.uid].doc.name}'.",
                task.row,
            )
        else:
            by_uid[task.uid] = task
    for task in raw:
        for link in task.links:
            predecessor = by_uid.get(link.predecessor_uid)
            if predecessor is None:
                ctx.warn(
                    f"Link from unknown or blank task UID {link.predecessor_uid} skipped.",
                    link.row,
                )
                continue
            if predecessor is task:
                ctx.warn("A task linked to itself; link skipped.", link.row)
                continue
            link_type = LINK_TYPES.get(link.type_code)
            if link_type is None:
                ctx.warn(
                    f"Unknown link type {link.type_code}; read as finish-to-start.",
                    link.row,
                )
                link_type = "FS"
            lag = _lag_minutes(ctx, link, predecessor)
            if (why := lag_problem(lag)) is not None:
                ctx.error(located(link.where, "<LinkLag>", link.lag_text, why), link.row)
                lag = 0
            task.doc.predecessors.append(d.Link(predecessor.doc.id, link_type, lag))


def _lag_minutes(ctx: MspdiContext, link: RawLink, predecessor: RawTask) -> int:
    code = link.lag_format
    if not link.lag_raw:
        return 0
    if code in PERCENT_FORMATS or code in ELAPSED_PERCENT_FORMATS:
        base = predecessor.doc.duration_minutes
        minutes = round(link.lag_raw * base / 100)
        kind = "elapsed percent" if code in ELAPSED_PERCENT_FORMATS else "percent"
        ctx.warn(
            f"Lag of {link.lag_raw:g}% ({kind}) of '{predecessor.doc.name}' "
            f"converted to {format_duration(minutes, ctx.display_minutes_per_day)} "
            "(it will not follow later changes of that task's duration).",
            link.row,
        )
        return minutes
    tenths = link.lag_raw / 10
    if code in ELAPSED_FORMATS:
        minutes = ctx.elapsed_to_working(tenths)
        ctx.warn(
            f"Elapsed lag of {elapsed_text(tenths)} converted to "
            f"{format_duration(minutes, ctx.display_minutes_per_day)} of working time.",
            link.row,
        )
        return minutes
    if code is not None and code not in WORKING_FORMATS:
        ctx.warn(
            f"Unknown lag format {code}; the lag was read as working time.",
            link.row,
        )
    return round(tenths)
