"""The supervisor's case work (issue 14): the case queue, its dialogs, posting lists, and the
read-only case panel beside a survey."""
