"""Cutover runbooks (issue 19): plan, rehearse and run the migration weekend."""
