"""seed_demo's 通报/通知 and 提醒约谈: ten published (numbered per year, some read), one talk with a closed,
an overdue and an open item."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from activities.models import Bulletin, BulletinReceipt, Rectification, RectificationState, ReminderTalk

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


def test_the_demo_year_has_ten_bulletins_and_a_reminder_talk_with_items():
    out = StringIO()
    call_command("seed_demo", "--year", "2026", "--today", TODAY.isoformat(), "--scale", "small", stdout=out)

    bulletins = Bulletin.objects.published()
    assert bulletins.count() == 10
    numbered = sorted(bulletins.exclude(number=None).values_list("year", "number"))
    assert numbered == [(2026, n) for n in range(1, len(numbered) + 1)] and len(numbered) == 8
    receipts = BulletinReceipt.objects.all()
    assert receipts.filter(read_at__isnull=False).exists() and receipts.filter(read_at__isnull=True).exists()
    talk = ReminderTalk.objects.get()
    assert talk.secretary_name
    items = Rectification.objects.filter(talk=talk)
    assert items.filter(state=RectificationState.CLOSED).count() == 1
    assert items.overdue(TODAY).count() == 1
    assert "通报与通知 10 期" in out.getvalue()
