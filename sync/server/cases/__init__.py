"""Cases: the statutory path from an approved survey to a decision, and its re-checks."""
