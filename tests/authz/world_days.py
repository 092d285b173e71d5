"""The matrix world's 党员服务日 rows: a day in org A and one in org B (with attendance and a photo), each
filling its org's April 2020 assignment of a task whose activity kind is service_day."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from activities.models import AttendanceStatus
from activities.services.days import service_day_create
from ledger import services as ledger
from ledger.models import ActivityKind, Recurrence
from ledger.services.fills import fill_assignments, fill_proposals
from tests.factories import MemberFactory


def days_rows(*, item, org_a, org_b, users, secretary_b) -> dict[str, dict[str, object]]:
    staff = users[Role.COMMITTEE_STAFF]
    ledger.task_create(
        item=item,
        title="每月至少集中一天开展党员服务日活动",
        by=staff,
        recurrence=Recurrence.MONTHLY,
        responsible_orgs=[org_a, org_b],
        activity_kind=ActivityKind.SERVICE_DAY,
    )
    days = {}
    for key, org, writer in (("own", org_a, users[Role.SECRETARY]), ("other", org_b, secretary_b)):
        member = MemberFactory(organization=org, name=f"服务日{key}")
        day = service_day_create(
            actor=writer,
            organization=org,
            held_on=date(2020, 4, 8),
            theme="volunteer",
            place="右七村",
            attendance={member.pk: AttendanceStatus.PRESENT},
            photos=[
                SimpleUploadedFile("服务日.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")
            ],
        )
        fill_assignments(
            actor=writer,
            activity=day,
            assignment_ids=[a.pk for a in fill_proposals(day) if a.period == "2020-M04"],
        )
        days[key] = day
    return {
        "activities.serviceday": days,
        "activities.servicedayattendance": {k: d.attendance.get() for k, d in days.items()},
        "activities.servicedayphoto": {k: d.photos.get() for k, d in days.items()},
        "ledger.activityfill": {k: d.fills.get() for k, d in days.items()},
    }
