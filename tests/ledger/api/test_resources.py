"""Every ledger resource through the shared API checks: roles, scoping, 401/403/405, query counts."""

from datetime import date
from itertools import count

import pytest

from accounts.models import Role
from ledger import services
from ledger.models import Assignment, Recurrence
from tests.api_mixins import APIResourceTests
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
_years = count(2001)
_quarters = count(1)


def _staff():
    return UserFactory(username="resource_staff", role=Role.COMMITTEE_STAFF)


def _plan():
    return services.plan_create(year=next(_years), title="年度台账", by=_staff())


def _item():
    return services.item_create(plan=_plan(), title="基层组织建设", by=_staff())


def _task(org):
    return services.task_create(
        item=_item(),
        title="完成支部换届选举",
        by=_staff(),
        recurrence=Recurrence.NONE,
        deadline=date(2020, 6, 30),
        responsible_orgs=[org],
    )


def _assignment(org):
    return Assignment.objects.get(task=_task(org), organization=org)


class TestPlanAPI(APIResourceTests):
    basename = "ledger-plan"
    fields = {"id", "year", "title", "description", "created_at"}
    org_scoped = False

    def make_object(self, org):
        return _plan()

    def create_data(self, org):
        return {"year": next(_years), "title": "新的年度台账"}

    def update_data(self, obj):
        return {"title": "改过的标题"}


class TestItemAPI(APIResourceTests):
    basename = "ledger-item"
    fields = {"id", "plan", "plan_year", "seq", "title"}
    org_scoped = False

    def make_object(self, org):
        return _item()

    def create_data(self, org):
        return {"plan": _plan().pk, "title": "党员教育管理"}

    def update_data(self, obj):
        return {"title": "改过的项目"}


class TestTaskAPI(APIResourceTests):
    basename = "ledger-task"
    fields = {"id", "item", "title", "deadline", "recurrence", "responsible_orgs"}

    def make_object(self, org):
        return _task(org)

    def create_data(self, org):
        return {"item": _item().pk, "title": "讲授专题党课", "responsible_orgs": [org.pk]}

    def update_data(self, obj):
        return {"title": "改过的任务"}


class TestAssignmentAPI(APIResourceTests):
    basename = "ledger-assignment"
    fields = {"id", "task", "organization", "period", "due_date", "status"}
    writable = False

    def make_object(self, org):
        return _assignment(org)

    def create_data(self, org):
        return {"task": _task(org).pk, "organization": org.pk, "period": "2020-Y"}

    def update_data(self, obj):
        return {"period": "2021-Y"}


class TestRecordAPI(APIResourceTests):
    basename = "ledger-record"
    fields = {"id", "assignment", "organization", "content", "done_on", "state", "attachments"}

    def make_object(self, org):
        return services.record_submit(
            assignment=_assignment(org), user=_staff(), content="已完成换届", done_on=date(2020, 6, 1)
        )

    def create_data(self, org):
        return {"assignment": _assignment(org).pk, "content": "已完成换届", "done_on": "2020-06-01"}

    def update_data(self, obj):
        return {"content": "已完成换届，材料已归档"}


class TestClosureAPI(APIResourceTests):
    basename = "ledger-closure"
    fields = {"id", "period", "label", "is_closed", "changed_by", "changed_at", "reason"}
    writable = False
    org_scoped = False

    def make_object(self, org):
        number = next(_quarters)
        return services.period_close(period=f"{2000 + number // 4}-Q{number % 4 + 1}", user=_staff())

    def detail_url(self, obj):
        from django.urls import reverse

        return reverse(f"{self.basename}-detail", args=[obj.period])

    def create_data(self, org):
        return {"period": "2019-Q1"}

    def update_data(self, obj):
        return {"reason": "改"}
