"""Two-level review of surveys, and the survey listings supervisors review from."""
