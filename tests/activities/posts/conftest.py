"""Posts in org A and org B, and their public feedback, for the 服务监督岗 tests."""

from __future__ import annotations

from datetime import date

import pytest

from activities.services.posts import feedback_submit, service_post_create
from tests.activities.imports.conftest import write_workbook
from tests.factories import MemberFactory


def make_post(org, name: str, title: str = "办税服务窗口", actor=None, **fields):
    return service_post_create(
        actor=actor,
        organization=org,
        member=MemberFactory(organization=org, name=name),
        title=title,
        **{"phone": "0851-82511234", "established_on": date(2019, 3, 1), **fields},
    )


@pytest.fixture
def post_a(org_a):
    return make_post(org_a, "周敏", pledge="首问负责，限时办结")


@pytest.fixture
def post_b(org_b):
    return make_post(org_b, "吴刚", title="国库支付窗口")


@pytest.fixture
def complaint_a(post_a):
    return feedback_submit(post=post_a, kind="complaint", text="窗口中午无人值守", contact="13800000000")


@pytest.fixture
def complaint_b(post_b):
    return feedback_submit(post=post_b, kind="complaint", text="财政局窗口态度生硬")


@pytest.fixture
def workbook(tmp_path):
    counter = iter(range(1000))

    def make(headers, rows, **kwargs):
        return write_workbook(tmp_path / f"posts{next(counter)}.xlsx", headers, rows, **kwargs)

    return make
