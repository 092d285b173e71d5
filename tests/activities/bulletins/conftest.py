"""Fixtures of the 通报/通知 and 提醒约谈 tests: a draft bulletin naming org A, a talk with two items."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from activities import services
from activities.models import BulletinKind, BulletinMark, ReminderReason
from tests.ledger.conftest import (  # noqa: F401 (fixtures used by the draft-from-overdue tests)
    ledger_item,
    ledger_plan,
    task_monthly,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def png(name: str = "整改照片.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def make_bulletin(staff, orgs, *, title="关于一季度台账工作的通报", issued_on=date(2026, 3, 5), **fields):
    fields.setdefault("kind", BulletinKind.BULLETIN)
    return services.bulletin_create(
        actor=staff,
        issued_on=issued_on,
        title=title,
        body="现将一季度台账工作情况通报如下。",
        orgs=[(org, BulletinMark.REMIND) for org in orgs],
        **fields,
    )


@pytest.fixture
def draft_a(committee_staff, org_a):
    return make_bulletin(committee_staff, [org_a])


@pytest.fixture
def talk_a(committee_staff, org_a):
    return services.reminder_talk_create(
        actor=committee_staff,
        organization=org_a,
        secretary_name="李四",
        reason=ReminderReason.SLOW_RECTIFICATION,
        reason_detail="巡察反馈问题整改进度缓慢",
        talked_on=date(2026, 3, 1),
        talked_by="工委副书记",
        items=[
            {"content": "补齐2025年度三会一课记录", "deadline": date(2026, 4, 30)},
            {"content": "召开专题组织生活会", "deadline": date(2026, 5, 31)},
        ],
    )


@pytest.fixture
def item_a(talk_a):
    return talk_a.rectifications.order_by("seq").first()
