"""The case detail pane's HTML: step and since when, what is due, the posting window with its
day and days left, amounts, objections, the decision, the next re-check, and the history."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication

from desktop.services.cases import CaseDetail
from desktop.ui.cases.words import history_label, next_action_label, op_label, step_label


def case_detail_html(d: CaseDetail) -> str:
    """The case as the detail pane shows it (HTML, every value escaped)."""
    e = html.escape
    r = d.row
    parts = [
        f"<h3>{e(r.head_name)} · {e(r.village_name)} · {e(r.programme_label)}</h3>",
        f"<p><b>{e(step_label(r.step))}</b>",
    ]
    if r.step_since is not None:
        since = QCoreApplication.translate("CaseQueueWidget", "since %1 (%2 days)")
        parts.append(
            " "
            + e(since.replace("%1", r.step_since.isoformat()).replace("%2", str(r.days_in_step)))
        )
    parts.append("</p>")
    due = next_action_label(r.next_action)
    if due:
        parts.append(f"<p>{e(_due())}: {e(due)}</p>")
    if r.pending:
        parts.append(f"<p><i>{e(_changed_on_this_lapt())}</i></p>")
    if r.posting_start is not None and r.posting_end is not None:
        window = QCoreApplication.translate("CaseQueueWidget", "Posting %1 – %2").replace(
            "%1", r.posting_start.isoformat()
        )
        window = window.replace("%2", r.posting_end.isoformat())
        if d.posting_day is not None and r.days_left:
            window += " · " + QCoreApplication.translate(
                "CaseQueueWidget", "day %1, %2 day(s) left"
            ).replace("%1", str(d.posting_day)).replace("%2", str(r.days_left))
        elif r.days_left == 0:
            window += " · " + QCoreApplication.translate("CaseQueueWidget", "the window has closed")
        parts.append(f"<p>{e(window)}</p>")
    if r.proposed_amount:
        parts.append(f"<p>{e(_proposed_monthly_amo())}: {e(r.proposed_amount)}</p>")
    if d.decision:
        dec = d.decision
        parts.append(
            f"<p>{e(_decision())}: {e(step_label(str(dec.get('outcome'))))} "
            f"{e(str(dec.get('category') or ''))} {e(str(dec.get('monthly_amount') or ''))} "
            f"{e(str(dec.get('start_month') or ''))} {e(str(dec.get('refusal_reason') or ''))}</p>"
        )
    if r.recheck_on is not None:
        parts.append(f"<p>{e(_next_re_check())}: {e(r.recheck_on.isoformat())}</p>")
    if d.objections:
        parts.append(f"<h4>{e(_objections())}</h4><ul>")
        for o in d.objections:
            state = (
                QCoreApplication.translate("CaseQueueWidget", "open")
                if o.outcome is None
                else (
                    QCoreApplication.translate("CaseQueueWidget", "upheld")
                    if o.outcome == "upheld"
                    else QCoreApplication.translate("CaseQueueWidget", "dismissed")
                )
            )
            parts.append(
                f"<li>{e(o.received_on)} · {e(o.raised_by)} · {e(o.content)} · "
                f"<b>{e(state)}</b> {e(o.reason)}</li>"
            )
        parts.append("</ul>")
    parts.append(f"<h4>{e(_history())}</h4><ul>")
    for h in d.history:
        detail = h.detail
        if h.what.startswith("op_"):
            detail = op_label(h.detail)
        parts.append(f"<li>{e(h.on)} · {e(history_label(h.what))} {e(detail)}</li>")
    parts.append("</ul>")
    return "".join(parts)


def _due() -> str:
    return QCoreApplication.translate("CaseQueueWidget", "Due")


def _changed_on_this_lapt() -> str:
    return QCoreApplication.translate(
        "CaseQueueWidget", "Changed on this laptop; waiting for the server."
    )


def _proposed_monthly_amo() -> str:
    return QCoreApplication.translate("CaseQueueWidget", "Proposed monthly amount")


def _decision() -> str:
    return QCoreApplication.translate("CaseQueueWidget", "Decision")


def _next_re_check() -> str:
    return QCoreApplication.translate("CaseQueueWidget", "Next re-check")


def _objections() -> str:
    return QCoreApplication.translate("CaseQueueWidget", "Objections")


def _history() -> str:
    return QCoreApplication.translate("CaseQueueWidget", "History")
