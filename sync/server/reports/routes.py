"""`GET /api/v1/reports/{progress,ledger,public-list,referrals,discrepancies}`.

Progress answers JSON to any role within its scope; the lists answer JSON, or xlsx with
`?format=xlsx`, to supervisors and county admins only (the ledger holds ID numbers).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ..deps import CallerDep, ReadSessionDep, SessionDep, require
from ..errors import refusals
from ..scope import Caller
from . import service
from .xlsx import workbook_bytes

router = APIRouter(prefix="/reports", tags=["reports"], responses=refusals(401, 403, 404, 422))
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Format = Annotated[Literal["json", "xlsx"], Query()]
CampaignQ = Annotated[uuid.UUID | None, Query()]
# An export may be cut down to one township or village of the caller's scope. Division codes
# are digits: anything else (a NUL byte, say) is a 422 at the door, never a database error.
TownshipQ = Annotated[str | None, Query(pattern=r"^[0-9]{1,12}$")]
VillageQ = Annotated[str | None, Query(pattern=r"^[0-9]{1,20}$")]
LangQ = Annotated[Literal["zh", "en"], Query(description="labels of a county's own form")]
# The lists answer rows as JSON objects or, with ?format=xlsx, a workbook.
EXPORTED: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The rows as JSON objects, or an xlsx workbook with `format=xlsx`.",
        "content": {
            "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
            XLSX: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


@router.get("/progress")
def progress(
    caller: CallerDep,
    session: ReadSessionDep,
    campaign_id: uuid.UUID,
    by: Annotated[Literal["village", "township", "cadre"], Query()] = "village",
) -> list[dict[str, Any]]:
    with session.begin():
        return service.progress(session, caller, campaign_id, by)


def _export(
    caller: Caller,
    session: Session,
    campaign_id: uuid.UUID | None,
    fmt: str,
    title: str,
    header: list[str],
    make: Callable[[Session, Caller, uuid.UUID | None], list[list[Any]]],
    banner: str = "",
    township: str | None = None,
    village: str | None = None,
) -> Any:
    require(caller.is_supervisor, "Only supervisors and county admins export lists.")
    with session.begin():
        within = service.narrow(session, caller, township, village)
        if make is service.discrepancy_rows:
            # duplicates are looked for across the whole scope, kept when they touch the area
            only = within.scope if within is not caller else None
            rows = service.discrepancy_rows(session, caller, campaign_id, only)
        else:
            rows = make(session, within, campaign_id)
    if fmt == "xlsx":
        data = workbook_bytes([(title, header, rows)], banner=banner)
        name = "-".join([title, *([village] if village else [township] if township else [])])
        return Response(
            data,
            media_type=XLSX,
            headers={
                "Content-Disposition": f'attachment; filename="{name}.xlsx"',
                "Cache-Control": "no-store",
            },
        )
    return [dict(zip(header, r, strict=True)) for r in rows]


@router.get("/ledger", responses=EXPORTED)
def ledger(
    caller: CallerDep,
    session: SessionDep,
    campaign_id: CampaignQ = None,
    format: Format = "xlsx",  # noqa: A002
    township: TownshipQ = None,
    village: VillageQ = None,
    lang: LangQ = "zh",
) -> Any:
    return _export(
        caller,
        session,
        campaign_id,
        format,
        "ledger",
        service.LEDGER_HEADER,
        partial(service.ledger_rows, lang=lang),
        township=township,
        village=village,
        banner="含敏感个人信息，仅限授权人员 / Contains sensitive personal information: authorised staff only",
    )


@router.get("/public-list", responses=EXPORTED)
def public_list(
    caller: CallerDep,
    session: SessionDep,
    campaign_id: CampaignQ = None,
    format: Format = "json",  # noqa: A002
    township: TownshipQ = None,
    village: VillageQ = None,
    lang: LangQ = "zh",
) -> Any:
    return _export(
        caller,
        session,
        campaign_id,
        format,
        "public-list",
        service.PUBLIC_HEADER,
        partial(service.public_rows, lang=lang),
        township=township,
        village=village,
    )


@router.get("/referrals", responses=EXPORTED)
def referrals(
    caller: CallerDep,
    session: SessionDep,
    campaign_id: CampaignQ = None,
    format: Format = "json",  # noqa: A002
    township: TownshipQ = None,
    village: VillageQ = None,
    lang: LangQ = "zh",
) -> Any:
    return _export(
        caller,
        session,
        campaign_id,
        format,
        "referrals",
        service.REFERRAL_HEADER,
        partial(service.referral_rows, lang=lang),
        township=township,
        village=village,
    )


@router.get("/discrepancies", responses=EXPORTED)
def discrepancies(
    caller: CallerDep,
    session: SessionDep,
    campaign_id: CampaignQ = None,
    format: Format = "json",  # noqa: A002
    township: TownshipQ = None,
    village: VillageQ = None,
) -> Any:
    return _export(
        caller,
        session,
        campaign_id,
        format,
        "discrepancies",
        service.DISCREPANCY_HEADER,
        service.discrepancy_rows,
        township=township,
        village=village,
    )
