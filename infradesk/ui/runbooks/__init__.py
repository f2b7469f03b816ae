"""The Runbooks tab (issue 19): the cutover runbook's plan, its live run on the bridge call
and the comparison of its rehearsals with the plan."""
