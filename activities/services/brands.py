"""Writes of 一支部一品牌, 志愿服务队, 学习培训 and 信息报送. Each asks the matrix, validates the whole row
(full_clean) and writes in one transaction; refusals are Chinese DomainErrors naming the field."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import authz
from accounts.audit import audit_log
from accounts.models import Member, Organization
from partybuild.exceptions import DomainError, PermissionDeniedError
from partybuild.fields import refuse_unknown_fields

from ..models import (
    Brand,
    BrandStatus,
    BrandYear,
    InfoPiece,
    Training,
    VolunteerActivity,
    VolunteerHours,
    VolunteerTeam,
    VolunteerTeamMember,
)

BRAND_FIELDS = ("name", "slogan", "work_tie", "description")
TEAM_FIELDS = ("name", "tier", "parent", "leader", "founded_on", "dissolved_on")
ACTIVITY_FIELDS = ("held_on", "title", "place", "content")
TRAINING_FIELDS = ("kind", "title", "starts_on", "ends_on", "place", "content", "attendance")
INFO_FIELDS = ("title", "sent_on", "channel")
ADOPTION_FIELDS = ("adopted", "adopted_by", "adopted_on")

# What a re-check decides for each brand recognised the year before.
KEEP, EXIT = "keep", "exit"


def _require(actor, permission: str, obj, message: str) -> None:
    if actor is not None and not authz.may(actor, permission, obj):
        raise PermissionDeniedError(message)


# ---------------------------------------------------------------- 一支部一品牌


@transaction.atomic
def brand_apply(*, actor, organization: Organization, year: int, **fields) -> Brand:
    """A branch applies for a brand in `year` (状态 申报). A brand the org already has (by name) applies
    again for the year instead of making a second one."""
    refuse_unknown_fields(fields, BRAND_FIELDS, "brand")
    _require(actor, "activities.add_brand", organization, _("只能为本党组织（及下级党组织）申报品牌"))
    brand = Brand.objects.filter(organization=organization, name=fields.get("name", "")).first()
    if brand is None:
        brand = Brand(organization=organization, created_by=actor, **fields)
        brand.full_clean()
        brand.save()
    brand_year_submit(actor=actor, brand=brand, year=year)
    return brand


@transaction.atomic
def brand_year_submit(*, actor, brand: Brand, year: int) -> BrandYear:
    """Put a brand up for `year` (申报); refused when the year already has a decision."""
    _require(actor, "activities.add_brand", brand, _("只能为本党组织（及下级党组织）申报品牌"))
    existing = BrandYear.objects.select_for_update().filter(brand=brand, year=year).first()
    if existing is not None:
        if existing.status == BrandStatus.SUBMITTED:
            return existing
        raise DomainError(
            _("“%(brand)s”%(year)s年度已是“%(status)s”，不能重复申报")
            % {"brand": brand.name, "year": year, "status": existing.get_status_display()},
            field="year",
        )
    row = BrandYear(brand=brand, year=year, status=BrandStatus.SUBMITTED)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def brand_update(*, actor, brand: Brand, **fields) -> Brand:
    refuse_unknown_fields(fields, BRAND_FIELDS, "brand")
    _require(actor, "activities.change_brand", brand, _("只能修改本党组织（及下级党组织）的品牌"))
    for key, value in fields.items():
        setattr(brand, key, value)
    brand.full_clean()
    brand.save()
    return brand


@transaction.atomic
def brand_review(*, actor, brand: Brand, year: int, status: str, note: str = "") -> BrandYear:
    """Staff decide a brand's year: 认定 (recognised) or 退出 (not recognised, or out after re-check).
    A decision may be corrected; it is kept in the row's history."""
    _require(actor, "activities.review_brand", brand, _("只有工委干部可以审核认定品牌"))
    if status not in (BrandStatus.RECOGNISED, BrandStatus.EXITED, BrandStatus.SUBMITTED):
        raise DomainError(_("审核结果须是认定或退出"), field="status")
    row, _created = BrandYear.objects.select_for_update().get_or_create(
        brand=brand, year=year, defaults={"status": BrandStatus.SUBMITTED}
    )
    row.status = status
    row.note = note
    row.reviewed_by = actor
    row.reviewed_at = timezone.now()
    row.full_clean()
    row.save()
    return row


def brands_due_for_recheck(year: int) -> list[Brand]:
    """有进有出: the brands recognised in `year - 1`, each with `decision` (its row of `year`, or None)."""
    brands = list(
        Brand.objects.filter(years__year=year - 1, years__status=BrandStatus.RECOGNISED)
        .select_related("organization")
        .order_by("organization__path", "name")
    )
    rows = {r.brand_id: r for r in BrandYear.objects.filter(year=year, brand__in=brands)}
    for brand in brands:
        brand.decision = rows.get(brand.pk)
    return brands


@transaction.atomic
def brand_recheck(
    *,
    actor,
    year: int,
    decisions: Mapping[int, str],
    notes: Mapping[int, str] | None = None,
    finish: bool = False,
) -> dict[str, int]:
    """The yearly re-check: each brand recognised last year is kept (认定 again) or exits (退出).
    `finish` closes the re-check: a brand not re-checked by then exits. Brands outside the actor's
    staff scope are refused. Answers how many were kept and how many exited."""
    notes = notes or {}
    due = {
        b.pk: b
        for b in brands_due_for_recheck(year)
        if actor is None or authz.may(actor, "activities.review_brand", b)
    }
    unknown = set(decisions) - set(due)
    if unknown:
        raise DomainError(_("只能复核上一年度已认定的品牌"), field="decisions")
    counts = {"kept": 0, "exited": 0}
    for pk, brand in due.items():
        decision = decisions.get(pk, "")
        if not decision:
            if not finish or (brand.decision is not None and brand.decision.status != BrandStatus.SUBMITTED):
                continue  # (a row only applied for this year is still undecided: finishing exits it)
            decision, note = EXIT, _("未参加年度复核，自动退出")
        else:
            note = notes.get(pk, "")
        if decision not in (KEEP, EXIT):
            raise DomainError(_("复核结果须是保留或退出"), field="decisions")
        status = BrandStatus.RECOGNISED if decision == KEEP else BrandStatus.EXITED
        if brand.decision is not None and (brand.decision.status, brand.decision.note) == (status, note):
            continue  # saved again unchanged: no new history row
        brand_review(actor=actor, brand=brand, year=year, status=status, note=note)
        counts["kept" if decision == KEEP else "exited"] += 1
    return counts


# ---------------------------------------------------------------- 志愿服务队


@transaction.atomic
def volunteer_team_create(*, actor, organization: Organization, **fields) -> VolunteerTeam:
    refuse_unknown_fields(fields, TEAM_FIELDS, "volunteer_team")
    _require(actor, "activities.add_volunteerteam", organization, _("只有工委干部可以组建志愿服务队"))
    team = VolunteerTeam(organization=organization, **fields)
    team.full_clean()
    team.save()
    return team


@transaction.atomic
def volunteer_team_update(*, actor, team: VolunteerTeam, **fields) -> VolunteerTeam:
    refuse_unknown_fields(fields, TEAM_FIELDS, "volunteer_team")
    _require(actor, "activities.change_volunteerteam", team, _("只能修改本党组织的志愿服务队"))
    for key, value in fields.items():
        setattr(team, key, value)
    team.full_clean()
    team.save()
    return team


@transaction.atomic
def volunteer_members_add(*, actor, team: VolunteerTeam, members: Iterable[Member], joined_on: date) -> int:
    """Add members (of the team's org and the orgs below it) to a team; those on it already are kept."""
    _require(actor, "activities.change_volunteerteam", team, _("只能修改本党组织的志愿服务队"))
    path = team.organization.path
    members = list(members)
    outside = [m.name for m in members if not m.organization.path.startswith(path)]
    if outside:
        raise DomainError(
            _("%(names)s 不是%(org)s（及下级党组织）的党员")
            % {"names": "、".join(outside), "org": team.organization},
            field="members",
        )
    present = set(VolunteerTeamMember.objects.filter(team=team).values_list("member_id", flat=True))
    new = [
        VolunteerTeamMember(team=team, member=m, joined_on=joined_on) for m in members if m.pk not in present
    ]
    VolunteerTeamMember.objects.bulk_create(new)
    return len(new)


def _hours_rows(activity: VolunteerActivity, hours: Mapping[int, Decimal]) -> list[VolunteerHours]:
    team_members = set(
        VolunteerTeamMember.objects.filter(team=activity.team).values_list("member_id", flat=True)
    )
    rows = []
    for member_id, value in hours.items():
        if member_id not in team_members:
            raise DomainError(_("参加人员须是本队队员，请先把他加入队伍"), field="hours")
        if value is None or not Decimal("0.5") <= Decimal(value) <= Decimal(24):
            raise DomainError(_("每人服务时长须在 0.5 到 24 小时之间"), field="hours")
        rows.append(VolunteerHours(activity=activity, member_id=member_id, hours=Decimal(value)))
    return rows


@transaction.atomic
def volunteer_activity_record(
    *, actor, team: VolunteerTeam, hours: Mapping[int, Decimal], **fields
) -> VolunteerActivity:
    """Record a team's activity with each participant's hours ({member id: hours})."""
    refuse_unknown_fields(fields, ACTIVITY_FIELDS, "volunteer_activity")
    _require(actor, "activities.add_volunteeractivity", team, _("只能为本党组织的志愿服务队登记活动"))
    if not hours:
        raise DomainError(_("请至少选择一名参加人员并填写服务时长"), field="hours")
    activity = VolunteerActivity(team=team, created_by=actor, **fields)
    activity.full_clean()
    activity.save()
    VolunteerHours.objects.bulk_create(_hours_rows(activity, hours))
    return activity


@transaction.atomic
def volunteer_activity_update(
    *, actor, activity: VolunteerActivity, hours: Mapping[int, Decimal] | None = None, **fields
) -> VolunteerActivity:
    refuse_unknown_fields(fields, ACTIVITY_FIELDS, "volunteer_activity")
    _require(actor, "activities.change_volunteeractivity", activity, _("只能修改本党组织的志愿服务活动"))
    for key, value in fields.items():
        setattr(activity, key, value)
    activity.full_clean()
    activity.save()
    if hours is not None:
        if not hours:
            raise DomainError(_("请至少选择一名参加人员并填写服务时长"), field="hours")
        activity.hours.all().delete()
        VolunteerHours.objects.bulk_create(_hours_rows(activity, hours))
    return activity


@transaction.atomic
def volunteer_activity_delete(*, actor, activity: VolunteerActivity) -> None:
    """Remove an activity and its participants' hours (member points count them no more); audited."""
    activity = VolunteerActivity.objects.select_related("team__organization").get(pk=activity.pk)
    _require(actor, "activities.delete_volunteeractivity", activity, _("只能删除本党组织的志愿服务活动"))
    hours = list(activity.hours.values_list("member_id", "hours"))
    audit_log(
        "activities.volunteer_activity_delete",
        actor=actor,
        target=activity,
        detail={
            "team": activity.team_id,
            "held_on": str(activity.held_on),
            "title": activity.title,
            "hours": {str(member): str(value) for member, value in hours},
        },
    )
    activity.delete()


# ---------------------------------------------------------------- 学习培训


@transaction.atomic
def training_record(
    *, actor, organization: Organization | None, attendees: Iterable[Member] = (), **fields
) -> Training:
    """Record a study or training session of an org (None: committee-wide, staff only). Attendance is
    the roster picked (its size when no count is given) or the count given."""
    refuse_unknown_fields(fields, TRAINING_FIELDS, "training")
    if organization is None:
        if actor is not None and not authz.staff_scope(actor).everything:
            raise PermissionDeniedError(_("工委统一组织的学习培训只能由工委干部登记"))
    else:
        _require(
            actor, "activities.add_training", organization, _("只能登记本党组织（及下级党组织）的学习培训")
        )
    attendees = list(attendees)
    if attendees and not fields.get("attendance"):
        fields["attendance"] = len(attendees)
    if fields.get("attendance", 0) < len(attendees):
        raise DomainError(_("参加人次不能少于所选参加人员数"), field="attendance")
    training = Training(organization=organization, created_by=actor, **fields)
    training.full_clean()
    training.save()
    if attendees:
        training.attendees.set(attendees)
    return training


@transaction.atomic
def training_update(
    *, actor, training: Training, attendees: Iterable[Member] | None = None, **fields
) -> Training:
    refuse_unknown_fields(fields, TRAINING_FIELDS, "training")
    _require(actor, "activities.change_training", training, _("只能修改本党组织的学习培训"))
    if training.organization_id is None and actor is not None and not authz.staff_scope(actor).everything:
        raise PermissionDeniedError(_("工委统一组织的学习培训只能由工委干部修改"))
    for key, value in fields.items():
        setattr(training, key, value)
    if attendees is not None:
        attendees = list(attendees)
        if not fields.get("attendance"):
            training.attendance = max(training.attendance, len(attendees))
        if training.attendance < len(attendees):
            raise DomainError(_("参加人次不能少于所选参加人员数"), field="attendance")
    training.full_clean()
    training.save()
    if attendees is not None:
        training.attendees.set(attendees)
    return training


# ---------------------------------------------------------------- 信息报送


@transaction.atomic
def info_piece_send(*, actor, organization: Organization, **fields) -> InfoPiece:
    refuse_unknown_fields(fields, INFO_FIELDS, "info_piece")
    _require(actor, "activities.add_infopiece", organization, _("只能登记本党组织（及下级党组织）报送的信息"))
    piece = InfoPiece(organization=organization, created_by=actor, **fields)
    piece.full_clean()
    piece.save()
    return piece


@transaction.atomic
def info_piece_update(*, actor, piece: InfoPiece, **fields) -> InfoPiece:
    refuse_unknown_fields(fields, INFO_FIELDS, "info_piece")
    _require(actor, "activities.change_infopiece", piece, _("只能修改本党组织报送的信息"))
    for key, value in fields.items():
        setattr(piece, key, value)
    piece.full_clean()
    piece.save()
    return piece


@transaction.atomic
def info_piece_adopt(
    *, actor, piece: InfoPiece, adopted: bool = True, adopted_by: str = "", adopted_on: date | None = None
) -> InfoPiece:
    """Staff record that (and where) a piece was adopted, or take the adoption back."""
    _require(actor, "activities.adopt_infopiece", piece, _("只有工委干部可以登记信息采用情况"))
    piece.adopted = adopted
    piece.adopted_by = adopted_by if adopted else ""
    piece.adopted_on = adopted_on if adopted else None
    piece.full_clean()
    piece.save()
    return piece
