"""Portal login and logout, in Chinese, with the axes lockout after repeated failures."""

import pytest
from django.urls import reverse


@pytest.fixture(autouse=True)
def _chinese(settings):
    settings.LANGUAGE_CODE = "zh-hans"


def _login(client, password: str, username: str = "sec_a"):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.mark.django_db
def test_it_shows_the_login_page_in_chinese(client):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "登录机关党建台账" in html
    assert "用户名" in html
    assert "密码" in html


def test_it_logs_a_user_in_and_sends_them_home(client, secretary_a):
    response = _login(client, "pass-12345")
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).context["user"] == secretary_a


def test_it_shows_a_chinese_error_for_a_wrong_password(client, secretary_a):
    response = _login(client, "wrong-pass")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_it_locks_the_account_after_five_failures(client, secretary_a):
    for _attempt in range(4):
        assert _login(client, "wrong-pass").status_code == 200
    fifth = _login(client, "wrong-pass")
    assert fifth.status_code == 403
    assert "账号已被暂时锁定" in fifth.content.decode()
    # While locked even the right password does not get in.
    locked = _login(client, "pass-12345")
    assert locked.status_code == 403
    assert "30 分钟后再试" in locked.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_it_does_not_lock_other_users_when_one_is_locked(client, secretary_a, secretary_b):
    for _attempt in range(5):
        _login(client, "wrong-pass")
    assert _login(client, "pass-12345", username="sec_b").status_code == 302


def test_it_logs_a_user_out(client, secretary_a):
    client.force_login(secretary_a)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert client.get(reverse("home")).status_code == 302
