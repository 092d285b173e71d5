"""党员服务日 / 主题党日 at city scale: each grassroots org with members holds one most months of each
year (about one org in ten skips a month now and then: the grid's red cells); this year's days carry
their attendance (every member of the org, most present), earlier years' the counts only. Written
straight into the tables like the other steps; no history rows (no page reads them)."""

from __future__ import annotations

from datetime import date

from activities.models import AttendanceStatus, ServiceDay, ServiceDayAttendance, ServiceDayTheme

from .context import City
from .writer import Writer

THEMES = [t for t in ServiceDayTheme.values if t != ServiceDayTheme.CUSTOM]
PLACES = ["右七村", "中坝村", "麦翁村", "三岔村", "百花社区", "巢凤社区", "红塔社区", "云岭社区"]


def build(writer: Writer, city: City) -> None:
    rng, today = city.rng, city.today
    days, attendance = [], []
    orgs = [o for o in city.grassroots if o.is_active and city.members_by_org.get(o.pk)]
    for year in city.sizes.year_list(today):
        months = range(1, 13) if year < today.year else range(1, today.month + 1)
        for org in orgs:
            members = city.members_by_org[org.pk]
            skipper = rng.random() < 0.1
            for month in months:
                if skipper and rng.random() < 0.3:
                    continue
                held = date(
                    year,
                    month,
                    min(rng.randint(3, 26), today.day if (year, month) == (today.year, today.month) else 28),
                )
                pk = writer.reserve(ServiceDay, 1)[0]
                present = on_leave = 0
                with_names = year == today.year
                for member_id in members:
                    roll = rng.random()
                    status = (
                        AttendanceStatus.PRESENT
                        if roll < 0.85
                        else AttendanceStatus.ON_LEAVE
                        if roll < 0.95
                        else AttendanceStatus.EXPECTED
                    )
                    present += status == AttendanceStatus.PRESENT
                    on_leave += status == AttendanceStatus.ON_LEAVE
                    if with_names:
                        attendance.append({"service_day_id": pk, "member_id": member_id, "status": status})
                days.append(
                    {
                        "id": pk,
                        "organization_id": org.pk,
                        "held_on": held,
                        "place": PLACES[org.pk % len(PLACES)],
                        "theme": THEMES[(org.pk + month) % len(THEMES)],
                        "theme_text": "",
                        "content": "到联系村（社区）开展政策宣讲、矛盾调解，收集群众诉求。",
                        "expected": len(members),
                        "present": present,
                        "on_leave": on_leave,
                        "created_at": city.now,
                    }
                )
    writer.insert(ServiceDay, days)
    writer.insert(ServiceDayAttendance, attendance)


def days_pages(t: dict) -> list[tuple[str, str, str]]:
    """The portal pages to time, with ids picked by the ORM (the branch's latest day, when it has one)."""
    y = t["year"]
    day = (
        ServiceDay.objects.filter(organization_id=t.get("branch_org") or 0)
        .order_by("-held_on")
        .values_list("pk", flat=True)
        .first()
    )
    rows = [
        ("days:service_day_list", "staff", f"/activities/service-days/?year={y}"),
        ("days:service_day_list", "branch", "/activities/service-days/"),
        ("days:service_day_grid", "staff", f"/activities/service-days/grid/?year={y}"),
        ("days:service_day_grid page 2", "staff", f"/activities/service-days/grid/?year={y}&page=2"),
        ("days:service_day_grid missing", "staff", f"/activities/service-days/grid/?year={y}&missing=on"),
        (
            "days:service_day_grid by name",
            "staff",
            f"/activities/service-days/grid/?year={y}&org=%E7%A8%8E%E5%8A%A1",
        ),
        ("days:service_day_grid", "branch", f"/activities/service-days/grid/?year={y}"),
        ("days:service_day_create", "branch", "/activities/service-days/new/"),
    ]
    if day is not None:
        rows.append(("days:service_day_detail", "branch", f"/activities/service-days/{day}/"))
    return rows


def days_api_pages(t: dict) -> list[tuple[str, str, str]]:
    y = t["year"]
    return [
        ("activities service-days", "staff_api", f"/api/v1/activities/service-days/?year={y}"),
        ("activities service-days", "branch_api", "/api/v1/activities/service-days/"),
    ]
