"""The weekly update: Update Progress, the status date, the tracking and cost views."""
