"""The Governance tab's "Needs attention" strip: overdue actions and pending decisions past
their needed-by date, most late first. Clicking an action selects it in the action log."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from infradesk.report.governance_data import OverdueAction, PendingDecision
from infradesk.ui import theme

VISIBLE_LINES = 4  # more scroll
KIND_ROLE = Qt.ItemDataRole.UserRole
CODE_ROLE = Qt.ItemDataRole.UserRole + 1


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


class GovernanceAttention(QFrame):
    """``actionActivated`` carries the code of a clicked action; ``decisionActivated`` that of
    a decision."""

    actionActivated = Signal(str)
    decisionActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("governanceAttention")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setObjectName("governanceAttentionTitle")
        theme.text_color(self.title, lambda t: t.bad, "font-weight: 600;")
        self.items = QListWidget()
        self.items.setObjectName("governanceAttentionList")
        self.items.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.items.itemActivated.connect(self._activated)
        self.items.itemClicked.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.items)
        self.setVisible(False)

    def set_items(
        self, actions: Sequence[OverdueAction], decisions: Sequence[PendingDecision]
    ) -> None:
        self.items.clear()
        entries: list[tuple[int, str, str, str]] = []
        for a in actions:
            owner = a.owner or "no owner"
            text = (
                f"Overdue action {a.code} {a.title} — {owner}, due {a.due.isoformat()} "
                f"({_days(a.days_late)} late)"
            )
            entries.append((a.days_late, "action", a.code, text))
        for d in decisions:
            who = d.decided_by or "nobody named"
            needed = d.needed_by.isoformat() if d.needed_by else ""
            text = (
                f"Decision needed {d.code} {d.title} — {who}, by {needed} "
                f"({_days(d.days_late)} late; Risks tab, Decisions)"
            )
            entries.append((d.days_late, "decision", d.code, text))
        entries.sort(key=lambda e: (-e[0], e[2]))
        for _days_late, kind, code, text in entries:
            item = QListWidgetItem(text)
            item.setData(KIND_ROLE, kind)
            item.setData(CODE_ROLE, code)
            self.items.addItem(item)
        total = len(entries)
        line = self.items.sizeHintForRow(0) if total else 0
        self.items.setFixedHeight(min(total, VISIBLE_LINES) * max(line, 1) + 6)
        parts = []
        if actions:
            parts.append(f"{len(actions)} overdue action{'s' if len(actions) != 1 else ''}")
        if decisions:
            parts.append(f"{len(decisions)} late decision{'s' if len(decisions) != 1 else ''}")
        self.title.setText(f"Needs attention: {', '.join(parts)}" if total else "")
        self.setVisible(bool(total))

    def texts(self) -> list[str]:
        return [self.items.item(n).text() for n in range(self.items.count())]

    def _activated(self, item: QListWidgetItem) -> None:
        code = str(item.data(CODE_ROLE))
        if item.data(KIND_ROLE) == "action":
            self.actionActivated.emit(code)
        else:
            self.decisionActivated.emit(code)
