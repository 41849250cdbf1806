"""Benchmarks of the form engine: prints median times (not a test; run `python bench/forms.py`).

- validating and screening a 6-member household response (target ≤ 2 ms);
- loading the household form from its YAML file, uncached (target ≤ 50 ms).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from importlib import resources
from pathlib import Path

# This script is called forms.py: take its folder off the path so `import forms` finds the package.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

from forms.loader import build_form  # noqa: E402
from forms.registry import load_form, read_definition  # noqa: E402
from forms.samples import sample_household  # noqa: E402
from forms.screening import screen  # noqa: E402
from forms.standards import load_standards  # noqa: E402


def median_ms(action: Callable[[], object], repeat: int) -> float:
    action()  # warm caches (regex compilation, imports)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    today = date(2024, 3, 20)
    form = load_form("household-survey", 1)
    answers = sample_household(members=6)
    standards = load_standards("421221", 2024)
    assert form.validate(answers, today=today, standards=standards) == []

    def validate_and_screen() -> None:
        form.validate(answers, today=today, standards=standards)
        screen(form.clean(answers, today=today), standards)

    def review() -> None:
        form.review(answers, standards, today=today)

    text = resources.files("forms.bundled").joinpath("household-survey.v1.yaml").read_text("utf-8")

    def load() -> None:
        build_form(read_definition(text, "household-survey.v1.yaml"), "household-survey.v1.yaml")

    figures = [
        (
            "validate only, 6 members",
            median_ms(lambda: form.validate(answers, today=today, standards=standards), 300),
            None,
        ),
        ("validate, clean, screen: separate calls", median_ms(validate_and_screen, 300), None),
        ("validate + screen: form.review, 6 members", median_ms(review, 300), 2.0),
        ("load household form (YAML, uncached)", median_ms(load, 30), 50.0),
    ]
    for name, value, target in figures:
        verdict = (
            ""
            if target is None
            else (f"  target ≤ {target:g} ms: " + ("ok" if value <= target else "MISSED"))
        )
        print(f"{name:<42} median {value:8.3f} ms{verdict}")


if __name__ == "__main__":
    main()
