"""The communication plan: who gets which report, how often, through which channel and from
whom. The lines flagged "Status report" are the weekly report's distribution list; the line
under the table says who that is, as the report will print it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from infradesk.services.governance import logs, views
from infradesk.services.risks.fields import COMMS_ITEM
from infradesk.ui.context import AppContext
from infradesk.ui.governance.columns import COMMS_COLUMNS
from infradesk.ui.risks.log_view import RaidLogView

NO_DISTRIBUTION = (
    "Weekly status report distribution: nobody yet — tick “Status report” on the line that "
    "sends it."
)


class CommsPlanView(RaidLogView):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            context, COMMS_ITEM, COMMS_COLUMNS, logs.load_comms, open_filter=False, parent=parent
        )
        self.distribution = QLabel()
        self.distribution.setObjectName("distributionLabel")
        self.distribution.setWordWrap(True)
        self.body.addWidget(self.distribution)

    def reload(self) -> None:
        super().reload()
        readers = []
        if self.project_id is not None:
            readers = views.read_distribution(self.context.workspace, self.project_id)
        if not readers:
            self.distribution.setText(NO_DISTRIBUTION)
            return
        names = [
            r.name
            + (f" ({r.role})" if r.role else "" if r.registered else " (not in the register)")
            for r in readers
        ]
        self.distribution.setText(
            f"Weekly status report distribution ({len(readers)}): " + "; ".join(names)
        )
