"""Working calendars and the critical-path engine: pure functions over plain data, no ORM.

* :mod:`.durations`  ``5d`` / ``6h`` <-> working minutes.
* :mod:`.calendar`   ``WorkingCalendar`` (weekdays, hours, holidays, exceptions, freezes) and
  ``TimeAxis`` (date-time <-> working-minute position; day marks and working intervals for
  drawing).
* :mod:`.plan`       the engine's input (``PlanInput``, ``TaskInput``, ``LinkInput``) and
  ``CycleError``.
* :mod:`.network`    a plan's structure compiled to dense integer lists.
* :mod:`.passes`     forward and backward passes, floats, roll-ups.
* :mod:`.late_refresh` the backward pass redone only where an in-place edit reaches.
* :mod:`.result`     ``ScheduleResult`` / ``TaskSchedule`` (date-times built on demand).
* :mod:`.engine`     the public face: ``schedule(plan)``, ``Scheduler`` for interactive edits,
  ``find_cycle_if_linked``.
"""
