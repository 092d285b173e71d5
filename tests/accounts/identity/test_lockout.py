"""Lockout: 5 failures within 15 minutes lock an account for 30 minutes on the portal, the admin and the
API; failures from one address (any user names) beyond a limit block that address."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

from .helpers import PASSWORD, TOKEN_URL


def _portal(client, username="sec_a", password="wrong-pass", address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def _admin(client, username="staff", password="wrong-pass"):
    return client.post(reverse("admin:login"), {"username": username, "password": password})


def _api(api_client, username="report", password="wrong-pass"):
    return api_client.post(TOKEN_URL, {"username": username, "password": password}, format="json")


def test_the_portal_locks_an_account_after_five_failures_even_from_five_addresses(client, secretary_a):
    for n in range(4):
        assert _portal(client, address=f"10.0.0.{n}").status_code == 200
    assert _portal(client, address="10.0.0.9").status_code == 403
    locked = _portal(client, password=PASSWORD, address="10.0.1.1")
    assert locked.status_code == 403
    assert "账号已被暂时锁定" in locked.content.decode()


def test_the_admin_login_locks_too(client, committee_staff):
    for _attempt in range(4):
        assert _admin(client).status_code == 200
    assert _admin(client).status_code == 403
    locked = _admin(client, password=PASSWORD)
    assert locked.status_code == 403
    assert "30 分钟后再试" in locked.content.decode()


def test_the_api_token_endpoint_locks_too(api_client, reporting_client):
    for _attempt in range(4):
        assert _api(api_client).status_code == 400
    assert _api(api_client).status_code == 403
    locked = _api(api_client, password=PASSWORD)
    assert locked.status_code == 403
    assert "账号已被暂时锁定" in locked.json()["detail"]


def test_failures_on_different_paths_add_up(client, api_client, committee_staff):
    _portal(client, username="staff")
    _portal(client, username="staff")
    _admin(client)
    _api(api_client, username="staff")
    assert _api(api_client, username="staff").status_code == 403
    assert _portal(client, username="staff", password=PASSWORD).status_code == 403


def test_only_failures_within_fifteen_minutes_count(client, secretary_a):
    start = timezone.now()
    for minute in (0, 4, 8, 12):
        with time_machine.travel(start + timedelta(minutes=minute), tick=False):
            _portal(client)
    # The first failure is now older than 15 minutes: four in the window, not locked.
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        assert _portal(client).status_code == 200
        assert _portal(client, password=PASSWORD).status_code == 302


def test_five_failures_within_fifteen_minutes_lock_for_thirty_minutes(client, secretary_a):
    start = timezone.now()
    for minute in (0, 3, 6, 9, 14):
        with time_machine.travel(start + timedelta(minutes=minute), tick=False):
            _portal(client)
    with time_machine.travel(start + timedelta(minutes=14 + 29), tick=False):
        assert _portal(client, password=PASSWORD).status_code == 403
    with time_machine.travel(start + timedelta(minutes=14 + 31), tick=False):
        assert _portal(client, password=PASSWORD).status_code == 302


def test_a_locked_account_does_not_lock_other_accounts(client, secretary_a, secretary_b):
    for _attempt in range(5):
        _portal(client)
    assert _portal(client, username="sec_b", password=PASSWORD).status_code == 302


def test_the_security_admins_reset_unlocks_the_account(client, secretary_a):
    for _attempt in range(5):
        _portal(client)
    assert _portal(client, password=PASSWORD).status_code == 403
    call_command("axes_reset_username", "sec_a", verbosity=0)
    assert _portal(client, password=PASSWORD).status_code == 302


@pytest.fixture
def address_limit(settings):
    settings.PARTYBUILD_LOGIN_ADDRESS_FAILURE_LIMIT = 6
    return 6


def test_spraying_one_password_over_many_accounts_blocks_the_address(client, db, address_limit):
    for n in range(address_limit):
        UserFactory(username=f"victim{n}")
        _portal(client, username=f"victim{n}", address="10.9.9.9")
    UserFactory(username="bystander")
    blocked = _portal(client, username="bystander", password=PASSWORD, address="10.9.9.9")
    assert blocked.status_code == 403
    assert "网络地址" in blocked.content.decode()
    # Another address is not affected, and neither is any account.
    assert _portal(client, username="bystander", password=PASSWORD, address="10.9.9.8").status_code == 302


def test_successful_logins_from_one_address_never_count(client, db, address_limit):
    for n in range(address_limit * 3):
        UserFactory(username=f"colleague{n}")
        response = _portal(client, username=f"colleague{n}", password=PASSWORD, address="10.1.1.1")
        assert response.status_code == 302
        client.post(reverse("logout"))


def test_the_address_is_the_one_the_trusted_proxy_reports(client, db, address_limit, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(address_limit):
        UserFactory(username=f"victim{n}")
        client.post(
            reverse("login"),
            {"username": f"victim{n}", "password": "wrong-pass"},
            REMOTE_ADDR="10.0.0.254",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 10.7.7.7",
        )
    UserFactory(username="bystander")
    behind_proxy = {"REMOTE_ADDR": "10.0.0.254", "HTTP_X_FORWARDED_FOR": "10.7.7.7"}
    other_client = {"REMOTE_ADDR": "10.0.0.254", "HTTP_X_FORWARDED_FOR": "10.7.7.8"}
    login = {"username": "bystander", "password": PASSWORD}
    assert client.post(reverse("login"), login, **behind_proxy).status_code == 403
    assert client.post(reverse("login"), login, **other_client).status_code == 302


def test_the_default_address_limit_is_generous_and_configurable(settings):
    assert settings.PARTYBUILD_LOGIN_ADDRESS_FAILURE_LIMIT >= 50
    assert settings.AXES_CLIENT_IP_CALLABLE == "partybuild.client_address.client_address"
