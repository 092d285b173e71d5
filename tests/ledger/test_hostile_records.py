"""Hostile text and numbers in a record, on the portal form and the API: stored as typed and shown escaped,
or refused with a Chinese message and nothing written (tests/hostile.py holds the corpus)."""

from __future__ import annotations

import pytest

from ledger.models import Record
from tests import hostile


@pytest.mark.parametrize("payload", hostile.TEXT_PAYLOADS)
def test_a_record_with_hostile_text_is_stored_as_typed_and_shown_escaped(sec_a_client, assignment_a, payload):
    response = sec_a_client.post(
        f"/ledger/assignments/{assignment_a.pk}/submit/", {"content": payload, "done_on": "2020-03-05"}
    )
    assert response.status_code == 302
    record = Record.objects.get(assignment=assignment_a)
    assert record.content == payload
    hostile.assert_shown_inertly(sec_a_client.get(f"/ledger/records/{record.pk}/").content.decode(), payload)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("content", hostile.HUGE_CELL, "超过5000字"),
        ("participants", "99999999999999999999", "参与人数"),
        ("done_on", "2020-13-45", "完成日期"),
        ("done_on", "99999-01-01", "完成日期"),
    ],
)
def test_a_record_form_refuses_what_cannot_be_stored_and_writes_nothing(
    sec_a_client, secretary_a_api, assignment_a, field, value, message
):
    body = {"content": "学习", "done_on": "2020-03-05", field: value}
    page = sec_a_client.post(f"/ledger/assignments/{assignment_a.pk}/submit/", body)
    assert page.status_code == 200 and message in page.content.decode()
    api = secretary_a_api.post(
        "/api/v1/ledger/records/", {"assignment": assignment_a.pk, **body}, format="json"
    )
    assert api.status_code == 400 and field in api.json()
    assert not Record.objects.filter(assignment=assignment_a).exists()
