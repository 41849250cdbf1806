"""Shared test set-up: Qt always offscreen, so the suite runs on machines with no display."""

import os
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Tests marked `balancer` need HAProxy's binary: left out (not skipped) where it is not
    installed; .ci/run installs it, so CI always runs them."""
    from tests.e2e.balancer import haproxy_binary

    if haproxy_binary() is not None:
        return
    left_out = [i for i in items if i.get_closest_marker("balancer")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [i for i in items if not i.get_closest_marker("balancer")]
