"""`GET /api/v1/changes?after=CURSOR&limit=N`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from sync.protocol import ChangesPage

from ..deps import CallerDep, ReadSessionDep, SettingsDep
from ..errors import refusals
from .service import read_changes

router = APIRouter(tags=["changes"], responses=refusals(400, 401, 410, 422))


@router.get("/changes", response_model=ChangesPage)
def get_changes(
    caller: CallerDep,
    session: ReadSessionDep,
    settings: SettingsDep,
    after: Annotated[str | None, Query(max_length=400)] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> ChangesPage:
    return read_changes(
        session, settings.secret_key, caller, after, min(limit, settings.changes_page_max)
    )
