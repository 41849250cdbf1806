"""Benchmark of the encrypted store: unlock, saving a survey, listing and searching households.

Every figure is measured twice in the same run, on SQLCipher and on a plain SQLite file through
the same code, and printed with the ratio. Targets (issue 2): save p95 <= 20 ms, search <= 50 ms
on 20,000 households, encrypted/plain <= 1.5x, unlock about 0.3-0.5 s.

Run: .venv/bin/python bench/store.py [--households 20000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.store import migrations, profile  # noqa: E402
from desktop.store.audit import Actor  # noqa: E402
from desktop.store.db import encrypted_connector, make_engine, plain_connector  # noqa: E402
from desktop.store.keys import new_data_key, new_recovery_keypair  # noqa: E402
from desktop.store.models import Division, Household  # noqa: E402
from desktop.store.records import HouseholdData, SurveyData, save_household, save_survey  # noqa: E402
from desktop.store.search import search_households  # noqa: E402
from forms.samples import sample_household  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "建国桂英小军红秀兰志强丽华德明春梅海燕玉兰永福金凤国平淑珍文华"
ACTOR = Actor("cadre-bench", "device-bench")


def _timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def _p95(xs: list[float]) -> float:
    return sorted(xs)[max(0, int(len(xs) * 0.95) - 1)]


def _populate(engine: Engine, households: int, rng: random.Random) -> list[str]:
    villages = [f"4212211{t:02d}{v:03d}" for t in range(10) for v in range(20)]
    with Session(engine) as s, s.begin():
        s.add(Division(code="421221", name="嘉鱼县", level="county"))
        for t in range(10):
            s.add(
                Division(
                    code=f"4212211{t:02d}", name=f"镇{t}", level="township", parent_code="421221"
                )
            )
        for v in villages:
            s.add(Division(code=v, name=f"村{v[-3:]}", level="village", parent_code=v[:9]))
    with Session(engine) as s, s.begin():
        for i in range(households):
            name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))
            idn = f"421221{rng.randint(1940, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{i % 1000:03d}{rng.randint(0, 9)}"
            s.add(
                Household(
                    id=str(uuid.uuid4()),
                    village_code=villages[i % len(villages)],
                    address=f"{i % 17 + 1}组{i % 97 + 1}号",
                    head_name=name,
                    head_id_number=idn,
                    phone=f"139{rng.randint(10**7, 10**8 - 1)}",
                    hukou_type="rural",
                    categories=[],
                    origin="registry",
                    revision=1,
                    base_revision=0,
                    device_updated_at="2026-03-01T00:00:00Z",
                )
            )
    return villages


def _measure(engine: Engine, households: int, saves: int) -> dict[str, list[float]]:
    rng = random.Random(7)
    villages = _populate(engine, households, rng)
    answers = sample_household()

    def save_one() -> None:
        hid = str(uuid.uuid4())
        with Session(engine, expire_on_commit=False) as s, s.begin():
            save_household(
                s, ACTOR, HouseholdData(id=hid, village_code=villages[0], head_name="王建国")
            )
            save_survey(
                s, ACTOR, SurveyData(str(uuid.uuid4()), hid, "household-survey", 1, answers)
            )

    def query(text: str = "", village: str | None = None) -> Callable[[], object]:
        def run() -> object:
            with Session(engine) as s:
                return search_households(s, text, village)

        return run

    _timed(save_one, 10)  # warm up
    return {
        "save household + 6-member survey": _timed(save_one, saves),
        "list one village (100 households)": _timed(query(village=villages[3]), 30),
        "search by name fragment '建国'": _timed(query("建国"), 30),
        "search by ID fragment '0315'": _timed(query("0315"), 30),
        "search by phone fragment '8888'": _timed(query("8888"), 30),
        "search name within a village": _timed(query("王", villages[5]), 30),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--saves", type=int, default=200)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _, public_pem = new_recovery_keypair()
        created = profile.create_profile(root / "unlock", "bench-passphrase-1", public_pem)
        created.lock()
        unlock_ms = _timed(lambda: profile.unlock(root / "unlock", "bench-passphrase-1").lock(), 5)

        # cipher_memory_security is process-wide, so each configuration sets it on connect and
        # they run one after another: plain, encrypted as shipped, encrypted without wiping.
        configs: dict[str, Callable[[], Engine]] = {
            "plain": lambda: make_engine(plain_connector(root / "plain.db")),
            "encrypted": lambda: make_engine(
                encrypted_connector(root / "enc.db", bytearray(new_data_key()))
            ),
            "nowipe": lambda: make_engine(
                encrypted_connector(root / "enc2.db", bytearray(new_data_key()), False)
            ),
        }
        results = {}
        for name, make in configs.items():
            engine = make()
            with engine.begin() as conn:
                migrations.migrate(conn)
            results[name] = _measure(engine, args.households, args.saves)
            engine.dispose()

    print(f"store benchmark, {args.households} households, Python {sys.version.split()[0]}")
    print(
        f"unlock (Argon2id/scrypt + open + migrate check): median {statistics.median(unlock_ms):.0f} ms"
    )
    print("enc = SQLCipher as shipped (cipher_memory_security ON); nowipe = same with it OFF;")
    print("plain = the same SQLite build with no key. Ratios are medians against plain.")
    header = f"{'operation':36} {'enc med':>8} {'enc p95':>8} {'plain':>8} {'ratio':>6}"
    print(header + f" {'nowipe':>8} {'ratio':>6}")
    for op, enc in results["encrypted"].items():
        plain = statistics.median(results["plain"][op])
        nowipe = statistics.median(results["nowipe"][op])
        print(
            f"{op:36} {statistics.median(enc):6.2f}ms {_p95(enc):6.2f}ms {plain:6.2f}ms "
            f"{statistics.median(enc) / plain:5.2f}x {nowipe:6.2f}ms {nowipe / plain:5.2f}x"
        )


if __name__ == "__main__":
    main()
