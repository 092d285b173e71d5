"""通报 / 工作提醒 / 通知公告: draft, edit, publish (numbered 第N期 per year, under a row lock), read.

Publishing is the one mechanism for all three kinds: one receipt and one notification per secretary
of each org named (or of every org, for a notice to all); the receipt is marked when they open it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import authz
from accounts.audit import audit_log
from accounts.models import Notification, Organization
from accounts.notifications import Message, notifications_send_bulk
from accounts.selectors import secretary_users_by_org
from ledger.models import Task
from partybuild.exceptions import DomainError, PermissionDeniedError
from partybuild.fields import refuse_unknown_fields

from ..models import (
    Bulletin,
    BulletinCounter,
    BulletinKind,
    BulletinMark,
    BulletinOrg,
    BulletinReceipt,
    BulletinState,
)
from ..models.bulletins import NUMBERED_KINDS

BULLETIN_FIELDS = ("kind", "issued_on", "title", "body", "to_all")
# An org named with its mark: (org, "remind"); a notice names orgs with no mark ("").
NamedOrg = tuple[Organization, str]
NUMBERED_KIND_VALUES = tuple(str(kind) for kind in NUMBERED_KINDS)


def _dedupe_key(bulletin: Bulletin) -> str:
    return f"bulletin:{bulletin.pk}"


def _check(bulletin: Bulletin, orgs: Sequence[NamedOrg]) -> None:
    if bulletin.to_all and bulletin.kind != BulletinKind.NOTICE:
        raise DomainError(
            _("只有通知公告可以发给全部党组织；通报和工作提醒请逐个列出涉及的党组织"), field="to_all"
        )
    seen = set()
    for org, mark in orgs:
        if mark not in BulletinMark.values:
            raise DomainError(
                _("“%(org)s”的标记“%(mark)s”无效：只能是表扬、提醒或批评") % {"org": org.name, "mark": mark},
                field="orgs",
            )
        if org.pk in seen:
            raise DomainError(_("党组织“%(org)s”列了两次，请合并为一条") % {"org": org.name}, field="orgs")
        seen.add(org.pk)


def _set_orgs(bulletin: Bulletin, orgs: Sequence[NamedOrg]) -> None:
    BulletinOrg.objects.filter(bulletin=bulletin).delete()
    BulletinOrg.objects.bulk_create(
        [BulletinOrg(bulletin=bulletin, organization=org, mark=mark) for org, mark in orgs]
    )


@transaction.atomic
def bulletin_create(
    *, actor, orgs: Sequence[NamedOrg] = (), tasks: Iterable[Task] = (), **fields
) -> Bulletin:
    """A draft 通报/工作提醒/通知公告: not numbered and sent to nobody until published."""
    refuse_unknown_fields(fields, BULLETIN_FIELDS, "bulletin")
    if actor is not None and not authz.may(actor, "activities.add_bulletin"):
        raise PermissionDeniedError(_("只有工委干部可以起草通报和通知"))
    bulletin = Bulletin(created_by=actor, **fields)
    orgs = list(orgs)
    _check(bulletin, orgs)
    bulletin.full_clean()
    bulletin.save()
    _set_orgs(bulletin, orgs)
    bulletin.tasks.set(list(tasks))
    return bulletin


@transaction.atomic
def bulletin_update(
    *,
    actor,
    bulletin: Bulletin,
    orgs: Sequence[NamedOrg] | None = None,
    tasks: Iterable[Task] | None = None,
    **fields,
) -> Bulletin:
    """Edit a draft; a published bulletin is a document sent out and stays as sent."""
    refuse_unknown_fields(fields, BULLETIN_FIELDS, "bulletin")
    if actor is not None and not authz.may(actor, "activities.change_bulletin", bulletin):
        raise PermissionDeniedError(_("只有工委干部可以修改通报和通知"))
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if bulletin.is_published:
        raise DomainError(_("该通报已发布，不能再修改；如需更正请另发一期"))
    for key, value in fields.items():
        setattr(bulletin, key, value)
    current = (
        list(orgs)
        if orgs is not None
        else [(o.organization, o.mark) for o in bulletin.named_orgs.select_related("organization")]
    )
    _check(bulletin, current)
    bulletin.full_clean()
    bulletin.save()
    if orgs is not None:
        _set_orgs(bulletin, current)
    if tasks is not None:
        bulletin.tasks.set(list(tasks))
    return bulletin


def _next_number(year: int) -> int:
    """The next 期号 of the year, taken under the lock of the year's counter row (one publisher at a
    time per year); numbers given another way (an import) are never reused."""
    BulletinCounter.objects.get_or_create(year=year)
    counter = BulletinCounter.objects.select_for_update().get(year=year)
    highest = Bulletin.objects.filter(year=year).aggregate(n=Max("number"))["n"] or 0
    counter.last_number = max(counter.last_number, highest) + 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _recipient_org_ids(bulletin: Bulletin) -> list[int]:
    if bulletin.to_all:
        return list(Organization.objects.filter(is_active=True).values_list("pk", flat=True))
    return list(bulletin.named_orgs.values_list("organization_id", flat=True))


@transaction.atomic
def bulletin_publish(*, actor, bulletin: Bulletin) -> Bulletin:
    """Publish a draft: 通报/工作提醒 get the year's next 第N期; each recipient secretary gets a receipt
    and a notification. All or nothing; publishing twice is refused."""
    if actor is not None and not authz.may(actor, "activities.publish_bulletin", bulletin):
        raise PermissionDeniedError(_("只有工委干部可以发布通报和通知"))
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if bulletin.is_published:
        raise DomainError(
            _("该通报已经发布（%(n)s），不能重复发布") % {"n": bulletin.number_label or bulletin.title}
        )
    org_ids = _recipient_org_ids(bulletin)
    if not org_ids:
        raise DomainError(_("还没有选择涉及或接收的党组织，请先在编辑页添加党组织再发布"), field="orgs")
    bulletin.year = bulletin.issued_on.year
    if bulletin.is_numbered:
        bulletin.number = _next_number(bulletin.year)
    now = timezone.now()
    bulletin.state = BulletinState.PUBLISHED
    bulletin.published_at = now
    bulletin.published_by = actor
    bulletin.save()
    recipients = [
        (org_id, user) for org_id, users in secretary_users_by_org(org_ids).items() for user in users
    ]
    BulletinReceipt.objects.bulk_create(
        [
            BulletinReceipt(bulletin=bulletin, user=user, organization_id=org_id, notified_at=now)
            for org_id, user in recipients
        ],
        batch_size=500,
        ignore_conflicts=True,  # a secretary of two named orgs gets one receipt
    )
    url = reverse("bulletins:bulletin_detail", args=[bulletin.pk])
    heading = (
        f"{bulletin.get_kind_display()}{('（' + bulletin.number_label + '）') if bulletin.number else ''}"
    )
    notifications_send_bulk(
        Message(user=user, title=f"{heading}：{bulletin.title}", url=url, dedupe_key=_dedupe_key(bulletin))
        for user in {user.pk: user for _org, user in recipients}.values()
    )
    audit_log(
        "activities.bulletin_publish",
        actor=actor,
        target=bulletin,
        detail={"kind": bulletin.kind, "year": bulletin.year, "number": bulletin.number},
        rows=len(recipients),
    )
    return bulletin


def bulletin_mark_read(*, user, bulletin: Bulletin) -> bool:
    """The user opened the bulletin: their receipt (and its notification) read. True the first time."""
    now = timezone.now()
    changed = BulletinReceipt.objects.filter(bulletin=bulletin, user=user, read_at__isnull=True).update(
        read_at=now
    )
    if changed:
        Notification.objects.filter(user=user, dedupe_key=_dedupe_key(bulletin), read_at__isnull=True).update(
            read_at=now
        )
    return bool(changed)


def overdue_bulletin_title(today: date) -> str:
    return _("关于党建工作任务逾期未完成情况的通报")


@transaction.atomic
def bulletin_draft_from_overdue(
    *, actor, body: str, organizations: Sequence[Organization], tasks: Iterable[Task], today: date
) -> Bulletin:
    """A 通报 draft made from the ledger's overdue list: every org on it marked 提醒, the tasks linked,
    the drafted text as body; staff edit it before publishing."""
    return bulletin_create(
        actor=actor,
        kind=BulletinKind.BULLETIN,
        issued_on=today,
        title=overdue_bulletin_title(today),
        body=body,
        orgs=[(org, BulletinMark.REMIND) for org in organizations],
        tasks=tasks,
    )


@transaction.atomic
def bulletin_record_published(
    *,
    actor,
    number: int,
    kind: str,
    issued_on: date,
    title: str,
    orgs: Sequence[NamedOrg] = (),
    body: str = "",
) -> tuple[Bulletin, bool]:
    """A bulletin published before the portal (a legacy file's row): stored as published under its own
    期号, with no notifications or receipts. Its natural key is (year of 日期, 期号): recording the same
    one again updates it, so re-importing a file changes nothing. Returns (bulletin, created)."""
    if actor is not None and not authz.may(actor, "activities.add_bulletin"):
        raise PermissionDeniedError(_("只有工委干部可以导入通报"))
    if kind not in NUMBERED_KIND_VALUES:
        raise DomainError(_("类型只能是“通报”或“工作提醒”"), field="kind")
    year = issued_on.year
    BulletinCounter.objects.get_or_create(year=year)
    BulletinCounter.objects.select_for_update().get(year=year)  # no publication takes a number meanwhile
    bulletin = Bulletin.objects.select_for_update().filter(year=year, number=number).first()
    created = bulletin is None
    bulletin = bulletin or Bulletin(year=year, number=number, created_by=actor)
    bulletin.kind, bulletin.issued_on, bulletin.title = kind, issued_on, title
    bulletin.body = body or bulletin.body
    bulletin.state = BulletinState.PUBLISHED
    bulletin.published_at = bulletin.published_at or timezone.now()
    orgs = list(orgs)
    _check(bulletin, orgs)
    bulletin.full_clean(validate_unique=False)
    bulletin.save()
    current = sorted((o.organization_id, o.mark) for o in bulletin.named_orgs.all())
    if current != sorted((org.pk, mark) for org, mark in orgs):
        _set_orgs(bulletin, orgs)
    return bulletin, created
