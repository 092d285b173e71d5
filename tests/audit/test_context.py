"""Request ids, request context without a request argument, and what survives a rollback."""

import pytest
from django.db import transaction

from accounts.audit import audit_log
from accounts.audit.context import AuditContext, bind
from accounts.audit.models import AuditEvent
from accounts.models import Unit

from .conftest import events

pytestmark = pytest.mark.django_db


@pytest.fixture
def test_urls(settings):
    settings.ROOT_URLCONF = "tests.audit.urls"


def test_it_gives_every_response_a_request_id(client, test_urls):
    first = client.get("/test/ok/")["X-Request-ID"]
    second = client.get("/test/ok/")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_it_keeps_a_sane_incoming_request_id_and_replaces_a_bad_one(client, test_urls):
    assert client.get("/test/ok/", HTTP_X_REQUEST_ID="nginx-4f2a9c01")["X-Request-ID"] == "nginx-4f2a9c01"
    forged = client.get("/test/ok/", HTTP_X_REQUEST_ID="x\nFAKE LOG LINE")["X-Request-ID"]
    assert "FAKE" not in forged and len(forged) == 32


def test_a_denial_inside_a_rolled_back_transaction_is_kept_and_the_change_is_not(
    client, secretary_a, test_urls
):
    client.force_login(secretary_a)
    response = client.get(
        "/test/denied-in-transaction/", REMOTE_ADDR="10.1.2.3", HTTP_X_REQUEST_ID="req-12345678"
    )
    assert response.status_code == 403
    assert not Unit.objects.filter(name="回滚的单位").exists()
    refused = AuditEvent.objects.get(action="test.refused")
    assert (refused.actor, refused.address, refused.request_id) == (secretary_a, "10.1.2.3", "req-12345678")
    assert not events("test.changed").exists()  # a success inside the rolled-back transaction
    denied = AuditEvent.objects.get(action="request.denied")
    assert denied.detail["reason"] == "测试：拒绝" and denied.request_id == "req-12345678"


def test_a_success_inside_a_transaction_is_written_when_it_commits(on_commit):
    with on_commit(), transaction.atomic():
        audit_log("test.changed")
        assert not events("test.changed").exists()
    assert events("test.changed").count() == 1


def test_a_success_inside_a_transaction_that_rolls_back_leaves_nothing(on_commit):
    with on_commit():
        try:
            with transaction.atomic():
                audit_log("test.changed")
                raise RuntimeError
        except RuntimeError:
            pass
    assert not events("test.changed").exists()


def test_a_failure_in_a_rolled_back_transaction_is_written_by_the_context_on_its_way_out(secretary_a):
    context = AuditContext(channel="task", request_id="task-1234", address="", user=secretary_a)
    with bind(context):
        try:
            with transaction.atomic():
                audit_log("test.failed", result="failure")
                raise RuntimeError
        except RuntimeError:
            pass
        assert not events("test.failed").exists()
    event = events("test.failed").get()
    assert (event.channel, event.request_id, event.actor) == ("task", "task-1234", secretary_a)


def test_the_request_context_ends_with_the_request(client, secretary_a, test_urls):
    client.force_login(secretary_a)
    client.get("/test/ok/")  # the context is per request: nothing leaks into code run afterwards
    audit_log("test.outside")
    event = events("test.outside").get()
    assert (event.channel, event.actor, event.request_id) == ("command", None, "")
