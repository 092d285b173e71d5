"""403, 404, 500 and a failed CSRF check answer in Chinese, in the site's layout (JSON under /api/)."""

import json

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from partybuild import urls


def _in_layout(page: str) -> bool:
    return 'class="navbar navbar-expand-lg navbar-dark pb-navbar"' in page and "机关党建台账" in page


@pytest.mark.django_db
def test_a_refusal_is_a_chinese_page_with_the_menu(sec_a_client):
    response = sec_a_client.get(reverse("ledger:review_queue"))

    page = response.content.decode()
    assert response.status_code == 403
    assert _in_layout(page) and 'data-error-page="403"' in page
    assert "您的角色不能使用此页面" in page and "返回首页" in page
    assert 'id="mainNav"' in page  # the logged-in user keeps their menu
    assert "Forbidden" not in page


@pytest.mark.django_db
def test_a_missing_record_is_a_chinese_page_without_djangos_words(staff_client):
    response = staff_client.get(reverse("ledger:record_detail", args=[999999]))

    page = response.content.decode()
    assert response.status_code == 404
    assert _in_layout(page) and 'data-error-page="404"' in page
    assert "页面不存在" in page
    assert "matches the given query" not in page and "Not Found" not in page


@pytest.mark.django_db
def test_an_unknown_address_is_a_chinese_page_even_when_logged_out(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_api_address_answers_json_in_chinese(staff_api):
    response = staff_api.get("/api/v1/no-such-list/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"detail": "未找到。"}


@pytest.mark.django_db
def test_a_form_sent_after_its_page_expired_gets_a_chinese_explanation(secretary_a):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(secretary_a)

    response = browser.post(reverse("notification_read_all"))

    assert response.status_code == 403
    assert "页面已过期或浏览器禁用了 Cookie，本次提交没有保存" in response.content.decode()


def test_the_500_page_renders_while_the_database_is_down(monkeypatch):
    """No `db` mark: any query would fail this test. The database itself refuses, as when it is down."""

    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(connection, "cursor", refuse)
    client = Client(raise_request_exception=False)

    response = client.get(reverse("healthz"))

    page = response.content.decode()
    assert response.status_code == 500
    assert urls.handler500 == "partybuild.errors.server_error"
    assert _in_layout(page) and 'data-error-page="500"' in page
    assert "服务器出错了" in page and "返回首页" in page
    assert "/static/vendor/bootstrap/" in page  # styled by the static files, no request context needed


@pytest.mark.django_db
def test_the_500_page_needs_no_session_or_menu_for_a_logged_in_user(secretary_a, monkeypatch):
    client = Client(raise_request_exception=False)
    client.force_login(secretary_a)

    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(connection, "cursor", refuse)  # from here on, the database is gone

    response = client.get(reverse("ledger:my_tasks"))

    page = response.content.decode()
    assert response.status_code == 500
    assert 'data-error-page="500"' in page and "服务器出错了" in page
    assert 'id="mainNav"' not in page  # the menu would need the database
