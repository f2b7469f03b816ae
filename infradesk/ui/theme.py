"""Colours by meaning, per theme: what "muted text", "late", a risk band or a Gantt bar looks
like in the Light and in the Dark theme, in one place.

Widgets paint with the Qt palette where it has the role (window, base, text); everything the
palette has no role for (the Gantt chart, the charts, status colours, tints, banners) comes from
here, read at paint time, so the whole window follows Edit > Settings > Theme and switches live.

Which theme is current follows the application palette: a dark Window colour means Dark, so
"Same as the system" on a dark desktop gets the dark colours too. Painting code calls
``current()`` (or reads the ``gantt`` proxy) while it paints; a style sheet that names a colour
is set with ``restyle(widget, make)``, which builds it again when the theme changes (Qt does not
re-resolve a style sheet's colours when the palette changes: that left white cards with white
text after switching to Dark). ``printing()`` forces the Light colours for images and documents
(the PNG export), whatever the screen shows.

The Light values are the colours the app always used; ``tests/ui/test_theme_contrast.py`` checks
that text roles keep WCAG AA contrast (4.5:1) on the surfaces they are drawn on, in both themes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

BANDS = ("low", "medium", "high", "critical")
ATTENTION_KINDS = ("late", "expired", "budget", "over", "notice", "due")


def _c(value: str, alpha: int | None = None) -> QColor:
    colour = QColor(value)
    if alpha is not None:
        colour.setAlpha(alpha)
    return colour


@dataclass(frozen=True)
class GanttColors:
    """The chart, its time scale and the Tracking view (names as the painter always used)."""

    background: QColor
    stripe: QColor
    grid: QColor
    grid_strong: QColor
    nonworking: QColor  # translucent: stripes and selection show through
    freeze: QColor
    freeze_hatch: QColor
    freeze_edge: QColor
    today: QColor
    status: QColor
    on_tag: QColor  # text on the Today and Status tags of the time scale
    progress_line: QColor
    finished: QColor
    finished_edge: QColor
    bar: QColor
    bar_edge: QColor
    progress: QColor
    critical: QColor
    critical_edge: QColor
    critical_progress: QColor
    manual: QColor  # manually scheduled (MS Project: teal, bracketed ends)
    manual_edge: QColor
    manual_progress: QColor
    summary: QColor
    summary_progress: QColor
    milestone: QColor
    baseline: QColor
    link: QColor
    link_critical: QColor
    deadline: QColor
    late: QColor
    risk: QColor
    risk_mark: QColor  # the "!" inside the risk triangle
    delivery: QColor
    marker_fill: QColor  # inside a delivery's square
    text: QColor
    muted: QColor
    selection: QColor
    header: QColor
    header_text: QColor
    drag: QColor  # the outline of a bar being dragged and of a link being drawn
    drag_fill: QColor
    drag_text: QColor


@dataclass(frozen=True)
class Theme:
    """Semantic roles. Text roles are readable on ``surface`` and on the palette's window."""

    name: str
    surface: QColor  # background of painted charts (S-curve, Tracking view)
    text: QColor
    muted: QColor  # secondary text: hints, captions, figure titles
    inactive: QColor  # closed risks, cancelled orders
    axis_text: QColor
    axis: QColor
    grid: QColor
    error: QColor  # a refused value in a dialog; late finish and critical float in the Gantt
    bad: QColor  # late, overdue, over budget, negative money
    bad_tint: QColor  # background of a whole late/overdue row or cell (text stays `text`)
    warn: QColor
    warn_tint: QColor
    good: QColor
    info: QColor  # a new risk's trend arrow
    band_fill: dict[str, QColor]  # heat map cells and the score badge, under `heat_text`
    band_tint: dict[str, QColor]  # score cells in tables, under `text`
    heat_text: QColor
    heat_selected: QColor
    attention: dict[str, QColor]  # the coloured dots of the Vendors' "Needs attention" list
    attention_text: dict[str, QColor]  # its labels
    banner: QColor  # notices above the Gantt and the read-only banner
    banner_text: QColor
    banner_border: QColor
    alert: QColor  # a refusal shown above a table (Vendors)
    alert_text: QColor
    alert_border: QColor
    rag: dict[str, QColor]  # green, amber, red, none: the status dialog's swatches
    series_pv: QColor
    series_ev: QColor
    series_ac: QColor
    gantt: GanttColors

    @property
    def dark(self) -> bool:
        return self.name == "dark"


LIGHT = Theme(
    name="light",
    surface=_c("#ffffff"),
    text=_c("#2b2f33"),
    muted=_c("#5f6673"),  # was #6b7280: 4.2:1 on the grey window
    inactive=_c("#737373"),
    axis_text=_c("#39424e"),
    axis=_c("#9aa5b1"),
    grid=_c("#e3e8ef"),
    error=_c("#c0392b"),
    bad=_c("#b3261e"),
    bad_tint=_c("#fbe4e2"),
    warn=_c("#8a5a00"),
    warn_tint=_c("#fff3d6"),
    good=_c("#2b7630"),  # was #2e7d32: 4.46:1 on the grey window
    info=_c("#1f3a93"),
    band_fill={
        "low": _c("#8bc48a"),
        "medium": _c("#f4d35e"),
        "high": _c("#f29e4c"),
        "critical": _c("#e4572e"),
    },
    band_tint={
        "low": _c("#e3f2e1"),
        "medium": _c("#fdf4d0"),
        "high": _c("#fce3cc"),
        "critical": _c("#f9d3c9"),
    },
    heat_text=_c("#1e1e1e"),
    heat_selected=_c("#1f3a93"),
    attention={
        "late": _c("#d93025"),
        "expired": _c("#a142f4"),
        "budget": _c("#c5221f"),
        "over": _c("#e8710a"),
        "notice": _c("#1a73e8"),
        "due": _c("#f9ab00"),
    },
    attention_text={
        "late": _c("#d93025").darker(130),
        "expired": _c("#a142f4").darker(130),
        "budget": _c("#c5221f").darker(130),
        "over": _c("#e8710a").darker(130),
        "notice": _c("#1a73e8").darker(130),
        "due": _c("#8a5a00"),  # the yellow dot's own shade, darkened, read 3.2:1 on white
    },
    banner=_c("#fff4ce"),
    banner_text=_c("#5c4400"),
    banner_border=_c("#e0c36a"),
    alert=_c("#fbe4e2"),
    alert_text=_c("#8c1d18"),
    alert_border=_c("#f2b8b5"),
    rag={
        "green": _c("#2e7d32"),
        "amber": _c("#f0a202"),
        "red": _c("#c62828"),
        "none": _c("#9aa4af"),
    },
    series_pv=_c("#5b6b7b"),
    series_ev=_c("#2e7d32"),
    series_ac=_c("#c0392b"),
    gantt=GanttColors(
        background=_c("#ffffff"),
        stripe=_c("#f7f9fc"),
        grid=_c("#e3e8ef"),
        grid_strong=_c("#c9d1dc"),
        nonworking=QColor(205, 212, 222, 90),
        freeze=QColor(214, 69, 65, 28),
        freeze_hatch=QColor(214, 69, 65, 40),
        freeze_edge=_c("#d6453f"),
        today=_c("#e8710a"),
        status=_c("#2a7de1"),
        on_tag=_c("#ffffff"),
        progress_line=_c("#d81b60"),
        finished=_c("#7f8c9a"),
        finished_edge=_c("#5d6873"),
        bar=_c("#5b9bd5"),
        bar_edge=_c("#3f78b0"),
        progress=_c("#2e5f8f"),
        critical=_c("#e06666"),
        critical_edge=_c("#b83b3b"),
        critical_progress=_c("#9c2a2a"),
        manual=_c("#4db6ac"),
        manual_edge=_c("#00796b"),
        manual_progress=_c("#00695c"),
        summary=_c("#37474f"),
        summary_progress=_c("#90a4ae"),
        milestone=_c("#263238"),
        baseline=_c("#b0b7c0"),
        link=_c("#6b7785"),
        link_critical=_c("#c0392b"),
        deadline=_c("#2e7d32"),
        late=_c("#d32f2f"),
        risk=_c("#f39c12"),
        risk_mark=_c("#ffffff"),
        delivery=_c("#7b1fa2"),
        marker_fill=_c("#ffffff"),
        text=_c("#2b2f33"),
        muted=_c("#5f6673"),  # was #6b7280: 4.2:1 on the grey window
        selection=QColor(42, 125, 225, 38),
        header=_c("#f3f5f8"),
        header_text=_c("#39424e"),
        drag=_c("#2a7de1"),
        drag_fill=QColor(42, 125, 225, 50),
        drag_text=_c("#1f3b57"),
    ),
)

DARK = Theme(
    name="dark",
    surface=_c("#202225"),  # the dark palette's Base
    text=_c("#e6e6e6"),
    muted=_c("#a7adb6"),
    inactive=_c("#9a9fa6"),
    axis_text=_c("#c5ccd4"),
    axis=_c("#6f7985"),
    grid=_c("#373c43"),
    error=_c("#ff8a80"),
    bad=_c("#ff8a80"),
    bad_tint=_c("#4a2623"),
    warn=_c("#f2c46d"),
    warn_tint=_c("#453818"),
    good=_c("#81c784"),
    info=_c("#9fb3ff"),
    band_fill={
        "low": _c("#7fb87e"),
        "medium": _c("#e8c650"),
        "high": _c("#ee9645"),
        "critical": _c("#f0643c"),
    },
    band_tint={
        "low": _c("#27402a"),
        "medium": _c("#473f18"),
        "high": _c("#4d3319"),
        "critical": _c("#55271d"),
    },
    heat_text=_c("#1e1e1e"),
    heat_selected=_c("#ffffff"),
    attention={
        "late": _c("#f28b82"),
        "expired": _c("#c58af9"),
        "budget": _c("#f28b82"),
        "over": _c("#fcad70"),
        "notice": _c("#8ab4f8"),
        "due": _c("#fdd663"),
    },
    attention_text={
        "late": _c("#f28b82"),
        "expired": _c("#c58af9"),
        "budget": _c("#f28b82"),
        "over": _c("#fcad70"),
        "notice": _c("#8ab4f8"),
        "due": _c("#fdd663"),
    },
    banner=_c("#3d3416"),
    banner_text=_c("#f6e3a1"),
    banner_border=_c("#8a7432"),
    alert=_c("#4a2623"),
    alert_text=_c("#ffb4ab"),
    alert_border=_c("#8c3a33"),
    rag={
        "green": _c("#66bb6a"),
        "amber": _c("#f5b82e"),
        "red": _c("#ef5350"),
        "none": _c("#8a949e"),
    },
    series_pv=_c("#aab6c3"),
    series_ev=_c("#81c784"),
    series_ac=_c("#ff8a80"),
    gantt=GanttColors(
        background=_c("#202225"),
        stripe=_c("#282a2e"),  # the dark palette's AlternateBase: the table stripes alike
        grid=_c("#34383e"),
        grid_strong=_c("#4b525b"),
        nonworking=QColor(120, 130, 145, 45),
        freeze=QColor(229, 96, 90, 34),
        freeze_hatch=QColor(229, 96, 90, 60),
        freeze_edge=_c("#f07b74"),
        today=_c("#f29b4b"),
        status=_c("#5ea3f2"),
        on_tag=_c("#111315"),
        progress_line=_c("#f06292"),
        finished=_c("#8c98a5"),
        finished_edge=_c("#b2bcc6"),
        bar=_c("#4f90cf"),
        bar_edge=_c("#86b9eb"),
        progress=_c("#23507c"),
        critical=_c("#d9534f"),
        critical_edge=_c("#f29591"),
        critical_progress=_c("#8a2323"),
        manual=_c("#3fa89e"),
        manual_edge=_c("#7fd8cc"),
        manual_progress=_c("#1d6a62"),
        summary=_c("#c9d3d9"),
        summary_progress=_c("#6f8894"),
        milestone=_c("#eceff1"),
        baseline=_c("#6c747e"),
        link=_c("#8d99a6"),
        link_critical=_c("#f07b74"),
        deadline=_c("#72c476"),
        late=_c("#ff6b6b"),
        risk=_c("#f5a623"),
        risk_mark=_c("#202225"),
        delivery=_c("#ce93d8"),
        marker_fill=_c("#202225"),
        text=_c("#e6e6e6"),
        muted=_c("#a7adb6"),
        selection=QColor(94, 163, 242, 60),
        header=_c("#2b2e32"),
        header_text=_c("#d2d8df"),
        drag=_c("#5ea3f2"),
        drag_fill=QColor(94, 163, 242, 60),
        drag_text=_c("#cfe3fb"),
    ),
)

THEMES = {"light": LIGHT, "dark": DARK}


# ---------------------------------------------------------------------- which theme is current
_cached: Theme | None = None
_forced = threading.local()


def is_dark_palette(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def current() -> Theme:
    """The theme to paint with now (Light while ``printing()`` is active in this thread)."""
    forced: Theme | None = getattr(_forced, "theme", None)
    if forced is not None:
        return forced
    if _cached is not None:
        return _cached
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return LIGHT
    theme = DARK if is_dark_palette(QGuiApplication.palette()) else LIGHT
    if QThread.currentThread() is app.thread():  # the watcher lives in the GUI thread
        _remember(theme)
    return theme


class ThemeWatcher(QObject):
    """Emits ``changed`` when the application palette turns from light to dark or back.

    It listens to ``QGuiApplication.paletteChanged`` (still emitted by Qt 6 on every
    application palette change; an application-wide event filter would see every event).
    """

    changed = Signal()

    def __init__(self, app: QGuiApplication) -> None:
        super().__init__(app)
        app.paletteChanged.connect(self._palette_changed)

    def _palette_changed(self, palette: QPalette) -> None:
        global _cached
        theme = DARK if is_dark_palette(palette) else LIGHT
        if theme is _cached:
            return
        _cached = theme
        refresh_style_sheets()
        self.changed.emit()


def refresh_style_sheets() -> None:
    """Set every widget's style sheet again, so that Qt resolves it against the new palette.

    Qt polishes a widget with a style sheet once, keeping the palette it had then: a label
    styled only ``font-weight: 600`` stayed black on the dark window after a switch."""
    for widget in QApplication.allWidgets():
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet(sheet)


_watcher: ThemeWatcher | None = None


def _remember(theme: Theme) -> None:
    global _cached
    if watcher() is not None:
        _cached = theme


def watcher() -> ThemeWatcher | None:
    """The application's watcher (made on first use, in the GUI thread); None without an app."""
    global _watcher, _cached
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return None
    try:
        alive = _watcher is not None and _watcher.parent() == app
    except RuntimeError:  # the application it watched is gone (a new one was made)
        alive = False
    if not alive:
        _cached = None
        _watcher = ThemeWatcher(app)
    return _watcher


@contextmanager
def printing() -> Iterator[Theme]:
    """Paint with the Light colours in this thread (exported images go on paper and slides)."""
    previous = getattr(_forced, "theme", None)
    _forced.theme = LIGHT
    try:
        yield LIGHT
    finally:
        _forced.theme = previous


# ---------------------------------------------------------------------- widgets that follow it
class _Restyler(QObject):
    """Child of a widget (so it dies with it): sets the widget's style sheet from the theme
    now and at every change."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.setObjectName("themeRestyler")
        self.widget = widget
        self.make: Callable[[Theme], str] = lambda _theme: ""
        on_change(self.apply)

    def apply(self) -> None:
        self.widget.setStyleSheet(self.make(current()))


def restyle(widget: QWidget, make: Callable[[Theme], str]) -> None:
    """``widget.setStyleSheet(make(theme))`` now and again whenever the theme changes.

    A second call replaces the recipe (a label whose colour depends on its content)."""
    restyler = next(
        (r for r in widget.findChildren(_Restyler, "themeRestyler") if r.parent() == widget),
        None,
    ) or _Restyler(widget)
    restyler.make = make
    restyler.apply()


def text_color(widget: QWidget, pick: Callable[[Theme], QColor], more: str = "") -> None:
    """Colour a label's text by role, e.g. ``text_color(hint, lambda t: t.muted)``; ``more``
    adds declarations (``"font-weight: 600;"``)."""
    restyle(widget, lambda t: f"color: {pick(t).name()}; {more}".strip())


def on_change(slot: Callable[[], object]) -> None:
    """Call ``slot`` after the theme changed. Pass a bound method of a QObject (or a widget):
    Qt drops the connection when that object is destroyed."""
    current_watcher = watcher()
    if current_watcher is not None:
        current_watcher.changed.connect(slot)


class Role:
    """A class attribute that is the current theme's colour for a role at each read:
    ``late = Role(lambda t: t.error)`` (``Cls.late`` and ``self.late`` both work)."""

    def __init__(self, pick: Callable[[Theme], QColor]) -> None:
        self.pick = pick

    def __get__(self, instance: object, owner: type | None = None) -> QColor:
        return self.pick(current())


class ThemedMap(Mapping[str, QColor]):
    """A read-only mapping (band → colour, kind → colour) of the current theme at each use."""

    def __init__(self, pick: Callable[[Theme], dict[str, QColor]]) -> None:
        self.pick = pick

    def __getitem__(self, key: str) -> QColor:
        return self.pick(current())[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.pick(current()))

    def __len__(self) -> int:
        return len(self.pick(current()))


class _GanttProxy:
    """``gantt.bar`` is the current theme's Gantt bar colour, looked up at each use."""

    def __getattr__(self, name: str) -> QColor:
        return cast(QColor, getattr(current().gantt, name))


gantt = cast(GanttColors, _GanttProxy())
"""The current theme's Gantt colours (typed as GanttColors; the painter's ``Palette``)."""


# ---------------------------------------------------------------------- contrast (WCAG 2.x)
def over(colour: QColor, background: QColor) -> QColor:
    """``colour`` as it shows when painted over an opaque ``background`` (alpha blended)."""
    a = colour.alphaF()
    return QColor.fromRgbF(
        colour.redF() * a + background.redF() * (1 - a),
        colour.greenF() * a + background.greenF() * (1 - a),
        colour.blueF() * a + background.blueF() * (1 - a),
    )


def luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two opaque colours (1 to 21; AA body text needs 4.5)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
