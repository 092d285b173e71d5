"""The main pages in a real browser (Debian's Chromium) break no rule of the Content-Security-Policy.

Chromium reports every blocked inline script, style, eval or foreign source on the console
("Refused to …"); any such message on any page fails the test. Runs with the integration tests.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from ledger import services
from ledger.models import Recurrence

from .test_browser_flow import _log_in, _offline_context

pytestmark = pytest.mark.integration

STAFF_PAGES = [
    "/",
    "/organizations/",
    "/members/",
    "/notifications/",
    "/ledger/review/",
    "/ledger/plans/",
    "/ledger/summary/",
    "/ledger/overdue/",
    "/ledger/periods/",
    "/ledger/imports/",
    "/api/v1/docs/",
]
SECRETARY_PAGES = ["/", "/ledger/my/", "/ledger/my/assignments/"]


def _watch(page, refused: list) -> None:
    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or text.startswith("Refused to"):
            refused.append(f"{page.url}: {text}")

    page.on("console", on_console)


def _visit(browser, live_server, username, paths, extra=()) -> list[str]:
    refused: list[str] = []
    outside: list[str] = []
    context = _offline_context(browser, live_server, outside)
    page = context.new_page()
    _watch(page, refused)
    _log_in(page, live_server, username)
    for path in [*paths, *extra]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    context.close()
    assert outside == []
    return refused


def test_the_main_pages_break_no_rule_of_the_policy(
    browser,
    live_server,
    transactional_db,
    committee_staff,
    secretary_a,
    org_a,
):
    year = timezone.localdate().year
    plan = services.plan_create(year=year, title=f"{year}年台账", by=committee_staff)
    item = services.item_create(plan=plan, title="组织生活", by=committee_staff)
    task = services.task_create(
        item=item,
        title="开展主题党日活动",
        by=committee_staff,
        recurrence=Recurrence.MONTHLY,
        responsible_orgs=[org_a],
    )
    refused = _visit(
        browser,
        live_server,
        committee_staff.username,
        STAFF_PAGES,
        extra=[f"/ledger/plans/{plan.pk}/", f"/ledger/summary/?year={year}", f"/organizations/{org_a.pk}/"],
    )
    assignment = task.assignments.filter(organization=org_a).order_by("due_date").first()
    refused += _visit(
        browser,
        live_server,
        secretary_a.username,
        SECRETARY_PAGES,
        extra=[f"/ledger/assignments/{assignment.pk}/", f"/ledger/assignments/{assignment.pk}/submit/"],
    )
    assert refused == []
