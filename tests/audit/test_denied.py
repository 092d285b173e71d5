"""Every refused request is one "denied" event: Django's PermissionDenied and DRF's 401/403 alike."""

import pytest
from django.urls import reverse

from tests.conftest import api_as, browser_as

from .conftest import events

ADDRESS = "10.9.8.7"


def test_it_records_a_page_refused_with_permission_denied(member):
    response = browser_as(member).get(reverse("member_list"), REMOTE_ADDR=ADDRESS)
    assert response.status_code == 403
    event = events("request.denied").get()
    assert (event.actor, event.address, event.channel, event.result) == (member, ADDRESS, "page", "denied")
    assert event.detail["path"] == reverse("member_list")
    assert event.detail["reason"] == "您的角色不能使用此页面"
    assert event.request_id == response["X-Request-ID"]


def test_it_records_an_api_permission_failure(reporting_client, org_a):
    response = api_as(reporting_client).post(
        reverse("member-list"), {"name": "王五"}, format="json", REMOTE_ADDR=ADDRESS
    )
    assert response.status_code == 403
    event = events("request.denied").get()
    assert (event.actor, event.address, event.channel) == (reporting_client, ADDRESS, "api")
    assert (event.detail["method"], event.detail["status"]) == ("POST", 403)
    assert event.detail["reason"] == str(response.data["detail"])


@pytest.mark.django_db
def test_it_records_an_api_authentication_failure(api_client):
    response = api_client.get(reverse("member-list"), HTTP_AUTHORIZATION="Token forged", REMOTE_ADDR=ADDRESS)
    assert response.status_code == 401
    event = events("request.denied").get()
    assert (event.actor, event.address, event.channel, event.detail["status"]) == (None, ADDRESS, "api", 401)


def test_it_records_nothing_for_an_allowed_request(staff_client):
    assert staff_client.get(reverse("member_list")).status_code == 200
    assert not events("request.denied").exists()
