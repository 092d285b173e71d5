"""Entered once for 三会一课 and 主题讲坛 too: the same fill page after saving, the same links both ways, and
deleting a meeting withdraws what it filled."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from activities.services.forums import forum_create
from activities.services.meetings import meeting_create, meeting_delete
from ledger import services as ledger
from ledger.models import ActivityFill, ActivityKind, Record, Recurrence
from ledger.services.fills import fill_assignments, fill_proposals
from tests.conftest import browser_as

from .conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def lecture_task(plan, committee_staff, org_a, org_b):
    item = plan["monthly"].item
    return ledger.task_create(
        item=item,
        title="每季度讲一次党课",
        by=committee_staff,
        recurrence=Recurrence.QUARTERLY,
        responsible_orgs=[org_a, org_b],
        activity_kind=ActivityKind.MEETING_LECTURE,
    )


def test_a_lecture_fills_the_quarter_s_lecture_task_of_its_own_org_only(lecture_task, secretary_a, org_a):
    meeting = meeting_create(
        actor=secretary_a, organization=org_a, meeting_type="lecture", held_on=date(YEAR, 2, 20)
    )
    proposals = list(fill_proposals(meeting))
    assert [(a.task.title, a.period, a.organization_id) for a in proposals] == [
        ("每季度讲一次党课", f"{YEAR}-Q1", org_a.pk)
    ]

    fill_assignments(actor=secretary_a, activity=meeting, assignment_ids=[proposals[0].pk])
    page = browser_as(secretary_a).get(meeting.get_absolute_url()).content.decode()
    assert f'data-filled-assignment="{proposals[0].pk}"' in page

    meeting_delete(actor=secretary_a, meeting=meeting)
    assert not Record.objects.exists() and not ActivityFill.objects.exists()


def test_a_committee_meeting_proposes_no_lecture_task(lecture_task, secretary_a, org_a):
    meeting = meeting_create(
        actor=secretary_a, organization=org_a, meeting_type="committee", held_on=date(YEAR, 2, 20)
    )
    assert not fill_proposals(meeting).exists()


def test_a_forum_offers_its_month_s_forum_task_and_links_both_ways(plan, secretary_a, org_a):
    forum = forum_create(
        actor=secretary_a,
        organization=org_a,
        held_on=date(YEAR, 3, 8),
        topic="我是党员",
        attendance=25,
        speaker_names="王芳",
    )
    client = browser_as(secretary_a)
    page = client.get(forum.get_absolute_url()).content.decode()
    assert "data-fill-link" in page and "用本次活动填报 1 项台账任务" in page

    fill_page = client.get(f"{reverse('ledger:activity_fill')}?type=activities.forum&id={forum.pk}")
    assert fill_page.status_code == 200 and "每月开展主题讲坛" in fill_page.content.decode()
    assignment = fill_proposals(forum).get()
    response = client.post(
        reverse("ledger:activity_fill"),
        {"type": "activities.forum", "id": forum.pk, "assignments": assignment.pk},
    )
    assert response.status_code == 302
    assert Record.objects.get(assignment=assignment).source == forum
    assignment_page = client.get(f"/ledger/assignments/{assignment.pk}/").content.decode()
    assert f'href="{forum.get_absolute_url()}"' in assignment_page
