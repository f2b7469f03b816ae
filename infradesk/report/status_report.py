"""The weekly status report: a story of sections over a ``ReportData``.

``render_status_report(data, target, options)`` is the only entry point. Each section is a small
method returning flowables, so sections can be switched off and the one-page executive variant
reuses the same pieces.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepInFrame,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
)

from infradesk.report import styles as st
from infradesk.report.charts import TREND_WORDS, GanttFlowable, HeatMap, RagBadge
from infradesk.report.clipping import ClippedParagraph
from infradesk.report.data import (
    DIMENSIONS,
    SECTION_TITLES,
    GanttRow,
    Rag,
    RagRating,
    ReportData,
    ReportOptions,
    TaskLine,
    Trend,
    band_of,
)
from infradesk.report.fonts import clean, markup
from infradesk.report.template import MARGIN, NumberedCanvas, ReportTemplate

Cell = Paragraph | Flowable | str

# A table row cannot split across pages, so user text in a cell stops (with an ellipsis) after
# this many lines; free paragraphs wrap and split instead, except in the one-page executive
# variant, which would otherwise shrink to nothing.
CELL_LINES = 10
EXECUTIVE_LINES = 4
TITLE_LINES = 3


def render_status_report(
    data: ReportData, target: str | Path | BinaryIO, options: ReportOptions | None = None
) -> None:
    """Write the status report of ``data`` as a PDF to ``target`` (a path or a binary file)."""
    options = options or ReportOptions()
    StatusReport(data, options).build(target)


def fmt_date(value: date | datetime | None) -> str:
    return value.strftime("%d %b %Y") if value else "–"


def fmt_money(value: Decimal | None, currency: str) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f} {currency}".replace(",", "\u202f")


class StatusReport:
    """Builds the story; one instance per rendering."""

    def __init__(self, data: ReportData, options: ReportOptions) -> None:
        self.data = data
        self.options = options
        self.s = st.styles()
        self.pagesize = st.page_size(options.page_size)
        self.width = self.pagesize[0] - 2 * MARGIN

    # ------------------------------------------------------------------ document
    def build(self, target: str | Path | BinaryIO) -> None:
        data = self.data
        variant = "Executive status summary" if self.options.executive else "Weekly status report"
        doc = ReportTemplate(
            target,
            pagesize=self.pagesize,
            title=f"{clean(data.project)[:200]} – {variant} {data.as_of.isoformat()}",
            header_left=data.project,
            header_right=f"{variant} · as of {fmt_date(data.as_of)}",
            footer_left=(
                f"As of {fmt_date(data.as_of)} · reporting period "
                f"{fmt_date(data.period_start)} – {fmt_date(data.period_end)} · InfraDesk"
            ),
            logo_path=self.options.logo_path,
        )
        story = self.executive_story(doc) if self.options.executive else self.full_story()
        doc.build(story, canvasmaker=NumberedCanvas)

    def full_story(self) -> list[Flowable]:
        story: list[Flowable] = [*self.title_block(), *self.rag_panel(), *self.changes_block()]
        builders = {
            "summary": self.summary_section,
            "milestones": self.milestones_section,
            "progress": self.progress_section,
            "gantt": self.gantt_section,
            "risks": self.risks_section,
            "vendors": self.vendors_section,
            "budget": self.budget_section,
        }
        for name, builder in builders.items():
            if self.options.shows(name):
                story.extend(builder())
        return story

    def executive_story(self, doc: ReportTemplate) -> list[Flowable]:
        """Everything that matters on one page: shrunk to fit if it has to be."""
        content: list[Flowable] = [*self.title_block(), *self.rag_panel(), *self.changes_block()]
        if self.options.shows("summary"):
            content.extend(self.summary_section())
        if self.options.shows("milestones"):
            content.extend(self.milestones_section(limit=8))
        if self.options.shows("risks"):
            content.extend(self.top_risks(limit=5, with_map=False))
        if self.options.shows("budget"):
            content.extend(self.budget_section())
        return [KeepInFrame(doc.width, doc.height - 2, _flatten(content), mode="shrink")]

    # ------------------------------------------------------------------ helpers
    def p(
        self, text: object, style: ParagraphStyle | None = None, *, bold: bool = False
    ) -> Paragraph:
        """User text in a table cell: wrapped, cut with an ellipsis after ``CELL_LINES``
        (``EXECUTIVE_LINES`` on the one-page variant)."""
        style = style or self.s.cell
        lines = EXECUTIVE_LINES if self.options.executive else CELL_LINES
        return ClippedParagraph(text, style, lines * style.leading, bold=bold)

    def free(
        self, text: object, style: ParagraphStyle, *, prefix: str = "", bullet: str | None = None
    ) -> Paragraph:
        """User text in the flow: wraps and splits across pages; in the executive variant it
        is cut after ``EXECUTIVE_LINES`` so the one page stays readable."""
        if self.options.executive:
            limit = EXECUTIVE_LINES * style.leading
            return ClippedParagraph(text, style, limit, prefix=prefix, bullet=bullet)
        return Paragraph(prefix + markup(text), style, bulletText=bullet)

    def header_row(self, titles: Sequence[str], right: Sequence[int] = ()) -> list[Cell]:
        return [
            Paragraph(markup(t), self.s.header_cell_right if i in right else self.s.header_cell)
            for i, t in enumerate(titles)
        ]

    def table(
        self,
        titles: Sequence[str],
        rows: list[list[Cell]],
        fractions: Sequence[float],
        *,
        right: Sequence[int] = (),
        extra: list | None = None,
    ) -> Table:
        """A full-width table with a repeated header row; widths are fractions of the frame."""
        widths = [self.width * f for f in fractions]
        table = Table(
            [self.header_row(titles, right), *rows],
            colWidths=widths,
            repeatRows=1,
            hAlign="LEFT",
        )
        table.setStyle(st.table_style(zebra_rows=len(rows), extra=extra))
        return table

    def heading(self, section: str) -> list[Flowable]:
        return [CondPageBreak(40 * mm), Paragraph(markup(SECTION_TITLES[section]), self.s.h1)]

    def empty(self, text: str) -> Paragraph:
        return Paragraph(markup(text), self.s.note)

    def capped(self, items: list, what: str) -> tuple[list, Paragraph | None]:
        limit = self.options.max_list_rows
        if len(items) <= limit:
            return items, None
        return items[:limit], self.empty(f"… and {len(items) - limit} more {what} not shown.")

    # ------------------------------------------------------------------ 1. header
    def title_block(self) -> list[Flowable]:
        d = self.data
        title = "Executive status summary" if self.options.executive else "Weekly status report"
        meta = (
            f"Reporting period {fmt_date(d.period_start)} – {fmt_date(d.period_end)}"
            f"   ·   As of {fmt_date(d.as_of)}   ·   Project manager: {d.manager or '–'}"
        )
        return [
            ClippedParagraph(
                d.project, self.s.title, TITLE_LINES * self.s.title.leading, bold=True
            ),
            Paragraph(markup(title), self.s.subtitle),
            Spacer(1, 1.5 * mm),
            ClippedParagraph(meta, self.s.body, TITLE_LINES * self.s.body.leading),
            Spacer(1, 3 * mm),
        ]

    def rag_panel(self) -> list[Flowable]:
        d = self.data
        overall = d.overall
        overall_cell = [
            Paragraph(markup("Overall status", bold=True), self.s.cell),
            Spacer(1, 2),
            RagBadge(overall.rag, width=62, height=18, font_size=9.5, trend=overall.trend),
            Spacer(1, 2),
            Paragraph(markup(self._trend_text(overall)), self.s.small),
        ]
        if overall.justification:
            overall_cell.append(self.p(overall.justification, self.s.small))
        by_name = {r.dimension: r for r in d.dimensions}
        rows: list[list[Cell]] = []
        for name in DIMENSIONS:
            rating = by_name.get(name, RagRating(name, Rag.NONE))
            reason = rating.justification or rating.reason
            if rating.rag is not rating.suggested and rating.suggested is not Rag.NONE:
                reason = f"{reason} (suggested from data: {rating.suggested.label})".strip()
            rows.append(
                [
                    self.p(name.capitalize(), bold=True),
                    RagBadge(rating.rag, trend=rating.trend),
                    self.p(TREND_WORDS[rating.trend], self.s.small),
                    self.p(reason or "–"),
                ]
            )
        inner = Table(
            [self.header_row(["Dimension", "RAG", "Trend", "Justification"]), *rows],
            colWidths=[w * (self.width * 0.78 - 6) for w in (0.17, 0.17, 0.1, 0.56)],
            repeatRows=1,
        )
        inner.setStyle(st.table_style(extra=[("VALIGN", (0, 1), (-1, -1), "MIDDLE")]))
        panel = Table(
            [[overall_cell, inner]],
            colWidths=[self.width * 0.22, self.width * 0.78],
            hAlign="LEFT",
        )
        panel.setStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (0, 0), (0, 0), 0.6, st.RULE),
                ("BACKGROUND", (0, 0), (0, 0), st.ZEBRA),
                ("LEFTPADDING", (0, 0), (0, 0), 6),
                ("TOPPADDING", (0, 0), (0, 0), 6),
                ("BOTTOMPADDING", (0, 0), (0, 0), 6),
                ("LEFTPADDING", (1, 0), (1, 0), 6),
                ("RIGHTPADDING", (1, 0), (1, 0), 0),
            ]
        )
        return [panel]

    def _trend_text(self, rating: RagRating) -> str:
        if rating.trend is Trend.NEW:
            return "First report: no trend yet" if self.data.changes.previous_as_of is None else ""
        previous = self.data.changes.previous_as_of
        word = {Trend.UP: "Improved", Trend.DOWN: "Worse", Trend.SAME: "Unchanged"}[rating.trend]
        return f"{word} since {fmt_date(previous)}" if previous else word

    def changes_block(self) -> list[Flowable]:
        changes = self.data.changes
        if changes.previous_as_of is None:
            return []
        out: list[Flowable] = [
            Paragraph(
                markup(f"What changed since the report of {fmt_date(changes.previous_as_of)}"),
                self.s.h2,
            )
        ]
        if changes.empty:
            out.append(
                self.empty("No new or closed risks, no milestone moved, no change approved.")
            )
            return out
        groups = [
            ("New risks", changes.new_risks),
            ("Closed risks", changes.closed_risks),
            ("Milestones moved", changes.milestones_moved),
            ("Changes approved", changes.changes_approved),
        ]
        for label, items in groups:
            for item in items:
                out.append(
                    self.free(
                        item, self.s.bullet, prefix=f"{markup(label, bold=True)}: ", bullet="•"
                    )
                )
        return out

    # ------------------------------------------------------------------ 2. summary
    def summary_section(self) -> list[Flowable]:
        d = self.data
        out = self.heading("summary")
        out.append(
            self.free(d.executive_summary or "No executive summary was written.", self.s.body)
        )
        groups = (
            ("Key achievements", d.achievements, "None recorded."),
            ("Decisions needed", d.decisions_needed, "No decision needed this week."),
            ("Help needed", d.help_needed, "No help needed this week."),
        )
        if self.options.executive:  # one page: empty lists share one line
            missing = [title.lower() for title, items, _ in groups if not items]
            groups = tuple(g for g in groups if g[1])
            if missing:
                listed = ", ".join(missing[:-1]) + (" or " if len(missing) > 1 else "")
                out.append(self.empty(f"No {listed}{missing[-1]} recorded this week."))
        for title, items, none in groups:
            out.append(Paragraph(markup(title), self.s.h2))
            if not items:
                out.append(self.empty(none))
            for item in items:
                out.append(self.free(item, self.s.bullet, bullet="•"))
        return out

    # ------------------------------------------------------------------ 3. milestones
    def milestones_section(self, limit: int | None = None) -> list[Flowable]:
        out = self.heading("milestones")
        milestones = self.data.milestones
        if not milestones:
            return [*out, self.empty("The plan has no milestones.")]
        note = None
        if limit is not None and len(milestones) > limit:
            upcoming = [m for m in milestones if m.actual is None]
            shown = (upcoming or milestones)[:limit]
            note = self.empty(f"{len(milestones) - len(shown)} more milestones in the full report.")
        else:
            shown, note = self.capped(milestones, "milestones")
        rows: list[list[Cell]] = []
        extra: list = []
        for index, m in enumerate(shown, start=1):
            variance = "–" if m.variance_days is None else f"{m.variance_days:+d} d"
            status = ("⚠ " if m.slipped else "") + m.status
            if m.moved_days:
                status += f" (moved {m.moved_days:+d} d since last report)"
            rows.append(
                [
                    self.p(m.name, bold=m.slipped),
                    self.p(fmt_date(m.baseline)),
                    self.p(fmt_date(m.forecast)),
                    self.p(fmt_date(m.actual)),
                    self.p(variance, self.s.cell_alert_right if m.slipped else self.s.cell_right),
                    self.p(status, self.s.cell_alert if m.slipped else None),
                ]
            )
            if m.slipped:
                extra.append(("BACKGROUND", (0, index), (-1, index), st.HIGHLIGHT))
        out.append(
            self.table(
                ["Milestone", "Baseline", "Forecast", "Actual", "Variance", "Status"],
                rows,
                (0.3, 0.12, 0.12, 0.12, 0.1, 0.24),
                right=(4,),
                extra=extra,
            )
        )
        if note:
            out.append(note)
        return out

    # ------------------------------------------------------------------ 4. progress
    def progress_section(self) -> list[Flowable]:
        d = self.data
        out = self.heading("progress")
        out.append(
            Paragraph(
                markup(f"Done this period ({fmt_date(d.period_start)} – {fmt_date(d.period_end)})"),
                self.s.h2,
            )
        )
        out.extend(
            self._task_table(d.done, "Finished", "tasks finished", "Nothing finished this period.")
        )
        end = d.as_of + timedelta(days=14)
        out.append(Paragraph(markup(f"Planned next period (until {fmt_date(end)})"), self.s.h2))
        out.extend(
            self._task_table(
                d.planned, "Due", "planned tasks", "Nothing starts or is due in the next two weeks."
            )
        )
        return out

    def _task_table(self, lines: list[TaskLine], date_title: str, what: str, none: str) -> list:
        if not lines:
            return [self.empty(none)]
        shown, note = self.capped(lines, what)
        rows = [
            [
                self.p(t.name),
                self.p(t.owner or "–"),
                self.p(fmt_date(t.start)),
                self.p(fmt_date(t.finish)),
                self.p(f"{t.percent_complete:.0f}%", self.s.cell_right),
            ]
            for t in shown
        ]
        table = self.table(
            ["Task", "Owner", "Start", date_title, "Done"],
            rows,
            (0.44, 0.2, 0.13, 0.13, 0.1),
            right=(4,),
        )
        return [table, note] if note else [table]

    # ------------------------------------------------------------------ 5. gantt
    def gantt_section(self) -> list[Flowable]:
        out = self.heading("gantt")
        gantt = self.data.gantt
        if gantt is None or not gantt.rows:
            return [*out, self.empty("No scheduled tasks to show.")]
        rows = gantt.rows
        first, last = snapshot_window(rows, self.data.as_of)
        status = gantt.status_date or datetime.combine(self.data.as_of, datetime.min.time())
        limit = self.options.max_gantt_rows
        note = None
        if len(rows) > limit:
            note = self.empty(
                f"Showing {limit} of {len(rows)} summary, critical and milestone rows in the "
                "window; export the Gantt chart for the whole plan."
            )
            rows = rows[:limit]
        out.append(
            self.empty(
                f"{fmt_date(first)} – {fmt_date(last)}: summary tasks, critical tasks (red) and "
                "milestones; grey bars are the baseline, the dashed line is the status date."
            )
        )
        out.append(Spacer(1, 1.5 * mm))
        chunk = 45
        for begin in range(0, len(rows), chunk):
            out.append(GanttFlowable(rows[begin : begin + chunk], first, last, status=status))
        if note:
            out.append(note)
        return out

    # ------------------------------------------------------------------ 6. risks
    def top_risks(self, *, limit: int = 10, with_map: bool = True) -> list[Flowable]:
        d = self.data
        out = self.heading("risks")
        shown = d.risks[:limit]
        title = f"Top {len(shown)} of {d.open_risk_count} open risks by score"
        if len(shown) == d.open_risk_count:
            title = f"Open risks by score ({d.open_risk_count})"
        out.append(Paragraph(markup(title), self.s.h2))
        if not d.risks:
            out.append(self.empty("No open risks are recorded, so the heat map is empty."))
            return out
        intro: list[Flowable] = []
        exposure = self.exposure_line()
        if exposure is not None:
            intro.append(exposure)
        if with_map:
            intro += [Spacer(1, 4), self.p(self.band_legend(), self.s.small)]
            bands = [[d.cell_band(p, i) for i in range(1, 6)] for p in range(1, 6)]
            side = Table(
                [[intro, HeatMap(d.heat_map, cell=17, bands=bands)]],
                colWidths=[self.width * 0.66, self.width * 0.34],
                hAlign="LEFT",
            )
            side.setStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (0, 0), 12),
                    ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
            out.append(side)
        else:
            out.extend([*intro, Spacer(1, 4)])
        fractions = (0.07, 0.45, 0.16, 0.07, 0.07, 0.18)
        rows: list[list[Cell]] = []
        extra: list = []
        for index, risk in enumerate(shown, start=1):
            trend = TREND_WORDS[risk.trend]
            if risk.previous_score is not None and risk.trend is not Trend.SAME:
                trend = f"{trend} (was {risk.previous_score})"
            title_text = risk.title + (" (opportunity)" if risk.kind == "opportunity" else "")
            rows.append(
                [
                    self.p(risk.code),
                    self.p(title_text),
                    self.p(risk.owner or "–"),
                    self.p(f"{risk.probability}×{risk.impact}", self.s.cell_right),
                    self.p(str(risk.score), self.s.cell_right, bold=True),
                    self.p(trend, self.s.cell_alert if risk.trend is Trend.DOWN else None),
                ]
            )
            band = risk.band or band_of(risk.score, d.heat_bands)
            if band in st.HEAT_COLOURS:
                extra.append(("BACKGROUND", (4, index), (4, index), st.HEAT_COLOURS[band]))
        out.append(
            self.table(
                ["ID", "Risk", "Owner", "P×I", "Score", "Trend"],
                rows,
                fractions,
                right=(3, 4),
                extra=extra,
            )
        )
        if d.unassessed_risks:
            out.append(
                self.empty(
                    f"{d.unassessed_risks} open risk(s) have no probability or impact yet and "
                    "are not on the heat map."
                )
            )
        return out

    def band_legend(self) -> str:
        low, medium, high = self.data.heat_bands
        return (
            f"Score bands: low 1–{low}, medium {low + 1}–{medium}, high {medium + 1}–{high}, "
            f"critical {high + 1}–25."
        )

    def exposure_line(self) -> Flowable | None:
        """Key figures of the open register: risks per band, EMV and schedule exposure."""
        d = self.data
        e = d.exposure
        cur = d.currency
        bands = [r.band or band_of(r.score, d.heat_bands) for r in d.risks]
        per_band = [f"{bands.count(b)} {b}" for b in ("critical", "high", "medium", "low")]
        figures: list[tuple[str, str]] = [
            ("Open risks", f"{d.open_risk_count}: " + " · ".join(per_band))
        ]
        if e is not None:
            figures.append(("Threat exposure (EMV)", fmt_money(e.threat_emv, cur)))
            figures.append(
                (
                    "Schedule exposure",
                    f"{e.schedule_days:.1f} days weighted · {e.worst_case_days} days if all occur",
                )
            )
            if e.opportunity_emv:
                figures.append(
                    (
                        "Opportunities (EMV)",
                        f"{fmt_money(e.opportunity_emv, cur)} · net exposure "
                        f"{fmt_money(e.net_emv, cur)}",
                    )
                )
        table = Table(
            [[self.p(k, self.s.small), self.p(v, self.s.cell_bold)] for k, v in figures],
            colWidths=[self.width * 0.66 * f for f in (0.34, 0.66)],
            hAlign="LEFT",
        )
        table.setStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, -2), 0.3, st.RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
        return table

    def risks_section(self) -> list[Flowable]:
        d = self.data
        out = self.top_risks()
        out.append(Paragraph(markup("Open issues by priority"), self.s.h2))
        if not d.issues_available:
            out.append(self.empty("The issue log is not in use for this project."))
        elif not d.issues:
            out.append(self.empty("No open issues."))
        else:
            counts = [f"{n} {p}" for p, n in d.issue_counts.items() if n]
            if counts:
                out.append(self.p(f"{len(d.issues)} open: " + ", ".join(counts) + ".", self.s.body))
            shown, note = self.capped(d.issues, "issues")
            rows = [
                [
                    self.p(i.code),
                    self.p(i.title),
                    self.p(i.priority.capitalize(), bold=True),
                    self.p(i.owner or "–"),
                    self.p(i.status.capitalize()),
                    self.p(
                        fmt_date(i.due) + (" (overdue)" if i.due and i.due < d.as_of else ""),
                        self.s.cell_alert if i.due and i.due < d.as_of else None,
                    ),
                ]
                for i in shown
            ]
            out.append(
                self.table(
                    ["ID", "Issue", "Priority", "Owner", "Status", "Due"],
                    rows,
                    (0.08, 0.38, 0.1, 0.17, 0.11, 0.16),
                )
            )
            if note:
                out.append(note)
        out.append(Paragraph(markup("Change requests"), self.s.h2))
        if not d.change_requests_available:
            out.append(self.empty("The change log is not in use for this project."))
            return out
        for title, items, none, when in (
            (
                "Awaiting decision",
                d.changes_pending,
                "No change request awaits a decision.",
                "Requested",
            ),
            (
                "Decided this period",
                d.changes_decided,
                "No change request was decided this period.",
                "Decided",
            ),
        ):
            out.append(Paragraph(markup(title), self.s.h3))
            if not items:
                out.append(self.empty(none))
                continue
            rows = [
                [
                    self.p(c.code),
                    self.p(c.title),
                    self.p(c.status.capitalize()),
                    self.p(fmt_date(c.decided if when == "Decided" else c.requested)),
                    self.p(c.impact or "–"),
                ]
                for c in items[: self.options.max_list_rows]
            ]
            out.append(
                self.table(
                    ["ID", "Change", "Status", when, "Impact"], rows, (0.09, 0.37, 0.16, 0.12, 0.26)
                )
            )
        return out

    # ------------------------------------------------------------------ 7. vendors
    def vendors_section(self) -> list[Flowable]:
        d = self.data
        out = self.heading("vendors")
        if not d.vendors_available:
            out.append(self.empty("No vendor is recorded for this project on the Vendors tab."))
            return out
        out.append(Paragraph(markup(f"Deliveries late or due within {d.due_days} days"), self.s.h2))
        if not d.deliveries:
            out.append(
                self.empty(f"No delivery is late and none is due in the next {d.due_days} days.")
            )
        else:
            shown, note = self.capped(d.deliveries, "deliveries")
            rows = []
            extra: list = []
            for index, item in enumerate(shown, start=1):
                if item.late:
                    when = f"{item.days_late} d late"
                    extra.append(("BACKGROUND", (0, index), (-1, index), st.HIGHLIGHT))
                elif item.days_late == 0:
                    when = "Due today"
                else:
                    when = f"in {-item.days_late} d"
                rows.append(
                    [
                        self.p(item.vendor),
                        self.p(item.description),
                        self.p(item.task or "–"),
                        self.p(fmt_date(item.promised)),
                        self.p(item.status.capitalize() or "–"),
                        self.p(when, self.s.cell_alert_right if item.late else self.s.cell_right),
                    ]
                )
            out.append(
                self.table(
                    ["Vendor", "Delivery", "Gates task", "Promised", "Status", "When"],
                    rows,
                    (0.19, 0.29, 0.2, 0.12, 0.1, 0.1),
                    right=(5,),
                    extra=extra,
                )
            )
            if note:
                out.append(note)
        out.append(
            Paragraph(markup(f"Contract notice deadlines within {d.notice_days} days"), self.s.h2)
        )
        if not d.notices:
            out.append(self.empty(f"No notice deadline falls in the next {d.notice_days} days."))
        else:
            rows = [
                [
                    self.p(n.vendor),
                    self.p(n.contract),
                    self.p(fmt_date(n.end)),
                    self.p(n.notice or "–"),
                    self.p(fmt_date(n.notice_by), bold=True),
                    self.p("–" if n.days_left is None else f"{n.days_left} d", self.s.cell_right),
                ]
                for n in d.notices[: self.options.max_list_rows]
            ]
            out.append(
                self.table(
                    ["Vendor", "Contract", "Ends", "Notice", "Give notice by", "Left"],
                    rows,
                    (0.19, 0.3, 0.13, 0.12, 0.16, 0.1),
                    right=(5,),
                )
            )
        if d.vendor_attention:
            out.append(Paragraph(markup("Also needs attention"), self.s.h2))
            for item in d.vendor_attention[: self.options.max_list_rows]:
                out.append(
                    Paragraph(
                        f"{markup(item.vendor, bold=True)}: {markup(item.title)} "
                        f"<font color='#6b7280'>({markup(item.detail)})</font>",
                        self.s.bullet,
                        bulletText="•",
                    )
                )
        out.append(Paragraph(markup("Spend by vendor"), self.s.h2))
        if not d.spend:
            out.append(self.empty("No contract, order or invoice is recorded yet."))
        else:
            rows = [
                [
                    self.p(r.vendor),
                    *(
                        self.p(fmt_money(value, r.currency or d.currency), self.s.cell_right)
                        for value in (r.contract_value, r.committed, r.invoiced, r.paid)
                    ),
                ]
                for r in d.spend[: self.options.max_list_rows]
            ]
            out.append(
                self.table(
                    ["Vendor", "Contract value", "Committed", "Invoiced", "Paid"],
                    rows,
                    (0.32, 0.17, 0.17, 0.17, 0.17),
                    right=(1, 2, 3, 4),
                )
            )
        return out

    def budget_lines_block(self) -> list[Flowable]:
        d = self.data
        out: list[Flowable] = [Paragraph(markup("Spend against budget lines"), self.s.h2)]
        if not d.budget_lines:
            out.append(self.empty("No budget lines are recorded (add them on the Vendors tab)."))
            return out
        rows = []
        extra: list = []
        for index, line in enumerate(d.budget_lines[: self.options.max_list_rows], start=1):
            cur = line.currency or d.currency
            over = line.remaining < 0
            if over:
                extra.append(("BACKGROUND", (0, index), (-1, index), st.HIGHLIGHT))
            rows.append(
                [
                    self.p(line.name),
                    self.p(fmt_money(line.budget, cur), self.s.cell_right),
                    self.p(fmt_money(line.committed, cur), self.s.cell_right),
                    self.p(fmt_money(line.invoiced, cur), self.s.cell_right),
                    self.p(
                        fmt_money(line.remaining, cur),
                        self.s.cell_alert_right if over else self.s.cell_right,
                    ),
                ]
            )
        out.append(
            self.table(
                ["Budget line", "Budget", "Committed", "Invoiced", "Uncommitted"],
                rows,
                (0.4, 0.15, 0.15, 0.15, 0.15),
                right=(1, 2, 3, 4),
                extra=extra,
            )
        )
        return out

    # ------------------------------------------------------------------ 8. budget
    def budget_section(self) -> list[Flowable]:
        b = self.data.budget
        cur = b.currency
        out = self.heading("budget")
        variance = None
        if b.budget is not None and b.forecast is not None:
            variance = b.forecast - b.budget
        spi = "–" if b.spi is None else f"{b.spi:.2f}"
        spi_detail = ""
        if b.spi is not None and b.earned_percent is not None and b.planned_percent is not None:
            spi_detail = f"{b.earned_percent:.0f}% done / {b.planned_percent:.0f}% planned"
        values = [
            ("Budget", fmt_money(b.budget, cur)),
            ("Committed (orders)", fmt_money(b.committed, cur)),
            ("Actual (invoiced)", fmt_money(b.actual, cur)),
            ("Paid", fmt_money(b.paid, cur)),
            ("Forecast at completion", fmt_money(b.forecast, cur)),
            (
                "Variance at completion",
                "–"
                if variance is None
                else ("+" if variance > 0 else "") + fmt_money(variance, cur),
            ),
            ("SPI (schedule performance)", spi),
            ("CPI (cost performance)", "–" if b.cpi is None else f"{b.cpi:.2f}"),
        ]
        alert = variance is not None and variance > 0
        cells: list[list[Cell]] = []
        for start in (0, 4):
            group = values[start : start + 4]
            group += [("", "")] * (4 - len(group))
            cells.append([self.p(k, self.s.small) for k, _ in group])
            cells.append(
                [
                    [
                        self.p(
                            v,
                            self.s.cell_alert
                            if alert and k.startswith("Variance")
                            else self.s.cell_bold,
                        ),
                        *([self.p(spi_detail, self.s.small)] if k.startswith("SPI") else []),
                    ]
                    for k, v in group
                ]
            )
        table = Table(cells, colWidths=[self.width / 4] * 4, hAlign="LEFT")
        table.setStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, st.RULE),
                ("INNERGRID", (0, 0), (-1, -1), 0.3, st.RULE),
                ("BACKGROUND", (0, 0), (-1, 0), st.ZEBRA),
                ("BACKGROUND", (0, 2), (-1, 2), st.ZEBRA),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
        out.append(table)
        notes = b.notes
        if self.options.executive:  # only why a figure is missing; the full report explains
            notes = [n for n in notes if "not shown" in n or "Not included" in n]
        notes_block = [self.empty(note) for note in notes]
        if self.options.executive:
            return [KeepTogether(out + notes_block)]
        return [KeepTogether([*out, *notes_block]), *self.budget_lines_block()]


def _flatten(flowables: list[Flowable]) -> list[Flowable]:
    """Content for a KeepInFrame: no page-break helpers, KeepTogether unwrapped."""
    out: list[Flowable] = []
    for item in flowables:
        if isinstance(item, KeepTogether):
            out.extend(_flatten(list(item._content)))
        elif not isinstance(item, CondPageBreak):
            out.append(item)
    return out


def snapshot_window(rows: list[GanttRow], as_of: date) -> tuple[date, date]:
    """Two weeks back to eight weeks ahead of ``as_of``, or the whole plan when it is shorter.

    A plan entirely in the past (or the future) of ``as_of`` shows its last (or first) ten
    weeks instead of an empty chart.
    """
    span = timedelta(days=70)
    first = as_of - timedelta(days=14)
    last = as_of + timedelta(days=56)
    starts = [r.start.date() for r in rows if r.start]
    finishes = [r.finish.date() for r in rows if r.finish]
    if starts and finishes:
        plan_first = min(starts) - timedelta(days=2)
        plan_last = max(finishes) + timedelta(days=2)
        if plan_last - plan_first <= span:
            first, last = plan_first, plan_last
        elif plan_last < first:
            first, last = plan_last - span, plan_last
        elif plan_first > last:
            first, last = plan_first, plan_first + span
        else:
            first, last = max(first, plan_first), min(last, plan_last)
    # start the axis on a Monday so the week lines and labels line up
    first -= timedelta(days=first.weekday())
    if last <= first:
        last = first + timedelta(days=7)
    return first, last


__all__ = ["StatusReport", "render_status_report", "snapshot_window"]
