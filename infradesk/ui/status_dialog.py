"""Project > Status update…: the weekly RAG ratings and texts of one reporting date.

Each rating starts at what the data suggests (with the reason next to it); choosing another
value needs a one-line justification. Saving goes through an undoable service command.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from infradesk.errors import UserError
from infradesk.report.data import DIMENSIONS, Rag, RagRating
from infradesk.services.status.rules import (
    SUMMARY_WORDS,
    SaveStatusUpdate,
    StatusDraft,
)
from infradesk.services.status.view import default_report_date, load_status_view
from infradesk.ui import theme
from infradesk.ui.context import AppContext

RAG_CHOICES = (Rag.GREEN, Rag.AMBER, Rag.RED, Rag.NONE)
RAG_ROLE = {Rag.GREEN: "green", Rag.AMBER: "amber", Rag.RED: "red", Rag.NONE: "none"}


def _to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class RatingRow:
    """The widgets of one dimension: suggestion, chosen value, justification."""

    def __init__(self, grid: QGridLayout, row: int, name: str, parent: QWidget) -> None:
        self.name = name
        self.suggested = Rag.NONE
        self.reason = ""
        title = QLabel(f"<b>{name.capitalize()}</b>")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.combo = QComboBox(parent)
        self.combo.setObjectName(f"rag_{name}")
        for rag in RAG_CHOICES:
            self.combo.addItem(rag.label)
        self.justification = QLineEdit(parent)
        self.justification.setObjectName(f"justification_{name}")
        self.justification.setMaxLength(300)
        grid.addWidget(title, row, 0)
        grid.addWidget(self.combo, row, 1)
        grid.addWidget(self.justification, row, 2)
        grid.addWidget(self.hint, row + 1, 1, 1, 2)
        self.combo.currentIndexChanged.connect(self._refresh)

    def load(self, rating: RagRating) -> None:
        self.suggested = rating.suggested
        self.reason = rating.reason
        self.combo.setCurrentIndex(RAG_CHOICES.index(rating.rag))
        self.justification.setText(rating.justification)
        self._refresh()

    @property
    def rag(self) -> Rag:
        return RAG_CHOICES[max(self.combo.currentIndex(), 0)]

    @property
    def overridden(self) -> bool:
        return self.suggested is not Rag.NONE and self.rag is not self.suggested

    def _refresh(self) -> None:
        role = RAG_ROLE[self.rag]
        theme.restyle(
            self.combo,
            lambda t: f"QComboBox {{ border-left: 6px solid {t.rag[role].name()}; }}",
        )
        text = f"Suggested: {self.suggested.label}"
        if self.reason:
            text += f" — {self.reason}"
        self.hint.setText(text)
        self.justification.setPlaceholderText(
            "One line: why you rate it differently from the data (required)"
            if self.overridden
            else "Optional comment shown in the report"
        )

    def rating(self) -> RagRating:
        return RagRating(
            self.name, self.rag, self.suggested, self.justification.text().strip(), self.reason
        )


class StatusDialog(QDialog):
    """Edit and save the status update of the current project for a reporting date."""

    def __init__(
        self,
        context: AppContext,
        project_id: int,
        as_of: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("statusDialog")
        self.setWindowTitle("Status update")
        self.resize(820, 760)
        self.context = context
        self.project_id = project_id
        self.draft: StatusDraft | None = None
        start = as_of or default_report_date(context.workspace, project_id)

        self.date_edit = QDateEdit(_to_qdate(start))
        self.date_edit.setObjectName("asOf")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.dateChanged.connect(lambda _d: self.load())
        self.previous_label = QLabel()
        self.history = QComboBox()
        self.history.setObjectName("history")
        self.history.setToolTip("Saved status updates of this project, newest first")
        self.history.activated.connect(self._history_chosen)
        top = QHBoxLayout()
        top.addWidget(QLabel("Reporting date:"))
        top.addWidget(self.date_edit)
        top.addWidget(self.previous_label, 1)
        top.addWidget(QLabel("History:"))
        top.addWidget(self.history)

        ratings = QGroupBox("RAG status")
        grid = QGridLayout(ratings)
        grid.setColumnStretch(2, 1)
        self.rows = {
            name: RatingRow(grid, index * 2, name, self)
            for index, name in enumerate(("overall", *DIMENSIONS))
        }

        self.summary = QPlainTextEdit()
        self.summary.setObjectName("summary")
        self.summary.textChanged.connect(self._count_words)
        self.word_count = QLabel()
        suggest = QPushButton("Use the suggested summary")
        suggest.clicked.connect(self._suggest_summary)
        summary_bar = QHBoxLayout()
        summary_bar.addWidget(self.word_count, 1)
        summary_bar.addWidget(suggest)

        self.achievements = QPlainTextEdit()
        self.decisions = QPlainTextEdit()
        self.help_needed = QPlainTextEdit()
        for name, edit in (
            ("achievements", self.achievements),
            ("decisions", self.decisions),
            ("help", self.help_needed),
        ):
            edit.setObjectName(name)
            edit.setPlaceholderText("One item per line")
            edit.setMaximumHeight(90)
        texts = QFormLayout()
        texts.addRow("Key achievements:", self.achievements)
        texts.addRow("Decisions needed:", self.decisions)
        texts.addRow("Help needed:", self.help_needed)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(ratings)
        layout.addWidget(QLabel(f"<b>Executive summary</b> (about {SUMMARY_WORDS} words)"))
        layout.addWidget(self.summary, 1)
        layout.addLayout(summary_bar)
        layout.addLayout(texts)
        layout.addWidget(buttons)
        self.load()

    @property
    def as_of(self) -> date:
        return _to_date(self.date_edit.date())

    def load(self) -> None:
        """Show the saved update of the date, or the data's suggestions."""
        view = load_status_view(self.context.workspace, self.project_id, self.as_of)
        draft, updates = view.draft, view.updates
        self.draft = draft
        self.history.clear()
        if not updates:
            self.history.addItem("No saved update yet", None)
        for as_of, rag in updates:
            self.history.addItem(f"{as_of.isoformat()}  ·  {Rag.parse(rag).label}", as_of)
        self.rows["overall"].load(draft.overall)
        for name in DIMENSIONS:
            self.rows[name].load(draft.dimensions[name])
        self.summary.setPlainText(draft.executive_summary)
        self.achievements.setPlainText("\n".join(draft.achievements))
        self.decisions.setPlainText("\n".join(draft.decisions_needed))
        self.help_needed.setPlainText("\n".join(draft.help_needed))
        state = "saved update" if draft.saved_id else "new update, values suggested from the data"
        if view.previous_as_of is not None:
            state += f" · previous update: {view.previous_as_of.isoformat()}"
        else:
            state += " · first update of this project"
        self.previous_label.setText(state)

    def _history_chosen(self, index: int) -> None:
        chosen = self.history.itemData(index)
        if isinstance(chosen, date):
            self.date_edit.setDate(_to_qdate(chosen))

    def _count_words(self) -> None:
        words = len(self.summary.toPlainText().split())
        self.word_count.setText(f"{words} words")

    def _suggest_summary(self) -> None:
        if self.draft is not None:
            self.summary.setPlainText(self.draft.suggested_summary)

    def current_draft(self) -> StatusDraft:
        def lines(edit: QPlainTextEdit) -> list[str]:
            return [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]

        return StatusDraft(
            as_of=self.as_of,
            overall=self.rows["overall"].rating(),
            dimensions={name: self.rows[name].rating() for name in DIMENSIONS},
            executive_summary=self.summary.toPlainText().strip(),
            achievements=lines(self.achievements),
            decisions_needed=lines(self.decisions),
            help_needed=lines(self.help_needed),
        )

    def save(self) -> None:
        try:
            command = SaveStatusUpdate(self.project_id, self.current_draft())
            self.context.execute(command)
        except UserError as error:  # StatusError (a bad rating), a busy or read-only file
            QMessageBox.warning(self, "Status update", str(error))
            for row in self.rows.values():
                if row.overridden and not row.justification.text().strip():
                    row.justification.setFocus()
                    break
            return
        self.accept()
