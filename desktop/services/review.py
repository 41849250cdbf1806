"""The supervisor's review queue (no Qt): what waits for this reviewer, one survey in detail,
and the decisions, which leave through the outbox like any other record.

Township supervisors review `submitted` surveys (and those the county sent back); county staff
review what the townships approved. The queue is read from the `review_items` the changes feed
keeps on the laptop, so it works offline; a decision made here waits as `local_decision` until
the server's answer comes back on the next sync.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from desktop.services import syncing
from desktop.store.models import (
    Attachment,
    AuditEntry,
    Division,
    Household,
    ReviewDecision,
    ReviewItem,
    Survey,
)
from desktop.store.profile import Store
from desktop.store.records import ReviewDecisionData, save_review_decision
from desktop.store.sync_store import published_form
from sync.client import BadReply, ClientConfig
from sync.supervision_client import SupervisionClient

LEVEL_KEY = "review.level"
CONFLICTS_KEY = "review.conflicts"
QUEUE_STATES: dict[str, tuple[str, ...]] = {
    "township": ("submitted", "returned_by_county"),
    "county": ("township_approved",),
}


class ReviewInputError(ValueError):
    """A decision that cannot be made: `code` is stable, the UI words it."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class QueueRow:
    survey_id: str
    household_id: str
    short_key: str
    village_code: str
    village_name: str
    cadre_name: str
    head_name: str
    flags: tuple[str, ...]
    recommendation: str
    recommendation_label: str
    received_at: str
    age_days: int
    state: str
    conflict: bool = False  # the server holds a conflicting version not yet settled
    # The county withdrew it as recorded in error (state "withdrawn"): shown, never decided.
    withdrawn_reason: str | None = None

    @property
    def clean(self) -> bool:
        return not self.flags

    @property
    def withdrawn(self) -> bool:
        return self.state == "withdrawn"


@dataclass(frozen=True)
class AnswerLine:
    path: str
    label: str
    value: str


@dataclass(frozen=True)
class ScreeningLine:
    code: str
    label: str
    explanation: str


@dataclass(frozen=True)
class HistoryLine:
    at: str
    who: str
    action: str
    detail: str


@dataclass(frozen=True)
class AttachmentLine:
    """A photo or the consent signature an answer refers to; the bytes are fetched on demand."""

    sha256: str
    kind: str  # photo | signature
    label: str
    media_type: str


@dataclass(frozen=True)
class ReviewDetail:
    row: QueueRow
    answers: tuple[AnswerLine, ...]
    screening: tuple[ScreeningLine, ...]
    history: tuple[HistoryLine, ...]
    attachments: tuple[AttachmentLine, ...]
    questions: tuple[tuple[str, str], ...]  # (path, label) a comment may be pinned to


def reviewer_level(store: Store) -> tuple[str, bool]:
    """(level, confirmed): county admins review at county level by their role; a supervisor's
    level is the one the server last told (`/supervision/me`), township until it has."""
    if store.get_state("role") == "county_admin":
        return "county", True
    kept = store.get_state(LEVEL_KEY)
    if kept in QUEUE_STATES:
        return str(kept), True
    return "township", False


def review_level(store: Store) -> str:
    return reviewer_level(store)[0]


def set_review_level(store: Store, level: str) -> None:
    if level not in QUEUE_STATES:
        raise ReviewInputError("bad_level")
    store.set_state(LEVEL_KEY, level)


def _age(received_at: str, today: date) -> int:
    try:
        day = datetime.fromisoformat(received_at.replace("Z", "+00:00")).date()
    except ValueError:
        return 0
    return max(0, (today - day).days)


def form_of(s: Session, form_id: str, version: int) -> Any:
    """The form a survey was filled on, for its labels: as the county published it to this
    laptop, else as bundled; None when neither is here (the raw names are shown then)."""
    from forms.registry import load_form

    form: Any = None
    try:
        form = published_form(s, form_id, version)
    except Exception:  # kept by an older app and not buildable now: try the bundled one
        form = None
    if form is None:
        try:
            form = load_form(form_id, version)
        except Exception:  # neither published here nor bundled: raw names
            return None
    return form


def _choice_label(form_id: str, version: int, field: str, value: str, lang: str) -> str:
    from forms.registry import load_form

    try:
        return str(load_form(form_id, version).field(field).choice_label(value, lang))
    except Exception:  # a form this build does not carry: the stored value stands
        return value


def _row(
    item: ReviewItem,
    survey: Survey,
    head: str,
    village: str,
    today: date,
    lang: str = "zh",
    conflicts: frozenset[str] = frozenset(),
) -> QueueRow:
    rec = str(survey.answers.get("recommendation") or "")
    return QueueRow(
        survey_id=item.survey_id,
        household_id=survey.household_id,
        short_key=item.short_key,
        village_code=item.village_code,
        village_name=village or item.village_code,
        cadre_name=item.cadre_name,
        head_name=head or str(survey.answers.get("head_name") or ""),
        flags=tuple(str(f) for f in item.flags or []),
        recommendation=rec,
        recommendation_label=_choice_label(
            survey.form_id, survey.form_version, "recommendation", rec, lang
        )
        if rec
        else "",
        received_at=item.received_at,
        age_days=_age(item.received_at, today),
        state=item.state,
        conflict=item.survey_id in conflicts,
        withdrawn_reason=(survey.withdrawn_reason or "") if item.state == "withdrawn" else None,
    )


def load_queue(
    store: Store, level: str | None = None, today: date | None = None, lang: str = "zh"
) -> list[QueueRow]:
    """What waits for this reviewer, oldest first; decided-but-unsynced surveys are left out.
    Surveys the county withdrew stay listed, marked, so the reviewer sees why one went; they
    wait for nothing (`QueueRow.withdrawn`)."""
    states = QUEUE_STATES[level or review_level(store)]
    day = today or datetime.now(UTC).date()
    conflicts = known_conflicts(store)
    with store.reading() as s:
        rows = s.execute(
            select(ReviewItem, Survey, Household.head_name, Division.name)
            .join(Survey, Survey.id == ReviewItem.survey_id)
            .join(Household, Household.id == Survey.household_id)
            .outerjoin(Division, Division.code == ReviewItem.village_code)
            .where(
                or_(
                    and_(ReviewItem.state.in_(states), ReviewItem.local_decision.is_(None)),
                    ReviewItem.state == "withdrawn",
                )
            )
            .order_by(ReviewItem.received_at, ReviewItem.survey_id)
        ).all()
        return [_row(item, sv, head, vname, day, lang, conflicts) for item, sv, head, vname in rows]


# --- one survey -----------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(_text(v) for v in value)
    if value is None:
        return ""
    return str(value)


_HEX = frozenset("0123456789abcdef")


def attachment_sha(value: Any) -> str | None:
    """The SHA-256 an answer refers to (`{"sha256": ...}`, "sha256:…" or the bare hash)."""
    sha = value.get("sha256") if isinstance(value, Mapping) else value
    if isinstance(sha, str) and sha.startswith("sha256:"):
        sha = sha[len("sha256:") :]
    if isinstance(sha, str) and len(sha) == 64 and set(sha) <= _HEX:
        return sha
    return None


def _field(form: Any, name: str) -> Any:
    if form is None:
        return None
    try:
        return form.field(name)
    except KeyError:
        return None


def _label(form: Any, name: str, lang: str) -> str:
    f = _field(form, name)
    return str(f.label(lang)) if f is not None else name


def _attachment_lines(form: Any, answers: Mapping[str, Any], lang: str) -> list[AttachmentLine]:
    """Photos (in a repeat, named by their kind) and signatures, in the form's order."""

    def media(value: Any, kind: str) -> str:
        mime = value.get("mime") if isinstance(value, Mapping) else None
        return str(mime) if mime else ("image/png" if kind == "signature" else "image/jpeg")

    def kind_of(name: str) -> str:
        f = _field(form, name)
        return "signature" if f is not None and f.type == "signature" else "photo"

    out: list[AttachmentLine] = []
    seen: set[str] = set()

    def add(value: Any, name: str, label: str) -> None:
        sha = attachment_sha(value)
        if sha is None or sha in seen:
            return
        seen.add(sha)
        kind = kind_of(name)
        out.append(AttachmentLine(sha, kind, label, media(value, kind)))

    for name, value in answers.items():
        if isinstance(value, list):
            for i, member in enumerate(value):
                if not isinstance(member, Mapping):
                    continue
                words = [f"{_label(form, name, lang)} {i + 1}"]
                for sub, v in member.items():
                    f = _field(form, sub)
                    if isinstance(v, str) and f is not None and f.choices:
                        words.append(str(f.choice_label(v, lang)))  # the photo's kind
                for sub, v in member.items():
                    add(v, sub, " · ".join(words))
        else:
            add(value, name, _label(form, name, lang))
    # Answers may come back key-sorted from the server: photos first, then the signature.
    return sorted(out, key=lambda line: line.kind == "signature")


def _answer_lines(form: Any, answers: Mapping[str, Any], lang: str) -> list[AnswerLine]:
    def label(name: str) -> str:
        return _label(form, name, lang)

    def shown(name: str, value: Any) -> str:
        if attachment_sha(value) is not None:
            return ""  # shown among the attachments; still a question a comment may pin to
        try:
            f = form.field(name) if form is not None else None
        except KeyError:
            f = None
        if f is not None and f.choices:
            values = value if isinstance(value, list) else [value]
            return _text([f.choice_label(str(v), lang) for v in values if v is not None])
        return _text(value)

    out: list[AnswerLine] = []

    def add(values: Mapping[str, Any], path: str, title: str) -> None:
        for name, value in values.items():
            if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
                for i, row in enumerate(value):  # a repeat; a member's jobs inside it
                    add(row, f"{path}{name}[{i}].", f"{title}{label(name)} {i + 1} · ")
            else:
                out.append(AnswerLine(f"{path}{name}", f"{title}{label(name)}", shown(name, value)))

    add(answers, "", "")
    return out


def _screening(
    form: Any, answers: Mapping[str, Any], codes: Iterable[str], lang: str
) -> list[ScreeningLine]:
    if form is not None:
        try:
            flags = form.review(dict(answers), None, lang).flags
            return [ScreeningLine(f.code, f.label, f.explanation) for f in flags]
        except Exception:  # the server's codes stand when the laptop cannot re-evaluate
            pass
    return [ScreeningLine(c, c, "") for c in codes]


def load_detail(
    store: Store, survey_id: str, lang: str = "zh", today: date | None = None
) -> ReviewDetail:
    """The read-only view: answers with their labels, screening with explanations, history."""
    day = today or datetime.now(UTC).date()
    conflicts = known_conflicts(store)  # before the read: the state has its own session
    with store.reading() as s:
        found = s.execute(
            select(ReviewItem, Survey, Household.head_name, Division.name)
            .join(Survey, Survey.id == ReviewItem.survey_id)
            .join(Household, Household.id == Survey.household_id)
            .outerjoin(Division, Division.code == ReviewItem.village_code)
            .where(ReviewItem.survey_id == survey_id)
        ).first()
        if found is None:
            raise ReviewInputError("not_found")
        item, survey, head, vname = found
        row = _row(item, survey, head, vname, day, lang, conflicts)
        answers = dict(survey.answers)
        form_key = (survey.form_id, survey.form_version)
        decisions = s.scalars(
            select(ReviewDecision).where(ReviewDecision.survey_id == survey_id)
        ).all()
        audit_rows = s.scalars(
            select(AuditEntry).where(AuditEntry.record_id == survey_id).order_by(AuditEntry.seq)
        ).all()
        history = [
            HistoryLine(
                d.decided_at,
                d.reviewer,
                f"{d.level}:{d.decision}",
                "; ".join([d.comment, *(f"{k}: {v}" for k, v in (d.pinned or {}).items())]).strip(
                    "; "
                ),
            )
            for d in decisions
        ]
        history += [HistoryLine(a.at, a.actor, a.action, "") for a in audit_rows]
        form = form_of(s, *form_key)
    lines = _answer_lines(form, answers, lang)
    return ReviewDetail(
        row=row,
        answers=tuple(lines),
        screening=tuple(_screening(form, answers, row.flags, lang)),
        history=tuple(sorted(history, key=lambda h: h.at)),
        attachments=tuple(_attachment_lines(form, answers, lang)),
        questions=tuple((a.path, a.label) for a in lines),
    )


# --- conflicting versions -------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionLine:
    path: str
    label: str
    current: str  # in the version under review
    other: str  # in the conflicting version


@dataclass(frozen=True)
class ConflictingVersion:
    revision: int  # the version under review
    base_revision: int  # what the conflicting edit was based on
    other_revision: int
    received_at: str
    device_id: str
    lines: tuple[VersionLine, ...]  # the answers that differ


def _client(store: Store, config: ClientConfig | None) -> SupervisionClient:
    return SupervisionClient(config or syncing.client_config(store), syncing.identity(store))


def known_conflicts(store: Store) -> frozenset[str]:
    """Surveys the server last said hold a conflicting version (kept for offline)."""
    kept = store.get_state(CONFLICTS_KEY)
    return frozenset(json.loads(kept)["surveys"]) if kept else frozenset()


def fetch_conflicts(store: Store, config: ClientConfig | None = None) -> frozenset[str]:
    """Ask the server which surveys in scope hold a conflicting version; kept in the store."""
    client = _client(store, config)
    try:
        rows = client.get_json("/review/conflicts")
    finally:
        client.close()
    ids = sorted(str(r["survey_id"]) for r in rows)
    store.set_state(
        CONFLICTS_KEY, json.dumps({"at": datetime.now(UTC).isoformat(), "surveys": ids})
    )
    return frozenset(ids)


def fetch_versions(
    store: Store, survey_id: str, lang: str = "zh", config: ClientConfig | None = None
) -> tuple[ConflictingVersion, ...]:
    """The version under review beside each conflicting one not yet settled: the answers that
    differ, labelled in `lang` (from the server, scope-checked; a network call)."""
    client = _client(store, config)
    try:
        detail = client.get_json(f"/surveys/{survey_id}")
    finally:
        client.close()
    with store.reading() as s:
        form = form_of(s, str(detail["form_id"]), int(detail["form_version"]))
    current = {a.path: a for a in _answer_lines(form, detail.get("answers") or {}, lang)}
    out = []
    for c in detail.get("conflicts") or []:
        if not c.get("open"):
            continue
        theirs = {
            a.path: a for a in _answer_lines(form, (c.get("data") or {}).get("answers") or {}, lang)
        }
        lines = []
        for path in [*current, *(p for p in theirs if p not in current)]:
            mine, other = current.get(path), theirs.get(path)
            a, b = (mine.value if mine else ""), (other.value if other else "")
            if a != b:
                label = (mine or other).label  # type: ignore[union-attr]
                lines.append(VersionLine(path, label, a, b))
        out.append(
            ConflictingVersion(
                revision=int(detail["revision"]),
                base_revision=int(c["base_revision"]),
                other_revision=int(c["revision"]),
                received_at=str(c["received_at"]),
                device_id=str(c["device_id"]),
                lines=tuple(lines),
            )
        )
    return tuple(out)


# --- attachments ----------------------------------------------------------------------------------

MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024


def fetch_attachment(store: Store, sha256: str, config: ClientConfig | None = None) -> bytes:
    """One attachment's bytes, in memory only: from this laptop's store when it holds them,
    else from the server, which checks the survey is in this reviewer's scope (and audits the
    download). Runs on a network thread; raises the client's errors (TransportError offline).
    """
    if attachment_sha(sha256) is None:
        raise ReviewInputError("bad_attachment")
    with store.reading() as s:
        local = s.scalars(select(Attachment.content).where(Attachment.sha256 == sha256)).first()
    if local is not None:
        return bytes(local)
    client = _client(store, config)
    try:
        data = client.get_bytes(f"/attachments/{sha256}", MAX_ATTACHMENT_BYTES)
    finally:
        client.close()
    # The laptop refuses photos with metadata, so what the server serves (location stripped)
    # is byte for byte what the cadre recorded: anything else is not the survey's photo.
    if hashlib.sha256(data).hexdigest() != sha256:
        raise BadReply("The attachment does not match its SHA-256.")
    return data


# --- decisions ------------------------------------------------------------------------------------


def decide(
    store: Store,
    survey_id: str,
    decision: str,
    comment: str = "",
    pinned: Mapping[str, str] | None = None,
    level: str | None = None,
) -> str:
    """Approve or return one survey; the decision is queued in the outbox. Returns its id."""
    if decision not in ("approve", "return"):
        raise ReviewInputError("bad_decision")
    pins = {k: v.strip() for k, v in (pinned or {}).items() if v.strip()}
    if decision == "return" and not comment.strip():
        raise ReviewInputError("comment_required")
    lvl = level or review_level(store)
    actor = store.actor  # read before the write lock: it may query
    review_id = str(uuid.uuid4())
    with store.transaction() as s:
        item = s.get(ReviewItem, survey_id)
        if item is None:
            raise ReviewInputError("not_found")
        if item.local_decision is not None or item.state not in QUEUE_STATES[lvl]:
            raise ReviewInputError("not_in_queue")
        save_review_decision(
            s,
            actor,
            ReviewDecisionData(review_id, survey_id, lvl, decision, comment.strip(), pins),
        )
        item.local_decision = decision
    return review_id


def approve_many(store: Store, survey_ids: Iterable[str], level: str | None = None) -> list[str]:
    """Approve several at once, clean surveys only (no screening flag); returns those approved."""
    lvl = level or review_level(store)
    actor = store.actor
    done: list[str] = []
    with store.transaction() as s:
        for sid in survey_ids:
            item = s.get(ReviewItem, sid)
            if (
                item is None
                or item.flags
                or item.local_decision is not None
                or item.state not in QUEUE_STATES[lvl]
            ):
                continue
            save_review_decision(
                s, actor, ReviewDecisionData(str(uuid.uuid4()), sid, lvl, "approve")
            )
            item.local_decision = "approve"
            done.append(sid)
    return done
