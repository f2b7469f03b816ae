"""What every task edit may refuse with."""

from __future__ import annotations


class TaskEditError(ValueError):
    """A task edit was refused; the message is for the user."""
