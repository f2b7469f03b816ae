"""The runbook's refusals, worded for the user."""

from __future__ import annotations

from infradesk.errors import UserError


class RunbookEditError(UserError):
    """A runbook edit or run click that cannot be done; nothing was changed."""
