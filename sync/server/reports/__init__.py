"""Progress, the ledger (台账), the public-posting list, referral lists, discrepancies."""
