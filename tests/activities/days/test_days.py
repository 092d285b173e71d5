"""党员服务日 / 主题党日: counts kept consistent with the attendance, the roster rule, scoping per role,
constant query counts on the list, the grid and the API, the grid's highlights and Excel file, photos
through a permission-checked view, the member points source and the year-end account."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from accounts import authz
from activities.models import AttendanceStatus, ServiceDay
from activities.selectors.days import service_day_grid, service_days_account
from activities.selectors.service_days import member_service_day_attendance
from activities.services.days import service_day_create, service_day_update
from partybuild.exceptions import DomainError, PermissionDeniedError
from tests.conftest import api_as, browser_as
from tests.factories import MemberFactory, make_org

from .conftest import DAY, YEAR, present_all

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _photo(name="合影.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def test_the_counts_follow_the_attendance(day_a, roster_a):
    assert (day_a.expected, day_a.present, day_a.on_leave) == (4, 3, 1)

    attendance = present_all(roster_a[:2])
    attendance[roster_a[2].pk] = AttendanceStatus.EXPECTED
    day = service_day_update(actor=None, service_day=day_a, attendance=attendance)

    assert (day.expected, day.present, day.on_leave) == (3, 2, 0)
    assert day.attendance.count() == 3


def test_typed_counts_never_overwrite_named_attendance(day_a):
    day = service_day_update(actor=None, service_day=day_a, expected=40, present=40, content="补充说明")

    assert (day.expected, day.present, day.on_leave, day.content) == (4, 3, 1, "补充说明")


def test_only_the_org_s_roster_may_attend(secretary_a, org_a, roster_a, roster_b):
    with pytest.raises(DomainError, match="不是.*在册党员"):
        service_day_create(
            actor=secretary_a,
            organization=org_a,
            held_on=DAY,
            theme="study",
            attendance=present_all([roster_a[0], roster_b[0]]),
        )
    assert not ServiceDay.objects.exists()


def test_a_custom_theme_needs_its_text(secretary_a, org_a, roster_a):
    with pytest.raises(Exception, match="自选主题"):
        service_day_create(
            actor=secretary_a,
            organization=org_a,
            held_on=DAY,
            theme="custom",
            attendance=present_all(roster_a),
        )
    day = service_day_create(
        actor=secretary_a,
        organization=org_a,
        held_on=DAY,
        theme="custom",
        theme_text="垃圾分类宣传",
        attendance=present_all(roster_a),
    )
    assert day.theme_label == "自选：垃圾分类宣传"


def test_a_secretary_cannot_record_another_org_s_day(secretary_b, org_a, roster_a):
    with pytest.raises(PermissionDeniedError):
        service_day_create(
            actor=secretary_b,
            organization=org_a,
            held_on=DAY,
            theme="study",
            attendance=present_all(roster_a),
        )


def test_the_phone_form_records_attendance_picked_from_the_roster_and_photos(secretary_a, roster_a):
    client = browser_as(secretary_a)
    page = client.get("/activities/service-days/new/").content.decode()
    for member in roster_a:
        assert f'name="present" value="{member.pk}" checked' in page

    response = client.post(
        "/activities/service-days/new/",
        {
            "held_on": "2025-04-10",
            "theme": "deliberation",
            "place": "右七村",
            "content": "民主议事",
            "present": [m.pk for m in roster_a[:3]],
            "leave": [roster_a[3].pk],
            "photos": [_photo()],
        },
    )

    assert response.status_code == 302
    day = ServiceDay.objects.get()
    assert (day.expected, day.present, day.on_leave) == (4, 3, 1)
    photo = day.photos.get()
    assert photo.original_name == "合影.png"
    served = client.get(f"/activities/service-days/photos/{photo.pk}/")
    assert served.status_code == 200 and b"".join(served.streaming_content) == PNG


def test_photos_and_days_of_another_org_are_not_found(day_a, secretary_b, reporting_client):
    photo = service_day_update(actor=None, service_day=day_a, photos=[_photo()]).photos.get()
    other = browser_as(secretary_b)

    assert other.get(f"/activities/service-days/{day_a.pk}/").status_code == 404
    assert other.get(f"/activities/service-days/photos/{photo.pk}/").status_code == 404
    assert api_as(secretary_b).get(f"/api/v1/activities/service-days/{day_a.pk}/").status_code == 404
    # The reporting client reads the day's counts, not who came nor the photos.
    reporting = browser_as(reporting_client)
    assert reporting.get(f"/activities/service-days/photos/{photo.pk}/").status_code == 403
    data = api_as(reporting_client).get(f"/api/v1/activities/service-days/{day_a.pk}/").json()
    assert data["present"] == 3 and "attendance" not in data and "photos" not in data


def _many_days(root_org, count=6):
    orgs = [make_org(root_org, f"中共清镇市第{i}支部委员会") for i in range(count)]
    for org in orgs:
        members = [MemberFactory(organization=org) for _ in range(3)]
        for month in (1, 2, 5):
            service_day_create(
                actor=None,
                organization=org,
                held_on=date(YEAR, month, 8),
                theme="study",
                attendance=present_all(members),
                photos=[_photo()],
            )
    return orgs


def test_the_list_and_the_api_take_the_same_queries_for_many_rows(
    root_org, committee_staff, django_assert_max_num_queries
):
    _many_days(root_org)
    client, api = browser_as(committee_staff), api_as(committee_staff)
    client.get("/activities/service-days/")  # warm the session and the permission caches

    with django_assert_max_num_queries(14):
        page = client.get("/activities/service-days/", {"year": YEAR})
    assert page.status_code == 200 and page.content.decode().count("data-service-day=") == 18
    with django_assert_max_num_queries(14):
        data = api.get("/api/v1/activities/service-days/", {"year": YEAR}).json()
    assert data["count"] == 18


def test_the_grid_is_one_grouped_query_and_highlights_months_without_a_day(
    root_org, committee_staff, django_assert_max_num_queries
):
    orgs = _many_days(root_org)
    idle = make_org(root_org, "中共清镇市未开展支部委员会")
    client = browser_as(committee_staff)
    client.get("/activities/service-days/grid/", {"year": YEAR})

    with django_assert_max_num_queries(10):
        page = client.get("/activities/service-days/grid/", {"year": YEAR})
    html = page.content.decode()
    assert page.status_code == 200
    # A past year: each busy org misses 9 months; the idle one all 12.
    assert html.count("data-none") == 9 * len(orgs) + 12

    grid = {row["org"].pk: row for row in service_day_grid(committee_staff, YEAR)}
    assert grid[orgs[0].pk]["months"][:5] == [1, 1, 0, 0, 1]
    assert grid[idle.pk]["missed"] == 12

    response = client.get("/activities/service-days/grid/", {"year": YEAR, "format": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["党组织", "1月", "2月"]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    first = rows[orgs[0].name]
    assert [c.value for c in first[1:6]] == [1, 1, 0, 0, 1]
    assert first[3].fill.fgColor.rgb.endswith("F8D7DA")


def test_a_secretary_s_grid_shows_their_org_only(day_a, secretary_a, org_b):
    assert [row["org"] for row in service_day_grid(secretary_a, YEAR)] == [day_a.organization]


def test_the_points_source_counts_present_members_in_the_range(day_a, roster_a, org_b, roster_b):
    service_day_create(
        actor=None,
        organization=org_b,
        held_on=date(YEAR, 3, 9),
        theme="study",
        attendance=present_all(roster_b),
    )

    counts = member_service_day_attendance(date(YEAR, 3, 1), date(YEAR, 3, 31))
    assert counts == {**{m.pk: 1 for m in roster_a[:3]}, **{m.pk: 1 for m in roster_b}}
    only_a = member_service_day_attendance(date(YEAR, 3, 1), date(YEAR, 3, 31), [day_a.organization_id])
    assert set(only_a) == {m.pk for m in roster_a[:3]}
    assert member_service_day_attendance(date(YEAR, 4, 1), date(YEAR, 4, 30)) == {}


def test_the_annual_account_shows_the_service_days(
    secretary_a, org_a, roster_a, org_b, roster_b, committee_staff
):
    for month in range(1, 13):
        service_day_create(
            actor=None,
            organization=org_a,
            held_on=date(YEAR, month, 3),
            theme="study",
            attendance=present_all(roster_a),
        )
    service_day_create(
        actor=None,
        organization=org_b,
        held_on=date(YEAR, 6, 3),
        theme="study",
        attendance=present_all(roster_b),
    )
    service_day_create(
        actor=None,
        organization=org_b,
        held_on=date(YEAR - 1, 6, 3),
        theme="study",
        attendance=present_all(roster_b),
    )

    data = api_as(committee_staff).get(f"/api/v1/reports/annual/{YEAR}/").json()
    assert data["service_days"] == {"held": 13, "attendance": 12 * 4 + 2, "orgs_every_month": 1}
    own = api_as(secretary_a).get(f"/api/v1/reports/annual/{YEAR}/").json()
    assert own["service_days"] == {"held": 12, "attendance": 48, "orgs_every_month": 1}
    assert service_days_account(authz.business_scope(secretary_a), YEAR - 1)["held"] == 0


def test_the_secretary_s_home_card_says_whether_this_month_was_held(secretary_a, org_a, roster_a):
    from django.utils import timezone

    client = browser_as(secretary_a)
    assert 'data-held="no"' in client.get("/").content.decode()

    service_day_create(
        actor=None,
        organization=org_a,
        held_on=timezone.localdate(),
        theme="study",
        attendance=present_all(roster_a),
    )
    assert 'data-held="yes"' in client.get("/").content.decode()


def test_the_api_records_a_day_with_attendance_and_deletes_it(secretary_a, org_a, roster_a):
    api = api_as(secretary_a)
    response = api.post(
        "/api/v1/activities/service-days/",
        {
            "organization": org_a.pk,
            "held_on": "2025-07-01",
            "theme": "culture",
            "attendance": [
                {"member": roster_a[0].pk, "status": "present"},
                {"member": roster_a[1].pk, "status": "on_leave"},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["expected"], data["present"], data["on_leave"]) == (2, 1, 1)
    assert data["filled_assignments"] == []

    assert api.delete(f"/api/v1/activities/service-days/{data['id']}/").status_code == 204
    assert not ServiceDay.objects.exists()
