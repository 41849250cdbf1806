"""The exceptions the form layer raises on purpose.

Two families: `FormDefinitionError` for a definition (YAML, JSON or XLSForm-derived) that cannot be
turned into a working form, always naming the file and the path inside it so whoever wrote the
definition can find the mistake; and `ExpressionError` for an expression that does not tokenize,
parse or resolve. Everything else a caller sees from this package is a bug, never a way of
reporting bad input.
"""

from __future__ import annotations


class FormsError(Exception):
    """Base class of every error this package raises deliberately."""


class ExpressionError(FormsError):
    """An expression could not be tokenized, parsed or resolved against its form.

    `position` is the 0-based character offset in `source` where the problem was found, or -1
    when the problem is not tied to one place (an unknown field is reported at its reference).
    """

    def __init__(self, message: str, source: str = "", position: int = -1) -> None:
        self.reason = message
        self.source = source
        self.position = position
        where = f" at character {position + 1}" if position >= 0 else ""
        super().__init__(f"{message}{where}" if not source else f"{message}{where} in {source!r}")


class FormDefinitionError(FormsError):
    """A form definition is invalid.

    `problems` holds every problem found as `(path, message)` pairs, so one load reports all the
    mistakes of a definition rather than the first one only; `file` names the definition's source.
    """

    def __init__(self, file: str, problems: list[tuple[str, str]]) -> None:
        self.file = file
        self.problems = list(problems)
        lines = [
            f"{file}: {path}: {message}" if path else f"{file}: {message}"
            for path, message in self.problems
        ]
        super().__init__("\n".join(lines) if lines else f"{file}: invalid form definition")


class IdNumberError(FormsError, ValueError):
    """A resident ID number is not a valid GB 11643 number; the message says why.

    `reason` is a short code for translating the message: `length`, `character` (then
    `position`, 1-18, and `char` say which character cannot be there), `shape`, `date`,
    `region`, `check`.
    """

    def __init__(
        self, message: str, reason: str = "shape", position: int = 0, char: str = ""
    ) -> None:
        self.reason = reason
        self.position = position
        self.char = char
        super().__init__(message)


class StandardsNotFoundError(FormsError, LookupError):
    """No assistance standards are known for a county and year."""
