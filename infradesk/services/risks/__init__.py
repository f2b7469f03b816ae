"""The RAID log: risks, assumptions, issues, dependencies, change requests."""
