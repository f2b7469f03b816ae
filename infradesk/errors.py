"""The error classes every layer shares.

``UserError`` is what the user must fix (a bad file, a busy or read-only workspace, a wrong
argument): shown as a message, exit status 2 in the CLI. Anything that is not an
``InfraDeskError`` is a programming error: the CLI prints one line and the path of a crash log
(exit status 3), the GUI shows the same in a dialog and keeps running.
"""

from __future__ import annotations


class InfraDeskError(Exception):
    """Base of every error InfraDesk raises on purpose."""


class UserError(InfraDeskError):
    """Something the user can fix; the message says what and where."""
