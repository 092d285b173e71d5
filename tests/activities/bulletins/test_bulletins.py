"""通报/通知: numbered per year when published (no gaps), sent to the named orgs' secretaries with read
receipts, drafted from the ledger's overdue list, read only by whom they concern."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Notification
from activities import services
from activities.models import Bulletin, BulletinKind, BulletinMark, BulletinReceipt
from activities.selectors import bulletins as selectors
from partybuild.exceptions import DomainError, PermissionDeniedError
from tests.ledger.conftest import queries_of

from .conftest import make_bulletin

pytestmark = pytest.mark.django_db


def _publish(staff, bulletin):
    return services.bulletin_publish(actor=staff, bulletin=bulletin)


def test_it_numbers_each_years_bulletins_from_one_without_gaps(committee_staff, org_a):
    published = [
        _publish(committee_staff, make_bulletin(committee_staff, [org_a], title=f"通报{i}")) for i in range(3)
    ]
    notice = _publish(
        committee_staff,
        make_bulletin(committee_staff, [], title="通知", kind=BulletinKind.NOTICE, to_all=True),
    )
    reminder = _publish(
        committee_staff, make_bulletin(committee_staff, [org_a], title="提醒", kind=BulletinKind.REMINDER)
    )
    last_year = _publish(
        committee_staff, make_bulletin(committee_staff, [org_a], issued_on=date(2025, 12, 1))
    )
    draft = make_bulletin(committee_staff, [org_a])

    assert [b.number for b in published] == [1, 2, 3]
    assert reminder.number == 4  # 通报 and 工作提醒 share the year's sequence
    assert (notice.number, last_year.number, last_year.year) == (None, 1, 2025)
    assert Bulletin.objects.get(pk=draft.pk).number is None
    assert str(published[1].number_label) == "2026年第2期"


def test_it_publishes_once_and_keeps_its_number(committee_staff, draft_a):
    bulletin = _publish(committee_staff, draft_a)
    with pytest.raises(DomainError, match="不能重复发布"):
        _publish(committee_staff, draft_a)
    assert Bulletin.objects.get(pk=bulletin.pk).number == 1
    with pytest.raises(DomainError, match="不能再修改"):
        services.bulletin_update(actor=committee_staff, bulletin=bulletin, title="改过的标题")


def test_publishing_notifies_the_named_orgs_secretaries_and_makes_their_receipts(
    committee_staff, secretary_a, secretary_b, draft_a
):
    _publish(committee_staff, draft_a)

    notice = Notification.objects.get(user=secretary_a)
    assert "第1期" in notice.title and notice.url == reverse("bulletins:bulletin_detail", args=[draft_a.pk])
    assert not Notification.objects.filter(user=secretary_b).exists()
    assert list(BulletinReceipt.objects.values_list("user_id", "read_at")) == [(secretary_a.pk, None)]


def test_a_notice_to_all_orgs_reaches_every_secretary(committee_staff, secretary_a, secretary_b):
    notice = make_bulletin(
        committee_staff, [], title="关于开展主题党日的通知", kind=BulletinKind.NOTICE, to_all=True
    )
    _publish(committee_staff, notice)
    assert set(BulletinReceipt.objects.values_list("user_id", flat=True)) == {secretary_a.pk, secretary_b.pk}


def test_a_bulletin_without_orgs_is_not_published(committee_staff):
    empty = make_bulletin(committee_staff, [])
    with pytest.raises(DomainError, match="党组织"):
        _publish(committee_staff, empty)
    assert Bulletin.objects.get(pk=empty.pk).number is None


def test_only_committee_staff_draft_and_publish(
    secretary_a, reporting_client, committee_staff, org_a, draft_a
):
    for user in (secretary_a, reporting_client):
        with pytest.raises(PermissionDeniedError):
            make_bulletin(user, [org_a])
        with pytest.raises(PermissionDeniedError):
            _publish(user, draft_a)


def test_opening_the_bulletin_marks_the_secretarys_receipt_and_notice_read(
    committee_staff, secretary_a, sec_a_client, staff_client, draft_a
):
    _publish(committee_staff, draft_a)
    receipts_url = reverse("bulletins:bulletin_receipts", args=[draft_a.pk])
    assert "未读" in staff_client.get(receipts_url).content.decode()

    page = sec_a_client.get(reverse("bulletins:bulletin_detail", args=[draft_a.pk]))

    assert page.status_code == 200 and "一季度台账工作" in page.content.decode()
    assert BulletinReceipt.objects.get(user=secretary_a).read_at is not None
    assert Notification.objects.get(user=secretary_a).read_at is not None
    receipts = staff_client.get(receipts_url).content.decode()
    assert "未读" not in receipts and ">1/1<" in receipts
    # Staff opening it are not recipients: nothing changes for them.
    staff_client.get(reverse("bulletins:bulletin_detail", args=[draft_a.pk]))
    assert BulletinReceipt.objects.count() == 1


def test_a_secretary_reads_published_bulletins_naming_their_org_and_notices_to_all(
    committee_staff, secretary_a, sec_a_client, org_a, org_b, draft_a
):
    own = _publish(committee_staff, draft_a)
    other = _publish(committee_staff, make_bulletin(committee_staff, [org_b], title="财政局通报"))
    notice = _publish(
        committee_staff,
        make_bulletin(committee_staff, [], title="全体通知", kind=BulletinKind.NOTICE, to_all=True),
    )
    draft = make_bulletin(committee_staff, [org_a], title="未发布草稿")

    assert {b.pk for b in selectors.bulletins_visible_to(secretary_a)} == {own.pk, notice.pk}
    listing = sec_a_client.get(reverse("bulletins:bulletin_list")).content.decode()
    assert "一季度台账工作" in listing and "全体通知" in listing
    assert "财政局通报" not in listing and "未发布草稿" not in listing
    for hidden in (other, draft):
        assert sec_a_client.get(reverse("bulletins:bulletin_detail", args=[hidden.pk])).status_code == 404
    assert sec_a_client.get(reverse("bulletins:bulletin_receipts", args=[own.pk])).status_code == 403


def test_the_overdue_lists_draft_becomes_a_real_bulletin_of_the_filtered_orgs(
    staff_client, task_monthly, org_b
):
    overdue = reverse("ledger:overdue_list")
    preview = staff_client.get(overdue, {"org": "财政局", "draft": 1}).content.decode()
    assert "data-bulletin-from-overdue" in preview

    response = staff_client.post(
        reverse("bulletins:bulletin_from_overdue") + "?org=%E8%B4%A2%E6%94%BF%E5%B1%80"
    )

    bulletin = Bulletin.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "bulletins:bulletin_edit", args=[bulletin.pk]
    )
    assert (bulletin.kind, bulletin.state, bulletin.number) == (BulletinKind.BULLETIN, "draft", None)
    assert [(n.organization_id, n.mark) for n in bulletin.named_orgs.all()] == [
        (org_b.pk, BulletinMark.REMIND)
    ]
    assert list(bulletin.tasks.all()) == [task_monthly]
    assert "中共清镇市财政局支部委员会" in bulletin.body and "税务局" not in bulletin.body
    assert "开展主题党日活动" in bulletin.body
    # The staff member edits it, then publishes it through the confirmation page.
    edit = staff_client.get(response["Location"])
    assert edit.status_code == 200 and "关于党建工作任务逾期未完成情况的通报" in edit.content.decode()
    confirm = staff_client.get(reverse("bulletins:bulletin_publish", args=[bulletin.pk])).content.decode()
    assert "确认发布" in confirm and "中共清镇市财政局支部委员会" in confirm
    staff_client.post(reverse("bulletins:bulletin_publish", args=[bulletin.pk]))
    assert Bulletin.objects.get().number == 1


def test_staff_draft_and_edit_a_bulletin_through_the_form(staff_client, org_a, org_b):
    data = {
        "kind": "bulletin",
        "issued_on": "2026-04-02",
        "title": "关于表扬先进党支部的通报",
        "body": "特予通报表扬。",
        "praise_orgs": [org_a.pk],
        "criticise_orgs": [org_b.pk],
    }
    response = staff_client.post(reverse("bulletins:bulletin_create"), data)
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302
    marks = {n.organization_id: n.mark for n in bulletin.named_orgs.all()}
    assert marks == {org_a.pk: BulletinMark.PRAISE, org_b.pk: BulletinMark.CRITICISE}

    bad = staff_client.post(
        reverse("bulletins:bulletin_create"), {**data, "kind": "bulletin", "to_all": "on"}
    )
    assert bad.status_code == 400 and "只有通知公告可以发给全部党组织" in bad.content.decode()
    assert Bulletin.objects.count() == 1


def test_the_print_page_is_an_a4_sheet_with_the_number(committee_staff, staff_client, draft_a):
    _publish(committee_staff, draft_a)
    page = staff_client.get(reverse("bulletins:bulletin_print", args=[draft_a.pk])).content.decode()
    assert "2026年第1期" in page and "activities-print.css" in page and "<script>" not in page


def _bulletins(staff, orgs, n):
    for i in range(n):
        _publish(staff, make_bulletin(staff, orgs, title=f"第{i}号通报"))


@pytest.mark.parametrize("who", ["staff", "secretary"])
def test_the_bulletin_list_runs_the_same_queries_for_ten_times_the_rows(
    who, committee_staff, staff_client, sec_a_client, org_a, org_b
):
    client = staff_client if who == "staff" else sec_a_client
    url = reverse("bulletins:bulletin_list")
    _bulletins(committee_staff, [org_a, org_b], 2)
    _response, few = queries_of(lambda: client.get(url))
    _bulletins(committee_staff, [org_a, org_b], 18)
    response, many = queries_of(lambda: client.get(url))
    assert response.content.decode().count("data-bulletin=") == 20
    assert many == few


def test_a_legacy_bulletin_keeps_its_number_and_publishing_continues_after_it(
    committee_staff, org_a, draft_a
):
    legacy, created = services.bulletin_record_published(
        actor=committee_staff,
        number=7,
        kind="bulletin",
        issued_on=date(2026, 2, 1),
        title="旧通报",
        orgs=[(org_a, BulletinMark.CRITICISE)],
    )
    again, created_again = services.bulletin_record_published(
        actor=committee_staff,
        number=7,
        kind="bulletin",
        issued_on=date(2026, 2, 1),
        title="旧通报",
        orgs=[(org_a, BulletinMark.CRITICISE)],
    )
    assert (created, created_again, again.pk) == (True, False, legacy.pk)
    assert Bulletin.objects.count() == 2 and not BulletinReceipt.objects.exists()
    assert _publish(committee_staff, draft_a).number == 8
