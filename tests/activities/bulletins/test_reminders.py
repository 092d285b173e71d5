"""提醒约谈: items reported done by the secretary with evidence, closed (销号) by staff only; overdue items
on the staff list; escalation to a 函告; each secretary sees their own org's only."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Notification
from activities import services
from activities.models import Rectification, RectificationEvidence, RectificationState, ReminderReason
from activities.selectors import bulletins as selectors
from partybuild.exceptions import DomainError, PermissionDeniedError
from tests.ledger.conftest import queries_of

from .conftest import png

pytestmark = pytest.mark.django_db


def test_recording_a_talk_tells_the_orgs_secretary_of_their_items(secretary_a, secretary_b, talk_a):
    assert [i.content for i in talk_a.rectifications.order_by("seq")] == [
        "补齐2025年度三会一课记录",
        "召开专题组织生活会",
    ]
    assert Notification.objects.filter(user=secretary_a, url=reverse("bulletins:my_rectifications")).exists()
    assert not Notification.objects.filter(user=secretary_b).exists()


def test_the_secretary_reports_an_item_done_with_evidence_and_staff_close_it(
    sec_a_client, staff_client, item_a, secretary_a
):
    url = reverse("bulletins:rectification_report", args=[item_a.pk])
    no_file = sec_a_client.post(url, {"report": "已补齐全部记录"})
    assert no_file.status_code == 400 and "请上传整改佐证材料" in no_file.content.decode()

    response = sec_a_client.post(url, {"report": "已补齐全部记录", "files": [png()]})

    assert response.status_code == 302
    item = Rectification.objects.get(pk=item_a.pk)
    assert (item.state, item.report, item.reported_by) == (
        RectificationState.REPORTED,
        "已补齐全部记录",
        secretary_a,
    )
    evidence = RectificationEvidence.objects.get(rectification=item)
    download = staff_client.get(reverse("bulletins:evidence_download", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"\x89PNG")

    verify = reverse("bulletins:rectification_verify", args=[item.pk])
    assert sec_a_client.post(verify, {"decision": "close"}).status_code == 403
    assert Rectification.objects.get(pk=item.pk).state == RectificationState.REPORTED
    staff_client.post(verify, {"decision": "close", "note": "材料齐全"})
    item.refresh_from_db()
    assert (item.state, item.review_note) == (RectificationState.CLOSED, "材料齐全") and item.closed_at


def test_only_committee_staff_close_an_item_and_only_once_it_was_reported(
    committee_staff, secretary_a, reporting_client, item_a
):
    with pytest.raises(DomainError, match="尚未报告"):
        services.rectification_close(actor=committee_staff, rectification=item_a)
    services.rectification_report(actor=secretary_a, rectification=item_a, report="已整改", files=[png()])
    for user in (secretary_a, reporting_client):
        with pytest.raises(PermissionDeniedError):
            services.rectification_close(actor=user, rectification=item_a)
    with pytest.raises(PermissionDeniedError):
        services.rectification_report(
            actor=committee_staff, rectification=item_a, report="代报", files=[png()]
        )
    services.rectification_close(actor=committee_staff, rectification=item_a)
    with pytest.raises(DomainError, match="已销号"):
        services.rectification_report(actor=secretary_a, rectification=item_a, report="再报", files=[png()])


def test_staff_send_a_report_back_with_a_reason_and_the_item_is_open_again(
    committee_staff, secretary_a, item_a
):
    services.rectification_report(actor=secretary_a, rectification=item_a, report="已整改", files=[png()])
    with pytest.raises(DomainError, match="写明"):
        services.rectification_return(actor=committee_staff, rectification=item_a, note=" ")
    services.rectification_return(actor=committee_staff, rectification=item_a, note="缺少会议记录原件")
    item_a.refresh_from_db()
    assert (item_a.state, item_a.review_note) == (RectificationState.OPEN, "缺少会议记录原件")
    assert Notification.objects.filter(user=secretary_a, title__contains="缺少会议记录原件").exists()


def test_a_secretary_sees_only_their_own_orgs_talks_and_items(
    talk_a, item_a, secretary_a, secretary_b, sec_b_client, reporting_client, committee_staff
):
    assert list(selectors.rectifications_of_secretary(secretary_b)) == []
    assert list(selectors.reminder_talks_visible_to(secretary_b)) == []
    assert list(selectors.reminder_talks_visible_to(reporting_client)) == []
    assert {i.pk for i in selectors.rectifications_of_secretary(secretary_a)} == set(
        talk_a.rectifications.values_list("pk", flat=True)
    )
    assert sec_b_client.get(reverse("bulletins:talk_detail", args=[talk_a.pk])).status_code == 404
    assert sec_b_client.get(reverse("bulletins:rectification_report", args=[item_a.pk])).status_code == 404
    services.rectification_report(actor=secretary_a, rectification=item_a, report="已整改", files=[png()])
    evidence = RectificationEvidence.objects.get()
    assert sec_b_client.get(reverse("bulletins:evidence_download", args=[evidence.pk])).status_code == 404
    with pytest.raises(PermissionDeniedError):
        services.rectification_report(actor=secretary_b, rectification=item_a, report="冒报", files=[png()])
    assert (
        "补齐2025年度三会一课记录"
        not in sec_b_client.get(reverse("bulletins:my_rectifications")).content.decode()
    )


def test_overdue_items_are_on_the_staff_list_until_closed(
    committee_staff, secretary_a, staff_client, talk_a, item_a
):
    today = date(2026, 5, 10)  # the first item (due 4月30日) is overdue, the second (5月31日) is not
    assert [i.pk for i in selectors.rectifications_overdue(committee_staff, today=today)] == [item_a.pk]
    services.rectification_report(actor=secretary_a, rectification=item_a, report="已整改", files=[png()])
    assert [i.pk for i in selectors.rectifications_overdue(committee_staff, today=today)] == [item_a.pk]
    services.rectification_close(actor=committee_staff, rectification=item_a)
    assert list(selectors.rectifications_overdue(committee_staff, today=today)) == []
    # The page lists overdue items by default (today is past both deadlines in this run's calendar).
    page = staff_client.get(reverse("bulletins:rectification_list")).content.decode()
    assert "召开专题组织生活会" in page and "补齐2025年度三会一课记录" not in page


def test_a_talk_escalates_to_a_letter_to_the_units_party_group(
    committee_staff, staff_client, secretary_a, talk_a
):
    url = reverse("bulletins:letter_create", args=[talk_a.pk])
    early = staff_client.post(
        url, {"addressee": "市税务局党组", "number": "清机工函〔2026〕3号", "sent_on": "2026-02-01"}
    )
    assert early.status_code == 400 and "不能早于约谈日期" in early.content.decode()
    staff_client.post(
        url, {"addressee": "市税务局党组", "number": "清机工函〔2026〕3号", "sent_on": "2026-06-01"}
    )
    talk_a.refresh_from_db()
    assert (talk_a.letter.number, talk_a.letter.sent_on) == ("清机工函〔2026〕3号", date(2026, 6, 1))
    with pytest.raises(PermissionDeniedError):
        services.letter_create(
            actor=secretary_a, talk=talk_a, addressee="x", number="y", sent_on=date(2026, 6, 2)
        )


def test_the_secretarys_home_shows_unread_bulletins_and_open_items(
    committee_staff, sec_a_client, secretary_a, org_a, talk_a
):
    from .conftest import make_bulletin

    services.bulletin_publish(actor=committee_staff, bulletin=make_bulletin(committee_staff, [org_a]))
    html = sec_a_client.get(reverse("ledger:home_cards")).content.decode()
    cards = html.split('data-home="six"')[1]
    assert 'data-home-card="bulletins"' in cards
    assert cards.split('data-home-card="bulletins"')[1].split("</a>")[0].count(">1<") == 1
    assert cards.split('data-home-card="rectifications"')[1].split("</a>")[0].count(">2<") == 1


def _talks(staff, org, n, start):
    for i in range(n):
        services.reminder_talk_create(
            actor=staff,
            organization=org,
            secretary_name=f"书记{start + i}",
            reason=ReminderReason.DUTY,
            talked_on=date(2026, 1, 5),
            talked_by="工委书记",
            items=[
                {"content": "整改", "deadline": date(2026, 2, 1)},
                {"content": "再整改", "deadline": date(2026, 2, 2)},
            ],
        )


def test_the_talk_and_item_lists_run_the_same_queries_for_ten_times_the_rows(
    committee_staff, staff_client, org_a
):
    pages = [reverse("bulletins:talk_list"), reverse("bulletins:rectification_list")]
    _talks(committee_staff, org_a, 1, 0)
    few = [queries_of(lambda url=url: staff_client.get(url))[1] for url in pages]
    _talks(committee_staff, org_a, 9, 1)
    many = [queries_of(lambda url=url: staff_client.get(url))[1] for url in pages]
    assert many == few
    assert staff_client.get(pages[0]).content.decode().count("data-talk=") == 10
