"""What every task edit may refuse with."""

from __future__ import annotations

from infradesk.errors import UserError


class TaskEditError(UserError, ValueError):
    """A task edit was refused; the message is for the user."""
