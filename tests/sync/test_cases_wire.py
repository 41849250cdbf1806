"""The case wire contract: operations ride in batches as `case_op` records, refusal codes name
their parameters, and the 公示 window arithmetic counts calendar days from the start date."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from pydantic import TypeAdapter, ValidationError

from sync import cases_wire as w
from sync.protocol import Batch, Record, encode_batch


def test_a_case_op_rides_in_a_batch_and_reads_back() -> None:
    op = w.Decide(
        case_id=uuid.uuid4(),
        outcome="approved",
        category="A",
        monthly_amount="312.50",
        start_month="2026-12",
    )
    rec = w.CaseOpRecord(id=uuid.uuid4(), seq=1, data=op)
    batch = Batch(batch_id=uuid.uuid4(), device_id=uuid.uuid4(), records=[rec])
    assert encode_batch(batch) == encode_batch(Batch.model_validate(batch.model_dump(mode="json")))
    back = TypeAdapter(Record).validate_python(rec.model_dump(mode="json"))
    assert isinstance(back, w.CaseOpRecord)
    assert isinstance(back.data, w.Decide)
    assert w.yuan(back.data.monthly_amount or "") == w.yuan("312.5")


def test_every_op_name_is_a_model_and_every_code_has_its_params() -> None:
    adapter: TypeAdapter[object] = TypeAdapter(w.CaseOp)
    for name in w.OP_NAMES:
        with pytest.raises(ValidationError) as info:
            adapter.validate_python({"op": name})
        assert "union_tag_invalid" not in str(info.value)
    assert set(w.REFUSAL_PARAMS) == set(w.RefusalCode.__args__)  # type: ignore[attr-defined]


def test_money_is_two_decimals_of_yuan() -> None:
    with pytest.raises(ValidationError):
        w.TownshipReview(case_id=uuid.uuid4(), outcome="pass", proposed_monthly_amount="312.5")
    assert w.yuan_text(w.yuan("368.08")) == "368.08"


@pytest.mark.parametrize(
    ("today", "day", "left", "closed"),
    [
        (date(2026, 12, 1), 1, 7, False),
        (date(2026, 12, 5), 5, 3, False),
        (date(2026, 12, 7), 7, 1, False),
        (date(2026, 12, 8), 8, 0, True),
        (date(2026, 11, 30), 0, 7, False),
    ],
)
def test_posting_window_counts_calendar_days(
    today: date, day: int, left: int, closed: bool
) -> None:
    start = date(2026, 12, 1)
    end = w.posting_end(start, 7)
    assert end == date(2026, 12, 7)
    case = w.CaseWire(
        case_id=uuid.uuid4(),
        revision=1,
        household_id=uuid.uuid4(),
        programme="dibao",
        source="survey",
        step="posting",
        step_since=start,
        opened_on=start,
        village_code="421202001001",
        township_code="421202001",
        county_code="421202",
        rules_version=1,
        decided_by="county",
        posting_start=start,
        posting_end=end,
    )
    assert case.posting_day(today) == day
    assert case.days_left(today) == left
    assert case.window_closed(today) is closed
