"""What the record form says when it cannot take a submission."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ledger.models import Record

from .conftest import PNG

pytestmark = pytest.mark.django_db


def test_a_task_that_has_its_record_links_to_it_instead_of_offering_a_second_form(sec_a_client, record_a):
    url = reverse("ledger:record_submit", args=[record_a.assignment_id])
    detail = reverse("ledger:record_detail", args=[record_a.pk])

    page = sec_a_client.get(url).content.decode()
    response = sec_a_client.post(url, {"content": "再交一次", "done_on": "2020-03-08"})

    assert "data-existing-record" in page and f'href="{detail}"' in page
    assert "data-submit-record" not in page
    assert response.status_code == 409 and f'href="{detail}"' in response.content.decode()
    assert Record.objects.filter(assignment_id=record_a.assignment_id).count() == 1


def test_files_sent_with_a_refused_form_are_named_so_they_are_chosen_again(sec_a_client, assignment_a):
    photo = SimpleUploadedFile("支部合影.png", PNG, content_type="image/png")

    response = sec_a_client.post(
        reverse("ledger:record_submit", args=[assignment_a.pk]),
        {"content": "", "done_on": "2020-03-08", "attachments": [photo]},
    )

    page = response.content.decode()
    assert response.status_code == 200 and "请填写完成情况" in page
    assert "data-dropped-files" in page and "支部合影.png" in page and "请改正上面的问题后重新选择" in page
    assert not Record.objects.filter(assignment=assignment_a).exists()
