"""seed_demo's 实绩档案: nothing stored, but the demo year shows complete and incomplete archives."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from activities.selectors import archive as archives

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


def test_the_demo_year_has_a_complete_and_an_incomplete_archive_and_sec01_opens_theirs():
    out = StringIO()
    call_command("seed_demo", "--year", "2026", "--today", TODAY.isoformat(), "--scale", "small", stdout=out)
    staff = User.objects.get(username="staff")
    complete = archives.archives_filtered(staff, year=2026, flag="complete", today=TODAY)
    flagged = archives.archives_filtered(staff, year=2026, flag="open_items", today=TODAY)
    assert complete.exists() and flagged.exists()
    assert "实绩档案：2026年" in out.getvalue()
    sec01 = User.objects.get(username="sec01")
    assert archives.own_archives(sec01).exists()
