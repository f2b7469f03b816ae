"""Light and Dark: every tab follows the theme, and text stays readable (WCAG AA, 4.5:1).

Two levels. The roles of ``ui/theme.py`` are checked against the surfaces they are painted
on. Then the real window is grabbed in each theme, switched live from the other one (as Edit >
Settings does), and real pixels are read back: in a region that holds text, the most frequent
colour is the background and the pixel farthest from it is the text; their contrast must reach
4.5:1, and the background must be dark in Dark and light in Light (the Gantt chart, the tables,
the money cards, the S-curve). Set INFRADESK_THEME_SHOTS to a folder to keep the screenshots.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from infradesk.ui import theme
from infradesk.ui.main_window import MainWindow
from infradesk.ui.settings import apply_theme
from infradesk.ui.theme import BANDS, DARK, LIGHT, Theme, contrast, over

AA = 4.5
SWITCHES = [
    pytest.param("light", "dark", id="light-to-dark"),
    pytest.param("dark", "light", id="dark-to-light"),
    pytest.param("dark", "dark", id="dark-at-start"),
]


@pytest.fixture
def restore_theme() -> Iterator[None]:
    yield None
    apply_theme("system")


# ---------------------------------------------------------------------- the roles themselves
def _window_of(colors: Theme) -> QColor:
    """The window colour the theme is shown on (the palettes apply_theme sets)."""
    return QColor(45, 47, 51) if colors.dark else QColor(239, 239, 239)


@pytest.mark.parametrize("colors", [LIGHT, DARK], ids=["light", "dark"])
def test_text_roles_reach_aa_on_the_surfaces_they_are_painted_on(colors: Theme) -> None:
    g = colors.gantt
    pairs: dict[str, tuple[QColor, QColor]] = {}
    for role in ("text", "muted", "axis_text", "error", "bad", "warn", "good", "info"):
        pairs[f"{role} on surface"] = (getattr(colors, role), colors.surface)
        pairs[f"{role} on window"] = (getattr(colors, role), _window_of(colors))
    pairs["inactive on surface"] = (colors.inactive, colors.surface)
    for band in BANDS:
        pairs[f"score on {band} tint"] = (colors.text, colors.band_tint[band])
        pairs[f"heat count on {band}"] = (colors.heat_text, colors.band_fill[band])
    pairs["bad on its tint"] = (colors.bad, colors.bad_tint)
    pairs["warn on its tint"] = (colors.warn, colors.warn_tint)
    pairs["text on bad tint"] = (colors.text, colors.bad_tint)
    pairs["banner"] = (colors.banner_text, colors.banner)
    pairs["alert"] = (colors.alert_text, colors.alert)
    for kind, text in colors.attention_text.items():
        pairs[f"attention {kind}"] = (text, colors.surface)
    for name in ("background", "stripe"):
        ground = getattr(g, name)
        pairs[f"gantt text on {name}"] = (g.text, ground)
        pairs[f"gantt label on {name}"] = (g.muted, ground)
        pairs[f"gantt label on weekend {name}"] = (g.muted, over(g.nonworking, ground))
    pairs["time scale"] = (g.header_text, g.header)
    pairs["curve axis"] = (colors.axis_text, colors.surface)
    low = {name: round(contrast(a, b), 2) for name, (a, b) in pairs.items() if contrast(a, b) < AA}
    assert not low, f"{colors.name}: below {AA}:1: {low}"


def test_the_dark_theme_is_dark_and_the_light_theme_light() -> None:
    for role in ("surface", "bad_tint", "warn_tint", "banner", "alert"):
        assert getattr(DARK, role).lightness() < 90, role
        assert getattr(LIGHT, role).lightness() > 200, role
    for name in ("background", "stripe", "header"):
        assert getattr(DARK.gantt, name).lightness() < 90, name
        assert getattr(LIGHT.gantt, name).lightness() > 200, name
    for band in BANDS:
        assert DARK.band_tint[band].lightness() < 90, band


# ---------------------------------------------------------------------- pixels of the window
def _dominant(image: QImage, rect: QRect) -> QColor:
    counts = Counter(
        image.pixel(x, y)
        for y in range(rect.top(), rect.bottom() + 1)
        for x in range(rect.left(), rect.right() + 1)
    )
    return QColor.fromRgb(counts.most_common(1)[0][0])


def text_contrast(image: QImage, rect: QRect) -> tuple[QColor, QColor, float]:
    """(background, text, ratio) of a region that holds text, read from real pixels."""
    rect = rect.intersected(image.rect())
    assert rect.width() > 2 and rect.height() > 2, rect
    ground = _dominant(image, rect)
    best, ink = 1.0, ground
    for value in {
        image.pixel(x, y)
        for y in range(rect.top(), rect.bottom() + 1)
        for x in range(rect.left(), rect.right() + 1)
    }:
        colour = QColor.fromRgb(value)
        ratio = contrast(colour, ground)
        if ratio > best:
            best, ink = ratio, colour
    return ground, ink, best


def _in_window(widget: QWidget, window: QWidget, rect: QRect | None = None) -> QRect:
    rect = rect if rect is not None else widget.rect()
    return QRect(widget.mapTo(window, rect.topLeft()), rect.size())


def _shot(window: QWidget, name: str) -> QImage:
    QApplication.processEvents()
    image = window.grab().toImage()
    folder = os.environ.get("INFRADESK_THEME_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        image.save(str(Path(folder) / f"{name}.png"))
    return image


class Checks:
    """Collects every region's contrast, so one failure report names them all."""

    def __init__(self, dark: bool) -> None:
        self.dark = dark
        self.found: dict[str, float] = {}
        self.wrong_ground: dict[str, str] = {}

    def text(self, name: str, image: QImage, rect: QRect, ground_follows: bool = True) -> None:
        ground, _ink, ratio = text_contrast(image, rect)
        self.found[name] = round(ratio, 2)
        if ground_follows and (ground.lightness() < 110) != self.dark:
            self.wrong_ground[name] = ground.name()

    def assert_readable(self) -> None:
        low = {name: ratio for name, ratio in self.found.items() if ratio < AA}
        assert not low and not self.wrong_ground, (
            f"text below {AA}:1: {low}; backgrounds not following the theme: "
            f"{self.wrong_ground} (all: {self.found})"
        )


def _switched(qtbot, workspace, start: str, end: str) -> MainWindow:
    apply_theme(start)
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.resize(1400, 850)
    window.show()
    qtbot.waitExposed(window)
    for index in range(window.tabs.count()):  # every tab built and polished in the first theme
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
    apply_theme(end)
    QApplication.processEvents()
    assert theme.current().name == end
    return window


@pytest.mark.parametrize(("start", "end"), SWITCHES)
def test_every_tab_follows_a_live_theme_switch_and_stays_readable(
    qtbot, demo_workspace, restore_theme, start: str, end: str
) -> None:
    window = _switched(qtbot, demo_workspace, start, end)
    colors = theme.current()
    checks = Checks(dark=end == "dark")

    # Gantt: the table's rows (plain and striped), the chart and its time scale
    gantt = window.gantt_tab
    window.tabs.setCurrentWidget(gantt)
    image = _shot(window, f"{end}-gantt")
    table = gantt.table
    for row in (1, 2):
        cell = table.visualRect(gantt.model.index(row, 1))
        checks.text(f"task name row {row}", image, _in_window(table.viewport(), window, cell))
    chart = gantt.chart
    viewport = _in_window(chart.viewport(), window)
    chart_ground = _dominant(image, viewport)
    if chart_ground not in (colors.gantt.background, colors.gantt.stripe):
        checks.wrong_ground["chart (not the theme's Gantt background)"] = chart_ground.name()
    name_ink = table.palette().color(QPalette.ColorRole.Text)
    checks.found["task name ink on chart background"] = round(contrast(name_ink, chart_ground), 2)
    painter = chart.painter
    milestone = next(
        (v, row)
        for v, row in enumerate(painter.view_rows)
        if painter.is_milestone(row) and painter.bar_rect(row, v) is not None
    )
    bar = painter.bar_rect(milestone[1], milestone[0])
    chart.horizontalScrollBar().setValue(int(bar.left()) - 200)
    chart.verticalScrollBar().setValue(max(0, int(bar.top()) - 100))
    image = _shot(window, f"{end}-gantt-milestone")
    label = QRect(
        int(bar.right() - chart.horizontalScrollBar().value()) + 8,
        int(bar.top() - chart.verticalScrollBar().value()) - 6,
        110,
        painter.row_height - 4,
    )
    checks.text("milestone label in the chart", image, _in_window(chart.viewport(), window, label))
    header = chart.header
    top_tier = QRect(0, 0, header.width(), header.height() // 2)
    checks.text("time scale", image, _in_window(header, window, top_tier))

    # Risks: a score cell on its band tint, a heat-map count, the detail's text
    risks = window.risks_tab.risks
    window.tabs.setCurrentWidget(window.risks_tab)
    image = _shot(window, f"{end}-risks")
    score = next(n for n, c in enumerate(risks.model.columns) if c.title == "Score")
    cell = risks.table.visualRect(risks.table.model().index(0, score))
    checks.text("risk score cell", image, _in_window(risks.table.viewport(), window, cell), False)
    heat = risks.heat_map
    p, i = next(
        (p, i) for p in range(5, 0, -1) for i in range(5, 0, -1) if heat.heat_map.count(p, i)
    )
    checks.text(
        "heat map count", image, _in_window(heat, window, heat.cell_rect(p, i).toRect()), False
    )
    cell = risks.table.visualRect(risks.table.model().index(0, 1))
    checks.text("risk title", image, _in_window(risks.table.viewport(), window, cell))

    # Vendors: the money cards (value and title), the attention list
    vendors = window.vendors_tab
    window.tabs.setCurrentWidget(vendors)
    image = _shot(window, f"{end}-vendors")
    cards = [w for w in vendors.findChildren(QWidget, "figureCard") if w.isVisible()]
    assert cards
    for card in cards[:2]:
        value = card.findChild(QLabel, "figureValue")
        title = card.findChild(QLabel, "figureTitle")
        checks.text(f"card value {title.text()}", image, _in_window(value, window))
        checks.text(f"card title {title.text()}", image, _in_window(title, window))
    attention = vendors.attention.table
    cell = attention.visualRect(attention.model().index(0, 0))
    checks.text("attention label", image, _in_window(attention.viewport(), window, cell))

    # Cost: the figures and the S-curve
    cost = window.progress.cost_tab
    window.tabs.setCurrentWidget(cost)
    image = _shot(window, f"{end}-cost")
    checks.text("EVM figure", image, _in_window(cost.values["bac"], window))
    checks.text("EVM heading", image, _in_window(cost.heading, window))
    curve = cost.chart
    axis = QRect(0, 0, 72, curve.height())
    checks.text("S-curve axis labels", image, _in_window(curve, window, axis))
    curve_ground = _dominant(image, _in_window(curve, window))
    if curve_ground != colors.surface:
        checks.wrong_ground["S-curve (not the theme's surface)"] = curve_ground.name()

    checks.assert_readable()


@pytest.mark.parametrize(("start", "end"), SWITCHES)
def test_the_welcome_page_follows_the_theme(
    qtbot, workspace, restore_theme, start: str, end: str
) -> None:
    window = _switched(qtbot, workspace, start, end)
    assert window.welcome.showing_welcome()
    image = _shot(window, f"{end}-welcome")
    page = window.welcome.page
    checks = Checks(dark=end == "dark")
    title = page.findChild(QLabel, "welcomeTitle")
    checks.text("welcome title", image, _in_window(title, window))
    checks.text("welcome text", image, _in_window(page.workspace_label, window))
    checks.text("demo button", image, _in_window(page.demo_button, window))
    checks.assert_readable()


def test_exported_images_keep_the_light_colours_in_the_dark_theme(
    qtbot, demo_workspace, restore_theme
) -> None:
    from infradesk.ui.gantt.export import render_images

    window = _switched(qtbot, demo_workspace, "light", "dark")
    painter = window.gantt_tab.painter
    first = min(s for s in painter.outline.start if s is not None).date()
    image = render_images(painter, first, first.replace(day=min(first.day + 20, 28)))[0]
    assert _dominant(image, image.rect()) in (LIGHT.gantt.background, LIGHT.gantt.stripe)
    assert theme.current() is DARK  # the screen's colours are untouched
    assert QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128
