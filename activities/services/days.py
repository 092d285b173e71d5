"""党员服务日 / 主题党日: record one (attendance picked from the org's roster, photos), correct it, remove
it. With attendance the head counts are derived from it (every roster row was expected); without (a
legacy file with counts only) the counts are kept as given."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import authz
from accounts.audit import audit_log
from accounts.models import Member, MemberStatus, Organization
from ledger.services import attachment_validate, attachments_check_request, evidence_store, withdraw_fills
from partybuild.exceptions import DomainError, PermissionDeniedError
from partybuild.fields import refuse_unknown_fields

from ..models import AttendanceStatus, ServiceDay, ServiceDayAttendance, ServiceDayPhoto, ServiceDayTheme

SERVICE_DAY_FIELDS = ("held_on", "place", "theme", "theme_text", "content", "expected", "present", "on_leave")


def roster_of(organization: Organization):
    """The members a service day of `organization` picks from: its active members (not the orgs below)."""
    return Member.objects.filter(organization=organization, status=MemberStatus.ACTIVE).order_by("name", "pk")


def _check_photos(photos: Sequence[UploadedFile]) -> list[UploadedFile]:
    photos = list(photos)
    attachments_check_request(photos)
    for photo in photos:
        attachment_validate(photo)
    return photos


def _set_attendance(day: ServiceDay, attendance: Mapping[int, str], derive_counts: bool = True) -> None:
    """Replace the day's attendance with `attendance` (member id → status) and derive the counts."""
    statuses = set(AttendanceStatus.values)
    bad = sorted({s for s in attendance.values() if s not in statuses})
    if bad:
        raise DomainError(_("出勤状态“%(s)s”无法识别") % {"s": "、".join(bad)}, field="attendance")
    roster = set(roster_of(day.organization).filter(pk__in=list(attendance)).values_list("pk", flat=True))
    # Someone who was on the roster when the day was recorded (and is kept) may have moved since.
    kept = set(day.attendance.filter(member_id__in=list(attendance)).values_list("member_id", flat=True))
    foreign = sorted(set(attendance) - roster - kept)
    if foreign:
        names = Member.objects.filter(pk__in=foreign).values_list("name", flat=True)
        raise DomainError(
            _("%(names)s 不是“%(org)s”在册党员，不能登记为本次活动的出勤人员")
            % {"names": "、".join(names) or "、".join(map(str, foreign)), "org": day.organization},
            field="attendance",
        )
    day.attendance.exclude(member_id__in=list(attendance)).delete()
    existing = {row.member_id: row for row in day.attendance.all()}
    for member_id, status in attendance.items():
        row = existing.get(member_id)
        if row is None:
            ServiceDayAttendance.objects.create(service_day=day, member_id=member_id, status=status)
        elif row.status != status:
            row.status = status
            row.save(update_fields=["status"])
    if not derive_counts:
        return
    values = list(attendance.values())
    day.expected = len(values)
    day.present = values.count(AttendanceStatus.PRESENT)
    day.on_leave = values.count(AttendanceStatus.ON_LEAVE)


def _save(day: ServiceDay, attendance: Mapping[int, str] | None, derive_counts: bool = True) -> None:
    if day.theme != ServiceDayTheme.CUSTOM:
        day.theme_text = ""
    if attendance is not None:
        if not attendance and derive_counts:
            raise DomainError(_("请从党员名册中勾选参加人员"), field="attendance")
        if day.pk is None:
            counts = (day.expected, day.present, day.on_leave)
            # The row must exist before its attendance; the counts are checked once it is in.
            day.expected, day.present, day.on_leave = len(attendance), 0, 0
            _check_unique(day)
            day.full_clean(validate_unique=False, validate_constraints=False)
            day.save()
            if not derive_counts:
                day.expected, day.present, day.on_leave = counts
        _set_attendance(day, attendance, derive_counts)
    _check_unique(day)
    day.full_clean(validate_unique=False, validate_constraints=False)
    day.save()


def _check_unique(day: ServiceDay) -> None:
    if (
        ServiceDay.objects.filter(organization=day.organization, held_on=day.held_on, theme=day.theme)
        .exclude(pk=day.pk)
        .exists()
    ):
        raise DomainError(
            _("“%(org)s”%(d)s已登记过主题为“%(t)s”的党员服务日，请修改原记录")
            % {"org": day.organization, "d": day.held_on, "t": day.get_theme_display()},
            field="held_on",
        )


@transaction.atomic
def service_day_create(
    *,
    actor,
    organization: Organization,
    held_on: date,
    theme: str,
    attendance: Mapping[int, str] | None = None,
    photos: Sequence[UploadedFile] = (),
    derive_counts: bool = True,
    **fields,
) -> ServiceDay:
    """Record a service day of `organization`: attendance as member id → status (from its roster), or
    the counts `expected`/`present`/`on_leave` when no names are known (`derive_counts=False`: a legacy
    file's counts kept beside the names it gives); photos are evidence files."""
    refuse_unknown_fields(fields, SERVICE_DAY_FIELDS, "service_day")
    if actor is not None and not authz.may(actor, "activities.add_serviceday", organization):
        raise PermissionDeniedError(
            _("您不能为“%(org)s”登记党员服务日：只能登记本组织的活动") % {"org": organization}
        )
    photos = _check_photos(photos)
    day = ServiceDay(organization=organization, held_on=held_on, theme=theme, created_by=actor, **fields)
    _save(day, attendance, derive_counts)
    evidence_store(photos, lambda **f: ServiceDayPhoto(service_day=day, **f))
    return day


@transaction.atomic
def service_day_update(
    *,
    actor,
    service_day: ServiceDay,
    attendance: Mapping[int, str] | None = None,
    photos: Sequence[UploadedFile] = (),
    remove_photo_ids: Sequence[int] = (),
    derive_counts: bool = True,
    **fields,
) -> ServiceDay:
    """Correct a service day; `attendance` (when given) replaces the attendance and the counts."""
    refuse_unknown_fields(fields, SERVICE_DAY_FIELDS, "service_day")
    day = ServiceDay.objects.select_for_update().select_related("organization").get(pk=service_day.pk)
    if actor is not None and not authz.may(actor, "activities.change_serviceday", day):
        raise PermissionDeniedError(_("您不能修改“%(org)s”的党员服务日") % {"org": day.organization})
    photos = _check_photos(photos)
    if derive_counts and attendance is None and day.attendance.exists():
        # The counts of a day with named attendance follow the names, never typed over them.
        for key in ("expected", "present", "on_leave"):
            fields.pop(key, None)
    for key, value in fields.items():
        setattr(day, key, value)
    _save(day, attendance, derive_counts)
    if remove_photo_ids:
        # Only the row goes: the file stays, so the history row still points at the evidence.
        day.photos.filter(pk__in=list(remove_photo_ids)).delete()
    evidence_store(photos, lambda **f: ServiceDayPhoto(service_day=day, **f))
    return day


@transaction.atomic
def service_day_delete(*, actor, service_day: ServiceDay) -> None:
    """Remove a service day; the ledger assignments it filled are withdrawn first (refused when staff
    already accepted one and the actor is not staff)."""
    day = ServiceDay.objects.select_for_update().select_related("organization").get(pk=service_day.pk)
    if actor is not None and not authz.may(actor, "activities.delete_serviceday", day):
        raise PermissionDeniedError(_("您不能删除“%(org)s”的党员服务日") % {"org": day.organization})
    withdrawn = withdraw_fills(actor=actor, activity=day)
    audit_log(
        "activities.service_day_delete",
        actor=actor,
        target=day,
        detail={"organization": day.organization_id, "held_on": str(day.held_on), "withdrawn": withdrawn},
    )
    day.delete()
