"""The Resources tab: the resource sheet and the resource usage view (issue 18)."""
