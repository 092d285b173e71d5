"""服务监督岗 in the portal: the post form (roster, scope), answering and closing feedback (the org's
secretary and staff only), counts per post and per org (grouped queries), constant query counts."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts import authz
from activities.models import FeedbackState, ServicePost
from activities.selectors import posts as selectors
from activities.services.posts import (
    feedback_answer,
    feedback_close,
    feedback_submit,
    service_post_create,
    service_post_update,
)
from partybuild.exceptions import DomainError, PermissionDeniedError
from tests.factories import MemberFactory
from tests.ledger.conftest import queries_of

from .conftest import make_post

pytestmark = pytest.mark.django_db


def test_a_secretary_sets_up_a_post_for_a_member_of_their_roster(sec_a_client, org_a):
    MemberFactory(organization=org_a, name="李娜")
    response = sec_a_client.post(
        reverse("posts:post_create"),
        {
            "organization": org_a.pk,
            "member_name": "李娜",
            "title": "纳税咨询岗",
            "pledge": "微笑服务",
            "phone": "0851-1234567",
            "is_model_post": "on",
            "model_year": 2020,
            "active": "on",
        },
    )
    post = ServicePost.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "posts:post_detail", args=[post.pk]
    )
    assert (post.member.name, post.is_model_post, post.model_year, post.created_by.username) == (
        "李娜",
        True,
        2020,
        "sec_a",
    )
    detail = sec_a_client.get(response["Location"]).content.decode()
    assert "<svg" in detail and post.public_code in detail


def test_the_form_names_what_is_wrong_in_chinese(sec_a_client, org_a, org_b):
    MemberFactory(organization=org_b, name="外单位")
    response = sec_a_client.post(
        reverse("posts:post_create"),
        {"organization": org_a.pk, "member_name": "外单位", "title": "岗", "is_model_post": "on"},
    )
    page = response.content.decode()
    assert response.status_code == 400 and "找不到“外单位”" in page
    MemberFactory(organization=org_a, name="王五")
    response = sec_a_client.post(
        reverse("posts:post_create"),
        {"organization": org_a.pk, "member_name": "王五", "title": "岗", "is_model_post": "on"},
    )
    assert response.status_code == 400 and "示范岗请填写命名年度" in response.content.decode()
    assert not ServicePost.objects.exists()


def test_a_secretary_cannot_set_up_or_edit_posts_of_another_org(sec_a_client, secretary_a, org_b, post_b):
    response = sec_a_client.post(
        reverse("posts:post_create"), {"organization": org_b.pk, "member_name": "吴刚", "title": "岗"}
    )
    assert response.status_code == 400 and ServicePost.objects.count() == 1
    assert sec_a_client.get(reverse("posts:post_edit", args=[post_b.pk])).status_code == 404
    with pytest.raises(PermissionDeniedError):
        service_post_update(actor=secretary_a, post=post_b, title="改")


def test_standing_a_post_down_keeps_the_day(post_a, committee_staff):
    service_post_update(actor=committee_staff, post=post_a, active=False)
    post_a.refresh_from_db()
    assert post_a.ended_on is not None and not post_a.active
    service_post_update(actor=committee_staff, post=post_a, active=True)
    post_a.refresh_from_db()
    assert post_a.ended_on is None


def test_the_orgs_secretary_answers_and_closes_a_complaint(sec_a_client, complaint_a, secretary_a):
    url = reverse("posts:feedback_answer", args=[complaint_a.pk])
    assert sec_a_client.get(url).status_code == 200
    empty = sec_a_client.post(url, {"answer": "", "decision": "answer"})
    assert empty.status_code == 400 and "请填写答复内容" in empty.content.decode()
    response = sec_a_client.post(url, {"answer": "已安排中午轮岗", "decision": "answer"})
    assert response.status_code == 302
    complaint_a.refresh_from_db()
    assert (complaint_a.state, complaint_a.answer, complaint_a.answered_by) == (
        FeedbackState.ANSWERED,
        "已安排中午轮岗",
        secretary_a,
    )
    sec_a_client.post(url, {"decision": "close"})
    complaint_a.refresh_from_db()
    assert complaint_a.state == FeedbackState.CLOSED and complaint_a.closed_at is not None
    with pytest.raises(DomainError, match="已经办结"):
        feedback_close(actor=secretary_a, feedback=complaint_a)


def test_a_complaint_needs_an_answer_before_it_is_closed_praise_does_not(secretary_a, complaint_a, post_a):
    with pytest.raises(DomainError, match="请先答复再办结"):
        feedback_close(actor=secretary_a, feedback=complaint_a)
    praise = feedback_submit(post=post_a, kind="praise", text="很好")
    assert feedback_close(actor=secretary_a, feedback=praise).state == FeedbackState.CLOSED


def test_staff_answer_and_close_at_once(staff_client, complaint_b):
    url = reverse("posts:feedback_answer", args=[complaint_b.pk])
    staff_client.post(url, {"answer": "已约谈窗口负责人", "decision": "answer_close"})
    complaint_b.refresh_from_db()
    assert complaint_b.state == FeedbackState.CLOSED and complaint_b.answer == "已约谈窗口负责人"


def test_each_secretary_sees_and_answers_only_their_own_orgs_feedback(
    sec_a_client, secretary_a, complaint_a, complaint_b, reporting_browser
):
    page = sec_a_client.get(reverse("posts:feedback_list")).content.decode()
    assert complaint_a.text in page and complaint_b.text not in page
    assert sec_a_client.get(reverse("posts:feedback_answer", args=[complaint_b.pk])).status_code == 404
    with pytest.raises(PermissionDeniedError):
        feedback_answer(actor=secretary_a, feedback=complaint_b, answer="越权")
    # The reporting client reads posts (public plates) but not what the public wrote.
    assert reporting_browser.get(reverse("posts:post_list")).status_code == 200
    assert reporting_browser.get(reverse("posts:feedback_list")).status_code == 403


def test_open_feedback_comes_first(secretary_a, post_a):
    old = feedback_submit(post=post_a, kind="complaint", text="旧的")
    feedback_answer(actor=secretary_a, feedback=old, answer="已处理")
    new = feedback_submit(post=post_a, kind="praise", text="新的")
    rows = list(selectors.feedback_open_first(selectors.feedback_visible_to(secretary_a)))
    assert rows == [new, old]


def test_counts_per_post_and_per_org_are_one_grouped_query_each(
    committee_staff, org_a, org_b, post_a, post_b
):
    for post, kind in ((post_a, "praise"), (post_a, "complaint"), (post_a, "praise"), (post_b, "complaint")):
        feedback_submit(post=post, kind=kind, text="内容")
    authz.grants(committee_staff)  # the user's roles are read once per request, not per count
    with CaptureQueriesContext(connection) as captured:
        rows = selectors.feedback_counts_by_org(committee_staff)
    assert len(captured) == 1
    assert [(r["post__organization"], r["praise"], r["complaints"], r["open"]) for r in rows] == [
        (org_a.pk, 2, 1, 3),
        (org_b.pk, 0, 1, 1),
    ]
    posts = {p.pk: p for p in selectors.service_posts_visible_to(committee_staff)}
    assert (posts[post_a.pk].feedback_praise, posts[post_a.pk].feedback_complaints) == (2, 1)
    assert posts[post_b.pk].feedback_open == 1


def test_the_secretarys_home_card_counts_their_open_feedback(sec_a_client, complaint_a, complaint_b):
    page = sec_a_client.get(reverse("home")).content.decode()
    assert 'data-home="feedback"' in page and "有 1 条群众评价待处理" in page


def _fill(org_a, org_b, n: int) -> None:
    for i in range(n):
        for org in (org_a, org_b):
            post = make_post(
                org, f"党员{org.pk}-{i}", title=f"岗位{i}", is_model_post=i % 2 == 0, model_year=2019
            )
            feedback_submit(post=post, kind="complaint", text=f"意见{i}")


@pytest.mark.parametrize(
    "url",
    ["posts:post_list", "posts:feedback_list", "posts:feedback_counts"],
)
def test_lists_take_the_same_queries_for_few_rows_and_many(staff_client, org_a, org_b, url):
    _fill(org_a, org_b, 2)
    _response, few = queries_of(lambda: staff_client.get(reverse(url)))
    _fill(org_a, org_b, 10)
    response, many = queries_of(lambda: staff_client.get(reverse(url)))
    assert many == few
    assert "意见9" in response.content.decode() or url == "posts:post_list" or url == "posts:feedback_counts"


def test_the_plates_page_draws_a_qr_code_per_post_in_constant_queries(settings, staff_client, org_a, org_b):
    _fill(org_a, org_b, 2)
    url = f"{reverse('posts:post_plates')}?org={org_a.pk}"
    _response, few = queries_of(lambda: staff_client.get(url))
    _fill(org_a, org_b, 6)
    response, many = queries_of(lambda: staff_client.get(url))
    page = response.content.decode()
    assert many == few
    assert page.count("data-plate=") == 8 and page.count("<svg") == 8
    assert "@media print" in (settings.BASE_DIR / "static/css/posts.css").read_text(encoding="utf-8")
    assert "posts.css" in page


def test_plates_are_printed_by_staff_only(sec_a_client, org_a):
    assert sec_a_client.get(reverse("posts:post_plates")).status_code == 403


def test_the_qr_code_holds_the_public_url(settings, staff_client, post_a):
    settings.PARTYBUILD_PUBLIC_URL = "https://dj.example.cn"
    page = staff_client.get(reverse("posts:post_detail", args=[post_a.pk])).content.decode()
    assert f"https://dj.example.cn/activities/posts/say/{post_a.public_code}/" in page


def test_post_list_filters_by_org_model_and_search(staff_client, org_a, org_b, post_a, post_b):
    service_post_update(actor=None, post=post_b, is_model_post=True, model_year=2020)
    page = staff_client.get(reverse("posts:post_list"), {"model": "yes"}).content.decode()
    assert "国库支付窗口" in page and "办税服务窗口" not in page
    page = staff_client.get(reverse("posts:post_list"), {"org": org_a.pk}).content.decode()
    assert "办税服务窗口" in page and "国库支付窗口" not in page
    page = staff_client.get(reverse("posts:post_list"), {"q": "吴刚"}).content.decode()
    assert "国库支付窗口" in page and "办税服务窗口" not in page


def test_the_member_must_be_on_the_orgs_roster(org_a, org_b):
    with pytest.raises(ValidationError, match="名册"):
        service_post_create(
            actor=None, organization=org_a, member=MemberFactory(organization=org_b), title="岗"
        )
    assert not ServicePost.objects.exists()


def test_feedback_and_its_counts_download_as_excel_with_public_text_kept_as_text(staff_client, post_a):
    feedback_submit(post=post_a, kind="complaint", text='=HYPERLINK("http://x")')
    response = staff_client.get(reverse("posts:feedback_list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["E2"].value == '\'=HYPERLINK("http://x")'
    counts = staff_client.get(reverse("posts:feedback_counts"), {"export": "xlsx"})
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(counts.content)).active]
    # The page's rows: every org of the scope in tree order, those with nothing too.
    assert [post_a.organization.name, 0, 1, 1, 1] in rows


def test_the_feedback_list_of_one_post(staff_client, post_a, complaint_a, complaint_b):
    page = staff_client.get(reverse("posts:feedback_list"), {"post": post_a.pk}).content.decode()
    assert complaint_a.text in page and complaint_b.text not in page and "全部岗位" in page
    assert staff_client.get(reverse("posts:feedback_list"), {"post": "9" * 40}).status_code == 200
