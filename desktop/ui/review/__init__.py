"""The supervisor's review screen: the queue, the read-only survey, approve and return."""
