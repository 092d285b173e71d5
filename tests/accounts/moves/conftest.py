"""Shared by the rename, transfer and merge tests: today held fixed, and an organ committee's branches."""

import pytest
from django.utils import timezone

from accounts.models import Role
from tests.factories import UserFactory, make_org

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _today_stays_today(monkeypatch):
    # TODAY is read when the module is imported; a run that crosses midnight (Asia/Shanghai) must not
    # make it "yesterday" for the services.
    localdate = timezone.localdate
    monkeypatch.setattr(
        "django.utils.timezone.localdate",
        lambda value=None, *args: TODAY if value is None else localdate(value, *args),
    )


@pytest.fixture
def committee_branches(organ_committee):
    """An organ committee with two branches under it, and a secretary of the committee."""
    first = make_org(organ_committee, "中共清镇市委办综合科支部委员会", short_name="市委办综合科党支部")
    second = make_org(organ_committee, "中共清镇市委办督查室支部委员会", short_name="市委办督查室党支部")
    secretary = UserFactory(username="sec_committee", role=Role.SECRETARY, organization=organ_committee)
    return first, second, secretary
