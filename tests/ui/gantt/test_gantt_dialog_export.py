"""The task dialog and the PNG export."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtGui import QImage

from infradesk.ui.gantt.export import export_png, render_images


def row(tab, name: str) -> int:
    return tab.model.outline.name.index(name)


def test_task_dialog_saves_fields_links_and_notes_as_one_step(gantt) -> None:
    dialog = gantt.make_dialog(row(gantt, "Test"))
    assert dialog.links.rowCount() == 0
    dialog.name.setText("Acceptance test")
    dialog.duration.setText("2d")
    dialog.owner.setText("Dee")
    dialog.notes.setPlainText("Run the failover checklist.")
    dialog.deadline_enabled.setChecked(True)
    dialog._add_link_row(gantt.model.outline.ids[row(gantt, "Cable")], "FS", 480)
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.command is not None
    assert gantt.run(dialog.command)
    o = gantt.model.outline
    r = o.name.index("Acceptance test")
    assert (o.duration[r], o.owner[r]) == (960, "Dee")
    assert o.predecessors[r] == "7FS+1d"
    assert o.deadline[r] is not None
    assert o.start[r] > o.finish[o.name.index("Cable")]
    again = gantt.make_dialog(r)
    assert again.notes.toPlainText() == "Run the failover checklist."
    assert again.links.rowCount() == 1
    gantt.context.undo_stack.undo()
    o = gantt.model.outline
    assert "Test" in o.name and o.predecessors[o.name.index("Test")] == ""


def test_task_dialog_refuses_bad_input(gantt) -> None:
    dialog = gantt.make_dialog(row(gantt, "Test"))
    dialog.duration.setText("soon")
    dialog.accept()
    assert "not a duration" in dialog.error.text()
    assert dialog.command is None
    unchanged = gantt.make_dialog(row(gantt, "Test"))
    assert unchanged.build_command(gantt.context.project_id) is None


def test_task_dialog_progress_cost_and_constraint(gantt) -> None:
    from decimal import Decimal

    from infradesk.ui.gantt.task_dialog import _qdt

    r = row(gantt, "Rack")
    dialog = gantt.make_dialog(r)
    assert dialog.constraint.currentData() == "ASAP" and not dialog.constraint_date.isEnabled()
    dialog.constraint.setCurrentIndex(dialog.constraint.findData("SNET"))
    assert dialog.constraint_date.isEnabled()
    dialog.constraint_date.setDateTime(_qdt(datetime(2026, 3, 16, 8, 0)))
    dialog.cost.setText("8,000")
    dialog.actual_cost.setText("1500.50")
    dialog.accept()
    assert dialog.command is not None and gantt.run(dialog.command)
    o = gantt.model.outline
    assert (o.constraint_type[r], o.constraint_date[r]) == ("SNET", datetime(2026, 3, 16, 8, 0))
    assert o.start[r] == datetime(2026, 3, 16, 8, 0)
    assert (o.cost[r], o.own_actual_cost[r]) == (Decimal(8000), Decimal("1500.50"))
    dialog = gantt.make_dialog(r)
    dialog.actual_start_enabled.setChecked(True)
    dialog.actual_start.setDateTime(_qdt(datetime(2026, 3, 17, 8, 0)))
    dialog.remaining.setText("2d")
    dialog.accept()
    assert dialog.command is not None and gantt.run(dialog.command)
    o = gantt.model.outline
    assert o.actual_start[r] == datetime(2026, 3, 17, 8, 0) and o.remaining[r] == 2 * 480
    dialog = gantt.make_dialog(r)
    dialog.remaining.setText("later")
    dialog.accept()
    assert "Remaining work" in dialog.error.text() and dialog.command is None
    gantt.context.undo()
    gantt.context.undo()
    o = gantt.model.outline
    assert o.constraint_type[r] == "ASAP" and o.cost[r] == 0 and o.actual_start[r] is None


def test_png_export_fit_to_width_and_tiles(gantt, tmp_path) -> None:
    files = export_png(
        gantt.painter, tmp_path / "plan", date(2026, 3, 1), date(2026, 3, 31), fit_width=1600
    )
    assert files == [tmp_path / "plan.png"]
    image = QImage(str(files[0]))
    assert image.width() == 1600 or abs(image.width() - 1600) <= 2
    assert image.height() == 46 + 8 * 24
    # some pixels are bar-coloured (not only white background and grey grid)
    colours = {
        image.pixelColor(x, y).name()
        for x in range(330, image.width(), 7)
        for y in range(46, image.height(), 5)
    }
    assert "#5b9bd5" in colours or "#e06666" in colours
    tiles = render_images(
        gantt.painter, date(2026, 3, 1), date(2026, 4, 30), "day", tile_width=1000, rows_per_image=5
    )
    assert len(tiles) == 2 * 3  # two row bands, three horizontal tiles of 61 days * 36 px
    assert all(t.width() <= 330 + 1000 for t in tiles)


def test_export_menu_entries(gantt) -> None:
    titles = [a.text() for a in gantt.export_actions()]
    assert titles == ["Gantt chart as &PNG…", "Gantt chart as P&DF…"]
    menu = gantt.view_menu()
    assert "&Zoom" in [a.text() for a in menu.actions()]
    assert datetime(2026, 3, 2) <= gantt.painter.project_range()[0]


def test_pdf_export_through_the_report(gantt, tmp_path) -> None:
    from pypdf import PdfReader

    from infradesk.ui.gantt.export import export_to

    files = export_to(gantt, tmp_path / "plan.pdf", True, date(2026, 3, 1), date(2026, 3, 31))
    reader = PdfReader(str(files[0]))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Survey" in text and "Cable" in text


def test_demo_plan_shows_risk_and_delivery_markers(qtbot, demo_workspace) -> None:
    from infradesk.ui.context import AppContext
    from infradesk.ui.gantt.tab import GanttTab

    context = AppContext(demo_workspace)
    tab = GanttTab(context)
    qtbot.addWidget(tab)
    with demo_workspace.session() as session:
        from infradesk.services.plan.projects import list_projects

        context.set_project(list_projects(session)[0].id)
    assert tab.model.rowCount() > 40
    assert tab.model.markers_risks, "the demo links risks to tasks"
    task_id = next(iter(tab.model.markers_risks))
    row = tab.model.outline.row_of[task_id]
    assert "Risks:" in tab.model.tooltip(row)
    dialog = tab.make_dialog(row)
    from PySide6.QtWidgets import QListWidget

    related = dialog.findChild(QListWidget)
    lines = [related.item(i).text() for i in range(related.count())]
    code = tab.model.markers_risks[task_id][0]
    assert any(line.startswith(f"Risk {code}") for line in lines)
