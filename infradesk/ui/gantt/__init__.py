"""The Gantt tab.

* ``tab.GanttTab`` — the tab: toolbar, outline table and chart side by side, edits.
* ``outline_model.OutlineModel`` — the outline as a flat table model over plain lists
  (``services.plan.outline.Outline``); filters and folded summaries pick the view rows.
* ``table.GanttTable`` — the table: indented names, outline keys, refusals, row drag.
* ``chart.GanttChart`` / ``painter.GanttPainter`` — the chart paints only the visible rows
  with QPainter (no item per task); the painter also renders PNG exports.
* ``timescale`` — zoom levels and the two tiers of the time scale.
* ``task_dialog.TaskDialog`` — every field of a task, its predecessors, risks, deliveries.
* ``export`` — PNG (QImage, fit to width or tiled) and PDF (through the report) exports.
"""
