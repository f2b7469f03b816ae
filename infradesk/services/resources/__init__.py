"""The workspace's resource pool (issue 18): queries, commands, assignments, usage, leveling."""
