"""The daily reminder on the real stack: PostgreSQL, Redis broker and a live Celery worker (CI only)."""

import time
from datetime import date

import pytest
from django.db import connection

from accounts.models import Notification, Role
from accounts.models import User as UserModel
from ledger import services
from ledger.models import Assignment
from ledger.tasks import mark_overdue_task
from tests.factories import UserFactory, make_org, make_root

pytestmark = pytest.mark.integration


@pytest.fixture
def overdue_assignment(transactional_db):
    """Committed rows (transactional_db) so the worker, in its own connection, sees them."""
    staff = UserFactory(username="it_staff", role=Role.COMMITTEE_STAFF)
    org = make_org(make_root(), "中共清镇市集成测试支部委员会")
    secretary = UserFactory(username="it_sec", role=Role.SECRETARY, organization=org)
    plan = services.plan_create(year=2020, title="2020年台账", by=staff)
    item = services.item_create(plan=plan, title="基层组织建设", by=staff)
    # Due long ago: overdue whatever day the worker runs on.
    services.task_create(
        item=item, title="报送年度计划", by=staff, deadline=date(2020, 1, 31), responsible_orgs=[org]
    )
    return secretary


def test_it_runs_on_postgresql(transactional_db):
    assert connection.vendor == "postgresql"


def test_the_worker_notifies_the_secretary_of_an_overdue_assignment(overdue_assignment: UserModel):
    mark_overdue_task.delay()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if Notification.objects.filter(user=overdue_assignment).exists():
            break
        time.sleep(0.5)
    notice = Notification.objects.get(user=overdue_assignment)
    assert "报送年度计划" in notice.title
    assert Assignment.objects.get().overdue_notified_at is not None
