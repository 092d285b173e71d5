"""Views that fail inside a transaction, for the tests of what the audit trail keeps."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.urls import include, path

from accounts.audit import audit_log
from accounts.models import Unit


def denied_inside_a_transaction(request):
    with transaction.atomic():
        Unit.objects.create(name="回滚的单位")
        audit_log("test.refused", result="denied", detail={"step": "inside"})
        audit_log("test.changed", detail={"step": "inside"})
        raise PermissionDenied("测试：拒绝")


def ok(request):
    return HttpResponse("ok")


urlpatterns = [
    path("test/denied-in-transaction/", denied_inside_a_transaction),
    path("test/ok/", ok),
    path("", include("partybuild.urls")),
]
