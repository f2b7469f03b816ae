"""The post-implementation report of a runbook run (issue 19), in the weekly report's fonts,
styles and page decorations.

``render_pir(data, target)`` is the entry point. The sections, in page order: the summary
(planned against actual window, outage against budget, on time or late, steps done, skipped
and failed), each service's RTA against its RTO, the streams (and every run compared), the
critical path as it really ran, the gates' decisions, validations and the issues they raised,
the lessons, and last the long table of every step planned against actual (late in red).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from infradesk.report import styles as st
from infradesk.report.clipping import ClippedParagraph
from infradesk.report.data import Rag
from infradesk.report.fonts import clean, markup
from infradesk.report.format import fmt_date
from infradesk.report.runbook_data import PirData
from infradesk.report.runbook_format import Clock, delta_text, minutes_between, minutes_text
from infradesk.report.sections.page import CELL_LINES, Cell
from infradesk.report.template import MARGIN, NumberedCanvas, ReportTemplate

GOOD = st.RAG_COLOURS[Rag.GREEN]
BAD = st.RAG_COLOURS[Rag.RED]
STATUS_WORDS = {
    "done": "Done",
    "skipped": "Skipped",
    "running": "Running",
    "not started": "Not started",
    "not run": "Not run",
}
RESULT_WORDS = {"pass": "Pass", "fail": "Fail", "not_tested": "Not tested", "": "Not recorded"}


def render_pir(data: PirData, target: str | Path | BinaryIO, page_size: str = "A4") -> None:
    """Write the post-implementation report of ``data`` as a PDF to ``target``."""
    page = PirPage(data, page_size)
    doc = ReportTemplate(
        target,
        pagesize=page.pagesize,
        title=f"{clean(data.runbook)[:200]} – post-implementation report – {clean(data.run)}",
        header_left=f"{data.runbook} · {data.project}" if data.project else data.runbook,
        header_right=f"Post-implementation report · {data.run}",
        footer_left=f"Generated {fmt_date(data.generated_at)} · times in {data.time_zone} · "
        "InfraDesk",
    )
    story = [
        *title_block(page),
        *summary_section(page),
        *services_section(page),
        *streams_section(page),
        *critical_path_section(page),
        *gates_section(page),
        *validations_section(page),
        *lessons_section(page),
        *steps_section(page),
    ]
    doc.build(story, canvasmaker=NumberedCanvas)


class PirPage:
    """The rendering's context: data, styles, width, the clock of the runbook's zone."""

    def __init__(self, data: PirData, page_size: str = "A4") -> None:
        self.data = data
        self.s = st.styles()
        self.pagesize = st.page_size(page_size)
        self.width = self.pagesize[0] - 2 * MARGIN
        instants = [data.planned_start, data.planned_end, data.actual_start, data.forecast_end]
        for step in data.steps:
            instants.extend((step.planned_start, step.actual_start, step.actual_finish))
        self.clock = Clock(data.time_zone, instants)
        self.alert = ParagraphStyle("pir_alert", self.s.cell_bold, textColor=BAD)
        self.good = ParagraphStyle("pir_good", self.s.cell_bold, textColor=GOOD)
        # a section's table may start at the foot of a page and go on under its repeated
        # header (the heading's CondPageBreak keeps room for a few rows), so the heading is
        # not kept with the whole table: that left half pages empty
        self.h1 = ParagraphStyle("pir_h1", self.s.h1, keepWithNext=0)

    def p(self, text: object, style: ParagraphStyle | None = None, *, bold: bool = False
          ) -> Paragraph:
        style = style or self.s.cell
        return ClippedParagraph(text, style, CELL_LINES * style.leading, bold=bold)

    def heading(self, title: str) -> list[Flowable]:
        return [CondPageBreak(35 * mm), Paragraph(markup(title), self.h1)]

    def empty(self, text: str) -> Paragraph:
        return Paragraph(markup(text), self.s.note)

    def table(
        self,
        titles: Sequence[str],
        rows: list[list[Cell]],
        fractions: Sequence[float],
        *,
        right: Sequence[int] = (),
        extra: list | None = None,
    ) -> st.Table:
        header = [
            Paragraph(markup(t), self.s.header_cell_right if i in right else self.s.header_cell)
            for i, t in enumerate(titles)
        ]
        table = st.Table(
            [header, *rows],
            colWidths=[self.width * f for f in fractions],
            repeatRows=1,
            hAlign="LEFT",
        )
        table.setStyle(st.table_style(zebra_rows=len(rows), extra=extra))
        return table

    def late_style(self, minutes: int | None, right: bool = True) -> ParagraphStyle:
        if minutes is not None and minutes > 0:
            return self.s.cell_alert_right if right else self.s.cell_alert
        return self.s.cell_right if right else self.s.cell


# ---------------------------------------------------------------------- title and summary


def title_block(page: PirPage) -> list[Flowable]:
    d = page.data
    kind = "live run" if d.mode == "live" else "rehearsal"
    meta = (
        f"{d.run} ({kind})   ·   Project {d.project or '–'}   ·   Time zone {d.time_zone}"
        f"   ·   Generated {page.clock.moment(d.generated_at)}"
    )
    return [
        ClippedParagraph(d.runbook, page.s.title, 3 * page.s.title.leading, bold=True),
        Paragraph(markup("Post-implementation report"), page.s.subtitle),
        Spacer(1, 1.5 * mm),
        ClippedParagraph(meta, page.s.body, 3 * page.s.body.leading),
        Spacer(1, 2 * mm),
    ]


def verdict(data: PirData) -> tuple[str, bool]:
    """One phrase for the run's end and whether it is bad news."""
    late = data.late_minutes
    if not data.finished:
        if data.actual_start is None:
            return "Not started", False
        word = "forecast to end"
    else:
        word = "ended"
    if late > 0:
        text = f"Late: {word} {minutes_text(late)} after the planned end"
    elif late < 0:
        text = f"On time: {word} {minutes_text(-late)} before the planned end"
    else:
        text = f"On time: {word} at the planned end"
    over = minutes_between(data.window_end, data.forecast_end)
    if over is not None and over > 0:
        text += f"; over the maintenance window by {minutes_text(over)}"
        return text, True
    return text, late > 0


def summary_section(page: PirPage) -> list[Flowable]:
    d = page.data
    c = page.clock
    planned_minutes = minutes_between(d.planned_start, d.planned_end)
    actual_minutes = minutes_between(d.actual_start, d.forecast_end)
    result, bad = verdict(d)
    rows: list[list[Cell]] = [
        [page.p("Result", bold=True), page.p(result, page.alert if bad else page.good)],
        [
            page.p("Planned", bold=True),
            page.p(f"{c.span(d.planned_start, d.planned_end)} ({minutes_text(planned_minutes)})"),
        ],
        [
            page.p("Actual" if d.finished else "Actual (forecast end)", bold=True),
            page.p(
                f"{c.span(d.actual_start, d.forecast_end)} ({minutes_text(actual_minutes)}, "
                f"{delta_text(d.late_minutes)})"
                if d.actual_start is not None
                else "Not started"
            ),
        ],
        [
            page.p("Maintenance window", bold=True),
            page.p(c.span(d.window_start, d.window_end)),
        ],
        [page.p("Total outage", bold=True), *_outage_cell(page)],
        [page.p("Steps", bold=True), page.p(_step_counts(d), page.alert if d.failed else None)],
    ]
    table = st.Table(rows, colWidths=[page.width * 0.22, page.width * 0.78], hAlign="LEFT")
    table.setStyle(
        st.table_style(
            extra=[
                ("BACKGROUND", (0, 0), (-1, 0), st.ZEBRA),
                ("BOX", (0, 0), (-1, -1), 0.6, st.RULE),
            ]
        )
    )
    out: list[Flowable] = [Paragraph(markup("Summary"), page.s.h1), table]
    for warning in d.warnings:
        out.append(page.p(f"⚠ {warning}", page.alert))
    return out


def _outage_cell(page: PirPage) -> list[Cell]:
    d = page.data
    if d.outage_minutes is None and d.planned_outage_minutes is None:
        return [page.p("No service outage recorded")]
    text = f"{minutes_text(d.outage_minutes)} (planned {minutes_text(d.planned_outage_minutes)})"
    if d.outage_budget_minutes:
        text += f" against a budget of {minutes_text(d.outage_budget_minutes)}"
        if d.outage_minutes is not None and d.outage_minutes > d.outage_budget_minutes:
            over = d.outage_minutes - d.outage_budget_minutes
            return [page.p(f"{text}: over by {minutes_text(over)}", page.alert)]
        return [page.p(f"{text}: within budget", page.good)]
    return [page.p(text)]


def _step_counts(d: PirData) -> str:
    parts = [f"{d.count('done')} done", f"{d.count('skipped')} skipped"]
    parts.append(f"{d.failed} failed validation{'s' if d.failed != 1 else ''}")
    for status in ("running", "not started"):
        if d.count(status):
            parts.append(f"{d.count(status)} {status}")
    if d.count("not run"):
        parts.append(f"{d.count('not run')} not run (branch not taken)")
    late = sum(1 for step in d.steps if step.late)
    parts.append(f"{late} finished late")
    return " · ".join(parts)


# ---------------------------------------------------------------------- services, streams


def services_section(page: PirPage) -> list[Flowable]:
    d = page.data
    out = page.heading("Services: recovery time (RTA) against the objective (RTO)")
    if not d.services:
        return [*out, page.empty("No service is measured by this runbook.")]
    rows: list[list[Cell]] = []
    for service in d.services:
        if service.actual_minutes is None:
            verdict_text, style = "Not measured", page.s.cell
        elif service.rto_minutes <= 0:
            verdict_text, style = "No RTO set", page.s.cell
        elif service.over_rto:
            over = service.actual_minutes - service.rto_minutes
            verdict_text, style = f"Over the RTO by {minutes_text(over)}", page.alert
        else:
            verdict_text, style = "Within the RTO", page.good
        rows.append(
            [
                page.p(service.name, bold=True),
                page.p(minutes_text(service.rto_minutes or None), page.s.cell_right),
                page.p(minutes_text(service.planned_minutes), page.s.cell_right),
                page.p(
                    minutes_text(service.actual_minutes),
                    page.s.cell_alert_right if service.over_rto else page.s.cell_right,
                ),
                page.p(f"{page.clock.time(service.down_at)} – {page.clock.time(service.up_at)}"),
                page.p(verdict_text, style),
            ]
        )
    out.append(
        page.table(
            ["Service", "RTO", "Planned", "RTA", "Down – up", "Verdict"],
            rows,
            (0.24, 0.1, 0.1, 0.1, 0.22, 0.24),
            right=(1, 2, 3),
        )
    )
    return out


def streams_section(page: PirPage) -> list[Flowable]:
    d = page.data
    out = page.heading("Streams: planned against actual")
    if not d.streams:
        return [*out, page.empty("The runbook has no steps.")]
    rows: list[list[Cell]] = []
    for stream in d.streams:
        delta = (
            None
            if stream.actual_minutes is None
            else stream.actual_minutes - stream.planned_minutes
        )
        rows.append(
            [
                page.p(stream.stream or "(no stream)", bold=True),
                page.p(f"{stream.done} / {stream.steps}", page.s.cell_right),
                page.p(minutes_text(stream.planned_minutes), page.s.cell_right),
                page.p(minutes_text(stream.actual_minutes), page.s.cell_right),
                page.p(delta_text(delta), page.late_style(delta)),
                page.p(page.clock.time(stream.planned_end), page.s.cell_right),
                page.p(page.clock.time(stream.actual_end), page.s.cell_right),
                page.p(str(stream.late), page.late_style(stream.late)),
            ]
        )
    out.append(
        page.table(
            ["Stream", "Done", "Planned", "Actual", "Variance", "Planned end", "Actual end",
             "Late steps"],
            rows,
            (0.16, 0.08, 0.1, 0.1, 0.11, 0.165, 0.165, 0.12),
            right=tuple(range(1, 8)),
        )
    )
    out.extend(runs_compared(page))
    return out


def runs_compared(page: PirPage) -> list[Flowable]:
    """Each stream's span in minutes: the plan, then every run (rehearsals and live)."""
    d = page.data
    if not d.compared_runs or not d.compared_streams:
        return []
    runs = d.compared_runs[-5:]  # the page holds five runs beside the plan
    titles = ["Stream", "Planned", *(run.name for run in runs)]
    rows: list[list[Cell]] = []
    for index, stream in enumerate(d.compared_streams):
        planned = d.planned_stream_minutes[index] if index < len(d.planned_stream_minutes) else 0
        cells: list[Cell] = [page.p(stream or "(no stream)"),
                             page.p(minutes_text(planned), page.s.cell_right)]
        for run in runs:
            value = run.minutes[index] if index < len(run.minutes) else None
            late = None if value is None else value - planned
            cells.append(page.p(minutes_text(value), page.late_style(late)))
        rows.append(cells)
    total: list[Cell] = [page.p("Whole runbook", bold=True),
                         page.p(minutes_text(d.planned_total), page.s.cell_bold_right)]
    for run in runs:
        late = None if run.total is None else run.total - d.planned_total
        style = page.s.cell_alert_right if late and late > 0 else page.s.cell_bold_right
        total.append(page.p(minutes_text(run.total), style))
    rows.append(total)
    share = 0.72 / (len(runs) + 1)
    return [
        Paragraph(markup("Every run compared (minutes from first start to last finish)"),
                  page.s.h2),
        page.table(titles, rows, (0.28, *([share] * (len(runs) + 1))),
                   right=tuple(range(1, len(runs) + 2))),
    ]


# ---------------------------------------------------------------------- path, gates, checks


def critical_path_section(page: PirPage) -> list[Flowable]:
    d = page.data
    out = page.heading("The critical path as it ran")
    steps = [step for code in d.critical_path if (step := d.step(code)) is not None]
    if not steps:
        return [*out, page.empty("No step ran yet.")]
    rows: list[list[Cell]] = [
        [
            page.p(step.code, bold=True),
            page.p(step.title),
            page.p(step.stream),
            page.p(page.clock.time(step.actual_start or step.planned_start)),
            page.p(page.clock.time(step.actual_finish)),
            page.p(minutes_text(step.actual_minutes), page.s.cell_right),
            page.p(delta_text(step.late_minutes), page.late_style(step.late_minutes)),
        ]
        for step in steps
    ]
    out.append(
        page.table(
            ["ID", "Step", "Stream", "Started", "Finished", "Took", "Finish vs plan"],
            rows,
            (0.08, 0.34, 0.12, 0.12, 0.12, 0.1, 0.12),
            right=(5, 6),
        )
    )
    return out


def gates_section(page: PirPage) -> list[Flowable]:
    d = page.data
    out = page.heading("Gate decisions")
    if not d.gates:
        return [*out, page.empty("The runbook has no go / no-go gate.")]
    rows: list[list[Cell]] = []
    for gate in d.gates:
        decision = {"go": "GO", "no-go": "NO-GO"}.get(gate.decision, "Not decided")
        style = page.good if gate.decision == "go" else page.alert if gate.decision else None
        criteria = "\n".join(f"• {c}" for c in gate.criteria) or "–"
        rows.append(
            [
                page.p(gate.code, bold=True),
                page.p(gate.title),
                page.p(decision, style),
                page.p(gate.decided_by or "–"),
                page.p(page.clock.time(gate.decided_at)),
                page.p(page.clock.time(gate.planned_at)),
                page.p(gate.decision_maker or "–"),
                page.p(criteria),
            ]
        )
    out.append(
        page.table(
            ["ID", "Gate", "Decision", "By", "At", "Planned", "Decision maker", "Criteria"],
            rows,
            (0.07, 0.17, 0.1, 0.12, 0.1, 0.1, 0.13, 0.21),
        )
    )
    return out


def validations_section(page: PirPage) -> list[Flowable]:
    d = page.data
    out = page.heading("Validations and issues raised")
    if not d.validations:
        out.append(page.empty("The runbook has no validation step."))
    else:
        rows: list[list[Cell]] = []
        for check in d.validations:
            style = page.alert if check.result == "fail" else (
                page.good if check.result == "pass" else None
            )
            rows.append(
                [
                    page.p(check.code, bold=True),
                    page.p(check.title),
                    page.p(RESULT_WORDS.get(check.result, check.result), style),
                    page.p(page.clock.time(check.at)),
                    page.p(check.comment or "–"),
                    page.p(check.issue_code or "–"),
                ]
            )
        out.append(
            page.table(
                ["ID", "Check", "Result", "At", "Comment", "Issue"],
                rows,
                (0.08, 0.3, 0.1, 0.12, 0.3, 0.1),
            )
        )
    out.append(Paragraph(markup("Issues raised during the run"), page.s.h2))
    if not d.issues:
        return [*out, page.empty("No issue was raised in the RAID log.")]
    issue_rows: list[list[Cell]] = [
        [page.p(issue.code, bold=True), page.p(issue.step), page.p(issue.title),
         page.p(issue.comment or "–")]
        for issue in d.issues
    ]
    out.append(page.table(["Issue", "From step", "Title", "Comment"], issue_rows,
                          (0.1, 0.12, 0.38, 0.4)))
    return out


def lessons_section(page: PirPage) -> list[Flowable]:
    d = page.data
    out = page.heading("Lessons learned")
    if not d.lessons.strip():
        return [*out, page.empty("No lessons were written yet (Runbook > Lessons).")]
    for line in d.lessons.splitlines():
        if line.strip():
            out.append(Paragraph(markup(line.strip().lstrip("•-* ")), page.s.bullet,
                                 bulletText="•"))
    return out


# ---------------------------------------------------------------------- every step


def steps_section(page: PirPage) -> list[Flowable]:
    d = page.data
    out = page.heading("Every step: planned against actual")
    if not d.steps:
        return [*out, page.empty("The runbook has no steps.")]
    rows: list[list[Cell]] = []
    extra: list = []
    for index, step in enumerate(d.steps, start=1):
        late = step.late
        status = STATUS_WORDS.get(step.status, step.status)
        if step.skipped_reason:
            status += f": {step.skipped_reason}"
        rows.append(
            [
                page.p(step.code, bold=True),
                page.p(step.title, page.s.cell_alert if late else None),
                page.p(step.stream),
                page.p(page.clock.time(step.planned_start)),
                page.p(page.clock.time(step.actual_start)),
                page.p(minutes_text(step.planned_minutes), page.s.cell_right),
                page.p(minutes_text(step.actual_minutes), page.late_style(
                    None if step.actual_minutes is None
                    else step.actual_minutes - step.planned_minutes)),
                page.p(delta_text(step.late_minutes) if step.status != "not run" else "–",
                       page.late_style(step.late_minutes if late else None)),
                page.p(status),
            ]
        )
        if late:
            extra.append(("BACKGROUND", (0, index), (-1, index), st.HIGHLIGHT))
    out.append(
        page.table(
            ["ID", "Step", "Stream", "Planned start", "Actual start", "Plan", "Took",
             "Finish vs plan", "Status"],
            rows,
            (0.07, 0.25, 0.1, 0.11, 0.11, 0.08, 0.08, 0.1, 0.1),
            right=(5, 6, 7),
            extra=extra,
        )
    )
    out.append(page.empty("Late steps (finished after their planned finish) are in red."))
    return out


__all__ = ["render_pir", "verdict"]
