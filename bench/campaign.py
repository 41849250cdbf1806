"""A township campaign, simulated end to end: does three weeks of fieldwork arrive whole?

Drives the real services and the real sync engine (no Qt) against a real `doorstep-server serve`
on loopback: N cadre profiles (encrypted SQLCipher, fast key derivation), H households over a
simulated three-week window. Each cadre reaches the server only through its own faulting proxy
(cuts at random byte offsets, delays, duplicated requests) and only in short random online
windows; township supervisors return about 10 % of the surveys through the review service the
supervisor app uses; some households are found new in the field, some need a revisit after
nobody was home. At the end it checks that the server holds exactly the union of all work, that
every review decision reached its cadre, every outbox is empty and every audit chain verifies,
and prints the totals, records lost and duplicated, and the time the campaign took to converge
once the last cadre came online for good. The simulation itself is `tests/e2e/campaign.py`.

    .venv/bin/python bench/campaign.py [--cadres 30] [--households 3000] [--seed N] [--postgres]

Figures on 2026-11-28, 2-core shared VM, default seed, 30 cadres, 3,000 households, 21 days,
fault rate 0.3: SQLite, load average about 1 to 6 (others' tests running): whole run 161-219 s,
converged 8.5-11.7 s after the last cadre came online (2 passes); PostgreSQL at load average 6-9:
485 s, converged 18.2 s. Every run: records lost 0, duplicated 0, conflicts 0, outboxes empty,
audit chains verify.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The repository root first, and not this folder: bench/forms.py would shadow the forms package.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from tests.e2e.campaign import CampaignConfig, campaign  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--cadres", type=int, default=30)
    ap.add_argument("--households", type=int, default=3000)
    ap.add_argument("--days", type=int, default=21)
    ap.add_argument("--seed", type=int, default=20260302)
    ap.add_argument("--fault-rate", type=float, default=0.3)
    ap.add_argument("--workers", type=int, default=4, help="cadres syncing at the same time")
    ap.add_argument("--postgres", action="store_true", help="PostgreSQL on 127.0.0.1:5432")
    args = ap.parse_args()
    if args.cadres < 1 or args.households < args.cadres or args.days < 3:
        ap.error("need at least one cadre, one household per cadre and three days")
    cfg = CampaignConfig(
        cadres=args.cadres,
        households=args.households,
        days=args.days,
        seed=args.seed,
        fault_rate=args.fault_rate,
        workers=args.workers,
        postgres=args.postgres,
    )
    started = time.monotonic()
    with (
        tempfile.TemporaryDirectory(prefix="doorstep-campaign-") as tmp,
        campaign(Path(tmp), cfg, log=lambda line: print(line, flush=True)) as sim,
    ):
        setup = time.monotonic() - started
        print(f"set up {args.cadres} laptops and the server in {setup:.1f} s", flush=True)
        sim.run()
        check = sim.check()
        wire = sim.proxy_counts()
    total = time.monotonic() - started
    t = sim.totals
    lost = len(check.lost) + len(check.decisions_missing)
    print()
    print(
        f"campaign: {args.cadres} cadres, {args.households} households, {args.days} days, "
        f"seed {args.seed}, {'postgresql' if args.postgres else 'sqlite'}, "
        f"fault rate {args.fault_rate}"
    )
    print(
        f"work: {t.households} households ({t.new_in_field} found new in the field), "
        f"{t.surveys} surveys ({t.drafts_finished} finished from drafts), "
        f"{t.nobody_home} nobody-home visits, {t.revisits} revisits, {t.photos} photos, "
        f"{t.household_edits} household corrections, {t.restarts} laptop restarts"
    )
    print(
        f"review: {t.returns} returned, {t.approvals} approved, "
        f"{t.corrections} corrected and resubmitted"
    )
    print(
        f"sync: {t.windows} online windows, {t.rounds} rounds, outcomes "
        + ", ".join(f"{k} {v}" for k, v in sorted(t.outcomes.items()))
    )
    for message, n in sorted(t.messages.items()):
        print(f"  {n} x {message}")
    print(
        f"link: {wire['connections']} connections, {wire['cuts']} cut by faults, "
        f"{wire['window_cuts']} requests lost to closing windows, "
        f"{wire['duplicates']} duplicated requests, {t.server_crashes} server SIGKILLs, "
        f"{wire['bytes_up'] / 1e6:.1f} MB up, {wire['bytes_down'] / 1e6:.1f} MB down"
    )
    print("server holds: " + ", ".join(f"{k} {v}" for k, v in check.server_records.items()))
    print(f"records lost: {lost}")
    print(f"records extra on the server: {len(check.extra)}")
    print(f"records at a stale revision: {len(check.stale)}")
    print(f"duplicated: {len(check.duplicated)}")
    print(f"conflicts: {check.conflicts}")
    print(f"review decisions not on their cadre's laptop: {len(check.undelivered)}")
    left = sum(check.outbox_left.values())
    print("outboxes empty" if left == 0 else f"outboxes NOT empty: {left} entries left")
    print(
        "audit chains verify"
        if not check.audit_problems
        else f"audit chains BROKEN on {len(check.audit_problems)} laptops"
    )
    print(
        f"converged {sim.converge_seconds:.1f} s after the last cadre came online "
        f"({sim.converge_rounds} passes)"
    )
    print(f"whole run {total:.0f} s (set-up {setup:.0f} s)")
    if not check.ok:
        for name in ("lost", "extra", "stale", "duplicated", "undelivered", "decisions_missing"):
            items = getattr(check, name)
            if items:
                print(f"  {name}: {items[:5]}")
        for who, problems in check.audit_problems.items():
            print(f"  audit {who}: {problems[:3]}")
    return 0 if check.ok else 1


if __name__ == "__main__":
    sys.exit(main())
