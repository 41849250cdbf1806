"""The changes feed: scope filtering, paging, the opaque cursor, and commit-ordered numbering."""

from __future__ import annotations

import base64
import json
import threading
import uuid

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from sync.server.admin import service as admin
from sync.server.changes.numbering import NewChange, emit
from sync.server.changes.service import read_changes
from sync.server.models import Household
from sync.server.scope import Caller, Scope

from .conftest import SECRET, World, enroll
from .helpers import COUNTY, V1A, V2A, household_data, push


def pull_all(
    client: TestClient, auth: dict[str, str], limit: int = 3
) -> tuple[list[dict[str, object]], str]:
    out: list[dict[str, object]] = []
    after = None
    while True:
        params: dict[str, object] = {"limit": limit}
        if after:
            params["after"] = after
        r = client.get("/api/v1/changes", params=params, headers=auth)
        assert r.status_code == 200, r.text
        page = r.json()
        out += page["changes"]
        after = page["cursor"]
        if page["done"]:
            return out, after


def test_feed_is_scoped_and_paged(
    world: World, client: TestClient, factory: sessionmaker[Session]
) -> None:
    c1, c2 = world.devices["cadre1"], world.devices["cadre2"]
    h1, h2 = uuid.uuid4(), uuid.uuid4()
    push(client, c1, [c1.record("household", h1, household_data(V1A))])
    push(client, c2, [c2.record("household", h2, household_data(V2A, head=1))])
    # The writing device is not sent its own write back; the same cadre's other laptop is.
    own, _ = pull_all(client, c1.auth(), limit=50)
    assert str(h1) not in {c["id"] for c in own if c["kind"] == "household"}
    c1 = enroll(client, factory, "cadre1")
    changes, cursor = pull_all(client, c1.auth())
    kinds = {c["kind"] for c in changes}
    assert {"county", "form", "campaign", "assignment", "household"} <= kinds
    ids = {c["id"] for c in changes if c["kind"] == "household"}
    assert str(h1) in ids
    assert str(h2) not in ids
    assignments = [c for c in changes if c["kind"] == "assignment"]
    assert {a["data"]["village_code"] for a in assignments} == {V1A, "421202001002"}
    forms = [c for c in changes if c["kind"] == "form"]
    assert forms[0]["data"]["definition"]["id"] == "household-survey"
    # nothing new: an empty page, done, cursor still valid
    again = client.get("/api/v1/changes", params={"after": cursor}, headers=c1.auth()).json()
    assert again["changes"] == []
    assert again["done"]
    # a later change arrives after the cursor
    first = world.devices["cadre1"]
    push(client, first, [first.record("household", h1, household_data(V1A, address="新"))])
    later = client.get("/api/v1/changes", params={"after": cursor}, headers=c1.auth()).json()
    assert [(c["kind"], c["id"], c["data"]["revision"]) for c in later["changes"]] == [
        ("household", str(h1), 2)
    ]
    # the county supervisor sees both villages
    sup, _ = pull_all(client, world.devices["sup_c"].auth(), limit=50)
    assert {str(h1), str(h2)} <= {c["id"] for c in sup}


def test_cursor_is_tamper_evident_and_foreign_cursors_are_gone(
    world: World, client: TestClient, factory: sessionmaker[Session]
) -> None:
    dev = world.devices["cadre1"]
    _, cursor = pull_all(client, dev.auth())
    payload, mac = cursor.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["s"] = 0
    forged = base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=") + "." + mac
    r = client.get("/api/v1/changes", params={"after": forged}, headers=dev.auth())
    assert (r.status_code, r.json()["error"]) == (400, "bad_cursor")
    assert (
        client.get("/api/v1/changes", params={"after": "garbage"}, headers=dev.auth()).status_code
        == 400
    )
    # a cursor from a server restored from an older backup (ahead of this server's head)
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    from sync.server.changes.cursor import CursorState, encode_cursor

    ahead = encode_cursor(SECRET, CursorState(data["i"], data["s"] + 1000, data["f"]))
    r = client.get("/api/v1/changes", params={"after": ahead}, headers=dev.auth())
    assert (r.status_code, r.json()["error"]) == (410, "cursor_gone")
    # another server's cursor (different instance id)
    foreign = encode_cursor(
        "another-server-secret" * 3, CursorState(uuid.uuid4().hex, 3, data["f"])
    )
    assert (
        client.get("/api/v1/changes", params={"after": foreign}, headers=dev.auth()).status_code
        == 410
    )
    # after an operator marks a restore, every outstanding cursor is gone
    with factory() as s:
        admin.rotate_instance_id(s)
    assert (
        client.get("/api/v1/changes", params={"after": cursor}, headers=dev.auth()).status_code
        == 410
    )


def test_scope_change_invalidates_the_cursor(
    world: World, client: TestClient, factory: sessionmaker[Session]
) -> None:
    dev = world.devices["sup_t1"]
    _, cursor = pull_all(client, dev.auth())
    with factory() as s, s.begin():
        from sync.server.models import UserScope

        s.add(UserScope(user_id=world.users["sup_t1"], level="township", code="421202002"))
    assert (
        client.get("/api/v1/changes", params={"after": cursor}, headers=dev.auth()).status_code
        == 410
    )


def test_numbers_follow_commit_order_under_concurrency(
    world: World, engine: Engine, factory: sessionmaker[Session], readers: sessionmaker[Session]
) -> None:
    """Writers number changes and then keep working before they commit; a reader paging
    concurrently must never see a number while a smaller one is still to come."""
    writers, per_writer = 6, 15
    caller = Caller(
        uuid.uuid4(),
        uuid.uuid4(),
        "county_admin",
        COUNTY,
        Scope(COUNTY, frozenset(), frozenset(), frozenset({COUNTY})),
        b"",
    )
    start = threading.Barrier(writers + 1)
    done = threading.Event()
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            start.wait()
            for i in range(per_writer):
                with factory() as s, s.begin():
                    hid = uuid.uuid4()
                    s.add(
                        Household(
                            id=hid, village_code=V1A, township_code="421202001", county_code=COUNTY
                        )
                    )
                    s.flush()
                    emit(s, [NewChange("household", str(hid), COUNTY, "421202001", V1A)])
                    written.append(str(hid))
                    # work after numbering, inside the same transaction: a late commit
                    for j in range((n * 7 + i) % 5 + 1):
                        s.add(
                            Household(
                                id=uuid.uuid5(hid, str(j)),
                                village_code=V1A,
                                township_code="421202001",
                                county_code=COUNTY,
                            )
                        )
                        s.flush()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    seen: list[int] = []
    written: list[str] = []
    got: list[str] = []

    def reader() -> None:
        try:
            start.wait()
            after = None
            from sync.server.changes.cursor import decode_cursor
            from sync.server.changes.service import instance_id

            with factory() as s:
                inst = instance_id(s)
            last = 0
            while True:
                finished = done.is_set()
                with readers() as s:
                    page = read_changes(s, SECRET, caller, after, 7)
                after = page.cursor
                got.extend(c.id for c in page.changes if c.kind == "household")
                # every change in a page is one more than the last one seen: no skips
                state = decode_cursor(SECRET, after, inst)
                seen.append(state.seq)
                assert state.seq >= last
                last = state.seq
                if finished and page.done:
                    return
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    with factory() as s:
        before = len(read_changes(s, SECRET, caller, None, 10_000).changes)
    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    rt = threading.Thread(target=reader)
    for t in [*threads, rt]:
        t.start()
    for t in threads:
        t.join(timeout=120)
    done.set()
    rt.join(timeout=120)
    assert not errors, errors
    # The reader, paging while writers committed out of step, was given every change once.
    assert len(written) == writers * per_writer
    assert sorted(got) == sorted(written)
    with factory() as s:
        full = read_changes(s, SECRET, caller, None, 10_000)
    assert len(full.changes) == before + writers * per_writer


def test_reader_never_skips_a_late_commit(
    world: World, factory: sessionmaker[Session], readers: sessionmaker[Session]
) -> None:
    """The precise race: writer A numbers a change and has not committed; writer B must wait for
    the counter, so a reader cannot see B's number before A's."""
    caller = Caller(
        uuid.uuid4(),
        uuid.uuid4(),
        "county_admin",
        COUNTY,
        Scope(COUNTY, frozenset(), frozenset(), frozenset({COUNTY})),
        b"",
    )
    with factory() as s:
        cursor = read_changes(s, SECRET, caller, None, 10_000).cursor
    a_numbered = threading.Event()
    a_may_commit = threading.Event()
    b_done = threading.Event()
    results: dict[str, list[int]] = {}
    hid_a, hid_b = uuid.uuid4(), uuid.uuid4()

    def writer_a() -> None:
        with factory() as s, s.begin():
            s.add(
                Household(id=hid_a, village_code=V1A, township_code="421202001", county_code=COUNTY)
            )
            s.flush()
            results["a"] = emit(s, [NewChange("household", str(hid_a), COUNTY, "421202001", V1A)])
            a_numbered.set()
            a_may_commit.wait(timeout=60)

    def writer_b() -> None:
        a_numbered.wait(timeout=60)
        with factory() as s, s.begin():
            s.add(
                Household(id=hid_b, village_code=V1A, township_code="421202001", county_code=COUNTY)
            )
            s.flush()
            results["b"] = emit(s, [NewChange("household", str(hid_b), COUNTY, "421202001", V1A)])
        b_done.set()

    ta, tb = threading.Thread(target=writer_a), threading.Thread(target=writer_b)
    ta.start()
    tb.start()
    a_numbered.wait(timeout=60)
    # B is blocked behind A's counter lock: it cannot commit first.
    assert not b_done.wait(timeout=0.5)
    # (on SQLite, B waits for A's write lock, taken by BEGIN IMMEDIATE, the same way)
    with readers() as s:
        page = read_changes(s, SECRET, caller, cursor, 100)
    assert page.changes == []  # nothing visible yet, and the cursor did not move past A
    a_may_commit.set()
    ta.join(timeout=60)
    tb.join(timeout=60)
    with factory() as s:
        page2 = read_changes(s, SECRET, caller, page.cursor, 100)
    assert [c.id for c in page2.changes] == [str(hid_a), str(hid_b)]
    assert results["a"][0] < results["b"][0]
