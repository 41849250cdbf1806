"""What the administration modules share: the refusal type and looking a user up by name."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import User


class AdminError(ValueError):
    """A refusal with the list of problems (row numbers and what is wrong)."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []

    def __str__(self) -> str:
        return "\n".join([self.args[0], *(f"  {p}" for p in self.problems)])


def user_by_name(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise AdminError(f"no user named {username}")
    return user
