"""The plan services' tests use the schedule tests' workspace session."""

from tests.schedule.conftest import session

__all__ = ["session"]
