"""The plan: projects, tasks, links, scheduling, baselines and the Gantt's views."""
