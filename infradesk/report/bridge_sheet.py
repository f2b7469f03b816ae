"""The printed bridge sheet (issue 19): one PDF per stream for the people in the data hall.

Landscape A4. Each stream's steps in planned order, a box to tick, the command or check to
run, and empty columns for the actual start, finish and initials written by hand. Gates carry
their decision maker, criteria and GO / NO-GO boxes. The point of no return is a bold rule
across the table, in every stream at its planned time (a storage engineer must know that the
network's step 4.10 closes the way back); gates of other streams are rules too ("wait for
the bridge"). Rollback steps follow in their own table. The table header repeats on every page
and the footer says "Stream X — page n of m".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from infradesk.report import styles as st
from infradesk.report.check_boxes import BoxedLine, CheckBox, Choices
from infradesk.report.clipping import ClippedParagraph
from infradesk.report.fonts import clean, markup
from infradesk.report.runbook_data import BridgeSheetData, SheetStep
from infradesk.report.runbook_format import Clock, add_minutes, minutes_text, utc
from infradesk.report.template import MARGIN, NumberedCanvas, ReportTemplate

PAGE = landscape(A4)
WIDTH = PAGE[0] - 2 * MARGIN
TITLES = (
    "",
    "ID",
    "Step",
    "Owner / backup",
    "Start",
    "Dur.",
    "After",
    "Command / check",
    "Actual start",
    "Actual finish",
    "Initials",
)
FRACTIONS = (0.025, 0.055, 0.17, 0.105, 0.1, 0.05, 0.06, 0.255, 0.06, 0.06, 0.06)
WRITE_IN = (8, 9, 10)  # the hand-written columns
ROW_HEIGHT = 20  # room to write a time by hand
TEXT_LINES = 24  # a cell's text stops (with an ellipsis) after this many lines
NO_STREAM = "General"
KIND_TAGS = {
    "gate": "GATE",
    "validation": "CHECK",
    "communication": "COMMS",
}
GATE_FILL = colors.HexColor("#fff4d6")
RULE_FILL = colors.HexColor("#fdecea")
PONR_INK = colors.HexColor("#9e2a26")


def stream_name(stream: str) -> str:
    return clean(stream).strip() or NO_STREAM


def sheet_file_name(runbook: str, stream: str) -> str:
    """A file name for a stream's sheet: ``Wave 1 - bridge - Network.pdf`` (characters no
    file system takes are dropped)."""
    text = f"{clean(runbook).strip()} - bridge - {stream_name(stream)}"
    text = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", text).strip(" .")
    return (text[:150] or "bridge") + ".pdf"


def render_bridge_sheet(
    data: BridgeSheetData, stream: str, target: str | Path | BinaryIO
) -> None:
    """Write the bridge sheet of one ``stream`` of ``data`` as a PDF to ``target``."""
    sheet = _Sheet(data, stream)
    name = stream_name(stream)
    doc = ReportTemplate(
        target,
        pagesize=PAGE,
        title=f"{clean(data.runbook)[:150]} – bridge sheet – {name[:80]}",
        header_left=f"{data.runbook} · {data.project}" if data.project else data.runbook,
        header_right=(
            f"Bridge sheet · stream {name} · printed {sheet.clock.moment(data.printed_at)}"
        ),
        footer_left=(
            f"Window {sheet.clock.span(data.window_start, data.window_end)} · "
            f"times in {data.time_zone} · InfraDesk"
        ),
    )
    canvas = type("StreamCanvas", (NumberedCanvas,), {"page_label": _braces(name)})
    doc.build(sheet.story(), canvasmaker=canvas)


def _braces(name: str) -> str:
    """The footer's format string: the stream's own braces kept literal."""
    safe = name.replace("{", "{{").replace("}", "}}")
    return f"Stream {safe} — page {{page}} of {{total}}"


@dataclass(frozen=True, slots=True)
class _Rule:
    """A full-width line in a stream's table: the point of no return or another stream's gate."""

    at: datetime | None  # planned time it falls at (None: the end)
    text: str
    ponr: bool


class _Sheet:
    def __init__(self, data: BridgeSheetData, stream: str) -> None:
        self.data = data
        self.stream = stream
        self.s = st.styles()
        self.clock = Clock(
            data.time_zone,
            [data.window_start, data.window_end, *(step.planned_start for step in data.steps)],
        )
        self.mine = [step for step in data.steps if stream_name(step.stream) == stream_name(stream)]

    # ------------------------------------------------------------------ the page

    def story(self) -> list[Flowable]:
        d = self.data
        name = stream_name(self.stream)
        forward = [step for step in self.mine if not _is_rollback(step)]
        rollback = [step for step in self.mine if _is_rollback(step)]
        times = f"the forecast of {d.run}" if d.run else "the plan"
        meta = (
            f"Window {self.clock.span(d.window_start, d.window_end)}   ·   "
            f"Time zone {d.time_zone}   ·   Times from {times}   ·   "
            f"Printed {self.clock.moment(d.printed_at)}"
        )
        out: list[Flowable] = [
            ClippedParagraph(f"{name} — bridge sheet", self.s.title, 2 * self.s.title.leading,
                             bold=True),
            ClippedParagraph(
                f"Runbook {d.runbook}" + (f" · project {d.project}" if d.project else ""),
                self.s.subtitle,
                2 * self.s.subtitle.leading,
            ),
            Spacer(1, 1 * mm),
            ClippedParagraph(meta, self.s.body, 3 * self.s.body.leading),
            Paragraph(
                markup(
                    "Tick the box when the step is done; write the actual start and finish "
                    "(HH:MM) and your initials. A gate's decision maker ticks GO or NO-GO; "
                    "nothing below a gate starts before the bridge says GO."
                ),
                self.s.note,
            ),
            Spacer(1, 2 * mm),
        ]
        if not forward:
            out.append(Paragraph(markup("No forward step in this stream."), self.s.note))
        else:
            out.append(self._table(forward, self._rules(forward)))
        if rollback:
            gates = sorted({step.rollback_of for step in rollback if step.rollback_of})
            which = ", ".join(gates) or "a gate"
            out.append(Paragraph(markup("Rollback path"), self.s.h1))
            out.append(
                Paragraph(
                    markup(
                        f"Only when {which} decides NO-GO, before the point of no return. "
                        "The times are those of a NO-GO at the gate's planned time: start "
                        "each step when the bridge calls it."
                    ),
                    self.s.note,
                )
            )
            out.append(Spacer(1, 1.5 * mm))
            out.append(self._table(rollback, []))
        return out

    # ------------------------------------------------------------------ rules

    def _rules(self, forward: list[SheetStep]) -> list[_Rule]:
        """The other streams' gates and the point of no return, at their planned times."""
        rules: list[_Rule] = []
        mine = {id(step) for step in forward}
        for step in self.data.steps:
            if _is_rollback(step) or id(step) in mine:
                continue
            if step.kind == "gate":
                who = f"; decision: {step.decision_maker}" if step.decision_maker else ""
                rules.append(
                    _Rule(
                        step.planned_start,
                        f"GO / NO-GO {step.code} {step.title} ({stream_name(step.stream)}"
                        f"{who}), planned {self.clock.time(step.planned_start)}: "
                        "wait for the bridge's decision",
                        ponr=False,
                    )
                )
            if step.point_of_no_return:
                end = _planned_end(step)
                rules.append(
                    _Rule(
                        end,
                        f"POINT OF NO RETURN after {step.code} {step.title} "
                        f"({stream_name(step.stream)}, planned {self.clock.time(end)}): "
                        "from here a problem is fixed forward, no rollback",
                        ponr=True,
                    )
                )
        return rules

    # ------------------------------------------------------------------ the table

    def _table(self, steps: list[SheetStep], rules: list[_Rule]) -> st.Table:
        rows: list[list] = [self._header()]
        style: list = [
            ("BACKGROUND", (0, 0), (-1, 0), st.ACCENT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, st.RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("LINEBEFORE", (WRITE_IN[0], 1), (WRITE_IN[-1], -1), 0.5, st.MUTED),
            ("LINEAFTER", (-1, 1), (-1, -1), 0.5, st.MUTED),
        ]
        pending = sorted(rules, key=lambda r: (r.at is None, _instant(r.at), not r.ponr))

        def add_rule(rule: _Rule) -> None:
            index = len(rows)
            rows.append([self._rule_cell(rule)] + [""] * (len(TITLES) - 1))
            style.append(("SPAN", (0, index), (-1, index)))
            if rule.ponr:
                style.append(("LINEABOVE", (0, index), (-1, index), 2.2, PONR_INK))
                style.append(("LINEBELOW", (0, index), (-1, index), 2.2, PONR_INK))
                style.append(("BACKGROUND", (0, index), (-1, index), RULE_FILL))
            else:
                style.append(("LINEABOVE", (0, index), (-1, index), 1, st.ACCENT))
                style.append(("BACKGROUND", (0, index), (-1, index), GATE_FILL))

        for step in steps:
            while (
                pending
                and step.planned_start is not None
                and pending[0].at is not None
                and utc(pending[0].at) <= utc(step.planned_start)
            ):
                add_rule(pending.pop(0))
            index = len(rows)
            rows.append(self._row(step))
            if step.kind == "gate":
                style.append(("BACKGROUND", (0, index), (-1, index), GATE_FILL))
            if step.point_of_no_return:
                end = _planned_end(step)
                add_rule(
                    _Rule(
                        end,
                        f"POINT OF NO RETURN after {step.code} (planned "
                        f"{self.clock.time(end)}): from here a problem is fixed forward, "
                        "no rollback",
                        ponr=True,
                    )
                )
        for rule in pending:
            add_rule(rule)
        widths = [WIDTH * f for f in FRACTIONS]
        table = st.Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(style)
        return table

    def _header(self) -> list:
        return [Paragraph(markup(title), self.s.header_cell) for title in TITLES]

    def _rule_cell(self, rule: _Rule) -> Paragraph:
        style = self.s.cell_alert if rule.ponr else self.s.cell_bold
        return ClippedParagraph(rule.text, style, 3 * style.leading, bold=True)

    def _p(
        self, text: object, style: ParagraphStyle | None = None, *, bold: bool = False
    ) -> Paragraph:
        chosen = style or self.s.cell
        return ClippedParagraph(text, chosen, TEXT_LINES * chosen.leading, bold=bold)

    def _row(self, step: SheetStep) -> list:
        s = self.s
        ident: list[Flowable] = [self._p(step.code, bold=True)]
        tag = KIND_TAGS.get(step.kind)
        if tag:
            ident.append(Paragraph(markup(tag), s.small))
        what: list[Flowable] = [self._p(step.title, bold=step.kind == "gate")]
        if step.fixed_time:
            what.append(self._p(f"Fixed time {step.fixed_time}", s.small))
        if step.notes:
            what.append(self._p(step.notes, s.small))
        who: list[Flowable] = [self._p(step.owner or "–")]
        if step.backup_owner:
            who.append(self._p(f"backup {step.backup_owner}", s.small))
        start = self.clock.time(step.planned_start, empty="on no-go" if _is_rollback(step)
                                else "–")
        return [
            CheckBox(9, ROW_HEIGHT),
            ident,
            what,
            who,
            self._p(start),
            self._p(minutes_text(step.duration_minutes)),
            self._p(step.predecessors or "–"),
            self._action(step),
            "",
            "",
            "",
        ]

    def _action(self, step: SheetStep) -> list[Flowable]:
        """The command or check; a gate's decision, a validation's result, a message."""
        s = self.s
        out: list[Flowable] = []
        if step.command:
            out.append(self._p(step.command))
        if step.kind == "gate":
            out.append(self._p(f"Decision maker: {step.decision_maker or '–'}", bold=True))
            for criterion in step.criteria:
                out.append(BoxedLine(clean(criterion), s.cell))
            out.append(Spacer(1, 2))
            out.append(Choices(("GO", "NO-GO")))
            out.append(Paragraph(markup("by ____________  at ______"), s.small))
        elif step.kind == "validation":
            out.append(Spacer(1, 1))
            out.append(Choices(("pass", "fail", "not tested"), bold=False))
        elif step.kind == "communication" and (step.audience or step.message):
            if step.audience:
                out.append(self._p(f"Tell: {step.audience}", bold=True))
            if step.message:
                out.append(self._p(step.message, s.small))
        return out or [self._p("")]


def _is_rollback(step: SheetStep) -> bool:
    return step.kind == "rollback" or bool(step.rollback_of)


def _instant(at: datetime | None) -> datetime:
    """A sort key: the instant in naive UTC (the earliest when unknown)."""
    return datetime.min if at is None else utc(at).replace(tzinfo=None)


def _planned_end(step: SheetStep) -> datetime | None:
    if step.planned_start is None:
        return None
    return add_minutes(step.planned_start, step.duration_minutes)
