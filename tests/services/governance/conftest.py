"""The plan services' tests use the schedule tests' workspace session and a small plan."""

from tests.schedule.conftest import session
from tests.services.plan.task_plan import plan

__all__ = ["plan", "session"]
