"""Reads of 通报/通知 and 提醒约谈, already limited to what the user may see (counts set-based)."""

from __future__ import annotations

from datetime import date

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts import authz

from ..models import (
    Bulletin,
    BulletinOrg,
    BulletinReceipt,
    Letter,
    Rectification,
    RectificationState,
    ReminderTalk,
)


def _count(queryset: QuerySet) -> Coalesce:
    """A correlated COUNT(*) of `queryset` (already filtered on OuterRef), 0 when there is none."""
    return Coalesce(
        Subquery(queryset.order_by().values("bulletin").annotate(n=Count("pk")).values("n")[:1]),
        Value(0),
        output_field=IntegerField(),
    )


def bulletins_visible_to(user) -> QuerySet[Bulletin]:
    """Staff: every bulletin and notice, drafts too. The reporting client and secretaries: published
    ones sent to all orgs or naming an org in their scope. Each row carries `recipients`, `read` and
    (for the user) `my_read_at`: none of them a query per row."""
    scope = authz.business_scope(user)
    bulletins = Bulletin.objects.all()
    if scope.is_empty:
        return bulletins.none()
    if not authz.is_committee_staff(user):
        bulletins = bulletins.published()
        if not scope.everything:
            named = BulletinOrg.objects.filter(scope.q("organization"), bulletin=OuterRef("pk"))
            bulletins = bulletins.filter(Q(to_all=True) | Exists(named))
    receipts = BulletinReceipt.objects.filter(bulletin=OuterRef("pk"))
    return bulletins.annotate(
        recipients=_count(receipts),
        read=_count(receipts.filter(read_at__isnull=False)),
        my_read_at=Subquery(receipts.filter(user=user.pk).values("read_at")[:1]),
        my_receipt=Exists(receipts.filter(user=user.pk)),
    ).prefetch_related("named_orgs__organization")


def bulletins_unread(user) -> QuerySet[Bulletin]:
    """Published bulletins and notices sent to the user that they have not opened yet."""
    unread = BulletinReceipt.objects.filter(bulletin=OuterRef("pk"), user=user.pk, read_at__isnull=True)
    return bulletins_visible_to(user).filter(Exists(unread))


def bulletin_receipts(bulletin: Bulletin) -> QuerySet[BulletinReceipt]:
    """Who a published bulletin went to and when each opened it: unread first, by org."""
    return (
        BulletinReceipt.objects.filter(bulletin=bulletin)
        .select_related("user", "organization")
        .order_by(F("read_at").asc(nulls_first=True), "organization__path", "user_id")
    )


def reminder_talks_visible_to(user) -> QuerySet[ReminderTalk]:
    """Talks (their reasons are personnel findings): staff in their scope and the org's secretaries."""
    items = Rectification.objects.filter(talk=OuterRef("pk")).order_by().values("talk")
    counted = items.annotate(n=Count("pk")).values("n")[:1]
    closed = items.filter(state=RectificationState.CLOSED).annotate(n=Count("pk")).values("n")[:1]
    return (
        ReminderTalk.objects.filter(authz.write_scope(user).q("organization"))
        .select_related("organization", "term", "letter")
        .annotate(
            items_total=Coalesce(Subquery(counted), Value(0), output_field=IntegerField()),
            items_closed=Coalesce(Subquery(closed), Value(0), output_field=IntegerField()),
        )
    )


def rectifications_visible_to(user) -> QuerySet[Rectification]:
    return (
        Rectification.objects.filter(authz.write_scope(user).q("talk__organization"))
        .select_related("talk", "talk__organization")
        .prefetch_related("evidence")
    )


def rectifications_overdue(user, *, today: date | None = None) -> QuerySet[Rectification]:
    """Open items past their deadline, oldest deadline first (the staff list)."""
    return rectifications_visible_to(user).overdue(today or timezone.localdate()).order_by("deadline", "pk")


def rectifications_of_secretary(user) -> QuerySet[Rectification]:
    """The items of the orgs the user is secretary of (and those below), open ones first."""
    return (
        Rectification.objects.filter(authz.secretary_scope(user).q("talk__organization"))
        .select_related("talk", "talk__organization")
        .prefetch_related("evidence")
        .annotate(
            done=Case(When(state=RectificationState.CLOSED, then=1), default=0, output_field=IntegerField())
        )
        .order_by("done", "deadline", "pk")
    )


def letters_visible_to(user) -> QuerySet[Letter]:
    return Letter.objects.filter(authz.write_scope(user).q("talk__organization")).select_related(
        "talk", "talk__organization"
    )


def reminder_counts(user, *, year: int | None = None) -> dict[str, int]:
    """What the reporting client may read of 提醒约谈: counts in its business scope, never reasons."""
    scope = authz.business_scope(user)
    talks = ReminderTalk.objects.filter(scope.q("organization"))
    items = Rectification.objects.filter(scope.q("talk__organization"))
    letters = Letter.objects.filter(scope.q("talk__organization"))
    if year:
        talks = talks.filter(talked_on__year=year)
        items = items.filter(talk__talked_on__year=year)
        letters = letters.filter(sent_on__year=year)
    item_counts = items.aggregate(
        rectifications=Count("pk"), closed=Count("pk", filter=Q(state=RectificationState.CLOSED))
    )
    return {"talks": talks.count(), **item_counts, "letters": letters.count()}


def secretary_home_counts(user, *, today: date | None = None) -> dict[str, int]:
    """The secretary's home cards: bulletins unread, rectification items open (and overdue)."""
    items = rectifications_of_secretary(user).open().order_by()
    counts = items.aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=today or timezone.localdate()))
    )
    unread = BulletinReceipt.objects.filter(
        user=user.pk, read_at__isnull=True, bulletin__state="published"
    ).count()
    return {
        "bulletins_unread": unread,
        "rectifications_open": counts["open"],
        "rectifications_overdue": counts["overdue"],
    }
