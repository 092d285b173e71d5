"""The public page a plate's QR code opens: no login, CSRF from the page itself, a rate limit per client
address with a Chinese 429 page, a honeypot that drops silently, plain text stored and shown escaped,
and nothing of anybody's feedback on the public side."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from activities.models import Feedback, FeedbackKind, FeedbackState

pytestmark = pytest.mark.django_db


def _url(post) -> str:
    return reverse("posts:public_feedback", kwargs={"code": post.public_code})


def _token(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)


def _say(client, post, text="窗口服务很耐心", kind="praise", **extra):
    return client.post(_url(post), {"kind": kind, "text": text, **extra})


def test_it_shows_the_post_to_anyone_without_logging_in(post_a):
    response = Client().get(_url(post_a))
    page = response.content.decode()
    assert response.status_code == 200
    assert "办税服务窗口" in page and "周敏" in page and "首问负责" in page and "0851-82511234" in page
    assert "csrfmiddlewaretoken" in page


def test_an_unknown_code_is_a_404(db):
    assert Client().get(reverse("posts:public_feedback", kwargs={"code": "nope"})).status_code == 404


def test_a_visitor_leaves_a_complaint_with_the_pages_own_csrf_token(post_a):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(_url(post_a))
    response = browser.post(
        _url(post_a),
        {"csrfmiddlewaretoken": _token(page), "kind": "complaint", "text": "中午窗口无人", "contact": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("posts:public_thanks", kwargs={"code": post_a.public_code})
    item = Feedback.objects.get()
    assert (item.post, item.kind, item.text, item.contact, item.state) == (
        post_a,
        FeedbackKind.COMPLAINT,
        "中午窗口无人",
        "",
        FeedbackState.OPEN,
    )


def test_a_post_without_the_csrf_token_is_refused_and_nothing_is_stored(post_a):
    browser = Client(enforce_csrf_checks=True)
    browser.get(_url(post_a))
    response = browser.post(_url(post_a), {"kind": "complaint", "text": "伪造的提交"})
    assert response.status_code == 403
    assert not Feedback.objects.exists()


def test_the_address_over_the_limit_gets_a_chinese_429_page_and_others_still_may(settings, post_a):
    settings.PARTYBUILD_FEEDBACK_RATE = "2/10m"
    visitor = Client(REMOTE_ADDR="203.0.113.7")
    assert [_say(visitor, post_a, f"第{n}条").status_code for n in (1, 2)] == [302, 302]
    third = _say(visitor, post_a, "第3条")
    assert third.status_code == 429
    assert "提交过于频繁" in third.content.decode()
    assert Feedback.objects.count() == 2
    # An invalid form does not spend the allowance of another address; a different address is served.
    other = Client(REMOTE_ADDR="198.51.100.9")
    assert _say(other, post_a, "").status_code == 400
    assert _say(other, post_a, "另一位群众").status_code == 302
    assert Feedback.objects.count() == 3


def test_behind_a_trusted_proxy_the_limit_follows_the_client_address_not_the_proxy(settings, post_a):
    settings.PARTYBUILD_FEEDBACK_RATE = "1/10m"
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.1")
    second = Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert _say(first, post_a).status_code == 302
    assert _say(second, post_a).status_code == 302
    assert _say(first, post_a).status_code == 429


def test_a_filled_honeypot_is_thanked_and_dropped(post_a):
    response = _say(Client(), post_a, "买发票找我", website="http://spam.example")
    assert response.status_code == 302
    assert not Feedback.objects.exists()


def test_length_limits_are_enforced_in_chinese(post_a):
    response = _say(Client(), post_a, "长" * 501, contact="1" * 51)
    page = response.content.decode()
    assert response.status_code == 400
    assert "内容最多500字" in page and "联系方式最多50字" in page
    assert not Feedback.objects.exists()


def test_html_is_stored_as_the_text_it_is_and_shown_escaped_to_staff(post_a, staff_client, sec_a_client):
    text = '<script>alert("x")</script><b>好</b>'
    assert _say(Client(), post_a, text, kind="complaint").status_code == 302
    assert Feedback.objects.get().text == text
    for client, url in (
        (staff_client, reverse("posts:feedback_list")),
        (sec_a_client, reverse("posts:post_detail", args=[post_a.pk])),
    ):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page and "<b>好</b>" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;好&lt;/b&gt;" in page


def test_nobody_reads_any_feedback_from_the_public_side(post_a, complaint_a, api_client):
    feedback = complaint_a.text
    visitor = Client()
    assert _say(visitor, post_a, "我的表扬").status_code == 302
    thanks = visitor.get(reverse("posts:public_thanks", kwargs={"code": post_a.public_code}))
    for response in (visitor.get(_url(post_a)), thanks):
        page = response.content.decode()
        assert response.status_code == 200
        assert feedback not in page and "我的表扬" not in page and "13800000000" not in page
    assert visitor.get(reverse("posts:feedback_list")).status_code == 302  # to the login page
    assert visitor.get(reverse("posts:feedback_answer", args=[complaint_a.pk])).status_code == 302
    assert api_client.get("/api/v1/activities/feedback/").status_code in (401, 403)


def test_a_post_stood_down_takes_no_more_feedback(post_a):
    post_a.active = False
    post_a.save()
    response = _say(Client(), post_a)
    assert response.status_code == 400
    assert "已撤销" in response.content.decode()
    assert not Feedback.objects.exists()
