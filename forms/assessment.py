"""When does the cadre's recommendation disagree with the screening?

The household survey requires a reason (`recommendation_reason`) when the cadre recommends
something the screening does not support, through the expression
`screening-disagrees(${recommendation})`. This module holds that rule as a table so it can be
read, documented and tested on its own:

- `dibao` disagrees unless the household screens as `dibao_income` or `expenditure_difficulty`;
- `tekun` disagrees unless it screens as `tekun_candidate`;
- `exit` disagrees when it screens as `dibao_income` or `expenditure_difficulty`;
- `keep` disagrees when the screening says `recheck_dibao_above` or `possibly_missed`;
- `temporary` and `verify` never disagree (both are judgements the screening cannot make).
"""

from __future__ import annotations

from collections.abc import Set

_QUALIFIES_DIBAO = frozenset({"dibao_income", "expenditure_difficulty"})

# recommendation -> (flags of which at least one must be present, flags none of which may be)
RULES: dict[str, tuple[frozenset[str] | None, frozenset[str]]] = {
    "dibao": (_QUALIFIES_DIBAO, frozenset()),
    "tekun": (frozenset({"tekun_candidate"}), frozenset()),
    "exit": (None, _QUALIFIES_DIBAO),
    "keep": (None, frozenset({"recheck_dibao_above", "possibly_missed"})),
    "temporary": (None, frozenset()),
    "verify": (None, frozenset()),
}


def disagrees(recommendation: str, flags: Set[str]) -> bool:
    """True when `recommendation` goes against the screening `flags` (codes) of a household."""
    rule = RULES.get(recommendation)
    if rule is None:
        return False
    needs_one, forbids = rule
    if needs_one is not None and not needs_one & flags:
        return True
    return bool(forbids & flags)
