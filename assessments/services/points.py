"""党员积分: keep the schemes (versioned per year and member class), give points by hand, and compute each
member's quarterly points set-based — one call per record source, one upsert, one transaction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import authz
from accounts.models import Member, MemberClass, MemberStatus
from partybuild.exceptions import DomainError, PermissionDeniedError
from partybuild.periods import QUARTER, Period

from ..models import ManualPoint, MemberPoints, PointItem, PointScheme
from ..points import sources

ITEM_FIELDS = ("seq", "code", "label", "source", "points_per_unit", "cap_per_quarter")
OTHER_CODE = "other"


def _require(actor, permission: str, obj=None, message: str = "") -> None:
    if actor is not None and not authz.may(actor, permission, obj):
        raise PermissionDeniedError(message or authz.refusal(permission))


# ------------------------------------------------------------------------------------------ schemes


def scheme_current(year: int, member_class: str) -> PointScheme | None:
    """The newest version of a year's scheme for a class (None when the year has none yet)."""
    return PointScheme.objects.filter(year=year, member_class=member_class).order_by("-version").first()


def _copy(scheme: PointScheme, *, actor, year: int, version: int) -> PointScheme:
    copy = PointScheme.objects.create(
        year=year,
        member_class=scheme.member_class,
        version=version,
        title=scheme.title.replace(str(scheme.year), str(year)),
        notes=scheme.notes,
        created_by=actor,
    )
    PointItem.objects.bulk_create(
        PointItem(scheme=copy, **{f: getattr(item, f) for f in ITEM_FIELDS}) for item in scheme.items.all()
    )
    return copy


@transaction.atomic
def scheme_create(
    *, actor, year: int, member_class: str, title: str, notes: str = "", items: Sequence[dict] = ()
) -> PointScheme:
    """A year's first scheme for a class, with its items ({"code", "label", "source", …})."""
    _require(actor, "assessments.add_pointscheme")
    if member_class not in MemberClass.values:
        raise DomainError(_("党员类别不正确"), field="member_class")
    if PointScheme.objects.filter(year=year, member_class=member_class).exists():
        raise DomainError(_("该年度该类党员已有积分方案，请在原方案上修改"), field="year")
    scheme = PointScheme(year=year, member_class=member_class, title=title, notes=notes, created_by=actor)
    scheme.full_clean()
    scheme.save()
    for seq, fields in enumerate(items, start=1):
        item = PointItem(scheme=scheme, **{"seq": seq, **fields})
        item.full_clean()
        item.save()
    return scheme


@transaction.atomic
def scheme_for_year(*, actor, year: int, member_class: str) -> PointScheme | None:
    """The year's scheme for a class; a year without one starts as a copy of the latest earlier year's."""
    scheme = scheme_current(year, member_class)
    if scheme is not None:
        return scheme
    earlier = (
        PointScheme.objects.filter(year__lt=year, member_class=member_class)
        .order_by("-year", "-version")
        .first()
    )
    if earlier is None:
        return None
    _require(actor, "assessments.add_pointscheme")
    return _copy(earlier, actor=actor, year=year, version=1)


def schemes_for_year(*, actor, year: int) -> list[PointScheme]:
    """The year's scheme of every class (copied from the year before where missing)."""
    found = [scheme_for_year(actor=actor, year=year, member_class=c) for c in MemberClass.values]
    return [s for s in found if s is not None]


def _editable(actor, scheme: PointScheme) -> PointScheme:
    """The version an edit goes to: the scheme itself, or — once points were computed with it, or it
    is not the newest — a new version copied from the newest, so computed points keep their items."""
    _require(actor, "assessments.change_pointscheme", scheme)
    newest = scheme_current(scheme.year, scheme.member_class)
    if newest.computed.exists():
        latest = PointScheme.objects.filter(year=scheme.year, member_class=scheme.member_class).aggregate(
            v=Max("version")
        )["v"]
        return _copy(newest, actor=actor, year=newest.year, version=latest + 1)
    return newest


@transaction.atomic
def scheme_update(*, actor, scheme: PointScheme, title: str, notes: str = "") -> PointScheme:
    target = _editable(actor, scheme)
    target.title, target.notes = title, notes
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def point_item_save(*, actor, scheme: PointScheme, code: str | None = None, **fields) -> PointItem:
    """Add an item to a scheme, or change the item `code` (in a new version once the scheme was used)."""
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise DomainError(_("未知字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    target = _editable(actor, scheme)
    if code is None:
        item = PointItem(scheme=target)
        if "seq" not in fields:
            fields["seq"] = (target.items.aggregate(s=Max("seq"))["s"] or 0) + 1
    else:
        item = target.items.filter(code=code).first()
        if item is None:
            raise DomainError(_("积分项目“%(code)s”不在该方案中") % {"code": code}, field="code")
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def point_item_remove(*, actor, scheme: PointScheme, code: str) -> PointScheme:
    target = _editable(actor, scheme)
    deleted, _rows = target.items.filter(code=code).delete()
    if not deleted:
        raise DomainError(_("积分项目“%(code)s”不在该方案中") % {"code": code}, field="code")
    return target


# --------------------------------------------------------------------------------------- by hand


@transaction.atomic
def manual_point_add(
    *, actor, member: Member, period: str, points: Decimal, reason: str, item_code: str = "", now=None
) -> ManualPoint:
    """A 加分/扣分 for a member in a quarter by their secretary or staff; the org's points are recomputed."""
    _require(actor, "assessments.add_manualpoint", member, _("只有本支部书记或工委干部可以给该党员加减分"))
    if not (reason or "").strip():
        raise DomainError(_("请填写加减分事由"), field="reason")
    row = ManualPoint(
        member=member,
        organization_id=member.organization_id,
        period=period,
        item_code=item_code or "",
        points=points,
        reason=reason.strip(),
        given_by=actor,
        given_at=now or timezone.now(),
    )
    row.full_clean()
    row.save()
    quarter = Period.parse(period)
    points_compute(year=quarter.year, quarter=quarter.index, organization_ids=[member.organization_id])
    return row


@transaction.atomic
def manual_point_withdraw(*, actor, manual_point: ManualPoint) -> None:
    _require(actor, "assessments.delete_manualpoint", manual_point)
    quarter = Period.parse(manual_point.period)
    org_id = manual_point.organization_id
    manual_point.delete()
    points_compute(year=quarter.year, quarter=quarter.index, organization_ids=[org_id])


# --------------------------------------------------------------------------------------- compute


def _number(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.01")))


def _dense_ranks(rows: Iterable[MemberPoints]) -> None:
    """Rank within (org, class): equal totals share a rank, the next total takes the next number."""
    groups: dict[tuple[int, str], list[MemberPoints]] = defaultdict(list)
    for row in rows:
        groups[(row.organization_id, row.member_class)].append(row)
    for members in groups.values():
        totals = sorted({row.total for row in members}, reverse=True)
        place = {total: number for number, total in enumerate(totals, start=1)}
        for row in members:
            row.rank = place[row.total]


def member_points_of(
    items: Sequence[PointItem],
    member_id: int,
    counted: dict[str, dict[int, Decimal]],
    manual: dict[str, Decimal],
) -> tuple[Decimal, list[dict]]:
    """One member's total and breakdown from their own class's items only (manual: this member's
    {code: sum}, so a member costs the same whatever the number of manual items in the committee)."""
    total, breakdown = Decimal(0), []
    manual_codes = set()
    for item in items:
        if item.source == sources.MANUAL:
            manual_codes.add(item.code)
            units = manual.get(item.code, Decimal(0))
            value = units
            if item.cap_per_quarter is not None:
                value = max(-item.cap_per_quarter, min(item.cap_per_quarter, value))
        else:
            units = counted.get(item.source, {}).get(member_id, Decimal(0))
            value = item.points_for(units)
        total += value
        breakdown.append(
            {
                "code": item.code,
                "label": item.label,
                "source": item.source,
                "units": _number(units),
                "points": _number(value),
            }
        )
    other = sum((v for code, v in manual.items() if code not in manual_codes), Decimal(0))
    if other:
        total += other
        breakdown.append(
            {
                "code": OTHER_CODE,
                "label": _("其他加减分"),
                "source": sources.MANUAL,
                "units": _number(other),
                "points": _number(other),
            }
        )
    return total.quantize(Decimal("0.01")), breakdown


@transaction.atomic
def points_compute(
    *,
    year: int,
    quarter: int,
    organization_ids: Sequence[int] | None = None,
    actor=None,
    now: datetime | None = None,
) -> int:
    """Every active member's points for a quarter (members of `organization_ids`, or everyone): each
    source is asked once for the whole set, each member is scored with their own class's scheme, and
    the rows are upserted in one go. Running it again with the same records writes the same rows."""
    _require(actor, "assessments.compute_memberpoints")
    period = Period(year, QUARTER, quarter)
    ids = None if organization_ids is None else sorted(set(organization_ids))
    members_qs = Member.objects.filter(status=MemberStatus.ACTIVE)
    manual_qs = ManualPoint.objects.filter(period=period.code)
    stale = MemberPoints.objects.filter(period=period.code)
    if ids is not None:
        members_qs = members_qs.filter(organization_id__in=ids)
        manual_qs = manual_qs.filter(member__organization_id__in=ids)
        stale = stale.filter(organization_id__in=ids)
    schemes = {s.member_class: s for s in schemes_for_year(actor=None, year=year)}
    items = {cls: list(s.items.all()) for cls, s in schemes.items()}
    keys = sorted({i.source for rows in items.values() for i in rows if i.source != sources.MANUAL})
    counted = {key: sources.counts(key, period.start, period.end, ids) for key in keys}
    manual: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for row in manual_qs.values("member_id", "item_code").annotate(s=Sum("points")).order_by():
        manual[row["member_id"]][row["item_code"]] = row["s"]
    at = now or timezone.now()
    rows = []
    for pk, org_id, member_class in members_qs.values_list("pk", "organization_id", "member_class"):
        scheme = schemes.get(member_class)
        if scheme is None:
            continue
        total, breakdown = member_points_of(items[member_class], pk, counted, manual.get(pk, {}))
        rows.append(
            MemberPoints(
                member_id=pk,
                organization_id=org_id,
                member_class=member_class,
                period=period.code,
                year=year,
                scheme=scheme,
                total=total,
                breakdown=breakdown,
                computed_at=at,
            )
        )
    _dense_ranks(rows)
    stale.exclude(member_id__in=members_qs.filter(member_class__in=list(schemes)).values("pk")).delete()
    MemberPoints.objects.bulk_create(
        rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["member", "period"],
        update_fields=[
            "organization",
            "member_class",
            "year",
            "scheme",
            "total",
            "rank",
            "breakdown",
            "computed_at",
        ],
    )
    return len(rows)
