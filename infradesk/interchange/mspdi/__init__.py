"""Microsoft Project XML (MSPDI): the reader (``reader``, with ``calendars``, ``recurrence``,
``tasks``, ``links``, ``baselines`` and the ``units`` they convert) and the writer (``writer``).
"""

from infradesk.interchange.mspdi.reader import read_mspdi
from infradesk.interchange.mspdi.recurrence import recurrence_dates
from infradesk.interchange.mspdi.units import KIND, parse_xsd_duration
from infradesk.interchange.mspdi.writer import MspdiExportError, write_mspdi, xsd_duration

__all__ = [
    "KIND",
    "MspdiExportError",
    "parse_xsd_duration",
    "read_mspdi",
    "recurrence_dates",
    "write_mspdi",
    "xsd_duration",
]
