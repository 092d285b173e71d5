"""三会一课: record a meeting (with attendance picked from the org's roster), correct it, remove it; keep
the exemptions (免查) from the quarterly check. Counts follow the attendance whenever it is given."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from accounts import authz
from accounts.audit import audit_log
from accounts.models import Member, MemberStatus, Organization
from ledger.services import withdraw_fills
from partybuild.exceptions import DomainError, PermissionDeniedError
from partybuild.fields import refuse_unknown_fields

from ..models.meetings import Meeting, MeetingAttendance, MeetingAttendanceStatus, MeetingExemption

MEETING_FIELDS = (
    "meeting_type",
    "held_on",
    "held_time",
    "planned_on",
    "planned_time",
    "place",
    "host",
    "recorder",
    "expected_count",
    "present_count",
    "leave_count",
    "outside_attendees",
    "agenda",
    "content",
    "resolutions",
)
EXEMPTION_FIELDS = ("organization", "meeting_type", "starts_on", "ends_on", "reason")

# (member, status) pairs, or None to leave the attendance as it is (counts then come from the fields).
Attendance = Sequence[tuple[Member, str]] | None


def roster_of(org: Organization) -> list[Member]:
    """The members who may be picked as attendees: those on the org's roll (and its groups below)."""
    return list(
        Member.objects.filter(organization__path__startswith=org.path, status=MemberStatus.ACTIVE).order_by(
            "name", "pk"
        )
    )


def _check_attendance(
    org: Organization, attendance: Iterable[tuple[Member, str]]
) -> list[tuple[Member, str]]:
    pairs = list(attendance)
    seen: set[int] = set()
    statuses = set(MeetingAttendanceStatus.values)
    for member, status in pairs:
        if status not in statuses:
            raise DomainError(
                _("出席情况“%(s)s”无效，应为出席、请假或缺席") % {"s": status}, field="attendance"
            )
        if member.pk in seen:
            raise DomainError(_("“%(name)s”重复出现在参会名单中") % {"name": member.name}, field="attendance")
        seen.add(member.pk)
        member_org = member.organization
        if not member_org.path.startswith(org.path):
            raise DomainError(
                _(
                    "“%(name)s”不在“%(org)s”的党员名册中，请从本支部名册中选择参会人员，名册外人员填入“列席人员”"
                )
                % {"name": member.name, "org": org.name},
                field="attendance",
            )
    return pairs


def _write_attendance(meeting: Meeting, pairs: list[tuple[Member, str]]) -> None:
    meeting.attendance.all().delete()
    MeetingAttendance.objects.bulk_create(
        MeetingAttendance(meeting=meeting, member=member, status=status) for member, status in pairs
    )


def _derive_counts(fields: dict, pairs: list[tuple[Member, str]]) -> None:
    """Counts follow the roster picks: expected = everyone listed, present and on leave by status."""
    fields["expected_count"] = len(pairs)
    fields["present_count"] = sum(1 for _m, s in pairs if s == MeetingAttendanceStatus.PRESENT)
    fields["leave_count"] = sum(1 for _m, s in pairs if s == MeetingAttendanceStatus.LEAVE)


def _refuse_duplicate(meeting: Meeting) -> None:
    others = Meeting.objects.filter(
        organization=meeting.organization_id, meeting_type=meeting.meeting_type, held_on=meeting.held_on
    ).exclude(pk=meeting.pk)
    if others.exists():
        raise DomainError(
            _("%(org)s在%(day)s已登记过一次%(type)s，请修改原记录")
            % {
                "org": meeting.organization.name,
                "day": f"{meeting.held_on.year}年{meeting.held_on.month}月{meeting.held_on.day}日",
                "type": meeting.get_meeting_type_display(),
            },
            field="held_on",
        )


@transaction.atomic
def meeting_create(
    *, actor, organization: Organization, attendance: Attendance = None, derive_counts: bool = True, **fields
) -> Meeting:
    """Record a meeting; with `attendance` the counts are those of the picks (unless `derive_counts` is
    False: a legacy file gives the counts and names only some of those present)."""
    refuse_unknown_fields(fields, MEETING_FIELDS, "meeting")
    if actor is not None and not authz.may(actor, "activities.add_meeting", organization):
        raise PermissionDeniedError(_("只能为本党组织及下级党组织登记三会一课"))
    pairs = None if attendance is None else _check_attendance(organization, attendance)
    if pairs and derive_counts:
        _derive_counts(fields, pairs)
    meeting = Meeting(organization=organization, created_by=actor, **fields)
    meeting.full_clean(validate_unique=False, validate_constraints=False)
    _refuse_duplicate(meeting)
    meeting.save()
    if pairs:
        _write_attendance(meeting, pairs)
    return meeting


@transaction.atomic
def meeting_update(
    *, actor, meeting: Meeting, attendance: Attendance = None, derive_counts: bool = True, **fields
) -> Meeting:
    """Correct a meeting; `attendance` (when given) replaces the picks and the counts follow them."""
    refuse_unknown_fields(fields, (*MEETING_FIELDS, "organization"), "meeting")
    if actor is not None and not authz.may(actor, "activities.change_meeting", meeting):
        raise PermissionDeniedError(_("只能修改本党组织及下级党组织的三会一课记录"))
    org = fields.get("organization", meeting.organization)
    if (
        actor is not None
        and org != meeting.organization
        and not authz.may(actor, "activities.add_meeting", org)
    ):
        raise PermissionDeniedError(_("只能把记录改到本党组织及下级党组织"))
    pairs = None if attendance is None else _check_attendance(org, attendance)
    if pairs is None and org != meeting.organization and meeting.attendance.exists():
        pairs = _check_attendance(
            org, [(a.member, a.status) for a in meeting.attendance.select_related("member__organization")]
        )
    if pairs and derive_counts:
        _derive_counts(fields, pairs)
    for key, value in fields.items():
        setattr(meeting, key, value)
    meeting.full_clean(validate_unique=False, validate_constraints=False)
    _refuse_duplicate(meeting)
    meeting.save()
    if pairs is not None:
        _write_attendance(meeting, pairs)
    return meeting


@transaction.atomic
def meeting_delete(*, actor, meeting: Meeting) -> None:
    """Remove a meeting recorded by mistake (its attendance goes with it; the history keeps both)."""
    if actor is not None and not authz.may(actor, "activities.delete_meeting", meeting):
        raise PermissionDeniedError(_("只能删除本党组织及下级党组织的三会一课记录"))
    # Entered once: what the meeting filled in the ledger is withdrawn with it (refused when staff
    # already accepted one and the actor is not staff).
    withdrawn = withdraw_fills(actor=actor, activity=meeting)
    audit_log("activities.meeting_delete", actor=actor, target=meeting, detail={"withdrawn": withdrawn})
    meeting.attendance.all().delete()
    meeting.delete()


@transaction.atomic
def exemption_create(*, actor, **fields) -> MeetingExemption:
    """免查: staff exempt an org from the check of a meeting type (or all) over a date range."""
    refuse_unknown_fields(fields, EXEMPTION_FIELDS, "meeting_exemption")
    org = fields.get("organization")
    if actor is not None and not authz.may(actor, "activities.add_meetingexemption", org):
        raise PermissionDeniedError(_("只有工委干部可以设置三会一课免查"))
    exemption = MeetingExemption(created_by=actor, **fields)
    exemption.full_clean()
    exemption.save()
    return exemption


@transaction.atomic
def exemption_update(*, actor, exemption: MeetingExemption, **fields) -> MeetingExemption:
    refuse_unknown_fields(fields, EXEMPTION_FIELDS, "meeting_exemption")
    if actor is not None and not authz.may(actor, "activities.change_meetingexemption", exemption):
        raise PermissionDeniedError(_("只有工委干部可以修改三会一课免查"))
    for key, value in fields.items():
        setattr(exemption, key, value)
    exemption.full_clean()
    exemption.save()
    return exemption


@transaction.atomic
def exemption_delete(*, actor, exemption: MeetingExemption) -> None:
    if actor is not None and not authz.may(actor, "activities.delete_meetingexemption", exemption):
        raise PermissionDeniedError(_("只有工委干部可以删除三会一课免查"))
    audit_log("activities.meeting_exemption_delete", actor=actor, target=exemption)
    exemption.delete()
