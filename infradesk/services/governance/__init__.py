"""Portfolio and governance (issue 20): the logs around the plan (meetings, actions,
stakeholders, the communication plan, operational acceptance), change control and the
portfolio view across the workspace's projects."""
