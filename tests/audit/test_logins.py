"""Logins (portal, admin, API token), failures, logouts and lockouts are recorded with who, where and how."""

import pytest
from django.urls import reverse

from accounts.audit.models import AuditEvent

from .conftest import events

ADDRESS = "10.20.30.40"


def _post(client, url, username, password):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ADDRESS)


def test_it_records_a_portal_login(client, secretary_a):
    assert _post(client, reverse("login"), "sec_a", "pass-12345").status_code == 302
    event = events("login.success").get()
    assert (event.actor, event.actor_username, event.address) == (secretary_a, "sec_a", ADDRESS)
    assert (event.channel, event.result, event.roles) == ("page", "success", "支部书记/党务干部")
    assert len(event.request_id) == 32


def test_it_records_a_failed_portal_login_with_the_name_tried(client, secretary_a):
    assert _post(client, reverse("login"), "sec_a", "wrong-pass").status_code == 200
    event = events("login.failure").get()
    assert (event.actor, event.actor_username, event.address) == (None, "sec_a", ADDRESS)
    assert (event.channel, event.result) == ("page", "failure")
    assert "wrong-pass" not in str(event.detail)


def test_it_records_admin_logins_on_the_admin_channel(client, committee_staff):
    _post(client, reverse("admin:login"), "staff", "wrong-pass")
    _post(client, reverse("admin:login"), "staff", "pass-12345")
    failure, success = events("login.failure").get(), events("login.success").get()
    assert (failure.channel, failure.actor_username, failure.address) == ("admin", "staff", ADDRESS)
    assert (success.channel, success.actor, success.address) == ("admin", committee_staff, ADDRESS)


def test_it_records_api_token_logins_on_the_api_channel(api_client, secretary_a):
    url = reverse("api-token")
    assert _post(api_client, url, "sec_a", "wrong-pass").status_code == 400
    assert _post(api_client, url, "sec_a", "pass-12345").status_code == 200
    failure, success = events("login.failure").get(), events("login.success").get()
    assert (failure.channel, failure.result, failure.address) == ("api", "failure", ADDRESS)
    assert (success.channel, success.actor, success.address) == ("api", secretary_a, ADDRESS)


def test_it_records_a_logout(client, secretary_a):
    client.force_login(secretary_a)
    client.post(reverse("logout"), REMOTE_ADDR=ADDRESS)
    event = events("logout").get()
    assert (event.actor, event.address, event.channel) == (secretary_a, ADDRESS, "page")


def test_it_records_the_lockout_once_and_every_failure(client, secretary_a):
    for _attempt in range(5):
        response = _post(client, reverse("login"), "sec_a", "wrong-pass")
    assert response.status_code == 403
    lockout = events("login.lockout").get()
    assert (lockout.actor_username, lockout.address, lockout.result) == ("sec_a", ADDRESS, "denied")
    assert events("login.failure").count() == 5
    # The 403 page that answers the lockout is the lockout, not a second "denied" event.
    assert not events("request.denied").exists()


@pytest.mark.django_db
def test_failed_logins_stay_in_the_trail_although_the_login_fails(client):
    _post(client, reverse("login"), "nobody", "whatever")
    assert AuditEvent.objects.filter(action="login.failure", actor_username="nobody").exists()
